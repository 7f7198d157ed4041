/**
 * Parses the small markup that templates emit into the document tree. A real XML parser
 * (htmlparser2 in XML mode) does the reading, so data escaped by Handlebars can never turn
 * into elements. Elements:
 *   blocks:  document, h1 h2 h3, p, blockquote, ul ol li, table tr th td, note, pagebreak,
 *            img (src, alt, width, align, caption), figure (one img and a figcaption)
 *            columns column (columns side by side), qr (value="https://..." size="25mm": qr.ts)
 *   inlines: b, i, small, span, cite (n="K"), br
 * Every block and span may carry lang= and dir=; blocks inherit them from their parent.
 */
import { Parser } from 'htmlparser2';
import { LIMITS } from '../workspace/limits.js';
import { QR_HINT, qrModules, qrSize, qrValueProblem } from './qr.js';
import { MM } from './settings.js';
import { directionOf, type Block, type Dir, type DocTree, type ImageBlock, type ImageWidth, type Inline, type InlineStyle } from './tree.js';

export class MarkupError extends Error {
  constructor(
    message: string,
    readonly line: number,
    /** How to fix it, when the general hint (only the listed elements, closed) does not say. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

interface RawElement {
  name: string;
  attrs: Record<string, string>;
  children: RawNode[];
  line: number;
}
type RawNode = RawElement | string;

const BLOCKS = new Set([
  'document',
  'h1',
  'h2',
  'h3',
  'p',
  'blockquote',
  'ul',
  'ol',
  'li',
  'table',
  'tr',
  'th',
  'td',
  'note',
  'pagebreak',
  'img',
  'figure',
  'figcaption',
  'columns',
  'column',
  'qr',
]);
const INLINES = new Set(['b', 'i', 'small', 'span', 'cite', 'br', 'a']);
const MAX_COLUMNS = 6;

function parseRaw(markup: string): RawElement {
  const root: RawElement = { name: '#root', attrs: {}, children: [], line: 1 };
  const stack: RawElement[] = [root];
  let error: MarkupError | undefined;
  // Line of an offset: a binary search over the newline offsets (a scan per tag would make
  // big documents quadratic).
  const newlines: number[] = [];
  for (let i = markup.indexOf('\n'); i !== -1; i = markup.indexOf('\n', i + 1)) newlines.push(i);
  const lineAt = (index: number) => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid] < index) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const parser: Parser = new Parser(
    {
      onopentag(name, attrs) {
        const line = lineAt(parser.startIndex);
        if (!BLOCKS.has(name) && !INLINES.has(name)) {
          error ??= new MarkupError(`unknown element <${name}>`, line);
        }
        const el: RawElement = { name, attrs, children: [], line };
        stack[stack.length - 1].children.push(el);
        stack.push(el);
        // The tree is later built recursively: deep nesting is refused here, where it is cheap.
        if (stack.length > LIMITS.markupNesting + 1) error ??= new MarkupError(`elements nested more than ${LIMITS.markupNesting} deep (<${name}>)`, line);
      },
      ontext(text) {
        stack[stack.length - 1].children.push(text);
      },
      onclosetag(name) {
        const top = stack.pop();
        if (!top || top.name !== name) error ??= new MarkupError(`</${name}> closes <${top?.name}>`, lineAt(parser.startIndex));
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(markup);
  parser.end();
  if (error) throw error;
  if (stack.length !== 1) throw new MarkupError(`<${stack[stack.length - 1].name}> is never closed`, stack[stack.length - 1].line);
  return root;
}

interface Ctx {
  lang: string;
  dir: Dir;
}

function ctxOf(el: RawElement, parent: Ctx): Ctx {
  const lang = el.attrs.lang || parent.lang;
  const dirAttr = el.attrs.dir;
  if (dirAttr && dirAttr !== 'ltr' && dirAttr !== 'rtl') throw new MarkupError(`dir="${dirAttr}" must be ltr or rtl`, el.line);
  const dir: Dir = (dirAttr as Dir | undefined) ?? (el.attrs.lang ? directionOf(lang) : parent.dir);
  return { lang, dir };
}

/**
 * The address of `<a href="…">`: a web address (http, https) or mailto, as readers open them.
 * Nothing else: a link to a file or a script in a printed briefing is a trap for its reader. An
 * empty href (a source without a URL) makes no link.
 */
function linkAddress(n: RawElement): string | undefined {
  const href = (n.attrs.href ?? '').trim();
  if (!href) return undefined;
  if (!/^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i.test(href)) {
    throw new MarkupError(
      `<a href="${href.slice(0, 80)}"> is not a web or mailto address: links may go to http://, https:// or mailto: addresses only`,
      n.line,
    );
  }
  return href;
}

/** Collapse whitespace as HTML does: runs of white space become one space. */
function collapse(text: string): string {
  return text.replace(/[ \t\r\n\f]+/g, ' ');
}

function inlines(nodes: RawNode[], ctx: Ctx): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    if (typeof n === 'string') {
      const t = collapse(n);
      if (t) out.push({ kind: 'text', text: t });
      continue;
    }
    if (!INLINES.has(n.name)) throw new MarkupError(`<${n.name}> cannot stand inside text`, n.line);
    switch (n.name) {
      case 'br':
        out.push({ kind: 'br' });
        break;
      case 'cite': {
        const k = Number(n.attrs.n);
        if (!Number.isInteger(k) || k < 1) throw new MarkupError(`<cite> needs n="K" with K a note number`, n.line);
        out.push({ kind: 'cite', n: k });
        break;
      }
      default: {
        const style: InlineStyle = {};
        if (n.name === 'b') style.bold = true;
        if (n.name === 'i') style.italic = true;
        if (n.name === 'small') style.small = true;
        const c = ctxOf(n, ctx);
        const href = n.name === 'a' ? linkAddress(n) : undefined;
        out.push({
          kind: 'span',
          lang: n.attrs.lang ? c.lang : undefined,
          dir: n.attrs.lang || n.attrs.dir ? c.dir : undefined,
          style,
          ...(href === undefined ? {} : { href }),
          children: inlines(n.children, c),
        });
      }
    }
  }
  return trimInlines(out);
}

