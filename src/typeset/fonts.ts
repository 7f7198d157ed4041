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

/** The built-in families, always there: the fallback for every character a house font lacks. */
export type BuiltinFamily = 'Latin' | 'Arabic' | 'Hebrew' | 'CJK-SC' | 'CJK-TC' | 'CJK-JP' | 'CJK-KR';
/**
 * A family of a build: a built-in one, or a house font family (house-fonts.ts) registered
 * under a name made from its files' contents ("House-" and a hash).
 */
export type FamilyName = BuiltinFamily | `House-${string}`;

export interface FaceFile {
  /** An absolute path in fonts/, or the key a house font's bytes are registered under. */
  file: string;
  /** PostScript name of the face inside a collection (.ttc). */
  face?: string;
}

export interface FamilyFiles {
  normal: FaceFile;
  bold: FaceFile;
  italics: FaceFile;
  bolditalics: FaceFile;
}

function same(f: FaceFile): FamilyFiles {
  return { normal: f, bold: f, italics: f, bolditalics: f };
}

const CJK_FILE = 'NotoSansCJK-Regular.ttc';

export const FAMILIES: Record<BuiltinFamily, FamilyFiles> = {
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

/** Every distinct built-in font file, for manifests (house fonts: house-fonts.ts). */
export function fontFiles(): string[] {
  const files = new Set<string>();
  for (const fam of Object.values(FAMILIES)) for (const f of Object.values(fam)) files.add(path.join(FONTS_DIR, f.file));
  return [...files].sort();
}

/**
 * The font table pdfmake wants. Built fresh on every call: pdfmake mutates the arrays that
 * select a face in a collection, so sharing them between runs breaks the second run.
 */
export function pdfmakeFontTable(house: readonly FamilyName[] = []): Record<string, Record<string, string | string[]>> {
  const table: Record<string, Record<string, string | string[]>> = {};
  const families: [string, FamilyFiles][] = [
    ...Object.entries(FAMILIES).map(([name, fam]): [string, FamilyFiles] => [name, builtinFiles(fam)]),
    ...house.map((name): [string, FamilyFiles] => [name, familyFiles(name)]),
  ];
  for (const [name, fam] of families) {
    const entry: Record<string, string | string[]> = {};
    for (const [style, f] of Object.entries(fam)) entry[style] = f.face ? [f.file, f.face] : f.file;
    table[name] = entry;
  }
  return table;
}

/** A built-in family with absolute paths. */
function builtinFiles(fam: FamilyFiles): FamilyFiles {
  const abs = (f: FaceFile): FaceFile => ({ ...f, file: path.join(FONTS_DIR, f.file) });
  return { normal: abs(fam.normal), bold: abs(fam.bold), italics: abs(fam.italics), bolditalics: abs(fam.bolditalics) };
}

// --- house font families --------------------------------------------------------------------

/**
 * House font families of this process, by name. A name is made from the contents of its faces
 * (house-fonts.ts), so a family never changes once registered: a font file edited between two
 * builds (watch) is a new family, and every cache keyed by family or font key stays right.
 */
const houseFamilies = new Map<FamilyName, FamilyFiles>();

export function registerHouseFamily(name: FamilyName, files: FamilyFiles): void {
  houseFamilies.set(name, files);
}

export function isHouseFamily(name: FamilyName): boolean {
  return houseFamilies.has(name);
}

/** The files of a family, with absolute paths (built-in) or font keys (house). */
export function familyFiles(name: FamilyName): FamilyFiles {
  const house = houseFamilies.get(name);
  if (house) return house;
  if (!Object.hasOwn(FAMILIES, name)) throw new Error(`unknown font family ${name}`);
  return builtinFiles(FAMILIES[name as BuiltinFamily]);
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
    if (path.dirname(p) !== FONTS_DIR || !fs.existsSync(p)) throw new Error(`font file missing: ${p}`);
    b = fs.readFileSync(p);
    fontBytes.set(p, b);
    fileOfBytes.set(b, p);
  }
  return b;
}

/**
 * Registers a house font's bytes (read and checked by house-fonts.ts) under a key made from
 * their hash: the engine serves them from memory like the built-in fonts, and never reads a
 * house font from disk itself.
 */
export function registerFontBytes(key: string, bytes: Buffer): Buffer {
  const known = fontBytes.get(key);
  if (known) return known;
  fontBytes.set(key, bytes);
  fileOfBytes.set(bytes, key);
  return bytes;
}

