/**
 * House fonts: the fonts a workspace brings in a fonts/ folder and names in its template's
 * settings.yaml, per role (body, headings, notes) and per script (latin, greek, cyrillic,
 * arabic, hebrew, cjk). Read and checked here, for `dossier check` and `build` alike, every
 * problem a diagnostic at the setting that names the file: a file missing or outside the
 * workspace, too large, not a font fontkit reads, a web or variable font, a collection without
 * the face named, a font whose licence forbids embedding or subsetting, a font without its
 * licence text beside it, a font that lacks the letters of the script it is named for.
 *
 * A font that passes is registered with typeset/fonts.ts: its bytes under a key made from their
 * hash (the engine serves them from memory; it never reads a house font from disk), its family
 * under a name made from its faces' hashes. Characters a house font lacks fall back to the
 * built-in fonts (runs.ts), so no text ever prints as an empty box.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { didYouMean, type Diagnostics, type Position } from '../diagnostics.js';
import { isInside } from '../workspace/files.js';
import type { ChoiceSpec, ObjectSpec, StringSpec } from '../workspace/spec.js';
import {
  FONT_SCRIPTS,
  fontkitModule,
  registerFontBytes,
  registerHouseFamily,
  type FaceFile,
  type FamilyName,
  type FontScript,
  type RunFonts,
} from './fonts.js';

import { FONT_ROLES, type FontRole } from '../template/style-keys.js';

export { FONT_ROLES, type FontRole };

/** The faces of one role and script, as settings.yaml names them. */
const FACE_KEYS = ['regular', 'bold', 'italic', 'bold_italic'] as const;
type FaceKey = (typeof FACE_KEYS)[number];

/** Largest house font file read (the built-in CJK collection, the largest font we ship, is 19 MB). */
export const MAX_FONT_BYTES = 40 * 1024 * 1024;

// --- settings.yaml --------------------------------------------------------------------------

const fileSpec: StringSpec = {
  type: 'string',
  description: 'A font file in the fonts/ folder of the workspace or of the template, e.g. fonts/HouseSerif-Regular.ttf.',
  maxLength: 200,
};
const faceSpec: ChoiceSpec = {
  type: 'choice',
  description: 'A font file (fonts/...), or { file: fonts/X.ttc, face: PostScriptName } for a face of a collection.',
  scalar: fileSpec,
  mapping: {
    type: 'object',
    description: 'A face of a font collection (.ttc, .otc).',
    required: ['file', 'face'],
    properties: {
      file: fileSpec,
      face: { type: 'string', description: 'The PostScript name of the face in the collection.', maxLength: 100 },
    },
  },
};
const scriptSpec = (script: FontScript): ChoiceSpec => ({
  type: 'choice',
  description: `The house font for ${script} letters: one file for every style, or { regular, bold, italic, bold_italic }.`,
  scalar: fileSpec,
  mapping: {
    type: 'object',
    description: `The faces of the house font for ${script} letters (each a file, or { file, face } of a collection); a face left out is set in the nearest one given (bold and italic: regular; bold_italic: bold, italic, regular).`,
    required: ['regular'],
    properties: Object.fromEntries(FACE_KEYS.map((k) => [k, faceSpec])),
  },
});
const roleSpec = (role: FontRole): ObjectSpec => ({
  type: 'object',
  description:
    role === 'body'
      ? 'House fonts of running text (every class whose font is body, the default), per script.'
      : `House fonts of ${role} (classes whose font is ${role}), per script; a script not named here takes the body's.`,
  required: [],
  properties: Object.fromEntries(FONT_SCRIPTS.map((s) => [s, scriptSpec(s)])),
});

export const fontsSpec: ObjectSpec = {
  type: 'object',
  description: "House fonts (README, House fonts): font files of the workspace's or the template's fonts/ folder, with their licence beside them.",
  required: [],
  properties: Object.fromEntries(FONT_ROLES.map((r) => [r, roleSpec(r)])),
};

