/**
 * pdfmake's objects as the hooks see them: a placed line and its inlines (pdfmake/js/Line.js
 * and TextInlines.measure), the writers and the layout builder. Only the members the hooks use
 * are declared; the fingerprints (fingerprints.ts) say which pdfmake functions define them.
 */
import type { RunMark } from '../../typeset/contract.js';

/** A measured word on a line: pdfmake's inline plus the RunMark typesetting gave it. */
export interface LineInline {
  text: string;
  width: number;
  x: number;
  leadingCut?: number;
  trailingCut?: number;
  font: unknown;
  fontSize: number;
  sup?: boolean;
  sub?: boolean;
  dossierRun?: RunMark;
  /** Engine state: the text was prepared for fontkit's direction (line-order.ts). */
  shapedForLine?: boolean;
  /** Engine state: index of the inline in logical order, set when its line is reordered. */
  logicalIndex?: number;
}

export interface PlacedLine {
  inlines: LineInline[];
  leadingCut: number;
  trailingCut: number;
  x?: number;
  y?: number;
  /** Engine state: the line was reordered into visual order (line-order.ts). */
  visualOrder?: boolean;
  _pageNodeRef?: unknown;
  getHeight(): number;
  getAscenderHeight(): number;
}

export interface DocumentContext {
  page: number;
  y: number;
  availableHeight: number;
  pages: { items: { type: string; item: PlacedLine }[] }[];
  addPage(size: unknown, margins?: unknown): void;
}

export interface PageWriter {
  transactionLevel: number;
  context(): DocumentContext;
}

export interface Fragment {
  height: number;
  items: { type: string; item: PlacedLine }[];
}

export const levelOf = (i: LineInline): number => i.dossierRun?.level ?? 0;
export const shapeLevelOf = (i: LineInline): number => i.dossierRun?.shapeLevel ?? levelOf(i);
export const citeOf = (i: LineInline): number | undefined => i.dossierRun?.cite;

/** The note numbers cited on some lines, in order. */
export function citesOf(lines: (PlacedLine | undefined)[]): number[] {
  const out: number[] = [];
  for (const line of lines) for (const inline of line?.inlines ?? []) if (citeOf(inline) !== undefined) out.push(citeOf(inline)!);
  return out;
}
