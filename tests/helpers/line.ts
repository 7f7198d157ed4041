/**
 * A paragraph laid out on one line the way the PDF path does it, without pdfmake's measuring:
 * runs from paragraphRuns, made into engine inlines by runToInline (so they carry the RunMark
 * production makes), reordered by the engine's reorderLine (the alignLine hook). Widths are 1
 * per UTF-16 code unit so x positions show the order.
 */
import { reorderLine } from '../../src/pdf/engine/hooks/line-order.js';
import type { LineInline, PlacedLine } from '../../src/pdf/engine/model.js';
import type { BaseDirection } from '../../src/typeset/bidi.js';
import { resolveStyle, runToInline } from '../../src/typeset/content.js';
import { paragraphRuns, type Piece } from '../../src/typeset/runs.js';

export interface LaidInline extends LineInline {
  /** UTF-16 offset of the inline's text in the paragraph (as given, before fontkit preparation). */
  offset: number;
  /** The inline's text as given, before reorderLine prepared it for fontkit. */
  original: string;
}

const STYLE = resolveStyle({});

/** The line's inlines in visual order (left to right). */
export function layOutLine(pieces: Piece[], dir: BaseDirection): LaidInline[] {
  const runs = paragraphRuns(pieces, dir);
  let offset = 0;
  const inlines: LaidInline[] = runs.map((run) => {
    const inline = runToInline(run, STYLE);
    const laid: LaidInline = {
      text: inline.text,
      width: run.text.length,
      x: 0,
      font: inline.font,
      fontSize: 10,
      sup: inline.sup,
      dossierRun: inline.dossierRun,
      offset,
      original: run.text,
    };
    offset += run.text.length;
    return laid;
  });
  const line: PlacedLine = { inlines, leadingCut: 0, trailingCut: 0, getHeight: () => 10, getAscenderHeight: () => 8 };
  reorderLine(line);
  return line.inlines as LaidInline[];
}

/**
 * UTF-16 offsets of the paragraph's characters in visual order, each surrogate pair high half
 * first: inlines in the order reorderLine placed them, the characters of an inline at an odd
 * shaping level from right to left (what prepareForFontkit and fontkit's own reversal give
 * together, tested against fontkit in bidi-conformance.test.ts).
 */
export function visualOffsets(inlines: LaidInline[]): number[] {
  const out: number[] = [];
  for (const inline of inlines) {
    const units: number[][] = [];
    for (let k = 0; k < inline.original.length; k++) {
      const c = inline.original.charCodeAt(k);
      if (c >= 0xdc00 && c <= 0xdfff && units.length) units[units.length - 1].push(inline.offset + k);
      else units.push([inline.offset + k]);
    }
    if ((inline.dossierRun?.shapeLevel ?? 0) % 2 === 1) units.reverse();
    out.push(...units.flat());
  }
  return out;
}

/**
 * The paragraph broken into lines at the given UTF-16 offsets (as pdfmake breaks it into words
 * and fills lines: an inline cut at a line end keeps its RunMark), each line reordered by the
 * engine's reorderLine on its own. Returns each line's inlines in visual order.
 */
export function layOutLines(pieces: Piece[], dir: BaseDirection, cuts: number[]): LaidInline[][] {
  const runs = paragraphRuns(pieces, dir);
  const bounds = [...new Set([0, ...cuts])].sort((a, b) => a - b);
  const lines: LaidInline[][] = bounds.map(() => []);
  let offset = 0;
  for (const run of runs) {
    const inline = runToInline(run, STYLE);
    for (let k = 0; k < run.text.length;) {
      const at = offset + k;
      let line = 0;
      while (line + 1 < bounds.length && bounds[line + 1]! <= at) line++;
      const end = Math.min(run.text.length, (bounds[line + 1] ?? Infinity) - offset);
      const text = run.text.slice(k, end);
      lines[line].push({ text, width: text.length, x: 0, font: inline.font, fontSize: 10, dossierRun: inline.dossierRun, offset: at, original: text });
      k = end;
    }
    offset += run.text.length;
  }
  return lines.map((inlines) => {
    const line: PlacedLine = { inlines, leadingCut: 0, trailingCut: 0, getHeight: () => 10, getAscenderHeight: () => 8 };
    reorderLine(line);
    return line.inlines as LaidInline[];
  });
}
