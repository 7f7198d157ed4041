/**
 * Document tree -> pdfmake content. Every text block becomes typeset runs (runs.ts) with
 * fonts and bidi levels; direction decides alignment and on which side indents and quote
 * rules stand. pdfmake's own knowledge of direction is nil: everything it needs is explicit.
 */
import type { Block, Dir, DocTree, Inline } from '../template/tree.js';
import type { StyleSheet } from '../template/render.js';
import { kindFontRole, STYLE_DEFAULTS, type BlockStyle } from '../template/style-keys.js';
import { MIRRORED } from './fonts.js';
import { runFontsOf, type HouseFonts } from './house-fonts.js';
import { RUN_MARK, type EngineInline, type RunMark, type TreeOrigin } from './contract.js';
import { qrNode } from './qr.js';
import { dropText, paragraphRuns, type Piece, type PieceStyle, type Run } from './runs.js';
import { imageContent } from './images.js';

export type { BlockStyle };

export interface ContentOptions {
  styles: StyleSheet;
  /** Formats a note number in the dossier's digits. */
  formatNumber: (n: number) => string;
  /**
   * The number printed for note n, by its marker and at the page foot: n itself unless the notes
   * are numbered per page (pdf/note-numbering.ts). Links and tags keep n, which is unique.
   */
  noteNumber?: (n: number) => number;
  /** The word that marks a note continued from the page before. */
  continuedLabel?: string;
  /** Width and height of the text area, in points: they bound which blocks may be kept whole. */
  textWidth: number;
  textHeight: number;
  /**
   * Width of the column blocks stand in when it is narrower than the text area (a table cell, a
   * list item), as far as it is known before layout: images are sized to it (typeset/images.ts).
   */
  columnWidth?: number;
  /** Collects the notes found in the tree; they are set at the page foot, not in the flow. */
  notes?: Map<number, NoteSource>;
  /** Space between columns set side by side (<columns>), in points. */
  columnGap?: number;
  /**
   * Page furniture (running header and footer): its text has no origin in the document tree
   * (so a tagged PDF marks it as an Artifact), and its paragraphs take the "furniture" class
   * where body paragraphs take "p".
   */
  furniture?: boolean;
  /** The template's house fonts (settings.yaml, fonts), each block's by its style's font role. */
  fonts?: HouseFonts;
}

/** A note, lifted out of the flow: it builds the pdfmake node of the note or of a part of it. */
export interface NoteSource {
  n: number;
  dir: Dir;
  /**
   * The note text from UTF-16 offset `from` to `to` (the whole note by default), after its
   * number, or after its number and the "continued" mark when it continues a note begun on the
   * page before. labelLength is the length of that label, which is not note text.
   */
  build(part?: { from?: number; to?: number; continued?: boolean }): { node: PdfNode; labelLength: number };
}

/** pdfmake content nodes are plain objects; this is the subset we produce. */
export type PdfNode = Record<string, unknown>;

const BASE: BlockStyle = STYLE_DEFAULTS;

/** A block's style: the `default` class, then its kind's class (p, h1, note...), then its own. */
export function resolveStyle(sheet: StyleSheet, ...classes: (string | undefined)[]): BlockStyle {
  const out: BlockStyle = { ...BASE };
  for (const [i, cls] of ['default', ...classes].entries()) {
    // Headings and notes have their font role by kind, over the default class's.
    if (i === 1) out.font = kindFontRole(cls) ?? out.font;
    if (!cls || !Object.hasOwn(sheet, cls)) continue;
    const s = sheet[cls];
    for (const key of Object.keys(BASE) as (keyof BlockStyle)[]) {
      if (Object.hasOwn(s, key) && typeof s[key] === typeof BASE[key]) (out as unknown as Record<string, unknown>)[key] = s[key];
    }
  }
  return out;
}

let isolateIds = 0;

/** Where pieces stand while the inlines of one block are walked. */
interface PieceContext {
  lang: string;
  dir: Dir;
  style: PieceStyle;
  isolate?: Piece['isolate'];
  /** The block being walked, and the innermost span around the text: the runs' origin. */
  block?: Block;
  span?: Inline;
  /** The address of the innermost `<a href>` around the text. */
  uri?: string;
}

