/**
 * Hook: a block kept whole (an unbreakable quote, a keep-with-next chain such as a claim's
 * statement, status line and first quote) may leave its page for the next one only if the
 * space it leaves empty is less than half its height; otherwise it is cut, at the points where
 * ordinary text may break.
 *
 * Wraps: LayoutBuilder.prototype.processNode (pdfmake/js/LayoutBuilder.js), in the engine's
 *   LayoutBuilder subclass (document.ts), for unbreakable nodes of the body; reads the page
 *   items the committed block left (ElementWriter.addFragment). Reviewed after the first
 *   settled layout (footnote-layout.ts); acts on the lines of planned blocks through
 *   body-placement.ts.
 * Why: pdfmake moves an unbreakable block that does not fit to the next page whole, whatever it
 *   leaves behind; our pages ended 15-35% empty above their notes. Where a block can be cut is
 *   only known from its lines, after a layout: the first layout keeps every block whole and
 *   records its lines. If one moved and left at least half its height empty where a first part
 *   of it would have fit, every kept block with a legal cut is made breakable and planned, and
 *   the layout runs again (once). Its lines are grouped into units that are never cut: at least
 *   two lines of a paragraph and two of the block on each side of a cut (no orphan, no widow),
 *   and no cut right after a paragraph kept with the next (headings, a claim's statement and
 *   status, a quote's stance label). In that layout the block's first line asks whether the
 *   whole block fits with its notes; if not, whether the page has room for half of it, else it
 *   goes to the next page whole; the first line of each unit asks whether the unit fits with
 *   its notes (body-placement.ts).
 *   Half, not the whole height: a block that does not fit leaves less than its own height empty
 *   unless its notes took the room, so "no more than its height" would rarely cut anything.
 *   With half, a block is cut only when more of it would stay than go; a block of which less
 *   than half fits moves whole, and the space it leaves is at most half of what moved.
 * Relies on: processNode(node) laying out an unbreakable node at writer.transactionLevel 0 in a
 *   transaction (beginUnbreakableBlock, commitUnbreakableBlock) and committing it through
 *   addFragment at context().y of the page it lands on, pushing its lines (clones, y absolute)
 *   and other items onto context().pages[page].items; `unbreakable`, `stack`, `columns` and
 *   `table.body` read again on every pass from the same (measured) node objects
 *   (measure-reuse.ts); DocumentContext.snapshots empty outside column groups and tables.
 * Guarded by: tests/render/kept-blocks.test.ts, tests/render/footnotes.test.ts,
 *   tests/unit/engine-fingerprint.test.ts.
 */
import type { Block } from '../../../template/tree.js';
import { citesOf, type DocumentContext, type PlacedLine } from '../model.js';

/**
 * A kept block may move whole when the space it leaves empty is less than this fraction of its
 * own height (see above).
 */
export const MOVE_WHOLE_FRACTION = 0.5;

/** A body line of a kept block as laid out: its paragraph and place on the page. */
export interface LaidLine {
  block: Block;
  keepWithNext: boolean;
  top: number;
  bottom: number;
  line: PlacedLine;
}

/** A run of lines that must stand on one page: its height and the notes its lines cite. */
export interface Unit {
  height: number;
  cites: number[];
  /** On the first unit of a block: the whole block's height and notes. */
  whole?: { height: number; cites: number[] };
}

/** A kept block as the last pass laid it out. */
interface Laid {
  node: PdfmakeNode;
  /** The page it would have stood on (0-based) and the page it stands on. */
  from: number;
  to: number;
  height: number;
  lines: LaidLine[];
  /** Whether it holds anything but text lines and rules (an image: it is never split). */
  atomic: boolean;
  /** The lowest point of the body on the page it left, when it moved. */
  leftBottom: number;
}

type PdfmakeNode = Record<string, unknown>;
type PageItem = { type: string; item: PlacedLine & { y?: number; _height?: number } };

const EPSILON = 0.01;
/** Lines of a paragraph, and of a kept block, that must stand together on each side of a break. */
const MIN_LINES = 2;

