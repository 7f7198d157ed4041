/**
 * Document tree -> pdfmake content. Every text block becomes typeset runs (runs.ts) with
 * fonts and bidi levels; direction decides alignment and on which side indents and quote
 * rules stand. pdfmake's own knowledge of direction is nil: everything it needs is explicit.
 */
import type { Block, Dir, DocTree, Inline, TextBlockBase } from '../template/tree.js';
import type { StyleSheet } from '../template/render.js';
import { paragraphRuns, type Piece, type PieceStyle, type Run } from './runs.js';

export interface BlockStyle {
  fontSize: number;
  bold: boolean;
  italics: boolean;
  color: string;
  lineHeight: number;
  marginTop: number;
  marginBottom: number;
  indent: number;
}

export interface ContentOptions {
  styles: StyleSheet;
  /** Formats a note number in the dossier's digits. */
  formatNumber: (n: number) => string;
}

/** pdfmake content nodes are plain objects; this is the subset we produce. */
export type PdfNode = Record<string, unknown>;

const BASE: BlockStyle = { fontSize: 10, bold: false, italics: false, color: '#000000', lineHeight: 1.25, marginTop: 0, marginBottom: 4, indent: 0 };

export function resolveStyle(sheet: StyleSheet, ...classes: (string | undefined)[]): BlockStyle {
  const out: BlockStyle = { ...BASE };
  for (const cls of ['default', ...classes]) {
    if (!cls || !Object.hasOwn(sheet, cls)) continue;
    const s = sheet[cls];
    for (const key of Object.keys(BASE) as (keyof BlockStyle)[]) {
      if (Object.hasOwn(s, key) && typeof s[key] === typeof BASE[key]) (out as unknown as Record<string, unknown>)[key] = s[key];
    }
  }
  return out;
}

let isolateIds = 0;

function piecesOf(inlines: Inline[], lang: string, dir: Dir, style: PieceStyle, opts: ContentOptions, isolate?: Piece['isolate'], out: Piece[] = []): Piece[] {
  for (const inl of inlines) {
    switch (inl.kind) {
      case 'text':
        out.push({ text: inl.text, lang, style, isolate });
        break;
      case 'br':
        out.push({ text: '\n', lang, style, isolate });
        break;
      case 'cite':
        // The marker is its own isolate: next to a number it must not join it ("1983" and
        // note 1 are not "19831"), so at the end of a right-to-left sentence it stands at the end.
        out.push({ text: opts.formatNumber(inl.n), lang, style: { ...style, bold: false }, cite: inl.n, isolate: isolate ?? { id: ++isolateIds, dir: 'ltr' } });
        break;
      case 'span': {
        const spanDir = inl.dir ?? dir;
        const own = !isolate && spanDir !== dir ? { id: ++isolateIds, dir: spanDir } : isolate;
        piecesOf(inl.children, inl.lang ?? lang, spanDir, { ...style, ...inl.style }, opts, own, out);
        break;
      }
    }
  }
  return out;
}

export function runToInline(run: Run, block: BlockStyle): PdfNode {
  const inline: PdfNode = {
    text: run.text,
    font: run.family,
    bold: Boolean(run.style.bold) || block.bold,
    italics: Boolean(run.style.italic) || block.italics,
    _level: run.level,
    _shapeLevel: run.shapeLevel,
    _lang: run.lang,
  };
  if (run.style.small) inline.fontSize = block.fontSize * 0.85;
  if (run.cite !== undefined) {
    inline.sup = true;
    inline.linkToDestination = `fn-${run.cite}`;
    inline._cite = run.cite;
  }
  return inline;
}

/** One paragraph of text as a pdfmake text node. */
export function textNode(inlines: Inline[], lang: string, dir: Dir, style: BlockStyle, opts: ContentOptions, extraMargin = 0, prefix?: Piece[]): PdfNode {
  const pieces = [...(prefix ?? []), ...piecesOf(inlines, lang, dir, {}, opts)];
  const runs = paragraphRuns(pieces, dir);
  const start = style.indent + extraMargin;
  return {
    text: runs.length ? runs.map((r) => runToInline(r, style)) : [{ text: '' }],
    alignment: dir === 'rtl' ? 'right' : 'left',
    fontSize: style.fontSize,
    lineHeight: style.lineHeight,
    color: style.color,
    margin: dir === 'rtl' ? [0, style.marginTop, start, style.marginBottom] : [start, style.marginTop, 0, style.marginBottom],
    _dir: dir,
  };
}