/** Remove white space at the start and end of a block's inlines. */
function trimInlines(list: Inline[]): Inline[] {
  const trimEdge = (items: Inline[], start: boolean): void => {
    const idx = start ? 0 : items.length - 1;
    const first = items[idx];
    if (!first) return;
    if (first.kind === 'text') {
      first.text = start ? first.text.replace(/^ +/, '') : first.text.replace(/ +$/, '');
      if (!first.text) {
        items.splice(idx, 1);
        trimEdge(items, start);
      }
    } else if (first.kind === 'span') {
      trimEdge(first.children, start);
    }
  };
  trimEdge(list, true);
  trimEdge(list, false);
  return list;
}

function isBlank(n: RawNode): boolean {
  return typeof n === 'string' && n.trim() === '';
}

function blocks(nodes: RawNode[], ctx: Ctx): Block[] {
  const out: Block[] = [];
  let pendingInline: RawNode[] = [];
  const flush = () => {
    if (pendingInline.some((n) => !isBlank(n))) {
      out.push({ kind: 'para', lang: ctx.lang, dir: ctx.dir, children: inlines(pendingInline, ctx) });
    }
    pendingInline = [];
  };
  for (const n of nodes) {
    if (typeof n === 'string' || INLINES.has(n.name)) {
      pendingInline.push(n);
      continue;
    }
    flush();
    out.push(block(n, ctx));
  }
  flush();
  return out;
}