function originOf(line: PlacedLine): { block: Block; keepWithNext: boolean } | undefined {
  for (const inline of line.inlines) {
    const mark = inline.dossierRun;
    // Labels (list markers, note numbers) are not the text of a paragraph.
    if (mark?.origin && !mark.origin.label) return { block: mark.origin.block, keepWithNext: Boolean(mark.keepWithNext) };
  }
  return undefined;
}

/**
 * Kept blocks of one build, across its passes. The first layout keeps every block whole and
 * records how each was laid out. If one of them moved and left more than its share of space
 * empty, every kept block that has a legal place to break is made breakable and planned: in the
 * following passes its first line asks whether the whole block fits, and if not, whether enough
 * of it would (else it goes to the next page whole); the first line of each later unit asks
 * whether that unit fits (body-placement.ts).
 */
export class KeptBlocks {
  /** The first line of each unit of the planned blocks, by paragraph and line number in it. */
  private readonly unitStarts = new Map<Block, Map<number, Unit>>();
  private laid: Laid[] = [];
  /** Line numbers within their paragraphs in this pass. */
  private lineNumbers = new WeakMap<PlacedLine, number>();
  private linesSeen = new Map<Block, number>();
  /** Whether the blocks are planned (once per build). */
  planned = false;
  /** Blocks planned, for the layout statistics. */
  plannedCount = 0;

  beginPass(): void {
    this.laid = [];
    this.lineNumbers = new WeakMap();
    this.linesSeen = new Map();
  }

  /**
   * Lays out one node of the body writer, outside any transaction, with `layout` (pdfmake's
   * processNode); when it is an unbreakable block, remembers how it was laid out and whether it
   * moved to a later page.
   */
  around(node: PdfmakeNode, context: DocumentContext & { snapshots?: unknown[] }, layout: () => void): void {
    if (this.planned || !node.unbreakable || context.snapshots?.length) return layout();
    const from = context.page;
    const countBefore = context.pages.map((p) => p.items.length);
    layout();
    // The block stands where its items begin: the first page from `from` on it put items on.
    for (let page = from; page <= context.page; page++) {
      const items = context.pages[page].items.slice(countBefore[page] ?? 0) as PageItem[];
      if (!items.length) continue;
      // Nothing more is put on a page the block left: its body ends here (the notes, header
      // and footer are added to its items later).
      const leftBottom = page > from ? contentBottom(context.pages[from].items as PageItem[]) : Infinity;
      this.laid.push({ ...laidOut(node, items), from, to: page, leftBottom });
      return;
    }
  }

  /**
   * After the first settled pass: if a kept block moved and left more than its share of space
   * empty where a first part of it could have stood, plans every kept block that can break.
   * `limit(page)` is the y where the page's notes begin (or its text area ends). True when the
   * layout must run again.
   */
  review(limit: (page: number) => number): boolean {
    if (this.planned) return false;
    const splittable = this.laid.map((b) => (b.atomic || !b.lines.length ? undefined : unitsOf(b.lines))).map((u) => (u && u.length > 1 ? u : undefined));
    const worthIt = this.laid.some((b, i) => {
      const units = splittable[i];
      if (!units || b.to === b.from) return false;
      const gap = limit(b.from) - Math.min(b.leftBottom, limit(b.from));
      return gap >= MOVE_WHOLE_FRACTION * b.height && units[0].height <= gap + EPSILON;
    });
    if (!worthIt) return false;
    this.planned = true;
    this.laid.forEach((b, i) => {
      const units = splittable[i];
      if (!units) return;
      for (const [k, u] of units.entries()) {
        const first = u.lines[0];
        let starts = this.unitStarts.get(first.block);
        if (!starts) this.unitStarts.set(first.block, (starts = new Map()));
        const unit: Unit = { height: u.height, cites: citesOf(u.lines.map((l) => l.line)) };
        if (k === 0) unit.whole = { height: b.height, cites: citesOf(b.lines.map((l) => l.line)) };
        starts.set(u.lineNumber, unit);
      }
      unkeep(b.node);
      this.plannedCount++;
    });
    return true;
  }

