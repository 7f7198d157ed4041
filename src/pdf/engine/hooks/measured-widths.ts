/**
 * Hook: a text's width and layout made once per font of a document, not again for every word like it.
 *
 * Replaces: pdfkit's EmbeddedFont.prototype.widthOfString and .layout (pdfkit/js/pdfkit.js) for
 *   texts without OpenType features (pdfmake passes none: its `fontFeatures` default is null)
 *   laid out by a font with its layout cache on (the engine's documents: `fontLayoutCache:
 *   true`). Patched once per process on the class of the first embedded font the engine's
 *   PDFDocument provides (pdfkit does not export the class).
 * Why: pdfmake measures every word of every paragraph through widthOfString (TextInlines
 *   .widthOfText, for its width and for its leading and trailing spaces), and pdfkit draws each
 *   through encode, and both lay the text out again each time: pdfkit walks it character by
 *   character for its spaces, looks every piece up in the layout cache, concatenates their
 *   glyphs and positions and sums their advances. The same words come back thousands of times
 *   (bench-600 measures some 167,000 texts of which 8,000 are distinct).
 * Same result, same side effects: without features, layout cuts the text after each space or
 *   tab and takes each piece from the font's layout cache, laying it out (shaping it, making
 *   glyph objects) only the first time; nothing evicts from that cache, and the runs in it are
 *   not changed after they are made (the hooks that adjust positions replace entries of the
 *   array encode returns, never a position object). So once a font has laid a text out, laying
 *   it out again makes no glyph and gives the same glyphs, positions and advance: the first
 *   result is kept per font and text, and later calls get fresh arrays holding the same glyph
 *   and position objects (as pdfkit's concatenation gives), or for widthOfString the unscaled
 *   advance times size / 1000, as pdfkit computes it (the same floating-point operations).
 * Keyed by: the EmbeddedFont object (one per face and document: a new document starts empty)
 *   and the text.
 * Relies on: EmbeddedFont.widthOfString being `layout(text, features, true).advanceWidth *
 *   (size / 1000)`; EmbeddedFont.layout without features cutting the text into pieces at spaces
 *   and tabs, taking each from layoutCached and returning the concatenation of their glyphs and
 *   positions (null for both when onlyWidth) and the sum of their advanceWidth; layoutCached
 *   keeping every run it lays out in `layoutCache` when there is one; encode (and the hooks
 *   around it) and _fragment reading layout's arrays without changing the objects in them.
 * Guarded by: the sample and bench PDFs' bytes (tests/release/determinism.test.ts; README,
 *   Performance), tests/unit/measured-widths.test.ts, tests/unit/engine-fingerprint.test.ts.
 */
import { embeddedFontClass } from './font-view.js';

interface LaidOut {
  glyphs: unknown[] | null;
  positions: unknown[] | null;
  advanceWidth: number;
}
interface Font {
  layoutCache?: Record<string, unknown> | null;
  layout(text: string, features: unknown, onlyWidth?: boolean): LaidOut;
  widthOfString(text: string, size: number, features?: unknown): number;
}

/** Unscaled advances (pdfkit's 1000-unit em) of the texts each font has measured. */
const widths = new WeakMap<Font, Map<string, number>>();
/** The layout of each text each font has laid out (glyphs and positions never null). */
const layouts = new WeakMap<Font, Map<string, LaidOut>>();
let installed = false;
let hits = 0;
let misses = 0;

/** Patches the class of `font` (pdfkit's EmbeddedFont) once per process; false if `font` is of another class. */
export function installMeasuredWidths(font: object): boolean {
  if (installed) return true;
  const proto = embeddedFontClass<Font>(font, ['widthOfString', 'layout']);
  if (!proto) return false; // a standard font
  installed = true;
  const layout = proto.layout;
  proto.layout = function (this: Font, text: string, features: unknown, onlyWidth?: boolean): LaidOut {
    if (features || !this.layoutCache) return layout.call(this, text, features, onlyWidth);
    let known = layouts.get(this);
    if (!known) layouts.set(this, (known = new Map()));
    let laidOut = known.get(text);
    if (laidOut === undefined) {
      // Laid out whole even when only the width is asked for: the same pieces from the cache.
      laidOut = layout.call(this, text, features, false);
      known.set(text, laidOut);
    }
    return onlyWidth
      ? { glyphs: null, positions: null, advanceWidth: laidOut.advanceWidth }
      : { glyphs: laidOut.glyphs!.slice(), positions: laidOut.positions!.slice(), advanceWidth: laidOut.advanceWidth };
  };
  const widthOfString = proto.widthOfString;
  proto.widthOfString = function (this: Font, text: string, size: number, features?: unknown): number {
    if ((features !== undefined && features !== null) || !this.layoutCache) return widthOfString.call(this, text, size, features);
    // In a WeakMap, not on the font: a property added to pdfkit's font objects while they are
    // in use would give them a second hidden class in pdfkit's hot code.
    let known = widths.get(this);
    if (!known) widths.set(this, (known = new Map()));
    let width = known.get(text);
    if (width === undefined) {
      width = this.layout(text, features, true).advanceWidth;
      known.set(text, width);
      misses++;
    } else hits++;
    const scale = size / 1000;
    return width * scale;
  };
  return true;
}

/** How many widths were measured and reused in this process (for tests and profiling). */
export function measuredWidthCounts(): { hits: number; misses: number } {
  return { hits, misses };
}