function block(el: RawElement, parent: Ctx): Block {
  const ctx = ctxOf(el, parent);
  const cls = el.attrs.class;
  switch (el.name) {
    case 'h1':
    case 'h2':
    case 'h3':
      return { kind: 'heading', level: Number(el.name[1]) as 1 | 2 | 3, ...ctx, cls, children: inlines(el.children, ctx) };
    case 'p':
      return { kind: 'para', ...ctx, cls, children: inlines(el.children, ctx) };
    case 'blockquote':
      return { kind: 'quote', ...ctx, cls, children: blocks(el.children, ctx) };
    case 'ul':
    case 'ol':
      return {
        kind: 'list',
        ordered: el.name === 'ol',
        ...ctx,
        items: childElements(el, ['li']).map((li) => blocks(li.children, ctxOf(li, ctx))),
      };
    case 'table': {
      const rows = childElements(el, ['tr']).map((tr) => ({ tr, cells: childElements(tr, ['th', 'td']) }));
      const headerRow = rows.length && rows[0].cells.every((c) => c.name === 'th') ? rows.shift()! : undefined;
      const cellBlocks = (c: RawElement) => blocks(c.children, ctxOf(c, ctx));
      return {
        kind: 'table',
        ...ctx,
        header: headerRow ? headerRow.cells.map(cellBlocks) : null,
        rows: rows.map((r) => r.cells.map(cellBlocks)),
      };
    }
    case 'note': {
      const k = Number(el.attrs.n);
      if (!Number.isInteger(k) || k < 1) throw new MarkupError('<note> needs n="K" with K a note number', el.line);
      return { kind: 'note', n: k, ...ctx, children: inlines(el.children, ctx) };
    }
    case 'pagebreak':
      return { kind: 'pagebreak' };
    case 'img':
      if (el.children.some((c) => !isBlank(c))) throw new MarkupError('<img> is empty: write <img src="..." alt="..."/>', el.line);
      return imageBlock(el, ctx, el.attrs.caption !== undefined ? [{ kind: 'text', text: collapse(el.attrs.caption).trim() }] : undefined);
    case 'figure': {
      const parts = childElements(el, ['img', 'figcaption']);
      const imgs = parts.filter((p) => p.name === 'img');
      const captions = parts.filter((p) => p.name === 'figcaption');
      if (imgs.length !== 1 || captions.length > 1) throw new MarkupError('<figure> holds one <img> and at most one <figcaption>', el.line);
      if (imgs[0].attrs.caption !== undefined && captions.length)
        throw new MarkupError('<img caption="..."> inside a <figure> with a <figcaption>: keep one of the two', el.line);
      const image = imageBlock(imgs[0], ctxOf(imgs[0], ctx), captions.length ? inlines(captions[0].children, ctxOf(captions[0], ctx)) : undefined);
      return { ...image, cls: image.cls ?? cls };
    }
    case 'columns': {
      const columns = childElements(el, ['column']).map((c) => blocks(c.children, ctxOf(c, ctx)));
      if (!columns.length) throw new MarkupError('<columns> needs at least one <column>', el.line);
      if (columns.length > MAX_COLUMNS) throw new MarkupError(`<columns> may hold at most ${MAX_COLUMNS} <column> elements`, el.line);
      return { kind: 'columns', ...ctx, columns };
    }
    case 'qr': {
      const problem = qrValueProblem(el.attrs.value);
      if (problem) throw new MarkupError(`<qr> ${problem}`, el.line, QR_HINT);
      const size = qrSize(el.attrs.size);
      if (typeof size === 'string') throw new MarkupError(`<qr> ${size}`, el.line, QR_HINT);
      // pdfmake draws whole-point modules: a code needs a point per module at least.
      const modules = qrModules(el.attrs.value);
      if (size < modules)
        throw new MarkupError(
          `<qr> size="${el.attrs.size ?? '25mm'}" is too small for an address of ${el.attrs.value.length} characters: it needs ${Math.ceil(modules / MM)}mm at least`,
          el.line,
          QR_HINT,
        );
      if (el.children.some((c) => !isBlank(c))) throw new MarkupError('<qr> holds nothing: write it <qr value="..."/> (it prints its address itself)', el.line);
      return { kind: 'qr', ...ctx, cls, value: el.attrs.value, size };
    }
    default:
      throw new MarkupError(`<${el.name}> cannot stand here`, el.line);
  }
}

const WIDTH = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(mm|pt|%)\s*$/;