  /**
   * The unit a body line begins, if it is the first line of a unit of a planned block; the
   * line is numbered within its paragraph on first sight (a line sent to the next page is
   * offered again, as the same object).
   */
  unitStartingAt(line: PlacedLine): Unit | undefined {
    if (!this.unitStarts.size) return undefined;
    const origin = originOf(line);
    if (!origin) return undefined;
    const starts = this.unitStarts.get(origin.block);
    if (!starts) return undefined;
    let n = this.lineNumbers.get(line);
    if (n === undefined) {
      n = this.linesSeen.get(origin.block) ?? 0;
      this.linesSeen.set(origin.block, n + 1);
      this.lineNumbers.set(line, n);
    }
    return starts.get(n);
  }
}

function laidOut(node: PdfmakeNode, items: PageItem[]): Pick<Laid, 'node' | 'height' | 'lines' | 'atomic'> {
  let top = Infinity;
  let bottom = -Infinity;
  let atomic = false;
  const lines: LaidLine[] = [];
  for (const { type, item } of items) {
    if (type === 'line') {
      const y = item.y ?? 0;
      const h = item.getHeight();
      top = Math.min(top, y);
      bottom = Math.max(bottom, y + h);
      const origin = originOf(item);
      if (!origin)
        atomic = true; // text we cannot place in a paragraph: keep the block whole
      else lines.push({ ...origin, top: y, bottom: y + h, line: item });
    } else if (type !== 'vector') {
      atomic = true;
    }
  }
  // Lines side by side (columns, table cells) cannot be cut in one place: keep such a block whole.
  for (let i = 1; i < lines.length; i++) if (lines[i].top < lines[i - 1].bottom - EPSILON) atomic = true;
  return { node, height: Math.max(0, bottom - top), lines, atomic };
}

/** The lowest point of the text and images on a page (its top margin when it has none). */
function contentBottom(items: PageItem[]): number {
  let bottom = -Infinity;
  for (const { type, item } of items) {
    if (type === 'line') bottom = Math.max(bottom, (item.y ?? 0) + item.getHeight());
    else if ((type === 'image' || type === 'svg') && item.y !== undefined) bottom = Math.max(bottom, item.y + (item._height ?? 0));
  }
  return bottom;
}

interface LaidUnit {
  lines: LaidLine[];
  /** The number of its first line within that line's paragraph. */
  lineNumber: number;
  height: number;
}

/**
 * Cuts a block's lines into the units that must stand together. A break after line i is
 * allowed only with at least two lines of the block on each side, and then between two lines
 * of one paragraph with at least two of its lines on each side, or between two paragraphs when
 * the first is not kept with the next. Undefined if the lines do not read as paragraphs one
 * after the other.
 */
export function unitsOf(lines: LaidLine[]): LaidUnit[] | undefined {
  const count = new Map<Block, number>();
  for (const l of lines) count.set(l.block, (count.get(l.block) ?? 0) + 1);
  const numberIn: number[] = [];
  const seen = new Map<Block, number>();
  for (const [i, l] of lines.entries()) {
    const n = seen.get(l.block) ?? 0;
    // A paragraph's lines must come together, or the block is not a run of paragraphs.
    if (n > 0 && lines[i - 1].block !== l.block) return undefined;
    numberIn.push(n);
    seen.set(l.block, n + 1);
  }
  const units: LaidUnit[] = [];
  let start = 0;
  const close = (end: number) => {
    const part = lines.slice(start, end + 1);
    units.push({ lines: part, lineNumber: numberIn[start], height: part[part.length - 1].bottom - part[0].top });
    start = end + 1;
  };
  for (let i = 0; i < lines.length - 1; i++) {
    const here = lines[i];
    const next = lines[i + 1];
    const legal =
      i + 1 >= MIN_LINES &&
      lines.length - (i + 1) >= MIN_LINES &&
      (here.block === next.block ? numberIn[i] + 1 >= MIN_LINES && count.get(here.block)! - (numberIn[i] + 1) >= MIN_LINES : !here.keepWithNext);
    if (legal) close(i);
  }
  close(lines.length - 1);
  return units;
}

/** Makes a node and every block inside it breakable. */
function unkeep(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) unkeep(n);
    return;
  }
  const n = node as PdfmakeNode;
  if (n.unbreakable) n.unbreakable = false;
  for (const key of ['stack', 'columns']) if (n[key]) unkeep(n[key]);
  const table = n.table as { body?: unknown[][] } | undefined;
  if (table?.body) unkeep(table.body);
}
