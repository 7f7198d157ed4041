/**
 * A second subset entry for a glyph: the same outline under another glyph id, with its own
 * width in the /W array and its own ToUnicode text. Used by space-marks.ts and
 * hidden-ignorables.ts, whose glyphs must copy out as other text than the glyph's first use.
 *
 * Relies on: pdfkit's EmbeddedFont filling `widths` (/W) and `unicode` (ToUnicode) by subset
 *   glyph id, and `subset.glyphs` listing the face glyph id of each subset glyph; fontkit's
 *   Subset.includeGlyph mapping a face glyph to its first entry only, and the subset encoders
 *   (TTFSubset, CFFSubset) writing every entry of `glyphs`, a glyph listed twice included twice.
 *   The fingerprints of the hooks using it name these functions.
 */
import { embeddedFontClass } from './font-view.js';

/** pdfkit's embedded font, as far as a second entry reads and writes it. */
export interface EntryFont {
  widths: number[];
  unicode: number[][];
  subset: { glyphs: number[] };
}

const made = new WeakMap<object, Map<string, number>>();

/** A change to what pdfkit's EmbeddedFont.encode returned: glyph ids (hex) and positions, in place. */
export type EncodeStep<F> = (font: F, text: string, hex: string[], positions: { xAdvance: number; advanceWidth: number }[]) => void;
const steps = new WeakSet<object>();

/**
 * Runs `step` after pdfkit's EmbeddedFont.prototype.encode, patched once per step on the class
 * of `font` (pdfkit does not export the class). Returns false for a standard font (no encode of
 * its own, nothing to patch yet).
 */
export function afterEncode<F>(font: object, step: EncodeStep<F>): boolean {
  if (steps.has(step)) return true;
  const proto = embeddedFontClass<{ encode(text: string, features?: unknown): [string[], { xAdvance: number; advanceWidth: number }[]] }>(font, ['encode']);
  if (!proto || !Object.hasOwn(proto, 'encode')) return false;
  steps.add(step);
  const encode = proto.encode;
  proto.encode = function (this: F, text: string, features?: unknown) {
    const [hex, positions] = encode.call(this, text, features);
    step(this, text, hex, positions);
    return [hex, positions];
  };
  return true;
}

/** The subset glyph id (4-digit hex) drawing subset glyph `gid` with `width` and text `codePoints`. */
export function secondEntry(font: EntryFont, gid: number, codePoints: number[], width: number): string {
  let entries = made.get(font);
  if (!entries) made.set(font, (entries = new Map()));
  const key = `${gid}:${width}:${codePoints.join(',')}`;
  let entry = entries.get(key);
  if (entry === undefined) {
    const glyphs = font.subset.glyphs;
    glyphs.push(glyphs[gid]);
    entry = glyphs.length - 1;
    font.widths[entry] = width;
    font.unicode[entry] = codePoints;
    entries.set(key, entry);
  }
  return `0000${entry.toString(16)}`.slice(-4);
}