/** Whether the engine serves this font file (a built-in font, or a registered house font). */
export function isServedFont(p: unknown): boolean {
  if (typeof p !== 'string') return false;
  return fontBytes.has(p) || (path.dirname(p) === FONTS_DIR && fs.existsSync(p));
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

/** The four faces of a family, as pdfmake names them. */
export type FaceStyle = keyof FamilyFiles;

export function faceStyleOf(bold: boolean, italics: boolean): FaceStyle {
  return bold ? (italics ? 'bolditalics' : 'bold') : italics ? 'italics' : 'normal';
}

const coverage = new Map<string, ParsedFace>();

/**
 * The parsed face of one style of a family. Built-in families cover the same characters in
 * every style, so their regular face answers for all; a house family's faces may differ (a
 * bold face with fewer characters than the regular), so each answers for itself.
 */
function coverageFont(name: FamilyName, style: FaceStyle = 'normal'): ParsedFace {
  const faceStyle = houseFamilies.has(name) ? style : 'normal';
  const key = `${name}\0${faceStyle}`;
  let f = coverage.get(key);
  if (!f) {
    const face = familyFiles(name)[faceStyle];
    // Coverage and metrics only: no glyph is made, so the first copy is shared with documents.
    f = parsedFace(face.file, face.face);
    coverage.set(key, f);
  }
  return f;
}

/**
 * Answers of each face, by code point: typesetting asks for every character of the dossier
 * (fonts by coverage), and a cmap lookup through fontkit cost about a twentieth of a warm
 * rebuild. A face's coverage never changes; at most the characters of the dossiers built are kept.
 */
const covered = new WeakMap<ParsedFace, Map<number, boolean>>();

export function covers(name: FamilyName, cp: number, style: FaceStyle = 'normal'): boolean {
  const face = coverageFont(name, style);
  let known = covered.get(face);
  if (!known) covered.set(face, (known = new Map()));
  let yes = known.get(cp);
  if (yes === undefined) known.set(cp, (yes = face.hasGlyphForCodePoint(cp)));
  return yes;
}

/** Line height of a family's regular face in em, as pdfkit computes it (ascent - descent + gap). */
export function lineHeightEm(name: FamilyName): number {
  const f = coverageFont(name);
  return (f.ascent - f.descent + f.lineGap) / f.unitsPerEm;
}

// --- scripts, for house fonts -----------------------------------------------------------------

/** The scripts a house font may be named for (settings.yaml, fonts.<role>.<script>). */
export const FONT_SCRIPTS = ['latin', 'greek', 'cyrillic', 'arabic', 'hebrew', 'cjk'] as const;
export type FontScript = (typeof FONT_SCRIPTS)[number];

const SCRIPT_OF: [RegExp, FontScript][] = [
  [/^\p{Script=Latin}$/u, 'latin'],
  [/^\p{Script=Greek}$/u, 'greek'],
  [/^\p{Script=Cyrillic}$/u, 'cyrillic'],
  [/^\p{Script=Arabic}$/u, 'arabic'],
  [/^\p{Script=Hebrew}$/u, 'hebrew'],
  [/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]$/u, 'cjk'],
];

/**
 * The script a character belongs to, among those a house font may be named for; undefined for
 * characters of no script (digits, punctuation, spaces: Common and Inherited) and of scripts
 * no house font can be named for.
 */
export function fontScriptOf(ch: string): FontScript | undefined {
  for (const [re, script] of SCRIPT_OF) if (re.test(ch)) return script;
  return undefined;
}

/** The script of a language's letters: what its digits, spaces and punctuation go with. */
export function fontScriptOfLang(lang: string): FontScript {
  const family = scriptFamilyOf(lang);
  if (family !== 'other') return family;
  const p = lang.toLowerCase().split('-')[0];
  if (p === 'el') return 'greek';
  if (['ru', 'uk', 'be', 'bg', 'mk', 'sr', 'kk', 'ky', 'mn', 'tg'].includes(p)) return 'cyrillic';
  return 'latin';
}

/**
 * The house fonts a paragraph may use: its role's family for each script (house-fonts.ts),
 * and the style of the paragraph itself (a bold heading), which decides which face's coverage
 * counts.
 */
export interface RunFonts {
  scripts: Partial<Record<FontScript, FamilyName>>;
  bold: boolean;
  italics: boolean;
}

/** The CJK face whose Han forms belong to a language. */
export function cjkFamilyFor(lang: string): BuiltinFamily {
  const l = lang.toLowerCase();
  if (l === 'ja' || l.startsWith('ja-')) return 'CJK-JP';
  if (l === 'ko' || l.startsWith('ko-')) return 'CJK-KR';
  if (/^zh-(hant|tw|hk|mo)\b/.test(l) || l.startsWith('zh-hant')) return 'CJK-TC';
  return 'CJK-SC';
}

/** Fonts to try, in order, for text in a language. */
export function fallbackOrder(lang: string): BuiltinFamily[] {
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
