/**
 * A view of pdfkit's embedded font that encodes text its own way and is otherwise the font:
 * its widths, ToUnicode table, subset and PDF object. pdfium-order.ts draws a steered word
 * through one (a blank glyph first), raised-runs.ts a citation marker (its glyphs raised).
 * pdfkit's _fragment reads the font it draws with as this._font: encode(text, features) for
 * the glyphs and ref() for the font's dictionary, which must stay the font's own (a view
 * asking the document for a reference of its own would name a font that is never embedded).
 */
export interface ViewableFont {
  ref(): unknown;
}

/** `font` with `encode` in place of its own; `extra` adds properties (symbols) to the view. */
export function encodingView<F extends ViewableFont>(font: F, encode: (text: string, features?: unknown) => unknown, extra: PropertyDescriptorMap = {}): F {
  return Object.create(font, {
    ...extra,
    ref: { value: () => font.ref() },
    encode: { value: encode },
  }) as F;
}

/**
 * The prototype of pdfkit's EmbeddedFont class if `font` is one of its instances with its own
 * `methods`; undefined for a standard font (AFM), whose class has no layout cache. pdfkit does
 * not export the class, so the hooks that patch it once per process find it from a font.
 */
export function embeddedFontClass<P extends object>(font: object, methods: readonly string[]): P | undefined {
  const proto = Object.getPrototypeOf(font) as Record<string, unknown>;
  if (!('layoutCached' in proto) || !methods.every((m) => typeof proto[m] === 'function')) return undefined;
  return proto as P;
}
