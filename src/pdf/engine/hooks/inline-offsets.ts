/**
 * Hook: a glyph the shaper places away from the pen (a vowel mark above or below its letter)
 * is drawn in line with its word, its offset carried by the glyph itself: a composite glyph in
 * the subset, the mark's outline moved by the offset.
 *
 * Replaces: pdfkit's EmbeddedFont.prototype.encode (through subset-entries.ts afterEncode; the
 *   original and the earlier steps run first), and fontkit's TTFSubset.prototype._addGlyph
 *   (fontkit/dist/main.cjs), patched once per process on the class of the first TrueType
 *   subset the engine's PDFDocument provides (fontkit does not export the class).
 * Why: pdfkit's _fragment draws a glyph with an offset by ending the text it is writing and
 *   moving the text matrix (`Tm`) to the glyph, then back. Every Arabic haraka, shadda and
 *   tanween became a text object of its own, up to a line above or below its word. PDFium (as
 *   Chrome copies) takes such an object above the line for a line of its own, and poppler
 *   splits the line there: "مباشرةً" copied out across two lines, the word order of the
 *   line broken around it. Drawn in line, a mark starts where the pen is, like any glyph of
 *   the word, and the readers keep the line whole.
 * How: the subset gets a second entry for each (glyph, offset) drawn: a TrueType composite
 *   glyph of one component, the original glyph, moved by the offset in font units (a
 *   composite's component offset: ARGS_ARE_XY_VALUES). Its advance, /W width and ToUnicode
 *   text are those of the entry it replaces; its left side bearing moves with its outline, so
 *   a rasteriser that places outlines by the bearing (FreeType's phantom points) places it
 *   where it was. The position pdfkit writes loses its offset, so the glyph is written in the
 *   TJ array with its word, and the pen moves as it did (TJ's number: advance minus width).
 *   The outline is where pdfkit's Tm put it, up to pdfkit's rounding of Tm to hundredths of
 *   a point.
 * Where not: CFF faces (the CJK collection: no component glyphs in CFF; its glyphs carry no
 *   offsets anyway), variable faces (fontkit re-encodes their outlines), an offset that is not a
 *   whole number of font units (not met: HarfBuzz and fontkit position in font units), and
 *   empty glyphs, which lose the offset (nothing is drawn either way).
 * Relies on: what subset-entries.ts relies on; EmbeddedFont's `font` (the fontkit face),
 *   `scale` (1000 / unitsPerEm) and `subset`; TTFSubset.encode calling _addGlyph(gid) for
 *   each item of `glyphs` in order, with `glyf`, `loca.offsets`, `hmtx.metrics` and `offset`
 *   as _addGlyph fills them; Subset.includeGlyph giving the subset id of a face glyph.
 * Guarded by: tests/render/inline-offsets.test.ts, tests/unit/engine-fingerprint.test.ts.
 */
import { afterEncode, type EntryFont } from './subset-entries.js';

export interface Position {
  xAdvance: number;
  advanceWidth: number;
  xOffset?: number;
  yOffset?: number;
}
interface Face {
  directory?: { tables?: Record<string, unknown> };
  _variationProcessor?: unknown;
  getGlyph(gid: number): { advanceWidth: number; _decode(): GlyfHeader | null; _getMetrics(): { leftBearing: number } };
}
interface GlyfHeader {
  numberOfContours: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}
interface Font extends EntryFont {
  font: Face;
  scale: number;
  subset: EntryFont['subset'] & { cff?: unknown };
}
interface TTFSubset {
  font: Face;
  glyphs: number[];
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  includeGlyph(gid: number): number;
  _addGlyph(gid: number): number;
}

/**
 * Face glyph ids from here on stand for a moved glyph, numbered per face in the order first
 * drawn. TrueType numbers glyphs below 65536, so no face glyph is taken for one. The number
 * never reaches the PDF: the subset renumbers its glyphs.
 */
const MOVED_BASE = 0x10000;
interface Moved {
  gid: number;
  dx: number;
  dy: number;
}
const movedByFace = new WeakMap<object, { list: Moved[]; byKey: Map<string, number> }>();
/** The subset entries made per font: key "entry:dx:dy" -> entry. */
const entriesByFont = new WeakMap<object, Map<string, number>>();
const patchedSubsets = new WeakSet<object>();

/** Patches pdfkit's EmbeddedFont class (that of `font`) and, for TrueType, fontkit's subset class. */
export function installInlineOffsets(font: object): boolean {
  const subset = (font as { subset?: object }).subset;
  if (subset && (subset as { cff?: unknown }).cff == null) patchSubsetClass(subset);
  return afterEncode<Font>(font, drawOffsetsInLine);
}

/** Whether offsets of glyphs of `font` (pdfkit's embedded font) can be moved into its subset. */
export function canMoveGlyphs(f: unknown): boolean {
  const font = f as Partial<Font> | undefined;
  if (!font?.subset || font.subset.cff != null || !font.font?.directory?.tables?.glyf || font.font._variationProcessor) return false;
  return patchedSubsets.has(Object.getPrototypeOf(font.subset) as object);
}

