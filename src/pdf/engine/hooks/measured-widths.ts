/**
 * Hook: a text's width measured once per font of a document, not again for every word like it.
 *
 * Replaces: pdfkit's EmbeddedFont.prototype.widthOfString (pdfkit/js/pdfkit.js) for texts
 *   measured without OpenType features (pdfmake passes none: its `fontFeatures` default is
 *   null) by a font with its layout cache on (the engine's documents: `fontLayoutCache: true`).
 *   Patched once per process on the class of the first embedded font the engine's PDFDocument
 *   provides (pdfkit does not export the class).
 * Why: pdfmake measures every word of every paragraph through widthOfString (TextInlines
 *   .widthOfText, for its width and for its leading and trailing spaces), and pdfkit lays each
 *   one out again: it walks the text character by character for its spaces, looks every piece
 *   up in the layout cache and sums the advances of its glyphs. The same words come back
 *   thousands of times (a bench-600 build measures some 60,000 texts of which a tenth are new).
 * Same result, same side effects: widthOfString is `layout(text, features, true).advanceWidth
 *   * (size / 1000)`. Without features, layout cuts the text after each space or tab and takes
 *   each piece from the font's layout cache, laying it out (shaping it, making glyph objects) only
 *   the first time; nothing evicts from that cache, and the runs in it are not changed after they
 *   are made (the hooks that adjust positions replace entries of encode's copy of the array).
 *   So once a text has been measured by a font, measuring it again by that font lays nothing
 *   out, makes no glyph, and sums the same advances: its unscaled advance is kept per font and
 *   text, and multiplied by size / 1000 as pdfkit does (the same floating-point operations).
 * Keyed by: the EmbeddedFont object (one per face and document: a new document starts empty)
 *   and the text.
 * Relies on: EmbeddedFont.widthOfString as above; EmbeddedFont.layout with features null or
 *   undefined cutting the text into pieces at spaces and tabs and taking each from
 *   layoutCached; layoutCached keeping every run it lays out in `layoutCache` when there is one.
 * Guarded by: the sample and bench PDFs' bytes (tests/release/determinism.test.ts; README,
 *   Performance), tests/unit/measured-widths.test.ts, tests/unit/engine-fingerprint.test.ts.
 */

interface Font {
  layoutCache?: Record<string, unknown> | null;
  layout(text: string, features: unknown, onlyWidth: boolean): { advanceWidth: number };
  widthOfString(text: string, size: number, features?: unknown): number;
}

/** Unscaled advances (pdfkit's 1000-unit em) of the texts each font has measured. */
const widths = new WeakMap<Font, Map<string, number>>();
let installed = false;
let hits = 0;
let misses = 0;

/** Patches the class of `font` (pdfkit's EmbeddedFont) once per process; false if `font` is of another class. */
export function installMeasuredWidths(font: object): boolean {
  if (installed) return true;
  const proto = Object.getPrototypeOf(font) as Font;
  if (typeof proto.widthOfString !== 'function' || typeof proto.layout !== 'function' || !('layoutCached' in proto)) return false; // a standard font
  installed = true;
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
