/**
 * Hook: words are shaped by HarfBuzz (harfbuzzjs, WebAssembly), not by fontkit's GSUB/GPOS
 * engine; fontkit still makes every glyph object, as it would have.
 *
 * Replaces: fontkit's TTFFont.prototype.layout(string) (dist/main.cjs) for calls with a string
 *   and nothing else (pdfkit's EmbeddedFont.layoutRun passes no features, script, language or
 *   direction for the words pdfmake lays out). Patched once per process on the class of the
 *   faces the engine's fonts hold (document.ts provideFont); any call it does not take goes to
 *   fontkit's layout as before.
 * Why: fontkit's layout (setting up a shaping plan, GSUB and GPOS lookups in JavaScript, and the
 *   first decoding of those tables through restructure) was the largest item of a cold build's
 *   profile (issue 14). HarfBuzz does the same work in compiled code and reads the tables in
 *   place.
 * What must stay as fontkit made it: pdfkit reads each glyph object's id, advanceWidth and
 *   codePoints (the ToUnicode map: copy and paste), and a glyph object keeps the code points of
 *   the first getGlyph call that made it in the document. So the hook makes the getGlyph calls
 *   fontkit's LayoutEngine.layout makes, in its order and with its code points:
 *   1. glyphsForString(string)'s calls: getGlyph(cmap lookup, [code point]) for each code point
 *      (the lookup, a pure function of the face's cmap, is cached per face);
 *   2. one getGlyph(id, codePoints) per shaped glyph in logical order, where codePoints follow
 *      fontkit's GSUB bookkeeping (GlyphInfo): a glyph keeps the code points of the input glyph
 *      it came from (read from the glyph object, as GlyphInfo copies them); a ligature has those
 *      of its components in order; the second and later glyphs of a multiple substitution have
 *      none. HarfBuzz's clusters (level CHARACTERS: never merged) say which input each glyph
 *      came from; an input with no glyph left was ligated into the glyph before it;
 *   3. glyphForCodePoint(0x20) and fontkit's hideDefaultIgnorables on the glyph objects.
 *   Positions are HarfBuzz's, in font units (scale = upem), reversed to fontkit's order for
 *   right-to-left runs as fontkit does.
 * Script and direction as fontkit derives them (Script.forString: the first code point of a
 *   script other than Common, Inherited, Unknown; right to left for the scripts of fontkit's RTL
 *   table), no language (fontkit: the default language system).
 * Left to fontkit (the word is shaped as before), where HarfBuzz is known to do something
 *   fontkit does not:
 *   - a string not in NFC (HarfBuzz composes, and reorders marks by combining class);
 *   - Arabic modifier combining marks (HarfBuzz moves them before other marks);
 *   - default ignorables but the zero-width non-joiner (HarfBuzz skips them when matching
 *     lookups), variation selectors among them;
 *   - a right-to-left run holding a character with a bidi mirror (HarfBuzz mirrors it;
 *     mirrored-font.ts does that here);
 *   - a code point the face has no glyph for (HarfBuzz substitutes spaces and hyphens, and
 *     decomposes);
 *   - a script not in SCRIPTS below, or a complex-shaper script the face has no GSUB script for
 *     (fontkit then uses its default shaper, HarfBuzz its script's);
 *   - a face without GSUB and GPOS, or with a kern or morx table;
 *   - a result whose clusters do not map back to fontkit's bookkeeping plainly: clusters out of
 *     order, or an input with no glyph of its own that is not plainly part of the glyph before
 *     (a mark ligature HarfBuzz formed with shadda first: it orders shadda before other harakat).
 * On by default; DOSSIER_SHAPER=fontkit turns it off (fontkit shapes everything);
 *   DOSSIER_SHAPER=verify shapes each word both ways, writes every difference to standard
 *   error and keeps fontkit's result (for checking a corpus).
 * Relies on: fontkit LayoutEngine.layout (glyphsForString (glyphForCodePoint and
 *   CmapProcessor.lookup for each code point without a variation selector), then OTLayoutEngine.setup copying
 *   each glyph object's codePoints into a GlyphInfo, substitute mapping GlyphInfos back through
 *   getGlyph(id, codePoints), position starting from each glyph's advanceWidth, the reversal for
 *   rtl, hideDefaultIgnorables), GSUBProcessor.applyLookup's code point bookkeeping, GlyphRun's
 *   fields and advanceWidth, Script.forString and the RTL table; pdfkit EmbeddedFont.layoutRun
 *   reading glyphs and positions of the run.
 * Guarded by: the byte-identity of the samples, tests/fixtures/mixed and bench-60 against
 *   fontkit's shaping (tests/render/harfbuzz-shaping.test.ts), tests/unit/engine-fingerprint.test.ts.
 */
