/**
 * Hook: footnote layout, repeated until the notes settle.
 *
 * Overrides: LayoutBuilder.prototype.tryLayoutDocument (pdfmake/js/LayoutBuilder.js), in the
 *   engine's LayoutBuilder subclass (document.ts), for every body, with or without notes (the
 *   run also watches kept blocks, kept-blocks.ts): every note is measured once, then the body
 *   is laid out (pdfmake's own tryLayoutDocument, with the measurement reused:
 *   measure-reuse.ts) until the FootnotePlanner (../footnotes.ts) says the
 *   notes settled, at most MAX_PASSES times. The body writer asks the planner before it places
 *   a line or block (body-placement.ts); the notes are drawn with the page furniture
 *   (page-furniture.ts). Once settled, if a kept block moved and left too much space, the kept
 *   blocks are planned to split where they may (kept-blocks.ts) and the notes placed again
 *   from a fresh start, once. The last pass leaves in the FootnoteSpec which notes each page
 *   cites (`cited`), for notes numbered per page (pdf/note-numbering.ts).
 * Why: pdfmake has no footnotes. The design that converges: layout-only passes; a line whose
 *   notes do not fit goes to the next page; a marker only ever moves forward.
 * Relies on: tryLayoutDocument creating this.writer (a PageElementWriter over a fresh
 *   DocumentContext) and calling this.processNode for the body and addHeadersAndFooters at the
 *   end; its result's linearNodeList (resetXY); builder.docMeasure.measureBlock and
 *   docPreprocessor.preprocessBlock for laying out a note off the page; DocumentContext.addPage
 *   and pages[].items of type 'line' with getHeight().
 * Guarded by: tests/render/footnotes.test.ts, tests/unit/footnotes.test.ts,
 *   tests/unit/engine-fingerprint.test.ts.
 */
import type { PdfNode } from '../../../typeset/content.js';
import { FootnotePlanner, MAX_PASSES, type NoteLines, type PageNotes } from '../../footnotes.js';
import type { DocumentContext, PageWriter, PlacedLine } from '../model.js';
import type { FootnoteSpec, LayoutStats } from '../state.js';
import { KeptBlocks } from './kept-blocks.js';
import { reuseMeasurement } from './measure-reuse.js';

const SEPARATOR = 10; // space above the notes: 6 pt, a 0.5 pt rule, 4 pt
const RULE_Y = 6;
const NOTE_GAP = 1.5;

/** A writer the footnote layout watches: the body writer, or the writer measuring a note. */
export interface WatchedWriter extends PageWriter {
  footnotes?: FootnoteRun;
}

/** The parts of pdfmake's LayoutBuilder the footnote layout uses. */
export interface Builder {
  writer: WatchedWriter;
  linearNodeList: unknown[];
  pageSize: { width: number; height: number };
  pageMargins: { left: number; right: number; top: number; bottom: number };
  docMeasure: { measureBlock(n: unknown): unknown; measureDocument(d: unknown): unknown };
  docPreprocessor: { preprocessBlock(n: unknown): unknown };
  processNode(...args: unknown[]): void;
  addDynamicRepeatable(getter: (page: number) => unknown, size: (pageSize: unknown, margins: unknown) => unknown, name: string): void;
}

export interface LayoutClasses {
  DocumentContext: new () => DocumentContext;
  PageElementWriter: new (c: DocumentContext) => WatchedWriter;
}

/** One document's footnote layout across its passes. */
export class FootnoteRun {
  phase: 'measure' | 'body' | 'notes' = 'measure';
  readonly planner: FootnotePlanner;
  /** Kept blocks that moved, and those let split (kept-blocks.ts). */
  readonly keeps = new KeptBlocks();
  settled = false;
  pages: PageNotes[] = [];
  /** Characters of each line laid out while measuring. */
  private measuredChars: number[] = [];
  measureWriter: WatchedWriter | undefined;
  /** The last item sent to the next page, and from which page: it is not sent on twice. */
  private deferred: unknown;
  private deferredFrom = -1;

  constructor(
    readonly builder: Builder,
    readonly spec: FootnoteSpec,
    private readonly classes: LayoutClasses,
  ) {
    const { pageSize, pageMargins } = builder;
    this.planner = new FootnotePlanner(
      { bottom: () => pageSize.height - pageMargins.bottom, top: () => pageMargins.top, separator: SEPARATOR, gap: NOTE_GAP },
      (n, from) => this.measure(n, from),
    );
  }

  get textWidth(): number {
    return this.builder.pageSize.width - this.builder.pageMargins.left - this.builder.pageMargins.right;
  }