function textBlock(b: TextBlockBase, kindClass: string, opts: ContentOptions): PdfNode {
  const style = resolveStyle(opts.styles, kindClass, b.cls);
  return textNode(b.children, b.lang, b.dir, style, opts);
}

export function blockContent(blocks: Block[], opts: ContentOptions): PdfNode[] {
  const out = blockNodes(blocks, opts);
  // Keep each heading on the page of the block that follows it (pdfmake has no keep-with-next).
  for (let i = out.length - 2; i >= 0; i--) {
    if (out[i].headlineLevel) out.splice(i, 2, { stack: [out[i], out[i + 1]], unbreakable: true });
  }
  return out;
}

function blockNodes(blocks: Block[], opts: ContentOptions): PdfNode[] {
  const out: PdfNode[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading': {
        const node = textBlock(b, `h${b.level}`, opts);
        node.headlineLevel = b.level;
        out.push(node);
        break;
      }
      case 'para':
        out.push(textBlock(b, 'p', opts));
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
      case 'note': {
        const style = resolveStyle(opts.styles, 'note');
        const label: Piece = { text: `${opts.formatNumber(b.n)}. `, lang: b.lang, style: { bold: true } };
        const node = textNode(b.children, b.lang, b.dir, style, opts, 0, [label]);
        node.id = `fn-${b.n}`;
        out.push(node);
        break;
      }
      case 'pagebreak':
        out.push({ text: '', pageBreak: 'after' });
        break;
    }
  }
  return out;
}

function quoteBlock(b: Extract<Block, { kind: 'quote' }>, opts: ContentOptions): PdfNode {
  const style = resolveStyle(opts.styles, 'blockquote', b.cls);
  const rtl = b.dir === 'rtl';
  return {
    table: { widths: ['*'], body: [[{ stack: blockContent(b.children, opts) }]] },
    layout: {
      hLineWidth: () => 0,
      // A rule on the side where lines start: left in left-to-right text, right in right-to-left.
      vLineWidth: (i: number) => ((rtl ? i === 1 : i === 0) ? 1.2 : 0),
      vLineColor: () => '#777777',
      paddingLeft: () => (rtl ? 0 : 8),
      paddingRight: () => (rtl ? 8 : 0),
      paddingTop: () => 1,
      paddingBottom: () => 1,
    },
    margin: rtl ? [0, style.marginTop, style.indent, style.marginBottom] : [style.indent, style.marginTop, 0, style.marginBottom],
    // A quote with its label and translation is short: never split it over two pages.
    unbreakable: true,
  };
}

function listBlock(b: Extract<Block, { kind: 'list' }>, opts: ContentOptions): PdfNode {
  // Lists are laid out as two-column tables so that markers can stand on the right in
  // right-to-left text (pdfmake's own lists always put them on the left).
  const style = resolveStyle(opts.styles, 'li');
  const rtl = b.dir === 'rtl';
  const body = b.items.map((item, i) => {
    const marker = textNode([{ kind: 'text', text: b.ordered ? `${opts.formatNumber(i + 1)}.` : '•' }], b.lang, b.dir, style, opts);
    const cell = { stack: blockContent(item, opts) };
    return rtl ? [cell, marker] : [marker, cell];
  });
  return {
    table: { widths: rtl ? ['*', 'auto'] : ['auto', '*'], body },
    layout: 'noBorders',
    margin: [0, 0, 0, style.marginBottom],
  };
}

function tableBlock(b: Extract<Block, { kind: 'table' }>, opts: ContentOptions): PdfNode {
  const rtl = b.dir === 'rtl';
  const cell = (blocks: Block[], header: boolean) => ({ stack: blockContent(blocks, opts), fillColor: header ? '#eeeeee' : undefined });
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