function piecesOf(inlines: Inline[], ctx: PieceContext, opts: ContentOptions, out: Piece[] = []): Piece[] {
  const { lang, style, isolate } = ctx;
  const block = opts.furniture ? undefined : ctx.block;
  const origin = block ? { block, inline: ctx.span } : undefined;
  for (const inl of inlines) {
    switch (inl.kind) {
      case 'text':
        out.push({ text: inl.text, lang, style, isolate, origin, ...(ctx.uri ? { uri: ctx.uri } : {}) });
        break;
      case 'br':
        out.push({ text: '\n', lang, style, isolate, origin });
        break;
      case 'cite':
        // The marker is its own isolate: next to a number it must not join it ("1983" and
        // note 1 are not "19831"), so at the end of a right-to-left sentence it stands at the end.
        out.push({
          text: opts.formatNumber(opts.noteNumber?.(inl.n) ?? inl.n),
          lang,
          style: { ...style, bold: false },
          cite: inl.n,
          isolate: isolate ?? { id: ++isolateIds, dir: 'ltr' },
          origin: block ? { block, inline: inl } : undefined,
        });
        break;
      case 'span': {
        const spanDir = inl.dir ?? ctx.dir;
        const own = !isolate && spanDir !== ctx.dir ? { id: ++isolateIds, dir: spanDir } : isolate;
        const uri = opts.furniture ? ctx.uri : (inl.href ?? ctx.uri);
        piecesOf(inl.children, { ...ctx, lang: inl.lang ?? lang, dir: spanDir, style: { ...style, ...inl.style }, isolate: own, span: inl, uri }, opts, out);
        break;
      }
    }
  }
  return out;
}

/** A run as a pdfmake text inline carrying its RunMark (the contract with the engine). */
export function runToInline(run: Run, block: BlockStyle): EngineInline {
  const mark: RunMark = { level: run.level, shapeLevel: run.shapeLevel, lang: run.lang };
  if (run.cite !== undefined) mark.cite = run.cite;
  if (run.mirror) mark.mirror = true;
  if (run.uri) mark.uri = run.uri;
  if (run.origin) mark.origin = run.origin;
  const inline: EngineInline = {
    text: run.text,
    font: run.mirror ? `${run.family}${MIRRORED}` : run.family,
    bold: Boolean(run.style.bold) || block.bold,
    italics: Boolean(run.style.italic) || block.italics,
    [RUN_MARK]: mark,
  };
  if (run.style.small) inline.fontSize = block.fontSize * 0.85;
  if (run.cite !== undefined) {
    inline.sup = true;
    inline.linkToDestination = `fn-${run.cite}`;
  }
  if (run.link) inline.linkToDestination = run.link;
  if (run.uri) inline.link = run.uri;
  return inline;
}

/** One paragraph of text as a pdfmake text node. */
export function textNode(
  inlines: Inline[],
  lang: string,
  dir: Dir,
  style: BlockStyle,
  opts: ContentOptions,
  block?: Block,
  label?: TreeOrigin['label'],
): PdfNode {
  const pieces = piecesOf(inlines, { lang, dir, style: {}, block }, opts);
  if (label) for (const p of pieces) p.origin = p.origin && { ...p.origin, label };
  const node = runsNode(paragraphRuns(pieces, dir, runFontsOf(opts.fonts, style.font, style.bold, style.italics)), dir, style);
  estimates.set(node, estimateText(node.text as PdfNode[], style, opts.textWidth - style.indent));
  return node;
}

/**
 * Rough upper bounds of block heights, known before layout. pdfmake drops an unbreakable block
 * taller than a page without a word, so only blocks well under a page are kept whole.
 */
const estimates = new WeakMap<PdfNode, number>();
/** Blocks to keep on the page of the block after them (see blockContent). */
const keepsWithNext = new WeakSet<PdfNode>();
const LINE_EM = 1.8; // tallest line of our fonts (Noto Naskh Arabic), in em