import { createRequire } from 'node:module';
import bidiFactory from 'bidi-js';
import { pdfkitMainPath } from '../pin.js';

type HarfBuzz = typeof import('harfbuzzjs');
type HbFont = InstanceType<HarfBuzz['Font']>;
type HbBuffer = InstanceType<HarfBuzz['Buffer']>;

interface Glyph {
  id: number;
  codePoints: number[];
  advanceWidth: number;
}
interface Face {
  stream: { buffer: Uint8Array };
  _directoryPos: number;
  directory: { tables: Record<string, unknown> };
  getGlyph(id: number, codePoints?: number[]): Glyph;
  glyphForCodePoint(codePoint: number): Glyph;
  /** fontkit's CmapProcessor of the face (a cached getter). */
  _cmapProcessor: { lookup(codePoint: number): number };
  glyphsForString(text: string): Glyph[];
  layout(text: unknown, ...rest: unknown[]): unknown;
}
interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

export type Shaper = 'fontkit' | 'harfbuzz' | 'verify';

/** The shaper chosen by DOSSIER_SHAPER (default: HarfBuzz). */
export function chosenShaper(): Shaper {
  const v = process.env.DOSSIER_SHAPER;
  return v === 'fontkit' || v === 'verify' ? v : 'harfbuzz';
}

let hb: HarfBuzz | undefined;
let buffer: HbBuffer | undefined;
const counts = { harfbuzz: 0, fontkit: 0, differences: 0 };

/** Loads HarfBuzz's WebAssembly once per process, if the chosen shaper needs it. */
export async function loadHarfBuzz(): Promise<void> {
  if (hb || chosenShaper() === 'fontkit') return;
  try {
    hb = await import('harfbuzzjs');
  } catch {
    // No WebAssembly here (or the package is missing): fontkit shapes, with the same result.
    return;
  }
  buffer = new hb.Buffer();
  if (chosenShaper() === 'verify')
    process.on('exit', () =>
      process.stderr.write(`harfbuzz-shaping: ${JSON.stringify(counts)} (words: HarfBuzz and fontkit both, left to fontkit; differences)\n`),
    );
}

/** Words shaped by HarfBuzz and by fontkit in this process, and differences seen in verify mode. */
export function harfbuzzCounts(): { harfbuzz: number; fontkit: number; differences: number } {
  return { ...counts };
}

// --- fontkit's script detection (Script.forString), from the same Unicode data ------------

const fontkitRequire = createRequire(createRequire(pdfkitMainPath()).resolve('fontkit'));
const { getScript, isMark } = fontkitRequire('unicode-properties') as { getScript(codePoint: number): string; isMark(codePoint: number): boolean };

/** Unicode script name: fontkit's OpenType tag, HarfBuzz's ISO 15924 tag, and whether a complex shaper (fontkit or HarfBuzz) handles it. */
const SCRIPTS: Record<string, { ot: string; iso: string; complex: boolean }> = {
  Latin: { ot: 'latn', iso: 'Latn', complex: false },
  Greek: { ot: 'grek', iso: 'Grek', complex: false },
  Cyrillic: { ot: 'cyrl', iso: 'Cyrl', complex: false },
  Han: { ot: 'hani', iso: 'Hani', complex: false },
  Hiragana: { ot: 'kana', iso: 'Hira', complex: false },
  Katakana: { ot: 'kana', iso: 'Kana', complex: false },
  Hangul: { ot: 'hang', iso: 'Hang', complex: true },
  Arabic: { ot: 'arab', iso: 'Arab', complex: true },
  Hebrew: { ot: 'hebr', iso: 'Hebr', complex: true },
};
const RTL_SCRIPTS = new Set(['arab', 'hebr']);

/** HarfBuzz's Arabic "modifier combining marks", which it moves before other marks (fontkit does not). */
const ARABIC_MCM = new Set([0x0654, 0x0655, 0x0658, 0x06dc, 0x06e3, 0x06e7, 0x06e8, 0x08ca, 0x08cb, 0x08cd, 0x08ce, 0x08cf, 0x08d3, 0x08f3]);

