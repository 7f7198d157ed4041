/**
 * Hook: later layout passes reuse the first pass's measurement.
 *
 * Overrides: the `measureDocument` of one DocMeasure instance (pdfmake/js/DocMeasure.js) for
 *   the duration of a footnote layout (footnote-layout.ts); removed afterwards.
 * Why: a footnote layout may run the body layout several times, and pdfmake would measure the
 *   whole document again each time (most of a pass's cost). What layout consumes or changes is
 *   put back instead: each text's list of inlines (pdfmake takes them off as it fills lines),
 *   and each inline's text and width (a word too long for a line is cut; line-order.ts
 *   prepares the text for fontkit).
 * Relies on: LayoutBuilder.tryLayoutDocument calling this.docMeasure.measureDocument(doc) once
 *   per pass and laying out what it returns; measured text nodes keeping their inlines in
 *   `_inlines` under stack, columns, ul, ol, section and table.body.
 * Guarded by: tests/render/footnotes.test.ts (the pathological table case runs three passes),
 *   tests/unit/engine-fingerprint.test.ts.
 */
import type { LineInline } from '../model.js';

interface Measurer {
  measureDocument(doc: unknown): unknown;
}

/** Calls `visit` for every measured text node of a pdfmake document tree. */
function forEachText(node: unknown, visit: (node: Record<string, unknown>, inlines: LineInline[]) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) forEachText(n, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  if (Array.isArray(n._inlines)) visit(n, n._inlines as LineInline[]);
  for (const key of ['stack', 'columns', 'ul', 'ol', 'section']) if (n[key]) forEachText(n[key], visit);
  const table = n.table as { body?: unknown[][] } | undefined;
  if (table?.body) forEachText(table.body, visit);
}

/** Makes `measurer` measure once and hand back a restored copy after; returns the undo. */
export function reuseMeasurement(measurer: Measurer): () => void {
  const measureDocument = measurer.measureDocument;
  let measured: unknown;
  const saved: { node: Record<string, unknown>; inlines: LineInline[]; texts: string[]; widths: number[] }[] = [];
  measurer.measureDocument = (doc: unknown) => {
    if (measured === undefined) {
      measured = measureDocument.call(measurer, doc);
      forEachText(measured, (node, inlines) => {
        saved.push({ node, inlines: inlines.slice(), texts: inlines.map((i) => i.text), widths: inlines.map((i) => i.width) });
      });
    } else {
      for (const { node, inlines, texts, widths } of saved) {
        inlines.forEach((inline, k) => {
          inline.text = texts[k];
          inline.width = widths[k];
          inline.shapedForLine = false;
        });
        node._inlines = inlines.slice();
      }
    }
    return measured;
  };
  return () => delete (measurer as Partial<Measurer>).measureDocument; // back to the prototype's
}
