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
import { scriptFamilyOf } from '../lang.js';

export const FONTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fonts');

/**
 * The built-in families, always there: the fallback for every character a house font lacks.
 * A CJK family's bold faces cover only the characters in everyday use (see cjk() below); its
 * "-Regular" twin is the regular face in every style, for the characters the bold lacks.
 */
export type BuiltinFamily = 'Latin' | 'Arabic' | 'Hebrew' | CjkFamily | `${CjkFamily}-Regular`;
/** The CJK families, one per set of Han glyph forms. */
export type CjkFamily = 'CJK-SC' | 'CJK-TC' | 'CJK-JP' | 'CJK-KR';
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

/**
 * The CJK faces of one language: the regular face of the collection, and a bold face cut down
 * to the characters in everyday use in that language (fonts/tools/make-cjk-bold.mjs; the whole
 * bold collection is 20 MB). The bold also serves bold italic: CJK has no italic.
 */
function cjk(lang: 'sc' | 'tc' | 'jp' | 'kr'): FamilyFiles {
  const regular = { file: CJK_FILE, face: `NotoSansCJK${lang}-Regular` };
  const bold = { file: `NotoSansCJK${lang}-Bold.subset.otf` };
  return { normal: regular, bold, italics: regular, bolditalics: bold };
}

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
  'CJK-SC': cjk('sc'),
  'CJK-TC': cjk('tc'),
  'CJK-JP': cjk('jp'),
  'CJK-KR': cjk('kr'),
  // The last resort of bold CJK text: a character the bold subset lacks is set in the regular
  // face (of its language's forms) rather than as an empty box.
  'CJK-SC-Regular': same(cjk('sc').normal),
  'CJK-TC-Regular': same(cjk('tc').normal),
  'CJK-JP-Regular': same(cjk('jp').normal),
  'CJK-KR-Regular': same(cjk('kr').normal),
};

/** Built-in families whose faces cover different characters: their bold is a subset. */
const SUBSET_BOLD = new Set<FamilyName>(['CJK-SC', 'CJK-TC', 'CJK-JP', 'CJK-KR']);

/** Built-in families that only stand in for what another family's bold face lacks. */
const BOLD_STAND_INS = new Set<FamilyName>(['CJK-SC-Regular', 'CJK-TC-Regular', 'CJK-JP-Regular', 'CJK-KR-Regular']);

/**
 * Whether each face of a family answers for its own coverage (a house family, or a CJK family
 * with its bold subset): a character goes to such a family only with the marks after it that
 * the face has too, and a mark joins its base there only if the face has it.
 */
export function coverageVariesByStyle(name: FamilyName): boolean {
  return houseFamilies.has(name) || SUBSET_BOLD.has(name);
}

/**
 * Whether a family only stands in for characters another's bold face lacks: the digits and
 * punctuation after such a character do not stay with it, but go back to the bold face.
 */
export function isBoldStandIn(name: FamilyName): boolean {
  return BOLD_STAND_INS.has(name);
}

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
 *
 * Loaded on first use, not with this module: `dossier check` imports this module (template
 * settings, house fonts) but parses no face unless a template names house fonts, and loading
 * fontkit (unicode-properties unpacking its tables, brotli's dictionary) was about a sixth of
 * a check. Kept from its first load: the shared-faces hook replaces the module object pdfkit
 * gets from the require cache with a forwarding copy whose `create` calls back into
 * parsedFace, so it calls fontkitModule() before it does, and faces are always parsed with
 * fontkit's own `create`.
 */
let fontkit: FontkitModule | undefined;

/** What is used of fontkit's module (typed here: fontkit ships no types, src/types/fontkit.d.ts is ours only). */
export interface FontkitModule {
  create(buffer: Buffer, postscriptName?: string): unknown;
}

export function fontkitModule(): FontkitModule {
  return (fontkit ??= createRequire(import.meta.url)('fontkit') as FontkitModule);
}

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
  while (copies.length <= copy) copies.push(fontkitModule().create(fontFileBytes(file), face) as unknown as ParsedFace);
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
 * The parsed face of one style of a family. Most built-in families cover the same characters
 * in every style, so their regular face answers for all; a house family's faces may differ (a
 * bold face with fewer characters than the regular), and so do the CJK families' (a bold
 * subset), so each answers for itself.
 */
function coverageFont(name: FamilyName, style: FaceStyle = 'normal'): ParsedFace {
  const faceStyle = coverageVariesByStyle(name) ? style : 'normal';
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
 * The fonts a paragraph may use: its role's house font family for each script, if any
 * (house-fonts.ts), and the style of the paragraph itself (a bold heading), which decides which
 * face's coverage counts.
 */
export interface RunFonts {
  scripts: Partial<Record<FontScript, FamilyName>>;
  bold: boolean;
  italics: boolean;
}

/** The CJK face whose Han forms belong to a language. */
export function cjkFamilyFor(lang: string): CjkFamily {
  const l = lang.toLowerCase();
  if (l === 'ja' || l.startsWith('ja-')) return 'CJK-JP';
  if (l === 'ko' || l.startsWith('ko-')) return 'CJK-KR';
  if (/^zh-(hant|tw|hk|mo)\b/.test(l) || l.startsWith('zh-hant')) return 'CJK-TC';
  return 'CJK-SC';
}

/**
 * Fonts to try, in order, for text in a language. Last, the regular CJK face: for bold text, a
 * character the CJK bold subset lacks is better bold in another family (a Greek letter in Noto
 * Sans Bold) and otherwise regular (a rare Han character) than missing.
 */
export function fallbackOrder(lang: string): BuiltinFamily[] {
  const cjk = cjkFamilyFor(lang);
  const regular = `${cjk}-Regular` as const;
  switch (scriptFamilyOf(lang)) {
    case 'arabic':
      return ['Arabic', 'Latin', 'Hebrew', cjk, regular];
    case 'hebrew':
      return ['Hebrew', 'Latin', 'Arabic', cjk, regular];
    case 'cjk':
      return [cjk, 'Latin', 'Arabic', 'Hebrew', regular];
    default:
      return ['Latin', 'Arabic', 'Hebrew', cjk, regular];
  }
}