type RawFace = string | { file: string; face: string };
type RawScript = string | Partial<Record<FaceKey, RawFace>>;
export type RawFonts = Partial<Record<FontRole, Partial<Record<FontScript, RawScript>>>>;

// --- the result -----------------------------------------------------------------------------

/** A house font file, as the release manifest lists it. */
export interface HouseFontFile {
  /** Where it lies, relative to its root (the workspace), with / separators: fonts/X.ttf. */
  shown: string;
  /** The key its bytes are registered under (typeset/fonts.ts). */
  key: string;
  sha256: string;
  bytes: number;
  /** PostScript names of its faces (one, or each face of a collection). */
  faces: string[];
  /** Its licence file, relative to the same root. */
  license: string;
}

export interface HouseFonts {
  /** For each role, the family of each script named (a role's missing script: the body's). */
  roles: Record<FontRole, Partial<Record<FontScript, FamilyName>>>;
  /** Every house family, for the engine's font table. */
  families: FamilyName[];
  /** Every house font file, sorted by where it lies. */
  files: HouseFontFile[];
}

/**
 * The fonts a paragraph of a role in a style uses (runs.ts): its house fonts, if any, and its
 * style, which decides whose coverage counts even without house fonts (the CJK bold faces of a
 * bold heading cover fewer characters than the regular).
 */
export function runFontsOf(fonts: HouseFonts | undefined, role: FontRole, bold: boolean, italics: boolean): RunFonts {
  return { scripts: fonts?.roles[role] ?? {}, bold, italics };
}

// --- reading and checking -------------------------------------------------------------------

/** Where house fonts are looked for: the template's fonts/ first, then the workspace's. */
export interface FontPlaces {
  templateDir: string;
  /** The root the template folder lies in (the workspace, or the built-in templates). */
  templateRoot: string;
  workspaceRoot: string;
}

/** A file read and parsed, by real path, size and modification time. */
interface ReadFont {
  bytes: Buffer;
  sha256: string;
  key: string;
  font?: OpenedFont;
  error?: string;
}

type OpenedFont = {
  type: string;
  postscriptName?: string;
  fonts?: OpenedFont[];
  getFont?(name: string): OpenedFont | null;
  directory?: { tables: Record<string, unknown> };
  hasGlyphForCodePoint?(cp: number): boolean;
  'OS/2'?: { fsType?: { noEmbedding?: boolean; viewOnly?: boolean; editable?: boolean; noSubsetting?: boolean; bitmapOnly?: boolean } };
};

const readCache = new Map<string, ReadFont>();

function readFont(real: string, stat: fs.Stats): ReadFont {
  const cacheKey = `${real}\0${stat.size}\0${stat.mtimeMs}\0${stat.ino}`;
  const cached = readCache.get(cacheKey);
  if (cached) return cached;
  const bytes = fs.readFileSync(real);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const key = `house-font:${sha256}`;
  const read: ReadFont = { bytes: registerFontBytes(key, bytes), sha256, key };
  try {
    read.font = fontkitModule().create(read.bytes) as unknown as OpenedFont;
  } catch (e) {
    read.error = (e as Error).message;
  }
  if (read.font && !read.font.fonts && typeof read.font.hasGlyphForCodePoint !== 'function') read.error = 'no character map';
  readCache.set(cacheKey, read);
  return read;
}

/** Letters a font named for a script must have: enough to tell a font of that script from another. */
const REQUIRED: Record<Exclude<FontScript, 'cjk'>, string> = {
  latin: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  greek: 'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρστυφχψω',
  cyrillic: 'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя',
  arabic: 'ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوى',
  hebrew: 'אבגדהוזחטיךכלםמןנסעףפץצקרשת',
};
/** A CJK font must have one of these: common Han, kana or Hangul (a Korean font may lack Han). */
const CJK_SAMPLES = ['一人中日本国大年', 'あいうえおアイウエオ', '가나다라마바사한'];

