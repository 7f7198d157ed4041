/**
 * Renders dossiers and reads the PDFs back with pdfjs-dist: the claims and quotes are there,
 * every note has its destination, and no glyph is .notdef (the empty box).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier, type BuiltDossier } from '../../src/build.js';
import { contentStreams, foldText, readPdf, shownGlyphIds } from '../helpers/pdf.js';
import { MINI, REPO } from '../helpers/cli.js';

const built = new Map<string, BuiltDossier>();

beforeAll(async () => {
  for (const root of [MINI, path.join(REPO, 'dossiers')]) {
    const cw = checkWorkspace(root);
    expect(cw.diags.errorCount).toBe(0);
    for (const d of cw.ws.dossiers.values()) built.set(d.id, await renderDossier(cw, d));
  }
}, 120000);

/** Characters of a text, without spaces and bidi controls, as a multiset string. */
function letters(s: string): string {
  return [...foldText(s).replace(/\s/g, '')].sort().join('');
}

describe('rendered PDFs', () => {
  it('every sample dossier and fixture was built', () => {
    expect([...built.keys()].sort()).toEqual([
      'brief',
      'brief-ar',
      'mostaque-profile',
      'openai-founding',
      'stability-finances-ar',
      'stability-finances-handout',
    ]);
  });

  it('shows no .notdef glyph (glyph id 0) anywhere', () => {
    for (const [id, b] of built) {
      const ids = shownGlyphIds(b.pdf);
      expect(ids.length, `${id}: glyphs found`).toBeGreaterThan(100);
      expect(ids.filter((g) => g === 0).length, `${id}: .notdef glyphs`).toBe(0);
    }
  });

  it('the English mini briefing contains its claims, quotes and escaped markup as text', async () => {
    const { pages } = await readPdf(built.get('brief')!.pdf);
    const text = foldText(pages.map((p) => p.text).join(' '));
    expect(text).toContain('Mostaque resigned as CEO in March 2024.');
    expect(text).toContain('The company raised $101 million <b>{{x}}</b>.');
    expect(text).toContain('Emad Mostaque resigned as chief executive in March 2024.');
    expect(text).toMatch(/Page 1 of \d/);
    expect(text).toContain('TLP:CLEAR');
  });

  it('every character of every quote reaches the PDF (Arabic, Chinese, Japanese)', async () => {
    for (const id of ['mostaque-profile', 'stability-finances-ar']) {
      const b = built.get(id)!;
      const { pages } = await readPdf(b.pdf);
      const all = letters(pages.map((p) => p.text).join(''));
      const have = new Map<string, number>();
      for (const ch of all) have.set(ch, (have.get(ch) ?? 0) + 1);
      const need = new Map<string, number>();
      for (const s of b.cited.sections)
        for (const c of s.claims) for (const e of c.evidence) for (const ch of letters(e.quote.text)) need.set(ch, (need.get(ch) ?? 0) + 1);
      const missing = [...need].filter(([ch, n]) => (have.get(ch) ?? 0) < n).map(([ch]) => ch);
      expect(missing, `${id}: characters of quotes missing from the extracted text`).toEqual([]);
    }
  }, 60000);

  it('each note has a named destination fn-K and each marker fnref-K', async () => {
    for (const id of ['brief', 'stability-finances-ar']) {
      const b = built.get(id)!;
      const { destinations } = await readPdf(b.pdf);
      for (const n of b.cited.notes) {
        expect(destinations[`fn-${n.n}`], `${id}: fn-${n.n}`).toBeDefined();
        expect(destinations[`fnref-${n.n}`], `${id}: fnref-${n.n}`).toBeDefined();
      }
    }
  });

  it('embeds the CJK face of each language (JP for Japanese, SC for Chinese)', () => {
    const pdf = built.get('mostaque-profile')!.pdf.toString('latin1');
    expect(pdf).toMatch(/\+NotoSansCJKjp-Regular/);
    expect(pdf).toMatch(/\+NotoSansCJKsc-Regular/);
    expect(pdf).toMatch(/\+NotoNaskhArabic-Regular/);
    expect(contentStreams(built.get('brief')!.pdf).length).toBeGreaterThan(0);
  });

  it('uses the paper size of the dossier', () => {
    const letter = built.get('brief-ar')!.pdf.toString('latin1');
    const a4 = built.get('brief')!.pdf.toString('latin1');
    expect(letter).toMatch(/\/MediaBox \[0 0 612 792\]/);
    // A4 (the briefing's settings.yaml) is 210 mm by 297 mm.
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(a4)!;
    expect(Math.abs(Number(box[1]) - (210 * 72) / 25.4)).toBeLessThan(0.01);
    expect(Math.abs(Number(box[2]) - (297 * 72) / 25.4)).toBeLessThan(0.01);
  });
});