function estimateText(inlines: PdfNode[], style: BlockStyle, width: number): number {
  let ems = 0;
  let breaks = 0;
  for (const inline of inlines) {
    const text = String(inline.text ?? '');
    ems += (text.length * Number(inline.fontSize ?? style.fontSize)) / style.fontSize; // no glyph is wider than 1 em
    for (const ch of text) if (ch === '\n') breaks++;
  }
  const lines = Math.ceil((ems * style.fontSize) / Math.max(width, 1)) + breaks;
  return Math.max(1, lines) * style.fontSize * style.lineHeight * LINE_EM + style.marginTop + style.marginBottom;
}

function estimateOf(node: PdfNode): number {
  return estimates.get(node) ?? Infinity;
}

/** May a block of this estimated height be kept whole on one page? */
function keepable(height: number, opts: ContentOptions): boolean {
  return height <= opts.textHeight / 2;
}

function runsNode(runs: Run[], dir: Dir, style: BlockStyle): PdfNode {
  const start = style.indent;
  // Leading by line, from the fonts on that line: pdfmake makes each line as tall as its
  // tallest run, so an Arabic line keeps the room its marks need (Naskh is 1.70 em to Noto
  // Sans's 1.36) and a Latin line of the same paragraph keeps Latin leading, instead of
  // every line taking the tallest font's (a note with one Arabic title looked double-spaced).
  const inlines = runs.map((r) => {
    const inline = runToInline(r, style);
    inline.lineHeight = style.lineHeight;
    // pdfmake sets the last line of a justified paragraph on the left: the engine moves it
    // to the right in right-to-left text (hooks/line-order.ts).
    if (dir === 'rtl') inline[RUN_MARK].rtlParagraph = true;
    return inline;
  });
  return {
    text: inlines.length ? inlines : [{ text: '' }],
    alignment: pdfmakeAlignment(style.alignment, dir),
    fontSize: style.fontSize,
    lineHeight: style.lineHeight,
    color: style.color,
    margin: dir === 'rtl' ? [0, style.marginTop, start, style.marginBottom] : [start, style.marginTop, 0, style.marginBottom],
  };
}

/** pdfmake's alignment (left, right, center, justify) of a style's, by the text's direction. */
export function pdfmakeAlignment(alignment: BlockStyle['alignment'], dir: Dir): string {
  switch (alignment) {
    case 'center':
    case 'justify':
      return alignment;
    case 'end':
      return dir === 'rtl' ? 'left' : 'right';
    default:
      return dir === 'rtl' ? 'right' : 'left';
  }
}

function textBlock(b: Extract<Block, { kind: 'heading' | 'para' }>, kindClass: string, opts: ContentOptions): PdfNode {
  const style = resolveStyle(opts.styles, kindClass, b.cls);
  const node = textNode(b.children, b.lang, b.dir, style, opts, b);
  if (style.keepWithNext || b.kind === 'heading') {
    keepsWithNext.add(node);
    // The engine reads it from the lines too: a kept block it lets split is not cut after this one.
    for (const inline of node.text as EngineInline[]) if (inline[RUN_MARK]) inline[RUN_MARK].keepWithNext = true;
  }
  return node;
}

export function blockContent(blocks: Block[], opts: ContentOptions): PdfNode[] {
  const out = blockNodes(blocks, opts);
  // Keep-with-next (pdfmake has none): a block so marked and the one after it become one
  // unbreakable stack, when together they are small enough. Working backwards chains them.
  for (let i = out.length - 2; i >= 0; i--) {
    if (!keepsWithNext.has(out[i])) continue;
    const height = estimateOf(out[i]) + estimateOf(out[i + 1]);
    if (!keepable(height, opts)) continue;
    const group: PdfNode = { stack: [out[i], out[i + 1]], unbreakable: true };
    estimates.set(group, height);
    out.splice(i, 2, group);
  }
  return out;
}

