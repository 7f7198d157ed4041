/**
 * Hook: a second instance of a font that draws mirrored glyphs and copies out the original text.
 *
 * Overrides: PDFDocument.prototype.provideFont (pdfmake/js/PDFDocument.js), in the engine's
 *   PDFDocument subclass (document.ts), for family names ending in MIRRORED.
 * Why: a bracket in right-to-left text must be drawn as its mirror image ("(" as ")") but copied
 *   out as itself. One glyph cannot map to two texts in one font, so the mirrored characters get
 *   their own instance of the font, with its own subset and ToUnicode map.
 * Relies on: provideFont(family, bold, italics) returning pdfkit's embedded font object, whose
 *   class (pdfkit's EmbeddedFont: constructor(document, font, id), encode(text, features)
 *   returning [glyph ids in hex, positions], and the `unicode` table it fills for ToUnicode)
 *   is reused; pdfkit embedding every font in _fontFamilies at the end; _fontCount naming
 *   fonts F1, F2, ...
 * Guarded by: tests/render/bidi-placement.test.ts and the mirrored-bracket cases of
 *   tests/property/render.property.test.ts, tests/unit/engine-fingerprint.test.ts.
 */
import { mirroredChar } from '../../../typeset/bidi.js';
import { MIRRORED } from '../../../typeset/fonts.js';

export interface EmbeddedFont {
  id: string;
  name: string;
  font: unknown;
  unicode: number[][];
  encode(text: string, features?: unknown): [string[], unknown[]];
  constructor: new (doc: unknown, font: unknown, id: string) => EmbeddedFont;
}

export interface FontHost {
  _fontCount: number;
  _fontFamilies: Record<string, EmbeddedFont>;
}

/** The mirrored instance of `base`, made once per document and font. */
export function mirroredFont(doc: FontHost, base: EmbeddedFont, made: Map<EmbeddedFont, EmbeddedFont>): EmbeddedFont {
  let mirror = made.get(base);
  if (mirror) return mirror;
  const m = new base.constructor(doc, base.font, `F${++doc._fontCount}`);
  const encode = m.encode;
  m.encode = function (text: string, features?: unknown) {
    const chars = [...text];
    const [hex, positions] = encode.call(m, chars.map((ch) => mirroredChar(ch) ?? ch).join(''), features);
    // The glyphs are the mirrored characters'; the text they stand for is the original.
    hex.forEach((h, i) => {
      if (chars[i] !== undefined) m.unicode[parseInt(h, 16)] = [chars[i].codePointAt(0)!];
    });
    return [hex, positions];
  };
  doc._fontFamilies[`${m.name}${MIRRORED}${m.id}`] = m; // embedded with the others
  made.set(base, m);
  mirror = m;
  return mirror;
}

/** Whether a family name asks for the mirrored instance, and the base family's name. */
export function mirroredFamily(family: string): string | undefined {
  return family.endsWith(MIRRORED) ? family.slice(0, -MIRRORED.length) : undefined;
}
