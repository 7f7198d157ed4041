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

/** pdfkit's embedded font, as far as a second entry reads and writes it. */
export interface EntryFont {
  widths: number[];
  unicode: number[][];
  subset: { glyphs: number[] };
}

const made = new WeakMap<object, Map<string, number>>();

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
