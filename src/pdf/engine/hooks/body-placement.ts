/**
 * Hook: a body line or unbreakable block is placed only where its notes fit on the page; the
 *   first line of a unit of a kept block let split (kept-blocks.ts) only where the whole unit
 *   and its notes fit.
 *
 * Wraps: ElementWriter.prototype.addLine and addFragment (pdfmake/js/ElementWriter.js). These
 *   stay patches of the prototype: the writers are made inside pdfmake's tryLayoutDocument.
 *   They act only for a writer that carries a FootnoteRun (set by the engine's LayoutBuilder,
 *   document.ts, and by the note measurement, footnote-layout.ts); any other writer is
 *   pdfmake's, unchanged.
 * Why: a line whose notes do not fit below it must move to the next page. Returning false from
 *   ElementWriter.addLine/addFragment makes PageElementWriter._fitOnPage start a new page and
 *   try again; FootnoteRun.admit sends an item on at most once.
 * Relies on: PageElementWriter.addLine/addFragment calling ElementWriter's through _fitOnPage,
 *   which moves to the next page on a false result; addLine(line, dontUpdate, index) returning
 *   the position or false; line.y set on placing; context().page, y and availableHeight;
 *   addFragment(block, useX, useY, dontUpdate) where useX/useY mark repeated headers.
 * Guarded by: tests/render/footnotes.test.ts, tests/unit/engine-fingerprint.test.ts.
 */
import { citesOf, type Fragment, type PlacedLine } from '../model.js';
import { original, pdfmakeModule } from '../pin.js';
import type { WatchedWriter } from './footnote-layout.js';
import { MOVE_WHOLE_FRACTION } from './kept-blocks.js';

type AddLine = (this: WatchedWriter, line: PlacedLine, dontUpdate?: boolean, index?: number) => unknown;
type AddFragment = (this: WatchedWriter, block: Fragment, useX?: boolean, useY?: boolean, dontUpdate?: boolean) => unknown;

export function installBodyPlacement(): void {
  const ElementWriter = pdfmakeModule<{ prototype: object }>('ElementWriter');
  const addLine = original<AddLine>(ElementWriter.prototype, 'addLine');
  const addFragment = original<AddFragment>(ElementWriter.prototype, 'addFragment');
  Object.assign(ElementWriter.prototype, {
    addLine(this: WatchedWriter, line: PlacedLine, dontUpdate?: boolean, index?: number) {
      const run = this.footnotes;
      if (run?.phase === 'measure' && this === run.measureWriter) run.recordMeasuredLine(line);
      if (!run?.isBodyWriter(this) || dontUpdate) return addLine.call(this, line, dontUpdate, index);
      const ctx = this.context();
      const page = ctx.page;
      // The first line of a unit of a planned kept block (kept-blocks.ts): the whole unit, with
      // its notes, must fit; and the first line of the block splits it only if the block does
      // not fit whole and at least MOVE_WHOLE_FRACTION of it would, else the block moves whole.
      const unit = run.keeps.unitStartingAt(line);
      if (unit && ctx.availableHeight >= line.getHeight()) {
        const { whole } = unit;
        // The space it would leave empty runs from the foot of what the page holds (margins
        // above the block included) to the notes.
        const moveWhole =
          whole &&
          !run.planner.fits(page, ctx.y, whole.height, whole.cites) &&
          !run.planner.fits(page, run.bodyBottom[page] ?? ctx.y, MOVE_WHOLE_FRACTION * whole.height, []);
        if (!run.admit(line, page, ctx.y, moveWhole ? Infinity : unit.height, unit.cites)) return false;
      }
      const height = line.getHeight();
      const notes = citesOf([line]);
      if (ctx.availableHeight >= height && !run.admit(line, page, ctx.y, height, notes)) return false;
      const position = addLine.call(this, line, dontUpdate, index);
      if (position) run.placed(page, (line.y ?? 0) + height, notes);
      return position;
    },
    addFragment(this: WatchedWriter, block: Fragment, useX?: boolean, useY?: boolean, dontUpdate?: boolean) {
      const run = this.footnotes;
      // Blocks placed at given offsets are repeated table headers and furniture, not body.
      if (!run?.isBodyWriter(this) || useX || useY || dontUpdate) return addFragment.call(this, block, useX, useY, dontUpdate);
      const ctx = this.context();
      const page = ctx.page;
      const y = ctx.y;
      const notes = citesOf(block.items.filter((i) => i.type === 'line').map((i) => i.item));
      if (ctx.availableHeight >= block.height && !run.admit(block, page, y, block.height, notes)) return false;
      const position = addFragment.call(this, block, useX, useY, dontUpdate);
      if (position) run.placed(page, y + block.height, notes);
      return position;
    },
  });
}
