/**
 * Hook: the order in which a reordered line's runs are drawn, and marker destinations.
 *
 * Overrides: Renderer.prototype.renderLine (pdfmake/js/Renderer.js), in the engine's Renderer
 *   subclass (document.ts): each run of a right-to-left line is drawn by pdfmake's own
 *   renderLine as a part of the line, inside marked content; a line in one run is drawn as is.
 *   Then a named destination fnref-K is added at every citation marker.
 * Why: pdf.js makes one text item of glyphs that follow each other left to right in one font,
 *   guesses the item's direction from its characters and, for right-to-left, reverses it, and
 *   hands out the items in the order they were drawn. Drawn left to right, a right-to-left line
 *   would come out part by part in the wrong order. Where each inline is drawn does not change.
 * Relies on: renderLine(line, x, y) drawing line.inlines at x + inline.x with the line's height
 *   and ascender (getHeight, getAscenderHeight), and reading _pageNodeRef, _outline and id from
 *   the line; pdfkit's addContent and addNamedDestination.
 * Guarded by: tests/render/copy-order.test.ts, tests/unit/engine-fingerprint.test.ts.
 */
import { bidiClass } from '../../../typeset/bidi.js';
import { citeOf, shapeLevelOf, type LineInline, type PlacedLine } from '../model.js';

/**
 * Runs of one font, size and baseline that are one stretch of the logical text, each drawn
 * left to right, the runs in logical order. A run joins inlines only where pdf.js will guess
 * the direction it is in (a right-to-left run it would call left-to-right, such as "5-" in an
 * Arabic number range, is drawn inline by inline), and an inline of right-to-left neutrals
 * (".%" for "%.") is drawn character by character.
 * pdf.js starts a new item where drawing jumps back to the left and forgets a space glyph
 * there: the spaces at the ends of the runs are drawn so that it keeps them (space-marks.ts).
 */
export function drawingOrder(visual: LineInline[]): LineInline[][] {
  if (!visual.some((i) => i.logicalIndex !== undefined)) return [visual];
  const runs: LineInline[][] = [];
  for (const inline of visual) {
    const run = runs[runs.length - 1];
    if (run && joins(run, inline)) run.push(inline);
    else runs.push([inline]);
  }
  // A run pdf.js would read in the wrong direction is drawn inline by inline.
  const readable = (run: LineInline[]) => run.length === 1 || pdfjsCallsRtl(run.map((i) => i.text).join('')) === run[1].logicalIndex! < run[0].logicalIndex!;
  const keyed = runs
    .flatMap((run) => (readable(run) ? [run] : run.map((i) => [i])))
    .map((run) => ({ run, first: Math.min(...run.map((i) => i.logicalIndex ?? Infinity)) }));
  keyed.sort((a, b) => a.first - b.first);
  return keyed.flatMap(({ run }) => (run.length === 1 ? byCharacter(run[0]).map((i) => [i]) : [run]));
}

/** Whether an inline continues a run: same font, size and baseline, next in logical order, same direction. */
function joins(run: LineInline[], inline: LineInline): boolean {
  const prev = run[run.length - 1];
  if (prev.font !== inline.font || prev.fontSize !== inline.fontSize || !!prev.sup !== !!inline.sup || !!prev.sub !== !!inline.sub) return false;
  const step = (inline.logicalIndex ?? NaN) - (prev.logicalIndex ?? NaN);
  if (Math.abs(step) !== 1) return false;
  return run.length === 1 || run[1].logicalIndex! - run[0].logicalIndex! === step;
}

/** An inline of right-to-left neutrals, split so that pdf.js reads its characters in logical order. */
function byCharacter(inline: LineInline): LineInline[] {
  const chars = [...inline.text];
  if (shapeLevelOf(inline) % 2 === 0 || chars.length < 2 || pdfjsCallsRtl(inline.text) || citeOf(inline) !== undefined) return [inline];
  const font = inline.font as { widthOfString(s: string, size: number): number };
  const pieces: LineInline[] = [];
  let x = inline.x;
  chars.forEach((ch, k) => {
    const width = k === chars.length - 1 ? inline.x + inline.width - x : font.widthOfString(ch, inline.fontSize);
    pieces.push({ ...inline, text: ch, x, width });
    x += width;
  });
  return pieces.reverse();
}

/**
 * Whether pdf.js's text extraction takes a string for right-to-left (its bidi(), pdf.js 5):
 * it counts R, AL and AN characters of the Hebrew and Arabic blocks and calls the string
 * right-to-left when there are any and they are at least 30% of it, or it is short.
 */
export function pdfjsCallsRtl(text: string): boolean {
  let n = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if ((c >= 0x0590 && c <= 0x05f4) || (c >= 0x0700 && c <= 0x08ac) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff)) n++;
    else if (c >= 0x0600 && c <= 0x06ff && ['R', 'AL', 'AN'].includes(bidiClass(c))) n++;
  }
  return n > 0 && (n / text.length >= 0.3 || text.length <= 4);
}

export interface DrawTarget {
  addNamedDestination(name: string, ...args: unknown[]): void;
  addContent(s: string): unknown;
}
export type RenderLine = (line: PlacedLine, x: number, y: number) => void;

/** Draws one line through pdfmake's renderLine (`draw`), run by run where it was reordered. */
export function renderLineInOrder(doc: DrawTarget, draw: RenderLine, line: PlacedLine, x: number, y: number): void {
  const runs = drawingOrder(line.inlines);
  if (runs.length === 1 || line._pageNodeRef) draw(line, x, y);
  else {
    // Each run drawn as a part of the line with the line's own height and baseline, inside
    // marked content: pdf.js ends a text item at marked content, so two runs never merge
    // into one item even where one ends just left of where the next begins.
    const height = line.getHeight();
    const ascender = line.getAscenderHeight();
    runs.forEach((run, k) => {
      const part = Object.assign(Object.create(line) as PlacedLine, { inlines: run, getHeight: () => height, getAscenderHeight: () => ascender });
      if (k > 0) Object.assign(part, { _outline: undefined, id: undefined });
      doc.addContent('/Span BMC');
      draw(part, x, y);
      doc.addContent('EMC');
    });
  }
  for (const inline of line.inlines) {
    // Marker destinations fnref-K, so notes can link back and outside checks can find them.
    const cite = citeOf(inline);
    if (cite !== undefined) doc.addNamedDestination(`fnref-${cite}`, 'XYZ', (x || 0) + inline.x, y || 0, null);
  }
}
