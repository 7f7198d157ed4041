/**
 * THE ONLY MODULE THAT TOUCHES PDFMAKE INTERNALS.
 *
 * pdfmake has no bidirectional text: it places the words of a line left to right in logical
 * order. We give every inline an embedding level (typeset/runs.ts) and here, when pdfmake has
 * placed a line and before it aligns it, reorder the line's inlines by rule L2 of UAX #9 and
 * recompute their x positions. The hook is ElementWriter.prototype.alignLine, which pdfmake
 * calls once for every line it adds to a page (body, tables, headers and footers alike).
 *
 * We also use pdfmake's Printer directly (not its global singleton) so that fonts and access
 * policies are per build, and add a named destination at every citation marker.
 *
 * Line breaking: pdfmake finds break opportunities run by run with the plain `linebreak`
 * package and guesses at run boundaries. TextBreaker.getBreaks is replaced, for our paragraphs,
 * by typesetBreaks (typeset/linebreak.ts) over the whole paragraph: UAX #14 with the Japanese
 * and Chinese line-start and line-end rules, and no break inside a Latin word in CJK text.
 *
 * Footnotes: pdfmake has none. LayoutBuilder.tryLayoutDocument is wrapped to measure the
 * notes and to repeat the body layout until notes settle (footnotes.ts decides); the
 * ElementWriter's addLine and addFragment ask the planner whether a body line or unbreakable
 * block may stand where pdfmake would put it, given the notes its page must hold; and
 * LayoutBuilder.addHeadersAndFooters draws each page's notes above the footer margin.
 *
 * These are internals, so the exact pdfmake version is pinned in package.json and checked
 * here; tests/unit/pdfmake-pin.test.ts fails if it moves. Re-read ElementWriter.alignLine,
 * Line, Renderer.renderLine and Printer.createPdfKitDocument before changing the pin.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { NoteSource, PdfNode } from '../typeset/content.js';
import { bidiClass, mirroredChar, prepareForFontkit, reorderByLevels } from '../typeset/bidi.js';
import { FONTS_DIR, MIRRORED, pdfmakeFontTable } from '../typeset/fonts.js';
import { typesetBreaks } from '../typeset/linebreak.js';
import { FootnotePlanner, MAX_PASSES, type NoteLines, type PageNotes } from './footnotes.js';

const require = createRequire(import.meta.url);

export const PINNED_PDFMAKE_VERSION = '0.3.11';

export function installedPdfmakeVersion(): string {
  return (require('pdfmake/package.json') as { version: string }).version;
}

interface PdfInline {
  text: string;
  width: number;
  x: number;
  leadingCut?: number;
  trailingCut?: number;
  _level?: number;
  _shapeLevel?: number;
  _cite?: number;
  _shaped?: boolean;
  _mirror?: boolean;
  /** Index of the inline in logical order, set when a line is reordered. */
  _logical?: number;
  font: unknown;
  fontSize: number;
  sup?: boolean;
  sub?: boolean;
}

interface PdfLine {
  inlines: PdfInline[];
  leadingCut: number;
  trailingCut: number;
  x?: number;
  y?: number;
  _visual?: boolean;
  _pageNodeRef?: unknown;
  getHeight(): number;
  getAscenderHeight(): number;
}

type Ctor = { prototype: Record<string, unknown> };
let installed = false;

