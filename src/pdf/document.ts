/**
 * Assembles the pdfmake document definition: page size and margins, the running header
 * (handling label, title) and footer (page X of Y, handling label), fixed metadata dates for
 * reproducible output. Built fresh for every run: pdfmake mutates what it is given.
 */
import type { CitedDossier } from '../cite/cited.js';
import type { Labels, StyleSheet } from '../template/render.js';
import type { DocTree } from '../template/tree.js';
import { documentContent, resolveStyle, textNode, type NoteSource, type PdfNode } from '../typeset/content.js';
import type { FootnoteSpec } from './engine/index.js';

export interface DocumentInput {
  tree: DocTree;
  cited: CitedDossier;
  labels: Labels;
  styles: StyleSheet;
  /** The date stamped into the PDF; never the clock. */
  creationDate: Date;
  toolVersion: string;
}

const MARGIN_X = 56; // about 20 mm
const MARGIN_TOP = 62;
const MARGIN_BOTTOM = 62;
/** Page sizes in points, as pdfmake has them. */
const PAGE_SIZES = { A4: { width: 595.28, height: 841.89 }, Letter: { width: 612, height: 792 } };

export interface PdfDocument {
  /** The pdfmake document definition (fresh: pdfmake mutates it). */
  definition: Record<string, unknown>;
  /** The notes, set at the foot of the page that cites them. */
  footnotes: FootnoteSpec;
}

export function buildDocDefinition(input: DocumentInput): PdfDocument {
  const { tree, cited, labels, styles } = input;
  const numberFormat = new Intl.NumberFormat(cited.lang, { useGrouping: false });
  const formatNumber = (n: number) => numberFormat.format(n);
  const notes = new Map<number, NoteSource>();
  const page = PAGE_SIZES[cited.paper === 'Letter' ? 'Letter' : 'A4'];
  const opts = {
    styles,
    formatNumber,
    notes,
    continuedLabel: labels.continued ?? 'continued',
    textWidth: page.width - 2 * MARGIN_X,
    textHeight: page.height - MARGIN_TOP - MARGIN_BOTTOM,
  };
  const dir = tree.dir;
  const furniture = resolveStyle(styles, 'furniture');
  furniture.fontSize = Math.min(furniture.fontSize, 8);
  furniture.color = '#333333';
  furniture.marginTop = 0;
  furniture.marginBottom = 0;

  const line = (text: string): PdfNode => textNode([{ kind: 'text', text }], tree.lang, dir, furniture, opts);
  const startEnd = (start: PdfNode, end: PdfNode): PdfNode => {
    // Two cells: the first stands where lines start (left in LTR, right in RTL).
    (end as { alignment: string }).alignment = dir === 'rtl' ? 'left' : 'right';
    return { columns: dir === 'rtl' ? [end, start] : [start, end], margin: [MARGIN_X, 0, MARGIN_X, 0] };
  };
  const handling = cited.handling ?? '';

  const content = documentContent(tree, opts);
  const definition = {
    pageSize: cited.paper === 'Letter' ? 'LETTER' : 'A4',
    pageMargins: [MARGIN_X, MARGIN_TOP, MARGIN_X, MARGIN_BOTTOM],
    language: tree.lang,
    info: {
      title: tree.title || cited.title.text,
      subject: `${cited.id}${cited.version ? ` ${cited.version}` : ''}`,
      creator: `dossier-press ${input.toolVersion}`,
      producer: 'dossier-press (pdfmake)',
      creationDate: input.creationDate,
      modDate: input.creationDate,
    },
    defaultStyle: { font: 'Latin', fontSize: 10 },
    header: () => ({
      stack: [startEnd(line(cited.title.text), line(handling))],
      margin: [0, 28, 0, 0],
    }),
    footer: (currentPage: number, pageCount: number) => ({
      stack: [startEnd(line(`${labels.page ?? 'Page'} ${formatNumber(currentPage)} ${labels.of ?? 'of'} ${formatNumber(pageCount)}`), line(handling))],
      margin: [0, 24, 0, 0],
    }),
    content,
  };
  return { definition, footnotes: { notes, dir, warnings: [] } };
}