const bidi = bidiFactory();

// --- faces ------------------------------------------------------------------------------

interface HbFace {
  blob: InstanceType<HarfBuzz['Blob']>;
  font: HbFont;
  /** OpenType script tags of the face's GSUB. */
  gsubScripts: Set<string>;
}
/** HarfBuzz faces by font file bytes and index: shared by every fontkit face (and copy) of them. */
const byBytes = new WeakMap<Uint8Array, Map<number, HbFace>>();
const hbFaces = new WeakMap<Face, HbFace | null>();
/** Font files larger than this are not copied whole: see shapingTables. */
const MAX_COPIED_BYTES = 8 * 1024 * 1024;
/** Outline and bitmap tables: shaping does not read them (GPOS anchors of CFF fonts name no contour points). */
const OUTLINES = new Set(['CFF ', 'CFF2', 'glyf', 'loca', 'CBDT', 'CBLC', 'sbix', 'SVG ', 'EBDT', 'EBLC']);

/**
 * A font file of one face's tables less its outlines (an sfnt of its own, checksums zero, which
 * HarfBuzz does not check): for the CJK collection about a tenth of its bytes, so its copy in
 * WebAssembly memory does not push a build's peak memory up by the file's size. Only for
 * CFF-outline faces: a TrueType face's GPOS may anchor marks on contour points, in glyf.
 */
function shapingTables(bytes: Uint8Array, tables: Record<string, { offset: number; length: number }>): Uint8Array {
  const kept = Object.entries(tables)
    .filter(([tag]) => !OUTLINES.has(tag))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const headerSize = 12 + 16 * kept.length;
  let size = headerSize;
  for (const [, t] of kept) size += (t.length + 3) & ~3;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const n = kept.length;
  const pow = 2 ** Math.floor(Math.log2(n));
  view.setUint32(0, 0x4f54544f); // 'OTTO'
  view.setUint16(4, n);
  view.setUint16(6, pow * 16);
  view.setUint16(8, Math.log2(pow));
  view.setUint16(10, n * 16 - pow * 16);
  let offset = headerSize;
  kept.forEach(([tag, t], k) => {
    const rec = 12 + 16 * k;
    for (let c = 0; c < 4; c++) out[rec + c] = tag.charCodeAt(c);
    view.setUint32(rec + 8, offset);
    view.setUint32(rec + 12, t.length);
    out.set(bytes.subarray(t.offset, t.offset + t.length), offset);
    offset += (t.length + 3) & ~3;
  });
  return out;
}

/** The HarfBuzz font of a fontkit face (its file's bytes, its index in a collection), or null if the hook leaves it to fontkit. */
function hbFaceOf(face: Face): HbFace | null {
  let f = hbFaces.get(face);
  if (f !== undefined) return f;
  f = null;
  const tables = face.directory.tables;
  const bytes = face.stream?.buffer;
  if (hb && bytes && tables.GSUB && tables.GPOS && !tables.kern && !tables.morx) {
    const index = collectionIndex(bytes, face._directoryPos);
    if (index >= 0) {
      let faces = byBytes.get(bytes);
      if (!faces) byBytes.set(bytes, (faces = new Map()));
      f = faces.get(index) ?? null;
      if (!f) {
        // The bytes are copied into WebAssembly memory once per file; of a large file (the
        // 19 MB CJK collection) only this face's tables that shaping reads, without outlines.
        const big = bytes.byteLength > MAX_COPIED_BYTES && !!tables['CFF '];
        const blob = big
          ? new hb.Blob(shapingTables(bytes, tables as Record<string, { offset: number; length: number }>))
          : faces.size > 0
            ? [...faces.values()][0]!.blob
            : new hb.Blob(bytes);
        const hbFace = new hb.Face(blob, big ? 0 : index);
        f = { blob, font: new hb.Font(hbFace), gsubScripts: new Set(hbFace.getTableScriptTags('GSUB')) };
        faces.set(index, f);
      }
    }
  }
  hbFaces.set(face, f);
  return f;
}

/** fontkit's cmap lookup (`glyphForCodePoint` without the glyph), a pure function of the face's cmap, kept per face. */
const cmapCache = new WeakMap<Face, Map<number, number>>();
function glyphIdOf(face: Face, codePoint: number): number {
  let ids = cmapCache.get(face);
  if (!ids) cmapCache.set(face, (ids = new Map()));
  let id = ids.get(codePoint);
  if (id === undefined) ids.set(codePoint, (id = face._cmapProcessor.lookup(codePoint)));
  return id;
}