/** The letters of its script a face lacks (empty when it has them). */
function missingLetters(face: OpenedFont, script: FontScript): string[] {
  const has = (ch: string) => face.hasGlyphForCodePoint!(ch.codePointAt(0)!);
  if (script === 'cjk') return CJK_SAMPLES.some((sample) => [...sample].every(has)) ? [] : [...CJK_SAMPLES.join('')].filter((ch) => !has(ch));
  return [...REQUIRED[script]].filter((ch) => !has(ch));
}

const LICENSE_NAME = /^(ofl|licen[cs]e|copying)([-_. ].*)?$/i;
const OFL_TEXT = /open font licen[cs]e/i;

/** A licence file beside a font file, inside root: its path, or undefined. */
function licenseBeside(root: string, real: string): string | undefined {
  const dir = path.dirname(real);
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return undefined;
  }
  const usable = (name: string): boolean => {
    const file = path.join(dir, name);
    try {
      const st = fs.statSync(file);
      return st.isFile() && st.size > 0 && st.size <= 1024 * 1024 && isInside(root, file);
    } catch {
      return false;
    }
  };
  for (const e of entries) if (LICENSE_NAME.test(e.name) && usable(e.name)) return path.join(dir, e.name);
  for (const e of entries) {
    if (!/\.(txt|md)$/i.test(e.name) || !usable(e.name)) continue;
    if (OFL_TEXT.test(fs.readFileSync(path.join(dir, e.name), 'utf8'))) return path.join(dir, e.name);
  }
  return undefined;
}

/** Is this a path in a fonts/ folder, without any way out of it? */
function isFontsPath(p: string): boolean {
  if (!p.startsWith('fonts/') || p.includes('\\') || p.includes('\0')) return false;
  return p
    .split('/')
    .slice(1)
    .every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

/** Font files in a fonts/ folder, for "did you mean". */
function fontFilesIn(dir: string, prefix = 'fonts'): string[] {
  const out: string[] = [];
  try {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) out.push(...fontFilesIn(path.join(dir, e.name), `${prefix}/${e.name}`));
      else if (/\.(ttf|otf|ttc|otc)$/i.test(e.name)) out.push(`${prefix}/${e.name}`);
    }
  } catch {
    // no such folder
  }
  return out;
}

interface Checked {
  file: HouseFontFile;
  face: FaceFile;
}

/**
 * Reads and checks the house fonts settings.yaml names (`raw`, validated against fontsSpec);
 * `at` gives the position of a dotted key ("fonts.body.latin.bold.file"). Problems go into
 * diags; the result is undefined when there are any.
 */
export function readHouseFonts(raw: RawFonts, places: FontPlaces, at: (key: string) => Position, diags: Diagnostics): HouseFonts | undefined {
  const before = diags.errorCount;
  const files = new Map<string, HouseFontFile>();
  const checked = new Map<string, Checked | undefined>();

  const checkFace = (value: RawFace, key: string, script: FontScript): Checked | undefined => {
    const file = typeof value === 'string' ? value : value.file;
    const face = typeof value === 'string' ? undefined : value.face;
    const fileKey = typeof value === 'string' ? key : `${key}.file`;
    const memo = `${file}\0${face ?? ''}\0${script}`;
    if (checked.has(memo)) return checked.get(memo);
    const result = checkFontFile(file, face, script, places, at(fileKey), face === undefined ? undefined : at(`${key}.face`), diags);
    checked.set(memo, result);
    if (result) files.set(result.file.shown, result.file);
    return result;
  };

  const roles = { body: {}, headings: {}, notes: {} } as HouseFonts['roles'];
  const families = new Set<FamilyName>();
  for (const role of FONT_ROLES) {
    for (const script of FONT_SCRIPTS) {
      const value = raw[role]?.[script];
      if (value === undefined) continue;
      const key = `fonts.${role}.${script}`;
      const faces: Partial<Record<FaceKey, FaceFile>> = {};
      if (typeof value === 'string') {
        const c = checkFace(value, key, script);
        if (c) faces.regular = c.face;
      } else {
        for (const k of FACE_KEYS) {
          const v = value[k];
          if (v === undefined) continue;
          const c = checkFace(v, `${key}.${k}`, script);
          if (c) faces[k] = c.face;
        }
      }
      if (!faces.regular) continue;
      const regular = faces.regular;
      const bold = faces.bold ?? regular;
      const italic = faces.italic ?? regular;
      const family = { normal: regular, bold, italics: italic, bolditalics: faces.bold_italic ?? faces.bold ?? faces.italic ?? regular };
      const name = familyName(family);
      registerHouseFamily(name, family);
      roles[role][script] = name;
      families.add(name);
    }
  }
  if (diags.errorCount > before) return undefined;
  // A role's script not named takes the body's.
  for (const role of ['headings', 'notes'] as const) roles[role] = { ...roles.body, ...roles[role] };
  if (families.size === 0) return undefined;
  return { roles, families: [...families].sort(), files: [...files.values()].sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0)) };
}