/** Reorder one placed line by rule L2 and lay its inlines out left to right in that order. */
export function reorderLine(line: PdfLine): void {
  if (line._visual || !line.inlines.length) return;
  line._visual = true;
  const levels = line.inlines.map((i) => i._level ?? 0);
  for (const inline of line.inlines) {
    // fontkit picks the direction of a run from its script; where that disagrees with the
    // resolved level (digits or neutrals in right-to-left text, Arabic-Indic digits in a
    // left-to-right number), hand it the text pre-reversed so it comes out in visual order.
    // A mirrored character keeps its own text: its font instance draws the mirror glyph.
    if (!inline._shaped && !inline._mirror) {
      inline.text = prepareForFontkit(inline.text, inline._shapeLevel ?? inline._level ?? 0);
      inline._shaped = true;
    }
  }
  if (levels.every((l) => l === 0)) return;
  const order = reorderByLevels(levels);
  line.inlines.forEach((inline, i) => (inline._logical = i));
  const logicalFirst = line.inlines[0];
  const logicalLast = line.inlines[line.inlines.length - 1];
  const visual = order.map((i) => line.inlines[i]);
  // The cut white space at the line's logical start and end hangs outside the line: find on
  // which visual edge it now stands.
  let x = 0;
  if (visual[0] === logicalFirst && (logicalFirst._level ?? 0) % 2 === 0) x = -line.leadingCut;
  else if (visual[0] === logicalLast && (logicalLast._level ?? 0) % 2 === 1) x = -line.trailingCut;
  for (const inline of visual) {
    inline.x = x;
    x += inline.width;
  }
  line.inlines = visual;
}

/**
 * The order in which to draw a reordered line's inlines, for text extraction; where each is
 * drawn does not change. pdf.js makes one text item of glyphs that follow each other left to
 * right in one font, guesses the item's direction from its characters and, for right-to-left,
 * reverses it, and hands out the items in the order they were drawn. Drawn left to right, a
 * right-to-left line would come out part by part in the wrong order ("second half, first
 * half"). So: runs of one font, size and baseline that are one stretch of the logical text,
 * each drawn left to right, the runs in logical order. A run joins inlines only where pdf.js
 * will guess the direction it is in (a right-to-left run it would call left-to-right, such as
 * "5-" in an Arabic number range, is drawn inline by inline), and an inline of right-to-left
 * neutrals (".%" for "%.") is drawn character by character.
 * Limit: pdf.js starts a new item where drawing jumps back to the left and keeps no space
 * there, so a space between two fonts in right-to-left text (an Arabic word, a space, a Latin
 * name) is lost in pdf.js's text; poppler reads by position and keeps it.
 */
export function drawingOrder(visual: PdfInline[]): PdfInline[][] {
  if (!visual.some((i) => i._logical !== undefined)) return [visual];
  const runs: PdfInline[][] = [];
  for (const inline of visual) {
    const run = runs[runs.length - 1];
    if (run && joins(run, inline)) run.push(inline);
    else runs.push([inline]);
  }
  // A run pdf.js would read in the wrong direction is drawn inline by inline.
  const readable = (run: PdfInline[]) => run.length === 1 || pdfjsCallsRtl(run.map((i) => i.text).join('')) === run[1]._logical! < run[0]._logical!;
  const keyed = runs
    .flatMap((run) => (readable(run) ? [run] : run.map((i) => [i])))
    .map((run) => ({ run, first: Math.min(...run.map((i) => i._logical ?? Infinity)) }));
  keyed.sort((a, b) => a.first - b.first);
  return keyed.flatMap(({ run }) => (run.length === 1 ? byCharacter(run[0]).map((i) => [i]) : [run]));
}

/** Whether an inline continues a run: same font, size and baseline, next in logical order, same direction. */
function joins(run: PdfInline[], inline: PdfInline): boolean {
  const prev = run[run.length - 1];
  if (prev.font !== inline.font || prev.fontSize !== inline.fontSize || !!prev.sup !== !!inline.sup || !!prev.sub !== !!inline.sub) return false;
  const step = (inline._logical ?? NaN) - (prev._logical ?? NaN);
  if (Math.abs(step) !== 1) return false;
  return run.length === 1 || run[1]._logical! - run[0]._logical! === step;
}