/** The index of the face whose table directory starts at `pos` (0 for a single font file), -1 if none. */
function collectionIndex(bytes: Uint8Array, pos: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== 0x74746366 /* ttcf */) return pos === 0 ? 0 : -1;
  const n = view.getUint32(8);
  for (let i = 0; i < n; i++) if (view.getUint32(12 + 4 * i) === pos) return i;
  return -1;
}

// --- the hook ---------------------------------------------------------------------------

const patched = new WeakSet<object>();

/** Patches the class of `face` (fontkit's TTFFont) once; a no-op when fontkit shapes. */
export function installHarfBuzzShaping(face: object | undefined): void {
  if (!face || chosenShaper() === 'fontkit') return;
  const proto = Object.getPrototypeOf(face) as Face;
  if (patched.has(proto) || typeof proto.layout !== 'function' || typeof proto.glyphsForString !== 'function') return;
  patched.add(proto);
  const layout = proto.layout;
  const verify = chosenShaper() === 'verify';
  proto.layout = function (this: Face, text: unknown, ...rest: unknown[]): unknown {
    if (!hb || typeof text !== 'string' || rest.some((r) => r !== undefined)) return layout.call(this, text, ...rest);
    if (verify) return verifyLayout(this, text, layout);
    const run = shapeWithHarfBuzz(this, text);
    if (run) {
      counts.harfbuzz++;
      return run;
    }
    counts.fontkit++;
    return layout.call(this, text);
  };
}

/** fontkit's GlyphRun, as pdfkit reads it: glyphs, positions and the advanceWidth sum. */
class HarfBuzzGlyphRun {
  positions: Position[];
  language: null = null;
  features: Record<string, boolean> = {};
  constructor(
    public glyphs: Glyph[],
    positions: Position[],
    public script: string,
    public direction: 'ltr' | 'rtl',
  ) {
    this.positions = positions;
  }
  get advanceWidth(): number {
    let width = 0;
    for (const p of this.positions) width += p.xAdvance;
    return width;
  }
  get advanceHeight(): number {
    let height = 0;
    for (const p of this.positions) height += p.yAdvance;
    return height;
  }
}

/** What fontkit would use for `text`, or undefined if the hook leaves the text to fontkit. */
function scriptOf(text: string): { ot: string; iso: string; complex: boolean; codePoints: number[] } | undefined {
  const codePoints: number[] = [];
  let script: (typeof SCRIPTS)[string] | undefined;
  let mirrored = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // Variation selectors, Arabic modifier combining marks, default ignorables other than the
    // zero-width non-joiner (HarfBuzz skips them when matching lookups; fontkit does not).
    if (ARABIC_MCM.has(cp) || (cp !== 0x200c && isDefaultIgnorable(cp))) return undefined;
    codePoints.push(cp);
    if (!mirrored && bidi.getMirroredCharacter(ch) !== null) mirrored = true;
    if (!script) {
      const name = getScript(cp);
      if (name !== 'Common' && name !== 'Inherited' && name !== 'Unknown') {
        script = SCRIPTS[name];
        if (!script) return undefined;
      }
    }
  }
  script ??= { ot: 'zzzz', iso: 'Zzzz', complex: false };
  if (mirrored && RTL_SCRIPTS.has(script.ot)) return undefined;
  return { ...script, codePoints };
}

/** The run HarfBuzz gives for `text` on a fontkit face (getGlyph calls as fontkit's), or undefined if left to fontkit (for tests). */
export function layoutWithHarfBuzz(face: object, text: string): unknown {
  return shapeWithHarfBuzz(face as Face, text);
}