function drawOffsetsInLine(font: Font, _text: string, hex: string[], positions: Position[]): void {
  moveOffsetsIntoGlyphs(font, hex, positions);
}

/**
 * Gives each glyph of `hex` drawn with an offset (`positions`) a subset entry that carries the
 * offset, and takes the offset off its position, in place. `font` is pdfkit's embedded font.
 */
export function moveOffsetsIntoGlyphs(f: object, hex: string[], positions: Position[]): void {
  // Runs for every text pdfkit draws, most of which have no offset: the font is looked at only for one that has.
  if (!positions.some((p) => p.xOffset || p.yOffset) || !canMoveGlyphs(f)) return;
  const font = f as Font;
  for (let i = 0; i < hex.length; i++) {
    const p = positions[i];
    if (!p.xOffset && !p.yOffset) continue;
    const dx = (p.xOffset ?? 0) / font.scale;
    const dy = (p.yOffset ?? 0) / font.scale;
    const rdx = Math.round(dx);
    const rdy = Math.round(dy);
    if (Math.abs(dx - rdx) > 1e-6 || Math.abs(dy - rdy) > 1e-6) continue;
    const entry = parseInt(hex[i], 16);
    const faceGid = font.subset.glyphs[entry];
    if (faceGid >= MOVED_BASE) continue;
    hex[i] = movedEntry(font, entry, faceGid, rdx, rdy);
    // The positions are the run's own copies or pdfkit's cached ones: replaced, not changed.
    positions[i] = { ...p, xOffset: 0, yOffset: 0 };
  }
}

/** The subset entry (4-digit hex) drawing face glyph `faceGid` moved by (dx, dy) font units, as entry `entry` copies out. */
function movedEntry(font: Font, entry: number, faceGid: number, dx: number, dy: number): string {
  let entries = entriesByFont.get(font);
  if (!entries) entriesByFont.set(font, (entries = new Map()));
  const key = `${entry}:${dx}:${dy}`;
  let made = entries.get(key);
  if (made === undefined && !font.font.getGlyph(faceGid)._decode()) {
    // An empty glyph draws nothing wherever it is: it keeps its entry and loses its offset.
    made = entry;
    entries.set(key, made);
  }
  if (made === undefined) {
    const glyphs = font.subset.glyphs;
    glyphs.push(movedGlyphId(font.font, faceGid, dx, dy));
    made = glyphs.length - 1;
    font.widths[made] = font.widths[entry];
    font.unicode[made] = font.unicode[entry];
    entries.set(key, made);
  }
  return `0000${made.toString(16)}`.slice(-4);
}

function movedGlyphId(face: object, gid: number, dx: number, dy: number): number {
  let moved = movedByFace.get(face);
  if (!moved) movedByFace.set(face, (moved = { list: [], byKey: new Map() }));
  const key = `${gid}:${dx}:${dy}`;
  let id = moved.byKey.get(key);
  if (id === undefined) {
    id = MOVED_BASE + moved.list.length;
    moved.list.push({ gid, dx, dy });
    moved.byKey.set(key, id);
  }
  return id;
}

function patchSubsetClass(subset: object): void {
  const proto = Object.getPrototypeOf(subset) as TTFSubset;
  if (patchedSubsets.has(proto) || typeof proto._addGlyph !== 'function' || !Object.hasOwn(proto, '_addGlyph')) return;
  patchedSubsets.add(proto);
  const addGlyph = proto._addGlyph;
  proto._addGlyph = function (this: TTFSubset, gid: number): number {
    if (gid < MOVED_BASE) return addGlyph.call(this, gid);
    const moved = movedByFace.get(this.font)!.list[gid - MOVED_BASE];
    return addMovedGlyph(this, moved);
  };
}

// Composite glyph flags (OpenType glyf table).
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const ARGS_ARE_XY_VALUES = 0x0002;

/** Appends to the subset a composite glyph: `moved.gid` moved by (dx, dy). As TTFSubset._addGlyph appends a glyph. */
function addMovedGlyph(subset: TTFSubset, moved: Moved): number {
  const glyph = subset.font.getGlyph(moved.gid);
  const head = glyph._decode()!;
  const component = subset.includeGlyph(moved.gid);
  // numberOfContours -1, the moved bounding box, one component: flags, glyph index, dx, dy.
  const bytes = new Uint8Array(20);
  const view = new DataView(bytes.buffer);
  view.setInt16(0, -1);
  view.setInt16(2, head.xMin + moved.dx);
  view.setInt16(4, head.yMin + moved.dy);
  view.setInt16(6, head.xMax + moved.dx);
  view.setInt16(8, head.yMax + moved.dy);
  view.setUint16(10, ARG_1_AND_2_ARE_WORDS | ARGS_ARE_XY_VALUES);
  view.setUint16(12, component);
  view.setInt16(14, moved.dx);
  view.setInt16(16, moved.dy);
  // Bytes 18-19: padding to a 4-byte boundary, as fontkit pads the glyphs it encodes.
  subset.glyf.push(bytes);
  subset.loca.offsets.push(subset.offset);
  subset.hmtx.metrics.push({ advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing + moved.dx });
  subset.offset += bytes.length;
  return subset.glyf.length - 1;
}