/** A family's name, from what its faces are: the same faces, the same family, in every process. */
function familyName(family: Record<string, FaceFile>): FamilyName {
  const text = JSON.stringify(Object.entries(family).map(([style, f]) => [style, f.file, f.face ?? '']));
  return `House-${crypto.createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

function checkFontFile(
  file: string,
  face: string | undefined,
  script: FontScript,
  places: FontPlaces,
  at: Position,
  faceAt: Position | undefined,
  diags: Diagnostics,
): Checked | undefined {
  if (!isFontsPath(file)) {
    diags.error(
      at,
      `font file "${file}" is not a path in a fonts/ folder`,
      "name a file of the workspace's or the template's fonts/ folder, e.g. fonts/HouseSerif-Regular.ttf: no absolute path, no .. and no backslash",
    );
    return undefined;
  }
  const candidates = [
    { abs: path.join(places.templateDir, ...file.split('/')), root: places.templateRoot },
    { abs: path.join(places.workspaceRoot, ...file.split('/')), root: places.workspaceRoot },
  ];
  const found = candidates.find((c) => {
    try {
      return fs.lstatSync(c.abs) !== undefined;
    } catch {
      return false;
    }
  });
  if (!found) {
    const known = [...new Set([...fontFilesIn(path.join(places.templateDir, 'fonts')), ...fontFilesIn(path.join(places.workspaceRoot, 'fonts'))])];
    const guess = didYouMean(file, known);
    diags.error(
      at,
      `font file ${file} does not exist`,
      `${guess ? `did you mean "${guess}"? ` : ''}put it in the workspace's fonts/ folder (or the template's), with its licence text beside it`,
    );
    return undefined;
  }
  const { abs, root } = found;
  const shown = path.relative(root, abs).split(path.sep).join('/');
  if (!isInside(root, abs)) {
    diags.error(at, `font file ${file} points outside the workspace`, 'fonts must be real files inside the workspace folder, not links to elsewhere');
    return undefined;
  }
  const real = fs.realpathSync(abs);
  const stat = fs.statSync(real);
  if (!stat.isFile()) {
    diags.error(at, `font file ${file} is not a regular file`, 'name a font file (.ttf, .otf, .ttc or .otc)');
    return undefined;
  }
  if (stat.size > MAX_FONT_BYTES) {
    diags.error(
      at,
      `font file ${file} is too large (${Math.round(stat.size / 1048576)} MiB; at most ${MAX_FONT_BYTES / 1048576} MiB)`,
      'a font for print is rarely over a few MiB: check it is the file you meant, or take the weights and scripts you need',
    );
    return undefined;
  }
  let read: ReadFont;
  try {
    read = readFont(real, stat);
  } catch (e) {
    diags.error(at, `font file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'check the file permissions');
    return undefined;
  }
  if (!read.font || read.error) {
    diags.error(
      at,
      `${file} is not a font that can be read (${read.error ?? 'unknown format'})`,
      'name a TrueType or OpenType font file (.ttf, .otf, .ttc or .otc)',
    );
    return undefined;
  }
  let opened = read.font;
  if (opened.type === 'WOFF' || opened.type === 'WOFF2' || opened.type === 'DFont') {
    diags.error(
      at,
      `${file} is a ${opened.type === 'DFont' ? 'Mac resource-fork (dfont)' : `web font (${opened.type})`}, which cannot be embedded in a PDF as it is`,
      'use the TrueType or OpenType file (.ttf, .otf) of the same font',
    );
    return undefined;
  }
  const faces = opened.fonts ? opened.fonts.map((f) => f.postscriptName ?? '') : [opened.postscriptName ?? path.basename(file)];
  if (opened.fonts) {
    if (face === undefined) {
      diags.error(at, `${file} is a font collection; name the face to use`, `write { file: ${file}, face: ${faces[0]} }; its faces: ${faces.join(', ')}`);
      return undefined;
    }
    const inner = faces.includes(face) ? opened.getFont!(face) : null;
    if (!inner) {
      const guess = didYouMean(face, faces);
      diags.error(faceAt ?? at, `${file} has no face "${face}"`, `${guess ? `did you mean "${guess}"? ` : ''}its faces: ${faces.join(', ')}`);
      return undefined;
    }
    opened = inner;
  } else if (face !== undefined && face !== faces[0]) {
    diags.error(faceAt ?? at, `${file} is a single font (${faces[0]}), not a collection with a face "${face}"`, `leave out face, or write face: ${faces[0]}`);
    return undefined;
  }
  if (opened.directory?.tables.fvar) {
    diags.error(
      at,
      `${file} is a variable font; house fonts must be static fonts`,
      'use the static instances the font comes with (e.g. HouseSerif-Regular.ttf, -Bold.ttf), or make them with fontTools: fonttools varLib.instancer',
    );
    return undefined;
  }
  const fsType = opened['OS/2']?.fsType;
  if (fsType && ((fsType.noEmbedding && !fsType.viewOnly && !fsType.editable) || fsType.noSubsetting || fsType.bitmapOnly)) {
    const why = fsType.noSubsetting ? 'forbids subsetting' : fsType.bitmapOnly ? 'allows only bitmap embedding' : 'forbids embedding (restricted licence)';
    diags.error(
      at,
      `${file} ${why} (OS/2 fsType); it cannot be embedded in a PDF`,
      'every PDF embeds a subset of its fonts: use a font whose licence allows that, such as one under the SIL Open Font License',
    );
    return undefined;
  }
  const missing = missingLetters(opened, script);
  if (missing.length) {
    diags.error(
      at,
      `${file} is named for ${script} text but lacks ${script === 'cjk' ? 'Chinese, Japanese and Korean letters' : `${missing.length} of its letters`} (${missing.slice(0, 12).join(' ')}${missing.length > 12 ? ' ...' : ''})`,
      `name it for the script it is made for, or name a font with the ${script} letters`,
    );
    return undefined;
  }
  const license = licenseBeside(root, real);
  if (!license) {
    diags.error(
      at,
      `no licence text beside ${shown}`,
      `put the font's licence in the same folder (OFL.txt, LICENSE or COPYING, or a .txt holding the SIL Open Font License): every PDF embeds the font, and its licence must travel with it`,
    );
    return undefined;
  }
  const fontFile: HouseFontFile = {
    shown,
    key: read.key,
    sha256: read.sha256,
    bytes: read.bytes.length,
    faces,
    license: path.relative(fs.realpathSync(root), license).split(path.sep).join('/'),
  };
  return { file: fontFile, face: { file: read.key, face } };
}