function shapeWithHarfBuzz(face: Face, text: string): HarfBuzzGlyphRun | undefined {
  if (text.length === 0 || text.normalize('NFC') !== text) return undefined;
  const hbFace = hbFaceOf(face);
  if (!hbFace) return undefined;
  const script = scriptOf(text);
  if (!script) return undefined;
  if (script.complex && !hbFace.gsubScripts.has(script.ot)) return undefined;
  const direction = RTL_SCRIPTS.has(script.ot) ? 'rtl' : 'ltr';

  const b = buffer!;
  b.clearContents();
  b.setClusterLevel(hb!.ClusterLevel.CHARACTERS);
  b.setFlags(hb!.BufferFlag.PRESERVE_DEFAULT_IGNORABLES);
  b.setDirection(direction === 'rtl' ? hb!.Direction.RTL : hb!.Direction.LTR);
  b.setScript(script.iso);
  b.addCodePoints(script.codePoints);
  hb!.shape(hbFace.font, b);
  const infos = b.getGlyphInfos();
  const hbPositions = b.getGlyphPositions();
  const n = infos.length;
  // fontkit's order: logical (HarfBuzz gives right-to-left runs in visual order).
  const logical = (k: number): number => (direction === 'rtl' ? n - 1 - k : k);
  const inputCodePoints = script.codePoints;
  const input = inputCodePoints.length;
  const present = new Uint8Array(input);
  let last = -1;
  for (let k = 0; k < n; k++) {
    const info = infos[logical(k)]!;
    if (info.codepoint === 0 || info.cluster < last || info.cluster >= input) return undefined;
    last = info.cluster;
    present[info.cluster] = 1;
  }

  // From here on, getGlyph calls as fontkit makes them: first glyphsForString's, one
  // glyphForCodePoint per code point (no variation selector here), its cmap lookup cached.
  const ids = inputCodePoints.map((cp) => glyphIdOf(face, cp));
  if (ids.includes(0)) return undefined;
  const initial = ids.map((id, i) => face.getGlyph(id, [inputCodePoints[i]!]));

  // Code points of each shaped glyph, by fontkit's GSUB bookkeeping.
  const codePoints: number[][] = new Array(n);
  let previousCluster = -1;
  let lastFirst = -1; // the last glyph that is the first of its cluster
  let emitted = -1; // the last glyph given its code points
  for (let k = 0; k < n; k++) {
    const cluster = infos[logical(k)]!.cluster;
    if (cluster === previousCluster) {
      codePoints[k] = []; // a further glyph of a multiple substitution
      emitted = k;
      continue;
    }
    // Inputs with no glyph since the previous cluster were ligated into the glyph before them
    // (fontkit: the ligature takes its components' code points in order); left to fontkit
    // where that is not plain: a multiple substitution's glyph between, or a mark before a
    // base (a ligature over a skipped mark: lam, shadda, alef).
    if (previousCluster < 0 && cluster > 0) return undefined; // the first input left no glyph
    for (let j = previousCluster + 1; j < cluster; j++) if (!absorb(j)) return undefined;
    codePoints[k] = [...initial[cluster]!.codePoints];
    previousCluster = cluster;
    lastFirst = emitted = k;
  }
  for (let j = previousCluster + 1; j < input; j++) if (!absorb(j)) return undefined;
  function absorb(j: number): boolean {
    if (lastFirst < 0 || lastFirst !== emitted) return false;
    const into = infos[logical(lastFirst)]!.cluster;
    if (isMark(inputCodePoints[into]!) !== isMark(inputCodePoints[j]!)) return false;
    codePoints[lastFirst]!.push(...initial[j]!.codePoints);
    return true;
  }

  const glyphs: Glyph[] = new Array(n);
  const positions: Position[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const i = logical(k);
    glyphs[k] = face.getGlyph(infos[i]!.codepoint, codePoints[k]);
    const p = hbPositions[i]!;
    positions[k] = { xAdvance: p.xAdvance, yAdvance: p.yAdvance, xOffset: p.xOffset, yOffset: p.yOffset };
  }
  if (direction === 'rtl') {
    glyphs.reverse();
    positions.reverse();
  }
  // fontkit's hideDefaultIgnorables.
  const space = face.getGlyph(glyphIdOf(face, 0x20), [0x20]);
  for (let i = 0; i < n; i++)
    if (isDefaultIgnorable(glyphs[i]!.codePoints[0]!)) {
      glyphs[i] = space;
      positions[i]!.xAdvance = 0;
      positions[i]!.yAdvance = 0;
    }
  return new HarfBuzzGlyphRun(glyphs, positions, script.ot, direction);
}

