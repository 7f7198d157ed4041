/**
 * Visual order of a placed line, as the engine produces it: runs from paragraphRuns, reordered
 * by the alignLine hook's reorderLine (tests/helpers/line.ts). Widths are 1 per code unit.
 */
import { describe, expect, it } from 'vitest';
import { layOutLine } from '../helpers/line.js';
import type { Piece } from '../../src/typeset/runs.js';
import { reorderLine } from '../../src/pdf/engine/hooks/line-order.js';
import type { PlacedLine } from '../../src/pdf/engine/model.js';

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

describe('white space at the end of a line of a right-to-left paragraph (UAX #9 rule L1)', () => {
  // Rule L1: white space at the end of a line takes the paragraph's level, so in a right-to-left
  // paragraph it stands at the line's left edge. A left-to-right word that ends the line (the
  // break fell after "Stable", whose space pdfmake keeps with the word) must therefore touch the
  // Arabic before it: "بـStable" prints with no gap. Widths are 1 per code unit.
  const inline = (text: string, level: number): PlacedLine['inlines'][number] => ({
    text,
    width: text.length,
    x: 0,
    font: undefined,
    fontSize: 10,
    dossierRun: { level, shapeLevel: level, lang: level % 2 ? 'ar' : 'en', rtlParagraph: true },
  });

  it('hangs the space outside the line instead of between the word and the Arabic before it', () => {
    const line: PlacedLine = {
      inlines: [inline('الخاصة ', 1), inline('بـ', 1), inline('Stable ', 2)],
      leadingCut: 0,
      trailingCut: 1,
      getHeight: () => 10,
      getAscenderHeight: () => 8,
    };
    reorderLine(line);
    const [first, second] = line.inlines;
    expect(first.text.trimStart()).toBe('Stable');
    expect(/\s$/u.test(first.text), 'no space drawn at the right of the word').toBe(false);
    expect(first.x).toBe(0);
    // The Arabic starts where the word's letters end.
    expect(second.x).toBe('Stable'.length);
  });

  it('in a left-to-right paragraph, does the same for an Arabic word that ends the line', () => {
    const ltr = (text: string, level: number) => ({ ...inline(text, level), dossierRun: { level, shapeLevel: level, lang: level % 2 ? 'ar' : 'en' } });
    const line: PlacedLine = {
      inlines: [ltr('the founder ', 0), ltr('عماد ', 1)],
      leadingCut: 0,
      trailingCut: 1,
      getHeight: () => 10,
      getAscenderHeight: () => 8,
    };
    reorderLine(line);
    // The Arabic word is drawn right to left: a space kept at its logical end would print at its left.
    expect(line.inlines.map((i) => i.text)).toEqual(['the founder ', 'عماد']);
    expect(line.inlines[1].x).toBe('the founder '.length);
  });

  it('leaves a line of a left-to-right paragraph as it was', () => {
    const mark = (text: string, level: number) => ({ ...inline(text, level), dossierRun: { level, shapeLevel: level, lang: 'ar' } });
    const line: PlacedLine = { inlines: [mark('عربي ', 1), mark('2019 ', 2)], leadingCut: 0, trailingCut: 1, getHeight: () => 10, getAscenderHeight: () => 8 };
    reorderLine(line);
    expect(line.inlines.map((i) => i.text)).toContain('2019 ');
  });
});
