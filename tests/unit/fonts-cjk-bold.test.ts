/**
 * The bold CJK subsets (fonts/NotoSansCJK{jp,sc,tc,kr}-Bold.subset.otf) checked against what
 * they are cut from and for: each glyph keeps the CID the regular collection's face of the same
 * language gives that character (so the subset has that language's forms, not another's); each
 * covers the level-1 set of its language's national standard, decoded here from the standard
 * encodings by Node's own decoders; fonts/README.md states their sizes. And the run splitting:
 * bold CJK text in the subset, a character it lacks alone in the regular face.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FONTS_DIR, fontFiles } from '../../src/typeset/fonts.js';
import { runFontsOf } from '../../src/typeset/house-fonts.js';
import { splitByFont } from '../../src/typeset/runs.js';

interface Face {
  characterSet: number[];
  glyphForCodePoint(cp: number): { id: number };
  hasGlyphForCodePoint(cp: number): boolean;
  'CFF ': { isCIDFont: boolean; topDict: { charset: { version: number; glyphs?: number[]; ranges?: { first: number; nLeft: number }[] } } };
}
const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(p: string): Face & { getFont(name: string): Face } };

const LANGS = ['jp', 'sc', 'tc', 'kr'] as const;
const subsetFile = (lang: string) => path.join(FONTS_DIR, `NotoSansCJK${lang}-Bold.subset.otf`);
const collection = fontkit.openSync(path.join(FONTS_DIR, 'NotoSansCJK-Regular.ttc'));

/** The CID of a glyph of a CID-keyed CFF font, from its charset (CFF spec, formats 0, 1 and 2). */
function cidOf(face: Face, gid: number): number {
  if (gid === 0) return 0;
  const charset = face['CFF '].topDict.charset;
  if (charset.version === 0) return charset.glyphs![gid - 1];
  let first = 1;
  for (const range of charset.ranges!) {
    if (gid <= first + range.nLeft) return range.first + gid - first;
    first += range.nLeft + 1;
  }
  throw new Error(`glyph ${gid} is not in the charset`);
}

/** The characters of a double-byte encoding in rows [r1, r2] and cells [c1, c2]. */
function decoded(encoding: string, r1: number, r2: number, c1: number, c2: number, lastCell: Record<number, number> = {}): string[] {
  const out: string[] = [];
  for (let r = r1; r <= r2; r++) {
    for (let c = c1; c <= (lastCell[r] ?? c2); c++) {
      try {
        out.push(new TextDecoder(encoding, { fatal: true }).decode(Uint8Array.of(r, c)));
      } catch {
        // an unassigned position
      }
    }
  }
  return out;
}

const HAN = /^\p{Script=Han}$/u;
/** Each language's everyday characters, as its standard sets them out. */
const EVERYDAY: Record<(typeof LANGS)[number], () => string[]> = {
  // JIS X 0208 level 1 kanji (2,965) and the kana of rows 4-5.
  jp: () => [...decoded('euc-jp', 0xb0, 0xcf, 0xa1, 0xfe), ...decoded('euc-jp', 0xa4, 0xa5, 0xa1, 0xfe)],
  // GB 2312 level 1 (3,755).
  sc: () => decoded('gbk', 0xb0, 0xd7, 0xa1, 0xfe, { 0xd7: 0xf9 }),
  // Big5 level 1 常用字 (5,401).
  tc: () => decoded('big5', 0xa4, 0xc6, 0x40, 0xfe, { 0xc6: 0x7e }).filter((ch) => HAN.test(ch)),
  // KS X 1001 Hangul syllables (2,350).
  kr: () => decoded('euc-kr', 0xb0, 0xc8, 0xa1, 0xfe),
};
const EVERYDAY_COUNT = { jp: 2965 + 169, sc: 3755, tc: 5401, kr: 2350 };

describe.each(LANGS)('the bold CJK subset %s', (lang) => {
  const face = fontkit.openSync(subsetFile(lang));
  const regular = collection.getFont(`NotoSansCJK${lang}-Regular`);

  it("gives every character the glyph (CID) the regular face of its language gives it: that language's forms", () => {
    expect(face['CFF '].isCIDFont).toBe(true);
    expect(face.characterSet.length).toBeGreaterThan(3000);
    const wrong = face.characterSet.filter((cp) => cidOf(face, face.glyphForCodePoint(cp).id) !== regular.glyphForCodePoint(cp).id);
    expect(wrong.map((cp) => String.fromCodePoint(cp))).toEqual([]);
  });

  it("covers its standard's everyday characters, ASCII and the CJK punctuation", () => {
    const everyday = EVERYDAY[lang]();
    expect(everyday.length).toBe(EVERYDAY_COUNT[lang]);
    const more = [...'0123456789AZaz%、。「」（），〜！？'];
    expect([...everyday, ...more].filter((ch) => !face.hasGlyphForCodePoint(ch.codePointAt(0)!))).toEqual([]);
  });

  it('is listed with its size in fonts/README.md, and is a font of the package', () => {
    const readme = fs.readFileSync(path.join(FONTS_DIR, 'README.md'), 'utf8');
    const row = readme.split('\n').find((l) => l.startsWith(`| ${path.basename(subsetFile(lang))} |`));
    expect(row).toBeDefined();
    expect(row).toContain(`| ${fs.statSync(subsetFile(lang)).size.toLocaleString('en')} |`);
    expect(fontFiles()).toContain(subsetFile(lang));
  });
});

describe('bold CJK text, split by font', () => {
  const bold = runFontsOf(undefined, 'headings', true, false);
  const regular = runFontsOf(undefined, 'body', false, false);

  it('sets bold Japanese in the bold JP face, a character the subset lacks alone in the regular JP face', () => {
    expect(splitByFont('氷見の鰤、2024年。', 'ja', bold)).toEqual([
      { text: '氷見の', family: 'CJK-JP' },
      { text: '鰤', family: 'CJK-JP-Regular' },
      // punctuation after the stand-in goes back to bold
      { text: '、2024年。', family: 'CJK-JP' },
    ]);
    expect(splitByFont('氷見の鰤、2024年。', 'ja', regular)).toEqual([{ text: '氷見の鰤、2024年。', family: 'CJK-JP' }]);
  });

  it('a bold run in a regular paragraph counts as bold, in each language its own face', () => {
    expect(splitByFont('鑫华医院', 'zh-Hans', regular, { bold: true })).toEqual([
      { text: '鑫', family: 'CJK-SC-Regular' },
      { text: '华医院', family: 'CJK-SC' },
    ]);
    expect(splitByFont('醫院', 'zh-Hant', regular, { bold: true })).toEqual([{ text: '醫院', family: 'CJK-TC' }]);
    // Hanja are not in the Korean subset: the regular KR face sets them, with their Korean forms.
    expect(splitByFont('한국 直', 'ko', bold)).toEqual([
      { text: '한국 ', family: 'CJK-KR' },
      { text: '直', family: 'CJK-KR-Regular' },
    ]);
  });

  it('keeps a kana and its combining voicing mark together in the bold face', () => {
    expect(splitByFont('か\u3099', 'ja', bold)).toEqual([{ text: 'か\u3099', family: 'CJK-JP' }]);
  });
});
