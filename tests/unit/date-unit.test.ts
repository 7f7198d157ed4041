/**
 * A printed date is one unit on the line: the `date` helper joins its parts with no-break
 * spaces, and the line breaker (UAX #14, class GL) offers no break inside it, in English and in
 * Arabic, where the day once stood at the end of one line and its month at the next.
 */
import { describe, expect, it } from 'vitest';
import { checkWorkspace, citedDossierOf } from '../../src/build.js';
import { findTemplate, renderTemplate } from '../../src/template/render.js';
import type { Block, Inline } from '../../src/template/tree.js';
import { MINI } from '../helpers/cli.js';
import { splitForLayout } from '../helpers/breaks.js';

function textOf(blocks: Block[]): string {
  const inline = (i: Inline): string => (i.kind === 'text' ? i.text : i.kind === 'span' ? i.children.map(inline).join('') : ' ');
  return blocks.map((b) => ('children' in b && b.kind !== 'quote' ? (b.children as Inline[]).map(inline).join('') : '')).join('\n');
}

describe('dates on the line', () => {
  for (const [id, lang, expected] of [
    ['brief', 'en', 'November\u00a022,\u00a02026'],
    ['brief-ar', 'ar', '22\u00a0نوفمبر\u00a02026'],
  ] as const) {
    it(`${lang}: the front matter's date has no break opportunity inside`, () => {
      const cw = checkWorkspace(MINI);
      const dossier = cw.ws.dossiers.get(id)!;
      const cited = citedDossierOf(cw, dossier);
      const tree = renderTemplate(findTemplate(cw.ws.root, dossier.template, { file: dossier.file, line: 1, col: 1 }), cited);
      const text = textOf(tree.blocks);
      // The same date Intl formats, with its spaces made no-break ones.
      const intl = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC', calendar: 'gregory' }).format(new Date('2026-11-22T00:00:00Z'));
      expect(intl.replace(/ /g, '\u00a0')).toBe(expected);
      expect(text).toContain(expected);
      expect(splitForLayout(`x ${expected} y`, lang)).toEqual(['x ', `${expected} `, 'y']);
    });
  }
});
