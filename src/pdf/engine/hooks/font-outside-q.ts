/**
 * Hook: the font set outside pdfkit's q/Q, so a run of one font is one text item for pdf.js.
 *
 * Overrides: pdfkit's PDFDocument.prototype._fragment (pdfkit/js/pdfkit.js, the text mixin), in
 *   the engine's PDFDocument subclass (document.ts): `/F Tf` is written before the fragment.
 * Why: pdfkit writes every inline as q … BT /F Tf … ET Q; the Q takes the font out of the
 *   graphics state again, and pdf.js ends its text item at a Q that changes the font, so every
 *   word became an item of its own and a right-to-left line came out in visual word order.
 *   Text state operators are allowed outside text objects: with the same font set outside the
 *   q as well, the Q leaves the font unchanged and consecutive words in one font form one item.
 * Relies on: _fragment(text, x, y, options) being the one place pdfkit writes a text object,
 *   with this._font (its id) and this._fontSize set by font() before it, returning at once for
 *   a text empty without its line feeds (before the font is added to the page); addContent.
 * Guarded by: tests/render/copy-order.test.ts, tests/unit/engine-fingerprint.test.ts.
 */

export interface FragmentHost {
  _font?: { id: string };
  _fontSize: number;
  addContent(s: string): unknown;
}

/**
 * The content written before each of pdfkit's text fragments. Not before one with no text:
 * pdfkit returns from such a fragment before it adds the font to the page's resources, and a
 * font named on a page without it there is an unknown font to every reader (pdf.js drew that
 * page's text in Helvetica once the first use of a font was an empty fragment on another page).
 */
export function fontOutsideQ(doc: FragmentHost, text: unknown): void {
  // pdfkit's test, `${text}`.replace(/\n/g, '').length === 0, without a copy of every drawn text.
  if (!/[^\n]/.test(`${text}`)) return;
  if (doc._font) doc.addContent(`/${doc._font.id} ${+doc._fontSize.toFixed(5)} Tf`);
}