  /** Lays a note (or its continuation from `from`) out at the text width, off the page. */
  private measure(n: number, from: number): NoteLines {
    const source = this.spec.notes.get(n);
    if (!source) return { heights: [], chars: [] };
    const { node, labelLength } = source.build({ from, continued: from > 0 });
    const context = new this.classes.DocumentContext();
    context.addPage({ width: this.textWidth, height: 1e7 }, { left: 0, right: 0, top: 0, bottom: 0 });
    const b = this.builder;
    const saved = { writer: b.writer, list: b.linearNodeList, phase: this.phase };
    const writer = new this.classes.PageElementWriter(context);
    writer.footnotes = this;
    b.writer = this.measureWriter = writer;
    b.linearNodeList = [];
    this.phase = 'measure';
    this.measuredChars = [];
    try {
      b.processNode(b.docMeasure.measureBlock(b.docPreprocessor.preprocessBlock(node)));
    } finally {
      b.writer = saved.writer;
      b.linearNodeList = saved.list;
      this.phase = saved.phase;
      this.measureWriter = undefined;
    }
    const heights = context.pages[0].items.filter((i) => i.type === 'line').map((i) => i.item.getHeight());
    const chars = this.measuredChars.slice();
    if (chars.length) chars[0] -= labelLength;
    return { heights, chars };
  }

  recordMeasuredLine(line: PlacedLine): void {
    this.measuredChars.push(line.inlines.reduce((n, i) => n + i.text.length, 0));
  }

  isBodyWriter(writer: unknown): boolean {
    return this.phase === 'body' && writer === this.builder.writer && this.builder.writer.transactionLevel === 0;
  }

  /** The foot of the body placed so far on each page, in this pass. */
  bodyBottom: number[] = [];

  /** Records a body item placed on a page, for the planner and for kept blocks. */
  placed(page: number, bottomY: number, notes: number[]): void {
    this.bodyBottom[page] = Math.max(this.bodyBottom[page] ?? -Infinity, bottomY);
    this.planner.placedItem(page, bottomY, notes);
  }

  /** May this body item stand here? If not, it goes to the next page, but only once. */
  admit(item: unknown, page: number, y: number, height: number, notes: number[]): boolean {
    if (this.planner.fits(page, y, height, notes)) return true;
    if (this.deferred === item && page > this.deferredFrom) return true;
    this.deferred = item;
    this.deferredFrom = page;
    return false;
  }

  /** Where the notes of a laid-out page begin: the foot of its body area less their height. */
  noteTop(page: number): number {
    return this.builder.pageSize.height - this.builder.pageMargins.bottom - (this.pages[page]?.height ?? 0);
  }

  /** The notes at the foot of one page, as a pdfmake stack, or null. */
  notesNode(page: number): PdfNode | null {
    const notes = this.pages[page];
    if (!notes?.parts.length) return null;
    const width = this.textWidth;
    const ruleWidth = Math.min(144, width / 3);
    const x1 = this.spec.dir === 'rtl' ? width - ruleWidth : 0;
    const stack: PdfNode[] = [{ canvas: [{ type: 'line', x1, y1: RULE_Y, x2: x1 + ruleWidth, y2: RULE_Y, lineWidth: 0.5, lineColor: '#555555' }] }];
    notes.parts.forEach((part, i) => {
      const { node } = this.spec.notes.get(part.n)!.build({ from: part.from, to: part.to, continued: part.continued });
      const margin = (node.margin as number[] | undefined) ?? [0, 0, 0, 0];
      node.margin = [margin[0], i === 0 ? SEPARATOR - RULE_Y : NOTE_GAP, margin[2], 0];
      stack.push(node);
    });
    return { stack };
  }
}

type LayoutResult = { linearNodeList: { resetXY(): void }[] };

/** Runs `layoutOnce` (pdfmake's tryLayoutDocument) until the notes of `run` settle. */
export function layoutWithFootnotes<R extends LayoutResult>(run: FootnoteRun, layoutOnce: () => R): R {
  const stats: LayoutStats = (run.spec.stats = { passes: 0, measureMs: 0, firstPassMs: 0, extraPassesMs: 0 });
  const restoreMeasure = reuseMeasurement(run.builder.docMeasure);
  try {
    let t = performance.now();
    for (const n of run.spec.notes.keys()) run.planner.noteHeight(n); // measure every note once, up front
    stats.measureMs = performance.now() - t;
    for (;;) {
      t = performance.now();
      run.planner.beginPass();
      run.keeps.beginPass();
      run.bodyBottom = [];
      run.phase = 'body';
      const result = layoutOnce();
      stats.passes++;
      if (stats.passes === 1) stats.firstPassMs = performance.now() - t;
      else stats.extraPassesMs += performance.now() - t;
      if (!run.settled && run.planner.passes < MAX_PASSES) {
        for (const node of result.linearNodeList) node.resetXY();
        continue;
      }
      // Settled: if a kept block moved leaving too much space, the kept blocks are planned to
      // split where they may (once), and the notes placed afresh for that body.
      if (!run.settled || !run.keeps.review((page) => run.noteTop(page))) {
        run.spec.cited = run.planner.citedOnPages();
        return result;
      }
      run.planner.restart();
      for (const node of result.linearNodeList) node.resetXY();
    }
  } finally {
    restoreMeasure();
  }
}
