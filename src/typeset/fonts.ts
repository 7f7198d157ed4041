/**
 * The fonts we embed, and which one sets each character. pdfmake has no font fallback (a
 * missing glyph prints as an empty box), so every run of text is given a font that covers it,
 * chosen by coverage in an order that depends on the run's language: Han characters take the
 * glyph forms of their language (SC, TC, JP or KR face of Noto Sans CJK).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Fontkit from 'fontkit';
import { scriptFamilyOf } from '../lang.js';

export const FONTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fonts');

export type FamilyName = 'Latin' | 'Arabic' | 'Hebrew' | 'CJK-SC' | 'CJK-TC' | 'CJK-JP' | 'CJK-KR';

interface FaceFile {
  file: string;
  /** PostScript name of the face inside a collection (.ttc). */
  face?: string;
}

interface FamilyFiles {
  normal: FaceFile;
  bold: FaceFile;
  italics: FaceFile;
  bolditalics: FaceFile;
}

function same(f: FaceFile): FamilyFiles {
  return { normal: f, bold: f, italics: f, bolditalics: f };
}

const CJK_FILE = 'NotoSansCJK-Regular.ttc';

export const FAMILIES: Record<FamilyName, FamilyFiles> = {
  Latin: {
    normal: { file: 'NotoSans-Regular.ttf' },
    bold: { file: 'NotoSans-Bold.ttf' },
    italics: { file: 'NotoSans-Italic.ttf' },
    bolditalics: { file: 'NotoSans-BoldItalic.ttf' },
  },
  // Arabic has no italic: slanting Arabic is not an emphasis convention; upright faces are used.
  Arabic: {
    normal: { file: 'NotoNaskhArabic-Regular.ttf' },
    bold: { file: 'NotoNaskhArabic-Bold.ttf' },
    italics: { file: 'NotoNaskhArabic-Regular.ttf' },
    bolditalics: { file: 'NotoNaskhArabic-Bold.ttf' },
  },
  Hebrew: {
    normal: { file: 'NotoSansHebrew-Regular.ttf' },
    bold: { file: 'NotoSansHebrew-Bold.ttf' },
    italics: { file: 'NotoSansHebrew-Regular.ttf' },
    bolditalics: { file: 'NotoSansHebrew-Bold.ttf' },
  },
  // Only the regular weight of the CJK collection is shipped (each weight is ~19 MB).
  'CJK-SC': same({ file: CJK_FILE, face: 'NotoSansCJKsc-Regular' }),
  'CJK-TC': same({ file: CJK_FILE, face: 'NotoSansCJKtc-Regular' }),
  'CJK-JP': same({ file: CJK_FILE, face: 'NotoSansCJKjp-Regular' }),
  'CJK-KR': same({ file: CJK_FILE, face: 'NotoSansCJKkr-Regular' }),
};

/**
 * Suffix of a family name that asks for a second instance of the family's font, used for
 * characters drawn mirrored in right-to-left text (see pdf/engine/hooks/mirrored-font.ts).
 */
export const MIRRORED = '~mirrored';

/** Every distinct font file embedded, for manifests. */
export function fontFiles(): string[] {
  const files = new Set<string>();
  for (const fam of Object.values(FAMILIES)) for (const f of Object.values(fam)) files.add(path.join(FONTS_DIR, f.file));
  return [...files].sort();
}

/**
 * The font table pdfmake wants. Built fresh on every call: pdfmake mutates the arrays that
 * select a face in a collection, so sharing them between runs breaks the second run.
 */
export function pdfmakeFontTable(): Record<string, Record<string, string | string[]>> {
  const table: Record<string, Record<string, string | string[]>> = {};
  for (const [name, fam] of Object.entries(FAMILIES)) {
    const entry: Record<string, string | string[]> = {};
    for (const [style, f] of Object.entries(fam)) {
      const p = path.join(FONTS_DIR, f.file);
      entry[style] = f.face ? [p, f.face] : p;
    }
    table[name] = entry;
  }
  return table;
}

// --- parsed faces ---------------------------------------------------------------------------

/**
 * fontkit's CommonJS build, the copy pdfkit loads: one module, so that a face parsed here can be
 * handed to pdfkit (pdf/engine/hooks/shared-faces.ts). The ESM build would be a second copy of
 * fontkit, and of every face parsed through it.
 */