function imageBlock(el: RawElement, ctx: Ctx, caption: Inline[] | undefined): ImageBlock {
  const { src, alt } = el.attrs;
  if (src === undefined) throw new MarkupError('<img> needs src="..." (a file in the template folder or the workspace assets/ folder)', el.line);
  if (alt === undefined) {
    throw new MarkupError(
      `<img src="${src}"> needs alt="...": the PDF is tagged, and readers who cannot see the image hear its alt text (alt="" marks a purely decorative image)`,
      el.line,
    );
  }
  let width: ImageWidth | undefined;
  if (el.attrs.width !== undefined) {
    const m = WIDTH.exec(el.attrs.width);
    const value = m ? Number(m[1]) : NaN;
    if (!m || !(value > 0) || (m[2] === '%' && value > 100)) {
      throw new MarkupError(
        `<img src="${src}" width="${el.attrs.width}">: width must be a length in mm or pt, or a per cent of the text width up to 100%`,
        el.line,
      );
    }
    width = { value, unit: m[2] as ImageWidth['unit'] };
  }
  const align = el.attrs.align ?? 'start';
  if (align !== 'start' && align !== 'center' && align !== 'end')
    throw new MarkupError(`<img src="${src}" align="${align}">: align must be start, center or end`, el.line);
  return {
    kind: 'image',
    ...ctx,
    cls: el.attrs.class,
    src,
    alt: collapse(alt).trim(),
    width,
    align,
    caption: caption?.length ? caption : undefined,
  };
}

function childElements(el: RawElement, allowed: string[]): RawElement[] {
  const out: RawElement[] = [];
  for (const c of el.children) {
    if (isBlank(c)) continue;
    if (typeof c === 'string' || !allowed.includes(c.name)) {
      throw new MarkupError(`<${el.name}> may only contain ${allowed.map((a) => `<${a}>`).join(', ')}`, typeof c === 'string' ? el.line : c.line);
    }
    out.push(c);
  }
  return out;
}

export function parseMarkup(markup: string): DocTree {
  const root = parseRaw(markup);
  const docs = root.children.filter((c) => !isBlank(c));
  if (docs.length !== 1 || typeof docs[0] === 'string' || docs[0].name !== 'document') {
    throw new MarkupError('the template must produce exactly one <document lang="..."> element', 1);
  }
  const doc = docs[0];
  const lang = doc.attrs.lang;
  if (!lang) throw new MarkupError('<document> needs lang="..."', doc.line);
  const ctx = ctxOf(doc, { lang, dir: directionOf(lang) });
  return { lang: ctx.lang, dir: ctx.dir, title: doc.attrs.title ?? '', blocks: blocks(doc.children, ctx) };
}

/** What the running header and footer may hold: lines of text, side by side in columns or not. */
const FURNITURE_BLOCKS = new Set<Block['kind']>(['para', 'columns']);

/**
 * Parses the markup a running header or footer partial writes: paragraphs (<p>, or bare text,
 * which makes one) and <columns>, with the inline elements of the body except <cite> (notes
 * belong to the body). Written in the dossier's language and direction unless lang= or dir=
 * says otherwise.
 */
export function parseFurniture(markup: string, lang: string, dir: Dir): Block[] {
  const root = parseRaw(markup);
  const out = blocks(root.children, { lang, dir });
  const check = (list: Block[]): void => {
    for (const b of list) {
      if (!FURNITURE_BLOCKS.has(b.kind)) throw new MarkupError(`<${elementOf(b)}> cannot stand in a running header or footer (only <p> and <columns>)`, 1);
      if (b.kind === 'columns') b.columns.forEach(check);
      else if (b.kind === 'para' && hasCite(b.children))
        throw new MarkupError('<cite> cannot stand in a running header or footer: notes belong to the body', 1);
    }
  };
  check(out);
  return out;
}

function hasCite(list: Inline[]): boolean {
  return list.some((i) => i.kind === 'cite' || (i.kind === 'span' && hasCite(i.children)));
}

function elementOf(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `h${b.level}`;
    case 'quote':
      return 'blockquote';
    case 'list':
      return b.ordered ? 'ol' : 'ul';
    case 'para':
      return 'p';
    case 'image':
      return 'img';
    default:
      return b.kind;
  }
}
