/**
 * Visual order of a placed line, as the engine produces it: runs from paragraphRuns, reordered
 * by the alignLine hook's reorderLine (tests/helpers/line.ts). Widths are 1 per code unit.
 */
import { describe, expect, it } from 'vitest';
import { layOutLine } from '../helpers/line.js';
import type { Piece } from '../../src/typeset/runs.js';

function visual(pieces: Piece[], dir: 'ltr' | 'rtl'): string[] {
  return layOutLine(pieces, dir)
    .map((i) => (i.dossierRun?.cite ? `[${i.text}]` : i.text.trim()))
    .filter(Boolean);
}

describe('line order', () => {
  it('a marker after a Latin word ends a right-to-left sentence at its left', () => {
    const v = visual(
      [
        { text: 'لكن لدعم OpenAI', lang: 'ar', style: {} },
        { text: '12', lang: 'ar', style: {}, cite: 12, isolate: { id: 1, dir: 'ltr' } },
      ],
      'rtl',
    );
    expect(v[0]).toBe('[12]');
    expect(v[1]).toBe('OpenAI');
  });

  it('a marker after a year does not join the number', () => {
    const v = visual(
      [
        { text: 'في أبريل 1983', lang: 'ar', style: {} },
        { text: '1', lang: 'ar', style: {}, cite: 1, isolate: { id: 2, dir: 'ltr' } },
      ],
      'rtl',
    );
    expect(v.slice(0, 2)).toEqual(['[1]', '1983']);
  });

  it('Arabic-Indic digits at an even level are handed to fontkit pre-reversed; Arabic words are not', () => {
    const v = visual([{ text: 'عام ٢٠٢٤', lang: 'ar', style: {} }], 'rtl');
    // fontkit reverses Arabic-script runs itself: the digits must arrive reversed to come out in order
    expect(v).toContain('٤٢٠٢');
    expect(v).toContain('عام');
  });

  it('left-to-right lines keep their logical order', () => {
    expect(visual([{ text: 'Emad Mostaque was born', lang: 'en', style: {} }], 'ltr')).toEqual(['Emad Mostaque was born']);
  });
});