function blockNodes(blocks: Block[], opts: ContentOptions): PdfNode[] {
  const out: PdfNode[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading': {
        out.push(textBlock(b, `h${b.level}`, opts)); // kept with the next block
        break;
      }
      case 'para':
        out.push(textBlock(b, opts.furniture ? 'furniture' : 'p', opts));
        break;
      case 'columns':
        out.push(columnsBlock(b, opts));
        break;
      case 'quote':
        out.push(quoteBlock(b, opts));
        break;
      case 'list':
        out.push(listBlock(b, opts));
        break;
      case 'table':
        out.push(tableBlock(b, opts));
        break;
      case 'note':
        opts.notes?.set(b.n, noteSource(b, opts));
        break;
      case 'pagebreak':
        out.push({ text: '', pageBreak: 'after' });
        break;
      case 'image': {
        const style = resolveStyle(opts.styles, 'figure', b.cls);
        const caption = b.caption && textNode(b.caption, b.lang, b.dir, resolveStyle(opts.styles, 'figcaption'), opts, b);
        const { node, height } = imageContent(b, style, caption, caption ? estimateOf(caption) : 0, opts);
        estimates.set(node, height);
        if (style.keepWithNext) keepsWithNext.add(node);
        out.push(node);
        break;
      }
      case 'qr':
        out.push(qrBlock(b, opts));
        break;
    }
  }
  return out;
}

/** A QR code and its address printed beside it (qr.ts); the address reads left to right. */
function qrBlock(b: Extract<Block, { kind: 'qr' }>, opts: ContentOptions): PdfNode {
  const style = resolveStyle(opts.styles, 'qr', b.cls);
  const address: Inline[] = [{ kind: 'span', dir: 'ltr', style: {}, children: [{ kind: 'text', text: b.value }] }];
  const text = textNode(address, b.lang, b.dir, { ...style, marginTop: 0, marginBottom: 0 }, { ...opts, textWidth: opts.textWidth - b.size }, b);
  return qrNode(b, text, style, opts.textWidth);
}

function noteSource(b: Extract<Block, { kind: 'note' }>, opts: ContentOptions): NoteSource {
  // Vertical space between notes is the footnote planner's; the style gives size and leading.
  const style = { ...resolveStyle(opts.styles, 'note'), marginTop: 0, marginBottom: 0 };
  const text = piecesOf(b.children, { lang: b.lang, dir: b.dir, style: {}, block: b }, opts);
  const textLength = text.reduce((n, p) => n + p.text.length, 0);
  return {
    n: b.n,
    dir: b.dir,
    build({ from = 0, to = textLength, continued = false } = {}) {
      const number = `${opts.formatNumber(opts.noteNumber?.(b.n) ?? b.n)}.`;
      // The number links back to the marker (fnref-K); a continuation says it continues.
      const label: Piece = continued
        ? {
            text: `${number} (${opts.continuedLabel ?? 'continued'}) `,
            lang: b.lang,
            style: { bold: true },
            origin: { block: b, label: { kind: 'note-number' } },
          }
        : { text: `${number} `, lang: b.lang, style: { bold: true }, link: `fnref-${b.n}`, origin: { block: b, label: { kind: 'note-number' } } };
      // Levels are resolved for the whole note, then the parts not on this page are left out.
      const runs = paragraphRuns([label, ...text], b.dir, runFontsOf(opts.fonts, style.font, style.bold, style.italics));
      const L = label.text.length;
      const kept = dropText(dropText(runs, L + to, L + textLength), L, L + from);
      const node = runsNode(kept, b.dir, style);
      if (!continued) node.id = `fn-${b.n}`;
      return { node, labelLength: L };
    },
  };
}

/** pdfmake's dash pattern for each rule style (a solid line has none). */
const RULE_DASHES: Record<BlockStyle['ruleStyle'], { dash: { length: number; space: number } } | undefined> = {
  solid: undefined,
  dashed: { dash: { length: 4, space: 2.5 } },
  dotted: { dash: { length: 1, space: 1.8 } },
};

