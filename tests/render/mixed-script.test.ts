/**
 * The mixed-script workspace (tests/fixtures/mixed) rendered in an English and an Arabic
 * dossier, read back with pdfjs-dist: nothing is an empty box, every character of every quote
 * is there, digits keep their order, each CJK language gets its own face, and line breaks obey
 * the Japanese and Chinese line-start and line-end rules.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier, type BuiltDossier } from '../../src/build.js';
import { paragraphWords } from '../../src/pdf/engine/hooks/line-breaks.js';
import { RUN_MARK } from '../../src/typeset/contract.js';
import { foldText, readPdf, shownGlyphIds } from '../helpers/pdf.js';
import { REPO } from '../helpers/cli.js';

const MIXED = path.join(REPO, 'tests/fixtures/mixed');
const built = new Map<string, { b: BuiltDossier; pdf: Awaited<ReturnType<typeof readPdf>> }>();

beforeAll(async () => {
  const cw = checkWorkspace(MIXED);
  expect(cw.diags.items).toEqual([]);
  for (const d of cw.ws.dossiers.values()) {
    const b = await renderDossier(cw, d);
    built.set(d.id, { b, pdf: await readPdf(b.pdf) });
  }
}, 120000);

/**
 * Characters of a text, without white space. The zero-width non-joiner is left out: it is
 * drawn (as the font's zero-width glyph, exactly as HarfBuzz shapes it; see
 * tests/unit/shaping-harfbuzz.test.ts) but pdfjs does not extract it.
 */
function letters(s: string): string[] {
  return [...foldText(s).replace(/[\s\u200c]/gu, '')];
}

/** The lines of a page as pdfjs gives them: items grouped by baseline, in stream order. */
function lines(page: { items: { str: string; y: number }[] }): string[] {
  const byY = new Map<number, string>();
  for (const i of page.items) {
    const y = Math.round(i.y);
    byY.set(y, (byY.get(y) ?? '') + i.str);
  }
  return [...byY.values()];
}