const fontkit = createRequire(import.meta.url)('fontkit') as typeof Fontkit;
const createFace = fontkit.create.bind(fontkit);

/** A parsed face as fontkit makes it (only what is used outside fontkit is typed). */
export type ParsedFace = { hasGlyphForCodePoint(cp: number): boolean; ascent: number; descent: number; lineGap: number; unitsPerEm: number };

/**
 * The bytes of each font file, read once per process and shared by the coverage queries here
 * and by pdfkit (the engine serves them to pdfmake as its virtual file system): the CJK
 * collection alone is 19 MB.
 */
const fontBytes = new Map<string, Buffer>();
const fileOfBytes = new Map<Buffer, string>();

export function fontFileBytes(p: string): Buffer {
  let b = fontBytes.get(p);
  if (!b) {
    if (!fs.existsSync(p)) throw new Error(`font file missing: ${p}`);
    b = fs.readFileSync(p);
    fontBytes.set(p, b);
    fileOfBytes.set(b, p);
  }
  return b;
}

/** The font file whose bytes these are (the very Buffer fontFileBytes gave out), if any. */
export function fontFileOfBytes(bytes: unknown): string | undefined {
  return bytes instanceof Buffer ? fileOfBytes.get(bytes) : undefined;
}

/**
 * Faces parsed once per process and kept: parsing a face's tables (cmap, GSUB, GPOS, CFF
 * charstrings) is most of what a second build in the same process would otherwise repeat.
 * Several copies of one face can exist, because a document may open one face more than once
 * (pdfmake opens each style of a family separately; Arabic's italic is its regular file) and
 * each opening must keep its own glyph cache, as it would with faces parsed afresh.
 */
const parsedFaces = new Map<string, ParsedFace[]>();

/** The `copy`th parsed copy of a face (a font file, and a face's PostScript name in a collection). */
export function parsedFace(file: string, face: string | undefined, copy = 0): ParsedFace {
  const key = `${file}\0${face ?? ''}`;
  let copies = parsedFaces.get(key);
  if (!copies) parsedFaces.set(key, (copies = []));
  while (copies.length <= copy) copies.push(createFace(fontFileBytes(file), face) as unknown as ParsedFace);
  return copies[copy]!;
}

// --- coverage -------------------------------------------------------------------------------

const coverage = new Map<FamilyName, ParsedFace>();

function coverageFont(name: FamilyName): ParsedFace {
  let f = coverage.get(name);
  if (!f) {
    const face = FAMILIES[name].normal;
    // Coverage and metrics only: no glyph is made, so the first copy is shared with documents.
    f = parsedFace(path.join(FONTS_DIR, face.file), face.face);
    coverage.set(name, f);
  }
  return f;
}

export function covers(name: FamilyName, cp: number): boolean {
  return coverageFont(name).hasGlyphForCodePoint(cp);
}

/** Line height of a family's regular face in em, as pdfkit computes it (ascent - descent + gap). */
export function lineHeightEm(name: FamilyName): number {
  const f = coverageFont(name);
  return (f.ascent - f.descent + f.lineGap) / f.unitsPerEm;
}

/** The CJK face whose Han forms belong to a language. */
export function cjkFamilyFor(lang: string): FamilyName {
  const l = lang.toLowerCase();
  if (l === 'ja' || l.startsWith('ja-')) return 'CJK-JP';
  if (l === 'ko' || l.startsWith('ko-')) return 'CJK-KR';
  if (/^zh-(hant|tw|hk|mo)\b/.test(l) || l.startsWith('zh-hant')) return 'CJK-TC';
  return 'CJK-SC';
}

/** Fonts to try, in order, for text in a language. */
export function fallbackOrder(lang: string): FamilyName[] {
  const cjk = cjkFamilyFor(lang);
  switch (scriptFamilyOf(lang)) {
    case 'arabic':
      return ['Arabic', 'Latin', 'Hebrew', cjk];
    case 'hebrew':
      return ['Hebrew', 'Latin', 'Arabic', cjk];
    case 'cjk':
      return [cjk, 'Latin', 'Arabic', 'Hebrew'];
    default:
      return ['Latin', 'Arabic', 'Hebrew', cjk];
  }
}