/** fontkit's LayoutEngine.isDefaultIgnorable (DerivedCoreProperties, less U+115F, U+1160, U+3164, U+FFA0). */
function isDefaultIgnorable(ch: number): boolean {
  const plane = ch >> 16;
  if (plane === 0)
    switch (ch >> 8) {
      case 0x00:
        return ch === 0x00ad;
      case 0x03:
        return ch === 0x034f;
      case 0x06:
        return ch === 0x061c;
      case 0x17:
        return 0x17b4 <= ch && ch <= 0x17b5;
      case 0x18:
        return 0x180b <= ch && ch <= 0x180e;
      case 0x20:
        return (0x200b <= ch && ch <= 0x200f) || (0x202a <= ch && ch <= 0x202e) || (0x2060 <= ch && ch <= 0x206f);
      case 0xfe:
        return (0xfe00 <= ch && ch <= 0xfe0f) || ch === 0xfeff;
      case 0xff:
        return 0xfff0 <= ch && ch <= 0xfff8;
      default:
        return false;
    }
  switch (plane) {
    case 0x01:
      return (0x1bca0 <= ch && ch <= 0x1bca3) || (0x1d173 <= ch && ch <= 0x1d17a);
    case 0x0e:
      return 0xe0000 <= ch && ch <= 0xe0fff;
    default:
      return false;
  }
}

// --- verify mode ------------------------------------------------------------------------

interface Call {
  id: number;
  passed: string;
}

/** Shapes with both, notes the getGlyph calls of each, reports differences, returns fontkit's run. */
function verifyLayout(face: Face, text: string, layout: Face['layout']): unknown {
  const own = Object.prototype.hasOwnProperty.call(face, 'getGlyph');
  const getGlyph = face.getGlyph;
  let calls: Call[] = [];
  face.getGlyph = function (this: Face, id: number, codePoints?: number[]) {
    calls.push({ id, passed: codePoints ? codePoints.join(',') : '-' });
    return getGlyph.call(this, id, codePoints);
  };
  let hbRun: HarfBuzzGlyphRun | undefined;
  let hbCalls: Call[];
  let fkRun: { glyphs: Glyph[]; positions: Position[] };
  try {
    hbRun = shapeWithHarfBuzz(face, text);
    hbCalls = calls;
    calls = [];
    fkRun = layout.call(face, text) as typeof fkRun;
  } finally {
    if (own) face.getGlyph = getGlyph;
    else delete (face as Partial<Face>).getGlyph;
  }
  if (!hbRun) {
    counts.fontkit++;
    process.stderr.write(`harfbuzz-shaping: left to fontkit ${JSON.stringify(text)}\n`);
    return fkRun;
  }
  counts.harfbuzz++;
  const fkCalls = calls;
  const pos = (ps: Position[]) => ps.map((p) => `${p.xAdvance}/${p.yAdvance}/${p.xOffset}/${p.yOffset}`).join(' ');
  const ids = (gs: Glyph[]) => gs.map((g) => `${g.id}[${g.codePoints.join(',')}]`).join(' ');
  // fontkit's calls: glyphsForString's, GSUB's, glyphForCodePoint(0x20); HarfBuzz's the same, if the word was taken.
  const sameCalls = hbCalls.length === fkCalls.length && hbCalls.every((c, i) => c.id === fkCalls[i]!.id && c.passed === fkCalls[i]!.passed);
  const samePositions = fkRun.positions.length === hbRun.positions.length && fkRun.positions.every((p, i) => samePosition(p, hbRun.positions[i]!));
  if (!sameCalls || !samePositions || ids(fkRun.glyphs) !== ids(hbRun.glyphs)) {
    counts.differences++;
    process.stderr.write(
      `harfbuzz-shaping: ${JSON.stringify(text)} (${(face as unknown as { postscriptName: string }).postscriptName})\n` +
        `  fontkit  ${ids(fkRun.glyphs)} | ${pos(fkRun.positions)}\n  harfbuzz ${ids(hbRun.glyphs)} | ${pos(hbRun.positions)}\n` +
        (sameCalls
          ? ''
          : `  calls fontkit  ${fkCalls.map((c) => `${c.id}(${c.passed})`).join(' ')}\n  calls harfbuzz ${hbCalls.map((c) => `${c.id}(${c.passed})`).join(' ')}\n`),
    );
  }
  return fkRun;
}

function samePosition(a: Position, b: Position): boolean {
  return Object.is(a.xAdvance, b.xAdvance) && Object.is(a.yAdvance, b.yAdvance) && Object.is(a.xOffset, b.xOffset) && Object.is(a.yOffset, b.yOffset);
}
