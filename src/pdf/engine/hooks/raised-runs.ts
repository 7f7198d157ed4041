/**
 * Hook: a superscript or subscript (a citation marker) is drawn on its line's baseline, its
 * glyphs raised or lowered in the subset, so that readers keep it in its line.
 *
 * Overrides: nothing of pdfmake's own; the engine's renderLine (document.ts) hands pdfmake's
 *   Renderer.renderLine a view of the line in which each such inline is drawn unshifted,
 *   through a view of its font whose glyphs carry the shift (inline-offsets.ts).
 * Why: pdfmake draws a superscript 0.75 of its size above the baseline (Renderer.js
 *   offsetText), a text object of its own. PDFium (as Chrome copies) collects a line's text
 *   objects while each next one starts within a quarter of a character's width of the last
 *   one's baseline; a citation marker 4.35 pt up ends the line there, and PDFium then joins it
 *   to whichever line it can and its bidi puts it at the wrong end: "الأعمال 1 المبرمج" for
 *   "الأعمال المبرمج … ألتمان«¹". Drawn from the baseline, with the shift in the glyphs (a
 *   composite glyph moved up by 0.75 em, as for vowel marks), the marker stays in its line.
 *   The print is the same; the shift is in font units instead of in the text matrix.
 * Where not: a font whose glyphs cannot be moved (CFF faces: the CJK collection): drawn as
 *   pdfmake draws it.
 * And the link: pdfkit puts a text's link annotation (goTo, link) over the line box of the
 *   text from where it was drawn. The view says how far its glyphs stand above that, and the
 *   engine's goTo and link stretch the annotation up by as much (raisedBy): the clickable area
 *   covers the marker as printed and the baseline it is drawn from.
 * Cost: pdf.js places a text item at its baseline, so its text layer (selection, find) puts
 *   the marker's box 0.75 em of its size lower than the marker prints.
 * Relies on: pdfmake's offsetText shifting by fontSize * 0.75 (sup) and 0.35 (sub), and
 *   renderLine calling pdfDocument.text(inline.text, x, y, options) with inline.font as
 *   pdfDocument._font; pdfkit's _fragment calling this._font.encode(text, features) and
 *   this._font.ref(), and link/goTo with the y it drew from; what inline-offsets.ts relies on.
 * Guarded by: tests/render/inline-offsets.test.ts (PDFium keeps the marker in its line),
 *   tests/render/note-numbering.test.ts (markers where their destinations are),
 *   tests/unit/engine-fingerprint.test.ts.
 */
import type { LineInline, PlacedLine } from '../model.js';
import { encodingView } from './font-view.js';
import { canMoveGlyphs, moveOffsetsIntoGlyphs, type Position } from './inline-offsets.js';

/** pdfmake's offsetText: a superscript's baseline is 0.75 of its size up, a subscript's 0.35 down. */
const SUP_RISE = 0.75;
const SUB_DROP = 0.35;
const RAISED_BY = Symbol('raisedBy');

interface KitFont {
  ref(): unknown;
  encode(text: string, features?: unknown): [string[], Position[]];
  [RAISED_BY]?: number;
}

const views = new WeakMap<object, Map<number, KitFont>>();

/** The line as pdfmake is to draw it: the same, or a view with its raised inlines drawn from the baseline. */
export function withRaisedGlyphs(line: PlacedLine): PlacedLine {
  if (!line.inlines.some(movable)) return line;
  const inlines = line.inlines.map((i) => (movable(i) ? onBaseline(i) : i));
  return Object.assign(Object.create(line) as PlacedLine, { inlines });
}

/** How far (points) the glyphs of `font` stand above where they are drawn from: 0 but for a view made here. */
export function raisedBy(font: unknown, fontSize: number): number {
  const em = (font as KitFont | undefined)?.[RAISED_BY];
  return em ? em * fontSize : 0;
}

function movable(inline: LineInline): boolean {
  return (inline.sup === true || inline.sub === true) && canMoveGlyphs(baseFont(inline.font));
}

/** The embedded font under any views of it (pdfium-order.ts draws some words through one). */
function baseFont(font: unknown): object | undefined {
  let f = font as object | null;
  while (f && !Object.hasOwn(f, 'subset')) f = Object.getPrototypeOf(f) as object | null;
  return f ?? undefined;
}

function onBaseline(inline: LineInline): LineInline {
  const shift = (inline.sup ? SUP_RISE : 0) - (inline.sub ? SUB_DROP : 0);
  return { ...inline, sup: false, sub: false, font: raisedView(inline.font as KitFont, shift) };
}

/** A view of `font` whose glyphs stand `shift` em higher (lower, negative) than drawn. */
function raisedView(font: KitFont, shift: number): KitFont {
  let made = views.get(font);
  if (!made) views.set(font, (made = new Map()));
  let view = made.get(shift);
  if (view) return view;
  const base = baseFont(font)!;
  const rise = shift * 1000;
  view = encodingView(
    font,
    (text: string, features?: unknown): [string[], Position[]] => {
      const [hex, positions] = font.encode(text, features);
      const moved = [...hex];
      const raised = positions.map((p) => ({ ...p, yOffset: (p.yOffset ?? 0) + rise }));
      moveOffsetsIntoGlyphs(base, moved, raised);
      return [moved, raised];
    },
    { [RAISED_BY]: { value: shift } },
  );
  made.set(shift, view);
  return view;
}