describe.each(['mixed-en', 'mixed-ar'])('the mixed-script dossier %s', (id) => {
  it('shows no .notdef glyph', () => {
    const ids = shownGlyphIds(built.get(id)!.b.pdf);
    expect(ids.length).toBeGreaterThan(500);
    expect(ids.filter((g) => g === 0)).toEqual([]);
  });

  it('keeps every character of every quote', () => {
    const { b, pdf } = built.get(id)!;
    const have = new Map<string, number>();
    for (const ch of letters(pdf.pages.map((p) => p.text).join(''))) have.set(ch, (have.get(ch) ?? 0) + 1);
    const missing: string[] = [];
    for (const s of b.cited.sections) {
      for (const c of s.claims) {
        for (const e of c.evidence) {
          const need = new Map<string, number>();
          for (const ch of letters(e.quote.text)) need.set(ch, (need.get(ch) ?? 0) + 1);
          for (const [ch, n] of need) if ((have.get(ch) ?? 0) < n) missing.push(`${c.id}: ${ch}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps Persian and European digits in reading order', () => {
    const text = foldText(
      built
        .get(id)!
        .pdf.pages.map((p) => p.text)
        .join(' '),
    );
    // pdfjs joins a line's items in drawing order, which is visual: "۲۵٪" reads "٪۲۵" there
    // (the sign is a neutral after Arabic-script digits), so numbers are checked on their own.
    for (const number of ['۱۴۰۲', '۱٬۲۰۰', '۲۵', '1,250,000', '2022', '101']) expect(text, number).toContain(number);
    expect(text).not.toContain('۲۰۴۱');
  });

  it('sets each CJK language in its own face (Han forms follow the language)', () => {
    const pdf = built.get(id)!.b.pdf.toString('latin1');
    for (const face of ['NotoSansCJKsc', 'NotoSansCJKtc', 'NotoSansCJKjp', 'NotoSansCJKkr', 'NotoSansHebrew', 'NotoNaskhArabic']) {
      expect(pdf, face).toMatch(new RegExp(`/BaseFont /[A-Z]{6}\\+${face}`));
    }
  });

  it('starts no line with closing punctuation or small kana, ends none with an opening bracket', () => {
    const all = built
      .get(id)!
      .pdf.pages.flatMap(lines)
      .map((l) => l.trim())
      .filter(Boolean);
    expect(all.filter((l) => /^[。、，」』）ッャュョァィゥェォー]/u.test(l))).toEqual([]);
    expect(all.filter((l) => /[「『（]$/u.test(l))).toEqual([]);
  });
});

describe('paragraph words (where pdfmake may break a line)', () => {
  const words = (texts: string[], lang: string) =>
    paragraphWords(
      texts.map((text) => ({ text })),
      lang,
    );
  const starts = (w: ReturnType<typeof words>) => w.flat().map((x) => x.text);

  it('never breaks before a citation marker, though UAX #14 allows a break between a full stop and digits', () => {
    const mark = (cite?: number) => ({ level: 0, shapeLevel: 0, lang: 'en', ...(cite === undefined ? {} : { cite }) });
    const inline = (text: string, cite?: number) => ({ text, [RUN_MARK]: mark(cite) });
    // The control: the same runs, the digits not a marker: a line may end after the full stop.
    const control = paragraphWords([inline('It was founded by Musk.'), inline('12'), inline(' Then')], 'en');
    expect(control[0].at(-1)).toEqual({ text: 'Musk.' });
    const w = paragraphWords([inline('It was founded by Musk.'), inline('12', 12), inline(' Then')], 'en');
    expect(w[1][0]).toMatchObject({ text: '12' });
    expect(w[0].at(-1)).toEqual({ text: 'Musk.', noNewLine: true });
  });

  it('never starts a word with small kana or the long vowel mark, even across runs', () => {
    // The text is split into runs where the font changes (Latin, then Japanese).
    const w = starts(words(['Ctrl+Shift+P', 'で、ショートカットキーのキャッシュをクリアする。'], 'ja'));
    expect(w.slice(1).filter((t) => /^[ッャュョァィゥェォーゃゅょっ、。]/u.test(t))).toEqual([]);
    expect(w.join('')).toBe('Ctrl+Shift+Pで、ショートカットキーのキャッシュをクリアする。');
  });

  it('never breaks inside a Latin word in Chinese, and marks runs that continue', () => {
    // A run boundary inside "Diffusion" (as a font change would make): no break there.
    const w = words(['发布了Stable Diffu', 'sion 1.4版本'], 'zh-Hans');
    expect(w[0].at(-1)).toMatchObject({ text: 'Diffu', noNewLine: true });
    expect(w[0].at(-2)).toMatchObject({ text: 'Stable ' });
    expect(w[1][0].text).toBe('sion ');
    // Han characters break between each other.
    expect(w[0].slice(0, 3).map((x) => x.text)).toEqual(['发', '布', '了']);
  });

  it('may break before an opening and after a closing quotation mark in Chinese (UAX #14 of Unicode 15.1)', () => {
    const w = words(['他说“你好”然后'], 'zh-Hans')
      .flat()
      .map((x) => x.text);
    expect(w).toContain('“你');
    expect(w).toContain('然');
    expect(w.join('')).toBe('他说“你好”然后');
    expect(w[w.indexOf('“你') - 1]).toBe('说');
  });

  it('keeps a range of numbers on one line', () => {
    expect(starts(words(['موستاك (2022–2024) و1–5'], 'ar'))).toEqual(['موستاك ', '(2022–2024) ', 'و1–5']);
  });

  it('ends a line at a hard break', () => {
    const w = words(['one\ntwo'], 'en').flat();
    expect(w[0]).toEqual({ text: 'one', lineEnd: true });
    expect(w[1]).toEqual({ text: 'two' });
  });
});