/** An inline of right-to-left neutrals, split so that pdf.js reads its characters in logical order. */
function byCharacter(inline: PdfInline): PdfInline[] {
  const level = inline._shapeLevel ?? inline._level ?? 0;
  const chars = [...inline.text];
  if (level % 2 === 0 || chars.length < 2 || pdfjsCallsRtl(inline.text) || inline._cite !== undefined) return [inline];
  const font = inline.font as { widthOfString(s: string, size: number): number };
  const pieces: PdfInline[] = [];
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

/** What a document's notes need: their sources, direction, and where warnings go. */
export interface FootnoteSpec {
  notes: Map<number, NoteSource>;
  dir: 'ltr' | 'rtl';
  warnings: string[];
  /** Filled in by the layout: passes run and milliseconds spent. */
  stats?: LayoutStats;
}

export interface LayoutStats {
  passes: number;
  /** Measuring every note once, before the first pass. */
  measureMs: number;
  firstPassMs: number;
  /** All passes after the first together (0 when the first settled). */
  extraPassesMs: number;
}

/** The footnote spec rides on the footer function, the one argument that reaches tryLayoutDocument. */
const FOOTNOTES = Symbol('dossier-press footnotes');

const SEPARATOR = 10; // space above the notes: 6 pt, a 0.5 pt rule, 4 pt
const RULE_Y = 6;
const NOTE_GAP = 1.5;

interface Writer {
  transactionLevel: number;
  context(): Context;
}
interface Context {
  page: number;
  y: number;
  availableHeight: number;
  pages: { items: { type: string; item: PdfLine & { getHeight(): number } }[] }[];
  addPage(size: unknown, margins?: unknown): void;
}
interface Builder {
  writer: Writer;
  linearNodeList: unknown[];
  pageSize: { width: number; height: number };
  pageMargins: { left: number; right: number; top: number; bottom: number };
  docMeasure: { measureBlock(n: unknown): unknown };
  docPreprocessor: { preprocessBlock(n: unknown): unknown };
  processNode(n: unknown): void;
  addDynamicRepeatable(getter: (page: number) => unknown, size: (pageSize: unknown, margins: unknown) => unknown, name: string): void;
}

/** One document's footnote layout across its passes. */
class FootnoteRun {
  phase: 'measure' | 'body' | 'notes' = 'measure';
  readonly planner: FootnotePlanner;
  settled = false;
  pages: PageNotes[] = [];
  /** Characters of each line laid out while measuring. */
  private measuredChars: number[] = [];
  measureWriter: Writer | undefined;
  /** The last item sent to the next page, and from which page: it is not sent on twice. */
  private deferred: unknown;
  private deferredFrom = -1;

  constructor(
    readonly builder: Builder,
    readonly spec: FootnoteSpec,
    private readonly ctors: { DocumentContext: new () => Context; PageElementWriter: new (c: Context) => Writer },
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
    const context = new this.ctors.DocumentContext();
    context.addPage({ width: this.textWidth, height: 1e7 }, { left: 0, right: 0, top: 0, bottom: 0 });
    const b = this.builder;
    const saved = { writer: b.writer, list: b.linearNodeList, phase: this.phase };
    b.writer = this.measureWriter = new this.ctors.PageElementWriter(context);
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

  recordMeasuredLine(line: PdfLine): void {
    this.measuredChars.push(line.inlines.reduce((n, i) => n + i.text.length, 0));
  }

  isBodyWriter(writer: unknown): boolean {
    return this.phase === 'body' && writer === this.builder.writer && this.builder.writer.transactionLevel === 0;
  }

  /** May this body item stand here? If not, it goes to the next page, but only once. */
  admit(item: unknown, page: number, y: number, height: number, notes: number[]): boolean {
    if (this.planner.fits(page, y, height, notes)) return true;
    if (this.deferred === item && page > this.deferredFrom) return true;
    this.deferred = item;
    this.deferredFrom = page;
    return false;
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

let activeRun: FootnoteRun | undefined;

/** Calls `visit` for every measured text node of a pdfmake document tree. */
function forEachText(node: unknown, visit: (node: Record<string, unknown>, inlines: Record<string, unknown>[]) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) forEachText(n, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  if (Array.isArray(n._inlines)) visit(n, n._inlines as Record<string, unknown>[]);
  for (const key of ['stack', 'columns', 'ul', 'ol', 'section']) if (n[key]) forEachText(n[key], visit);
  const table = n.table as { body?: unknown[][] } | undefined;
  if (table?.body) forEachText(table.body, visit);
}

function citesOf(lines: (PdfLine | undefined)[]): number[] {
  const out: number[] = [];
  for (const line of lines) for (const inline of line?.inlines ?? []) if (inline._cite !== undefined) out.push(inline._cite);
  return out;
}

interface BreakInline {
  text?: unknown;
  _lang?: string;
}
interface Word {
  text: string;
  lineEnd?: boolean;
  noNewLine?: boolean;
}

/**
 * Splits a paragraph's inlines into the words pdfmake places, at the paragraph's break
 * opportunities: a word ends at a break; a word that runs on into the next inline (no break
 * at the boundary) is marked noNewLine, as pdfmake does; a hard line break ends a line.
 */
export function paragraphWords(inlines: BreakInline[], lang: string): Word[][] {
  const texts = inlines.map((i) => (i.text === undefined || i.text === null ? '' : String(i.text)));
  const full = texts.join('');
  const breaks = new Set(typesetBreaks(full, lang).map((b) => b.position));
  const out: Word[][] = [];
  let offset = 0;
  for (const text of texts) {
    const words: Word[] = [];
    let last = 0;
    for (let k = 1; k <= text.length; k++) {
      if (k < text.length && !breaks.has(offset + k)) continue;
      const word: Word = { text: text.slice(last, k) };
      if (/\r?\n$|\r$/.test(word.text)) {
        word.text = word.text.replace(/\r?\n$|\r$/, '');
        word.lineEnd = true;
      }
      words.push(word);
      last = k;
    }
    const end = offset + text.length;
    const last_ = words[words.length - 1];
    if (!words.length) words.push({ text: '' });
    else if (!last_.lineEnd && end < full.length && !breaks.has(end)) last_.noNewLine = true;
    out.push(words);
    offset = end;
  }
  return out;
}

/** Patches pdfmake once per process. Throws if the installed pdfmake is not the pinned one. */
export function installPdfmakeHooks(): void {
  if (installed) return;
  const version = installedPdfmakeVersion();
  if (version !== PINNED_PDFMAKE_VERSION) {
    throw new Error(`pdfmake ${version} is installed but ${PINNED_PDFMAKE_VERSION} is pinned: src/pdf/pdfmake-internals.ts depends on its internals`);
  }
  const ElementWriter = (require('pdfmake/js/ElementWriter.js') as { default: Ctor }).default;
  const Renderer = (require('pdfmake/js/Renderer.js') as { default: Ctor }).default;
  const LayoutBuilder = (require('pdfmake/js/LayoutBuilder.js') as { default: Ctor }).default;
  const DocumentContext = (require('pdfmake/js/DocumentContext.js') as { default: new () => Context }).default;
  const PageElementWriter = (require('pdfmake/js/PageElementWriter.js') as { default: new (c: Context) => Writer }).default;
  const original = <T>(proto: Record<string, unknown>, name: string): T => {
    if (typeof proto[name] !== 'function') throw new Error(`pdfmake internals moved: ${name}`);
    return proto[name] as T;
  };

  const TextBreaker = (require('pdfmake/js/TextBreaker.js') as { default: Ctor }).default;
  type GetBreaks = (this: unknown, texts: unknown, styles: { constructor: { copyStyle(a: unknown, b: unknown): unknown } }) => unknown[];
  const getBreaks = original<GetBreaks>(TextBreaker.prototype, 'getBreaks');
  const StyleContextStack = (require('pdfmake/js/StyleContextStack.js') as { default: { copyStyle(source: unknown, dest: Record<string, unknown>): Record<string, unknown> } }).default;
  TextBreaker.prototype.getBreaks = function (this: unknown, texts: unknown, styles: Parameters<GetBreaks>[1]) {
    // Ours carry _lang; anything else (pdfmake's own texts) keeps pdfmake's breaking.
    if (!Array.isArray(texts) || !texts.length || !texts.every((t) => t && typeof t === 'object' && typeof (t as BreakInline)._lang === 'string')) {
      return getBreaks.call(this, texts, styles);
    }
    const inlines = texts as BreakInline[];
    const results: Record<string, unknown>[] = [];
    paragraphWords(inlines, inlines[0]._lang!).forEach((words, i) => {
      for (const word of words) results.push(StyleContextStack.copyStyle(inlines[i], { ...word }));
    });
    return results;
  } as GetBreaks;

  // Mirrored characters in right-to-left text: a family name ending in MIRRORED gets a second
  // instance of the family's font (its own subset and text mapping) that draws the mirror
  // glyph of each character it is given while mapping the glyph back to that character. One
  // glyph cannot map to two texts in one font, so "(" drawn as ")" needs its own instance.
  const PdfmakeDocument = (require('pdfmake/js/PDFDocument.js') as { default: Ctor }).default;
  interface EmbeddedFont {
    id: string;
    name: string;
    font: unknown;
    unicode: number[][];
    encode(text: string, features?: unknown): [string[], unknown[]];
    constructor: new (doc: unknown, font: unknown, id: string) => EmbeddedFont;
  }
  type ProvideFont = (this: { _fontCount: number; _fontFamilies: Record<string, EmbeddedFont>; _mirrored?: Map<EmbeddedFont, EmbeddedFont> }, family: string, bold: boolean, italics: boolean) => EmbeddedFont;
  const provideFont = original<ProvideFont>(PdfmakeDocument.prototype, 'provideFont');
  PdfmakeDocument.prototype.provideFont = function (this: ThisParameterType<ProvideFont>, family: string, bold: boolean, italics: boolean) {
    if (!family.endsWith(MIRRORED)) return provideFont.call(this, family, bold, italics);
    const base = provideFont.call(this, family.slice(0, -MIRRORED.length), bold, italics);
    this._mirrored ??= new Map();
    let mirror = this._mirrored.get(base);
    if (!mirror) {
      const m = new base.constructor(this, base.font, `F${++this._fontCount}`);
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
      this._fontFamilies[`${m.name}${MIRRORED}${m.id}`] = m; // embedded with the others
      this._mirrored.set(base, m);
      mirror = m;
    }
    return mirror;
  } as ProvideFont;

  // One text item per run of a font, for text extraction. pdfkit writes every inline as
  // q … BT /F Tf … ET Q; the Q takes the font out of the graphics state again, and pdf.js ends
  // its text item at a Q that changes the font, so every word became an item of its own and a
  // right-to-left line came out in visual word order (pdf.js reverses right-to-left text item
  // by item). Setting the same font outside the q as well (text state operators are allowed
  // outside text objects) leaves the font unchanged across the Q: consecutive words in one font
  // form one item, which pdf.js puts back into logical order as a whole.
  type PdfkitFragment = (this: { _font: { id: string }; _fontSize: number; addContent(s: string): unknown }, ...args: unknown[]) => unknown;
  const fragment = original<PdfkitFragment>(PdfmakeDocument.prototype as unknown as Record<string, unknown>, '_fragment');
  PdfmakeDocument.prototype._fragment = function (this: ThisParameterType<PdfkitFragment>, ...args: unknown[]) {
    if (this._font) this.addContent(`/${this._font.id} ${+this._fontSize.toFixed(5)} Tf`);
    return fragment.apply(this, args);
  } as PdfkitFragment;
  const alignLine = original<(this: unknown, line: PdfLine) => void>(ElementWriter.prototype, 'alignLine');
  ElementWriter.prototype.alignLine = function (this: unknown, line: PdfLine) {
    reorderLine(line);
    return alignLine.call(this, line);
  };

  type AddLine = (this: Writer, line: PdfLine & { getHeight(): number }, dontUpdate?: boolean, index?: number) => unknown;
  const addLine = original<AddLine>(ElementWriter.prototype, 'addLine');
  ElementWriter.prototype.addLine = function (this: Writer, line, dontUpdate, index) {
    const run = activeRun;
    if (run?.phase === 'measure' && this === run.measureWriter) run.recordMeasuredLine(line);
    if (!run?.isBodyWriter(this) || dontUpdate) return addLine.call(this, line, dontUpdate, index);
    const ctx = this.context();
    const page = ctx.page;
    const height = line.getHeight();
    const notes = citesOf([line]);
    if (ctx.availableHeight >= height && !run.admit(line, page, ctx.y, height, notes)) return false;
    const position = addLine.call(this, line, dontUpdate, index);
    if (position) run.planner.placedItem(page, (line.y ?? 0) + height, notes);
    return position;
  } as AddLine;

  interface Fragment {
    height: number;
    items: { type: string; item: PdfLine }[];
  }
  type AddFragment = (this: Writer, block: Fragment, useX?: boolean, useY?: boolean, dontUpdate?: boolean) => unknown;
  const addFragment = original<AddFragment>(ElementWriter.prototype, 'addFragment');
  ElementWriter.prototype.addFragment = function (this: Writer, block, useX, useY, dontUpdate) {
    const run = activeRun;
    // Blocks placed at given offsets are repeated table headers and furniture, not body.
    if (!run?.isBodyWriter(this) || useX || useY || dontUpdate) return addFragment.call(this, block, useX, useY, dontUpdate);
    const ctx = this.context();
    const page = ctx.page;
    const y = ctx.y;
    const notes = citesOf(block.items.filter((i) => i.type === 'line').map((i) => i.item));
    if (ctx.availableHeight >= block.height && !run.admit(block, page, y, block.height, notes)) return false;
    const position = addFragment.call(this, block, useX, useY, dontUpdate);
    if (position) run.planner.placedItem(page, y + block.height, notes);
    return position;
  } as AddFragment;

  type TryLayout = (this: Builder, ...args: unknown[]) => { linearNodeList: { resetXY(): void }[] };
  const tryLayoutDocument = original<TryLayout>(LayoutBuilder.prototype, 'tryLayoutDocument');
  LayoutBuilder.prototype.tryLayoutDocument = function (this: Builder, ...args: unknown[]) {
    const footer = args[6] as { [FOOTNOTES]?: FootnoteSpec } | undefined;
    const spec = footer?.[FOOTNOTES];
    if (!spec?.notes.size) return tryLayoutDocument.apply(this, args);
    const run = new FootnoteRun(this, spec, { DocumentContext, PageElementWriter });
    const stats: LayoutStats = (spec.stats = { passes: 0, measureMs: 0, firstPassMs: 0, extraPassesMs: 0 });
    activeRun = run;
    // Later passes reuse the first pass's measurement (most of a pass's cost): pdfmake would
    // measure the whole document again. What layout consumes or changes is put back: each
    // text's list of inlines (pdfmake takes them off as it fills lines), and each inline's
    // text and width (a word too long for a line is cut; reorderLine prepares the text).
    const measure = this.docMeasure as unknown as { measureDocument(d: unknown): unknown };
    const measureDocument = measure.measureDocument;
    let measured: unknown;
    const saved: { node: Record<string, unknown>; inlines: PdfInline[]; texts: string[]; widths: number[] }[] = [];
    measure.measureDocument = (doc: unknown) => {
      if (measured === undefined) {
        measured = measureDocument.call(measure, doc);
        forEachText(measured, (node, list) => {
          const inlines = list as unknown as PdfInline[];
          saved.push({ node, inlines: inlines.slice(), texts: inlines.map((i) => i.text), widths: inlines.map((i) => i.width) });
        });
      } else {
        for (const { node, inlines, texts, widths } of saved) {
          inlines.forEach((inline, k) => {
            inline.text = texts[k];
            inline.width = widths[k];
            inline._shaped = false;
          });
          node._inlines = inlines.slice();
        }
      }
      return measured;
    };
    try {
      let t = performance.now();
      for (const n of spec.notes.keys()) run.planner.noteHeight(n); // measure every note once, up front
      stats.measureMs = performance.now() - t;
      for (;;) {
        t = performance.now();
        run.planner.beginPass();
        run.phase = 'body';
        const result = tryLayoutDocument.apply(this, args);
        stats.passes = run.planner.passes;
        if (stats.passes === 1) stats.firstPassMs = performance.now() - t;
        else stats.extraPassesMs += performance.now() - t;
        if (run.settled || run.planner.passes >= MAX_PASSES) return result;
        for (const node of result.linearNodeList) node.resetXY();
      }
    } finally {
      activeRun = undefined;
      delete (measure as Partial<typeof measure>).measureDocument; // back to the prototype's
    }
  } as TryLayout;

  type AddFurniture = (this: Builder, header: unknown, footer: unknown) => void;
  const addHeadersAndFooters = original<AddFurniture>(LayoutBuilder.prototype, 'addHeadersAndFooters');
  LayoutBuilder.prototype.addHeadersAndFooters = function (this: Builder, header: unknown, footer: unknown) {
    // A bottom margin that does not fit on the last page makes pdfmake start a page it never
    // fills: drop empty pages at the end, before page numbers and notes are counted.
    const laidOut = this.writer.context().pages;
    while (laidOut.length > 1 && laidOut[laidOut.length - 1].items.length === 0) laidOut.pop();
    const run = activeRun;
    if (run?.builder === this && run.phase === 'body') {
      run.phase = 'notes';
      const context = this.writer.context();
      const { pages, settled, misplaced } = run.planner.finish(context.pages.length);
      run.settled = settled;
      if (!settled && run.planner.passes < MAX_PASSES) return; // another pass follows; draw nothing yet
      if (!settled) run.spec.warnings.push(`footnotes did not settle after ${run.planner.passes} layout passes; note${misplaced.length > 1 ? 's' : ''} ${misplaced.join(', ')} stand${misplaced.length > 1 ? '' : 's'} on a later page than ${misplaced.length > 1 ? 'their markers' : 'its marker'}`);
      run.pages = pages;
      // Notes that outrun the body get pages of their own.
      while (context.pages.length < pages.length) context.addPage(this.pageSize);
      this.addDynamicRepeatable(
        (pageNumber: number) => run.notesNode(pageNumber - 1),
        (pageSize, margins) => {
          const { width, height } = pageSize as { width: number; height: number };
          const m = margins as Builder['pageMargins'];
          const area = pages[this.writer.context().page]?.height ?? 0;
          return { x: m.left, y: height - m.bottom - area, width: width - m.left - m.right, height: area + 100 };
        },
        'footnotes',
      );
    }
    return addHeadersAndFooters.call(this, header, footer);
  };

  type RenderLine = (this: { pdfDocument: { addNamedDestination(name: string, ...args: unknown[]): void; addContent(s: string): unknown } }, line: PdfLine, x: number, y: number) => void;
  const renderLine = original<RenderLine>(Renderer.prototype, 'renderLine');
  Renderer.prototype.renderLine = function (this: ThisParameterType<RenderLine>, line: PdfLine, x: number, y: number) {
    const runs = drawingOrder(line.inlines);
    if (runs.length === 1 || line._pageNodeRef) renderLine.call(this, line, x, y);
    else {
      // Each run drawn as a part of the line with the line's own height and baseline, inside
      // marked content: pdf.js ends a text item at marked content, so two runs never merge
      // into one item even where one ends just left of where the next begins.
      const height = line.getHeight();
      const ascender = line.getAscenderHeight();
      runs.forEach((run, k) => {
        const part = Object.assign(Object.create(line) as PdfLine, { inlines: run, getHeight: () => height, getAscenderHeight: () => ascender });
        if (k > 0) Object.assign(part, { _outline: undefined, id: undefined });
        this.pdfDocument.addContent('/Span BMC');
        renderLine.call(this, part, x, y);
        this.pdfDocument.addContent('EMC');
      });
    }
    for (const inline of line.inlines) {
      // Marker destinations fnref-K, so notes can link back and outside checks can find them.
      if (inline._cite !== undefined) this.pdfDocument.addNamedDestination(`fnref-${inline._cite}`, 'XYZ', (x || 0) + inline.x, y || 0, null);
    }
  } as RenderLine;
  installed = true;
}

/**
 * The font files, read once per process and shared by every face and build: pdfmake reads a
 * font through its virtual file system when the file is there, else from disk, so serving the
 * fonts folder from memory saves reading the 19 MB CJK collection once per face per build.
 */
const fontBuffers = new Map<string, Buffer>();
const fontVfs = {
  existsSync: (p: unknown) => typeof p === 'string' && path.dirname(p) === FONTS_DIR && fs.existsSync(p),
  readFileSync: (p: string) => {
    let b = fontBuffers.get(p);
    if (!b) {
      b = fs.readFileSync(p);
      fontBuffers.set(p, b);
    }
    return b;
  },
  writeFileSync: () => {
    throw new Error('no virtual files');
  },
};

/** A virtual file system that holds nothing, for the URL resolver: nothing is downloaded. */
const emptyVfs = {
  existsSync: () => false,
  readFileSync: () => {
    throw new Error('no virtual files');
  },
  writeFileSync: () => {
    throw new Error('no virtual files');
  },
};

export interface RenderOptions {
  /** Folders pdfmake may read from (fonts, and the workspace). */
  allowedRoots: string[];
  /** Notes to set at the foot of the page that cites them. */
  footnotes?: FootnoteSpec;
}

/** Lays out and renders a pdfmake document definition to PDF bytes. */
export async function renderPdf(docDefinition: Record<string, unknown>, options: RenderOptions): Promise<Buffer> {
  installPdfmakeHooks();
  const Printer = (require('pdfmake/js/Printer.js') as { default: new (...args: unknown[]) => { createPdfKitDocument(d: unknown, o?: unknown): Promise<NodeJS.ReadableStream & { end(): void }> } }).default;
  const URLResolver = (require('pdfmake/js/URLResolver.js') as { default: new (fs: unknown) => { setUrlAccessPolicy(cb: (url: string) => boolean): void } }).default;
  const urlResolver = new URLResolver(emptyVfs);
  urlResolver.setUrlAccessPolicy(() => false); // never fetch anything
  // Local reads: only files whose real path (links resolved) lies under the fonts folder or
  // the workspace; anything that cannot be resolved is denied.
  const real = (p: string): string | undefined => {
    try {
      return fs.realpathSync(p);
    } catch {
      return undefined;
    }
  };
  const roots = [FONTS_DIR, ...options.allowedRoots].map((r) => (real(r) ?? path.resolve(r)) + path.sep);
  const localPolicy = (p: string) => {
    const resolved = real(p);
    return resolved !== undefined && roots.some((r) => resolved.startsWith(r));
  };
  const printer = new Printer(pdfmakeFontTable(), fontVfs, urlResolver, localPolicy);
  if (options.footnotes) {
    const footer = (docDefinition.footer as ((...a: unknown[]) => unknown) | undefined) ?? (() => null);
    docDefinition.footer = Object.assign((...a: unknown[]) => footer(...a), { [FOOTNOTES]: options.footnotes });
  }
  const doc = await printer.createPdfKitDocument(docDefinition);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