function quoteBlock(b: Extract<Block, { kind: 'quote' }>, opts: ContentOptions): PdfNode {
  const style = resolveStyle(opts.styles, 'blockquote', b.cls);
  const rtl = b.dir === 'rtl';
  const inner = { ...opts, textWidth: opts.textWidth - style.indent - 8, columnWidth: opts.columnWidth && opts.columnWidth - style.indent - 8 };
  const children = blockContent(b.children, inner);
  const height = children.reduce((h, c) => h + estimateOf(c), 2 + style.marginTop + style.marginBottom);
  const node: PdfNode = {
    table: { widths: ['*'], body: [[{ stack: children }]] },
    layout: {
      hLineWidth: () => 0,
      // A rule on the side where lines start: left in left-to-right text, right in right-to-left;
      // its width and dashes from the style (the briefing tells stances apart by them).
      vLineWidth: (i: number) => ((rtl ? i === 1 : i === 0) ? style.rule : 0),
      vLineColor: () => '#777777',
      vLineStyle: () => RULE_DASHES[style.ruleStyle],
      paddingLeft: () => (rtl ? 0 : 8),
      paddingRight: () => (rtl ? 8 : 0),
      paddingTop: () => 1,
      paddingBottom: () => 1,
    },
    margin: rtl ? [0, style.marginTop, style.indent, style.marginBottom] : [style.indent, style.marginTop, 0, style.marginBottom],
    // A quote with its label and translation is not split over two pages, unless it is long.
    unbreakable: keepable(height, opts),
  };
  estimates.set(node, height);
  if (style.keepWithNext) keepsWithNext.add(node);
  return node;
}

function listBlock(b: Extract<Block, { kind: 'list' }>, opts: ContentOptions): PdfNode {
  // Lists are laid out as two-column tables so that markers can stand on the right in
  // right-to-left text (pdfmake's own lists always put them on the left).
  const style = resolveStyle(opts.styles, 'li');
  const rtl = b.dir === 'rtl';
  // Images in an item: the column less about two ems for the marker.
  const itemOpts = { ...opts, columnWidth: (opts.columnWidth ?? opts.textWidth) - 2 * style.fontSize };
  const body = b.items.map((item, i) => {
    const marker = textNode([{ kind: 'text', text: b.ordered ? `${opts.formatNumber(i + 1)}.` : '•' }], b.lang, b.dir, style, opts, b, {
      kind: 'list-marker',
      item: i,
    });
    const cell = { stack: blockContent(item, itemOpts) };
    return rtl ? [cell, marker] : [marker, cell];
  });
  return {
    table: { widths: rtl ? ['*', 'auto'] : ['auto', '*'], body },
    layout: 'noBorders',
    margin: [0, 0, 0, style.marginBottom],
  };
}

/**
 * Columns side by side, each with its own blocks, the first where lines start. pdfmake lays
 * each column out in turn; a column longer than the page goes on to the next page in its own
 * place. Nothing flows from one column into the next.
 */
function columnsBlock(b: Extract<Block, { kind: 'columns' }>, opts: ContentOptions): PdfNode {
  const gap = opts.columnGap ?? 0;
  const n = b.columns.length;
  const inner = { ...opts, textWidth: (opts.textWidth - gap * (n - 1)) / n, columnWidth: opts.columnWidth && (opts.columnWidth - gap * (n - 1)) / n };
  const columns = b.columns.map((blocks) => ({ width: '*', stack: blockContent(blocks, inner) }));
  return { columns: b.dir === 'rtl' ? columns.reverse() : columns, columnGap: gap };
}

function tableBlock(b: Extract<Block, { kind: 'table' }>, opts: ContentOptions): PdfNode {
  const rtl = b.dir === 'rtl';
  // Images in a cell: an equal share of the column (the columns are equal, '*'), less the cell padding (4 pt a side).
  const columnCount = Math.max(1, ...[...(b.header ? [b.header] : []), ...b.rows].map((r) => r.length));
  const cellOpts = { ...opts, columnWidth: (opts.columnWidth ?? opts.textWidth) / columnCount - 8 };
  const cell = (blocks: Block[], header: boolean) => ({ stack: blockContent(blocks, cellOpts), fillColor: header ? '#eeeeee' : undefined });
  const row = (cells: Block[][], header: boolean) => {
    const r = cells.map((c) => cell(c, header));
    return rtl ? r.reverse() : r; // column order follows the reading direction
  };
  const body = [...(b.header ? [row(b.header, true)] : []), ...b.rows.map((r) => row(r, false))];
  const columns = Math.max(1, ...body.map((r) => r.length));
  return {
    table: { headerRows: b.header ? 1 : 0, widths: new Array(columns).fill('*'), body },
    layout: 'lightHorizontalLines',
    margin: [0, 2, 0, 6],
  };
}

export function documentContent(tree: DocTree, opts: ContentOptions): PdfNode[] {
  return blockContent(tree.blocks, opts);
}
