/**
 * Hook: empty trailing pages dropped, and each page's notes drawn above the footer margin.
 *
 * Overrides: LayoutBuilder.prototype.addHeadersAndFooters (pdfmake/js/LayoutBuilder.js), in the
 *   engine's LayoutBuilder subclass (document.ts), before pdfmake's own adds header and footer.
 * Why: a bottom margin that does not fit on the last page makes pdfmake start a page it never
 *   fills (dropped before page numbers are counted); pdfmake has no footnotes, so a page's
 *   notes are drawn as a dynamic repeatable at the foot of its body area. When the planner has
 *   not settled and another pass follows, nothing is drawn.
 * Relies on: addHeadersAndFooters(header, footer) running once per pass after the body, with
 *   this.writer.context().pages complete; addDynamicRepeatable(getter, sizeFunction, name)
 *   calling getter(pageNumber) and sizeFunction(pageSize, margins) for every page while
 *   writer.context().page is that page; DocumentContext.addPage.
 * Guarded by: tests/render/trailing-page.test.ts, tests/render/footnotes.test.ts,
 *   tests/unit/engine-fingerprint.test.ts.
 */
import { MAX_PASSES } from '../../footnotes.js';
import type { Builder, FootnoteRun } from './footnote-layout.js';

/** Drops pages at the end that hold nothing. */
export function dropEmptyTrailingPages(builder: Builder): void {
  const laidOut = builder.writer.context().pages;
  while (laidOut.length > 1 && laidOut[laidOut.length - 1].items.length === 0) laidOut.pop();
}

/**
 * Finishes a body pass of `run`: records whether the notes settled and, if this pass is the
 * last, adds every page's notes as a repeatable. Returns false when another pass follows (then
 * the pass's furniture is not drawn at all).
 */
export function addNotesToPages(builder: Builder, run: FootnoteRun): boolean {
  run.phase = 'notes';
  const context = builder.writer.context();
  const { pages, settled, misplaced } = run.planner.finish(context.pages.length);
  run.settled = settled;
  if (!settled && run.planner.passes < MAX_PASSES) return false;
  if (!settled) {
    const many = misplaced.length > 1;
    run.spec.warnings.push(
      `footnotes did not settle after ${run.planner.passes} layout passes; note${many ? 's' : ''} ${misplaced.join(', ')} stand${many ? '' : 's'} on a later page than ${many ? 'their markers' : 'its marker'}`,
    );
  }
  run.pages = pages;
  // Notes that outrun the body get pages of their own.
  while (context.pages.length < pages.length) context.addPage(builder.pageSize);
  builder.addDynamicRepeatable(
    (pageNumber: number) => run.notesNode(pageNumber - 1),
    (pageSize, margins) => {
      const { width, height } = pageSize as { width: number; height: number };
      const m = margins as Builder['pageMargins'];
      const area = pages[builder.writer.context().page]?.height ?? 0;
      return { x: m.left, y: height - m.bottom - area, width: width - m.left - m.right, height: area + 100 };
    },
    'footnotes',
  );
  return true;
}
