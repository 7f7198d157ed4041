/**
 * Assembles the pdfmake document definition: the page (size, orientation and margins from the
 * template's settings.yaml and the dossier, template/settings.ts), the running header and
 * footer (the template's partials, run for each page: template/furniture.ts), typeset like the
 * body, and fixed metadata dates for reproducible output. Nothing printed on the page is
 * decided here. Built fresh for every run: pdfmake mutates what it is given.
 */
import type { CitedDossier } from '../cite/cited.js';
import type { Furniture, FurnitureFn } from '../template/furniture.js';
import type { Labels, StyleSheet } from '../template/render.js';
import { pageMargins, type PageSetup } from '../template/settings.js';
import type { DocTree } from '../template/tree.js';
import type { HouseFonts } from '../typeset/house-fonts.js';
import { blockContent, documentContent, type ContentOptions, type NoteSource, type PdfNode } from '../typeset/content.js';
import type { FootnoteSpec } from './engine/index.js';

export interface DocumentInput {
  tree: DocTree;
  cited: CitedDossier;
  labels: Labels;
  styles: StyleSheet;
  /** Paper and margins (points). */
  setup: PageSetup;
  /** The running header and footer, if the template has them. */
  furniture: Furniture;
  /** The template's house fonts (settings.yaml), if it names any. */
  fonts?: HouseFonts;
  /** The number printed for each note (numbering per page, note-numbering.ts); default: its own. */
  noteNumber?: (n: number) => number;
  /** The date stamped into the PDF; never the clock. */
  creationDate: Date;
  toolVersion: string;
}

export interface PdfDocument {
  /** The pdfmake document definition (fresh: pdfmake mutates it). */
  definition: Record<string, unknown>;
  /** The notes, set at the foot of the page that cites them. */
  footnotes: FootnoteSpec;
}

export function buildDocDefinition(input: DocumentInput): PdfDocument {
  const { tree, cited, labels, styles, setup, furniture } = input;
  const numberFormat = new Intl.NumberFormat(cited.lang, { useGrouping: false });
  const formatNumber = (n: number) => numberFormat.format(n);
  const notes = new Map<number, NoteSource>();
  const margins = pageMargins(setup, tree.dir);
  const [left, top, right, bottom] = margins;
  const opts: ContentOptions = {
    styles,
    formatNumber,
    noteNumber: input.noteNumber,
    notes,
    continuedLabel: labels.continued ?? 'continued',
    textWidth: setup.width - left - right,
    textHeight: setup.height - top - bottom,
    columnGap: setup.columnGap,
    fonts: input.fonts,
  };
  // The furniture spans the text width, in the top (header) or bottom (footer) margin; its
  // top stands `fromEdge` from the page's edge.
  const furnitureOpts: ContentOptions = { ...opts, notes: undefined, furniture: true };
  const running = (fn: FurnitureFn | undefined, marginTop: number) => {
    if (!fn) return undefined;
    // Typeset once per distinct furniture (the header is often the same on every page), then
    // copied for each page: pdfmake mutates what it lays out. Furniture text has no origin, so
    // a copy holds nothing shared.
    const typeset = new WeakMap<object, PdfNode>();
    return (page: number, pages: number) => {
      const blocks = fn(page, pages);
      let node = typeset.get(blocks);
      if (!node) typeset.set(blocks, (node = { stack: blockContent(blocks, furnitureOpts), margin: [left, marginTop, right, 0] }));
      return structuredClone(node);
    };
  };

  const content = documentContent(tree, opts);
  const definition = {
    pageSize: { width: setup.width, height: setup.height },
    pageOrientation: setup.width > setup.height ? 'landscape' : 'portrait',
    pageMargins: margins,
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
    header: running(furniture.header, setup.header?.fromEdge ?? 0),
    footer: running(furniture.footer, bottom - (setup.footer?.fromEdge ?? 0)),
    content,
  };
  return { definition, footnotes: { notes, dir: tree.dir, warnings: [] } };
}
