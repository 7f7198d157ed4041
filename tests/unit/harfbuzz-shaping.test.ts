/**
 * The harfbuzz-shaping hook (src/pdf/engine/hooks/harfbuzz-shaping.ts) must hand pdfkit what
 * fontkit's own layout hands it: the same glyph objects (ids, and the code points pdfkit writes
 * into the ToUnicode map, ligatures and marks included) made by the same getGlyph calls in the
 * same order, and the same positions. The oracle is fontkit's layout on a second, fresh face of
 * the same file; the words are those the shaping test checks against hb-shape, plus ligatures,
 * mixed scripts, default ignorables and words the hook must leave to fontkit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { FONTS_DIR } from '../../src/typeset/fonts.js';
import { prepareForFontkit } from '../../src/typeset/bidi.js';
import { layoutWithHarfBuzz, loadHarfBuzz } from '../../src/pdf/engine/hooks/harfbuzz-shaping.js';
import { REPO } from '../helpers/cli.js';

interface Glyph {
  id: number;
  codePoints: number[];
}
interface Run {
  glyphs: Glyph[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
}
interface Face {
  layout(t: string): Run;
  getGlyph(id: number, codePoints?: number[]): Glyph;
}
const fontkit = createRequire(import.meta.url)('fontkit') as { create(b: Buffer, name?: string): Face };

/** A fresh face whose getGlyph calls are noted. */
function notedFace(file: string, name?: string): { face: Face; calls: string[] } {
  const face = fontkit.create(fs.readFileSync(path.join(FONTS_DIR, file)), name);
  const calls: string[] = [];
  const getGlyph = face.getGlyph;
  face.getGlyph = function (this: Face, id: number, codePoints?: number[]) {
    calls.push(`${id}(${codePoints?.join(',') ?? '-'})`);
    return getGlyph.call(this, id, codePoints);
  };
  return { face, calls };
}

const view = (run: Run) =>
  run.glyphs.map((g, i) => {
    const p = run.positions[i]!;
    return `${g.id}[${g.codePoints.join(',')}] ${p.xAdvance}/${p.yAdvance}/${p.xOffset}/${p.yOffset}`;
  });

const vendored = (
  JSON.parse(fs.readFileSync(path.join(REPO, 'tests/fixtures/harfbuzz/shaping.json'), 'utf8')) as { cases: { font: string; text: string }[] }
).cases.map((c) => [c.font, undefined, c.text] as const);
const CJK = 'NotoSansCJK-Regular.ttc';
const extra = [
  ['NotoSans-Regular.ttf', undefined, 'affluent office, “quoted” fi—ffl 2024.'],
  ['NotoSans-Italic.ttf', undefined, 'efficient'],
  ['NotoSans-Bold.ttf', undefined, 'Sơn Tùng M-TP'],
  ['NotoNaskhArabic-Regular.ttf', undefined, 'بالله '],
  ['NotoNaskhArabic-Bold.ttf', undefined, 'لإعلان'],
  ['NotoNaskhArabic-Regular.ttf', undefined, '٢٠٢٤،'],
  ['NotoNaskhArabic-Regular.ttf', undefined, 'نمی\u200cخواهم'],
  ['NotoSansHebrew-Bold.ttf', undefined, 'ש״ח'],
  [CJK, 'NotoSansCJKjp-Regular', 'ショート・ステーション（東京）'],
  [CJK, 'NotoSansCJKsc-Regular', '人工智能，“开源”。'],
  [CJK, 'NotoSansCJKkr-Regular', '서울에서 2024년'],
  ['NotoSansCJKtc-Bold.subset.otf', undefined, '臺灣'],
] as const;

beforeAll(async () => {
  await loadHarfBuzz();
});

describe('HarfBuzz shaping hands pdfkit what fontkit would', () => {
  it.each([...vendored, ...extra])('%s %s %s', (file, name, text) => {
    const rtl = /[\u0590-\u08ff]/u.test(text);
    const prepared = prepareForFontkit(text, rtl ? 1 : 0);
    const hb = notedFace(file, name);
    const fk = notedFace(file, name);
    const ours = layoutWithHarfBuzz(hb.face, prepared);
    // Shadda next to another haraka is left to fontkit: HarfBuzz puts shadda first (and NFC
    // would not), so its mark ligature does not map back to fontkit's order.
    if (/[\u064b-\u0650]\u0651|\u0651[\u064b-\u0650]/u.test(prepared)) return expect(ours).toBeUndefined();
    expect(ours, 'HarfBuzz took the word').toBeDefined();
    const theirs = fk.face.layout(prepared);
    expect(view(ours as Run)).toEqual(view(theirs));
    expect(hb.calls).toEqual(fk.calls);
    // The glyph objects left in the face (what the ToUnicode map is written from) are fontkit's.
    const made = (face: Face) => (face as unknown as { _glyphs: Record<number, Glyph> })._glyphs;
    const codes = (face: Face) => Object.entries(made(face)).map(([id, g]) => `${id}:${g.codePoints.join(',')}`);
    expect(codes(hb.face)).toEqual(codes(fk.face));
  });

  it('leaves to fontkit what HarfBuzz would do otherwise', () => {
    // Not in NFC (HarfBuzz reorders shadda and fatha), a mirrored bracket in a right-to-left
    // run (HarfBuzz would mirror it), a variation selector, a zero-width joiner (HarfBuzz skips
    // it in lookups), a character the face lacks.
    const cases = [
      ['NotoNaskhArabic-Regular.ttf', 'مؤكَّد'],
      ['NotoNaskhArabic-Regular.ttf', prepareForFontkit('(مرحبا)', 1)],
      ['NotoSans-Regular.ttf', 'a\ufe00'],
      ['NotoNaskhArabic-Regular.ttf', 'خواهم\u200d'],
      ['NotoSans-Regular.ttf', 'x\u4e2d'],
    ] as const;
    for (const [file, text] of cases) expect(layoutWithHarfBuzz(notedFace(file).face, text), text).toBeUndefined();
  });
});
