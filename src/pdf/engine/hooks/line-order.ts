/**
 * Hook: bidi reordering of every placed line.
 *
 * Wraps: ElementWriter.prototype.alignLine (pdfmake/js/ElementWriter.js), which pdfmake calls
 *   once for every line it adds to a page (body, tables, headers, footers, notes), before it
 *   aligns the line.
 * Why: pdfmake places a line's words left to right in logical order. Each inline carries its
 *   bidi level (typeset/runs.ts); here the line is reordered by rule L2 of UAX #9 and its x
 *   positions recomputed, so alignment then works on the visual line. After it, justified
 *   lines are spread at break opportunities only (pdfmake spreads between every two inlines,
 *   detaching markers and punctuation that are runs of their own), and the lines of a
 *   justified right-to-left paragraph that pdfmake does not justify are set on the right.
 * Relies on: Line.inlines with width and x set by Line.addInline; line.leadingCut and
 *   trailingCut (white space hanging outside the line); alignLine reading inline x and width
 *   only after this runs, and justifying only lines that are not newLineForced nor
 *   lastLineInParagraph and have more than one inline, by moving inline x only; the word
 *   flag noNewLine (TextBreaker, line-breaks.ts); Line.getWidth; context().availableWidth.
 * Guarded by: tests/unit/bidi-conformance.test.ts (all of BidiCharacterTest through
 *   reorderLine), tests/unit/line-order.test.ts, tests/render/bidi-placement.test.ts,
 *   tests/unit/engine-fingerprint.test.ts.
 */
import { prepareForFontkit, reorderByLevels } from '../../../typeset/bidi.js';
import { levelOf, shapeLevelOf, type PlacedLine } from '../model.js';
import { original, pdfmakeModule } from '../pin.js';

/** Reorder one placed line by rule L2 and lay its inlines out left to right in that order. */
export function reorderLine(line: PlacedLine): void {
  if (line.visualOrder || !line.inlines.length) return;
  line.visualOrder = true;
  const levels = line.inlines.map(levelOf);
  for (const inline of line.inlines) {
    // fontkit picks the direction of a run from its script; where that disagrees with the
    // resolved level (digits or neutrals in right-to-left text, Arabic-Indic digits in a
    // left-to-right number), hand it the text pre-reversed so it comes out in visual order.
    // A mirrored character keeps its own text: its font instance draws the mirror glyph.
    if (!inline.shapedForLine && !inline.dossierRun?.mirror) {
      inline.text = prepareForFontkit(inline.text, shapeLevelOf(inline));
      inline.shapedForLine = true;
    }
  }
  if (levels.every((l) => l === 0)) return;
  const order = reorderByLevels(levels);
  line.inlines.forEach((inline, i) => (inline.logicalIndex = i));
  const logicalFirst = line.inlines[0];
  const logicalLast = line.inlines[line.inlines.length - 1];
  const visual = order.map((i) => line.inlines[i]);
  // White space at the end of a line takes the paragraph's level (UAX #9 rule L1): it belongs
  // at the line's logical end. Where the last word runs against the paragraph ("بـStable"
  // before the break in Arabic, "عماد" before the break in English), pdfmake kept the space
  // with the word, inside the line, where it printed between the word and its neighbour. It is
  // not drawn: the line break stands for it (drawn at the line's edge instead, pdf.js copied it
  // out between the two words).
  const rtlParagraph = logicalLast.dossierRun?.rtlParagraph === true;
  const againstParagraph = levelOf(logicalLast) % 2 !== (rtlParagraph ? 1 : 0);
  const atLogicalEnd = rtlParagraph ? visual[0] === logicalLast : visual[visual.length - 1] === logicalLast;
  const space = line.trailingCut > 0 && againstParagraph && atLogicalEnd ? /\s+$/u.exec(logicalLast.text) : null;
  if (space) {
    logicalLast.text = logicalLast.text.slice(0, space.index);
    logicalLast.width -= line.trailingCut;
  }
  // The cut white space at the line's logical start and end hangs outside the line: find on
  // which visual edge it now stands.
  let x = 0;
  if (visual[0] === logicalFirst && levelOf(logicalFirst) % 2 === 0) x = -line.leadingCut;
  else if (visual[0] === logicalLast && levelOf(logicalLast) % 2 === 1) x = -line.trailingCut;
  for (const inline of visual) {
    inline.x = x;
    x += inline.width;
  }
  line.inlines = visual;
}

type AlignedLine = PlacedLine & { newLineForced?: boolean; lastLineInParagraph?: boolean; getWidth(): number };
type AlignedInline = PlacedLine['inlines'][number] & { alignment?: string; noNewLine?: boolean; justifyShift?: number };

/** Whether pdfmake's alignLine justifies this line (its own condition). */
function pdfmakeJustifies(line: AlignedLine): boolean {
  const first = line.inlines[0] as AlignedInline | undefined;
  return first?.alignment === 'justify' && !line.newLineForced && !line.lastLineInParagraph && line.inlines.length > 1;
}

/**
 * Justifies a line our way: the space it lacks goes into the gaps between words, where the line
 * may break, and never between two inlines of one word (pdfmake spreads it between every two
 * inlines, so a citation marker or the full stop after a number, a run of its own, would stand
 * apart from its word). Words are cut at every break opportunity (hooks/line-breaks.ts), so
 * Latin and Arabic lines widen between words, never inside a joined Arabic word, and Chinese
 * and Japanese lines between characters, except where kinsoku forbids a break. Two visually
 * adjacent inlines are glued when they are neighbours in logical order and the first ends
 * without a break (pdfmake's noNewLine) or the second is a citation marker.
 */
export function justifyAtBreaks(line: PlacedLine, availableWidth: number): void {
  const inlines = line.inlines as AlignedInline[];
  const logical = inlines.some((i) => i.logicalIndex !== undefined) ? [...inlines].sort((a, b) => (a.logicalIndex ?? 0) - (b.logicalIndex ?? 0)) : inlines;
  const position = new Map(logical.map((inline, k) => [inline, k]));
  const glued = (a: AlignedInline, b: AlignedInline): boolean => {
    const [ka, kb] = [position.get(a)!, position.get(b)!];
    if (Math.abs(ka - kb) !== 1) return false;
    const [first, second] = ka < kb ? [a, b] : [b, a];
    // A citation marker belongs to the word before it, even where a break is allowed between them.
    return Boolean(first.noNewLine) || second.dossierRun?.cite !== undefined;
  };
  const gaps = inlines.map((inline, i) => i > 0 && !glued(inlines[i - 1], inline));
  const count = gaps.filter(Boolean).length;
  if (!count) return;
  const extra = (availableWidth - (line as AlignedLine).getWidth()) / count;
  let shift = 0;
  inlines.forEach((inline, i) => {
    if (gaps[i]) shift += extra;
    inline.x += shift;
    inline.justifyShift = gaps[i] ? extra : 0;
  });
}

/**
 * A line of a justified right-to-left paragraph that is not justified (the paragraph's last
 * line, a line ended by a line break, a line of one word) stands on the right, where its lines
 * start; pdfmake leaves it on the left.
 */
export function alignUnjustifiedRtl(line: PlacedLine, availableWidth: number): void {
  const first = line.inlines[0] as AlignedInline | undefined;
  if (first?.alignment !== 'justify' || !first.dossierRun?.rtlParagraph || pdfmakeJustifies(line as AlignedLine)) return;
  line.x = (line.x || 0) + availableWidth - (line as AlignedLine).getWidth();
}

export function installLineOrder(): void {
  const ElementWriter = pdfmakeModule<{ prototype: object }>('ElementWriter');
  const alignLine = original<(this: unknown, line: PlacedLine) => void>(ElementWriter.prototype, 'alignLine');
  Object.assign(ElementWriter.prototype, {
    alignLine(this: { context(): { availableWidth: number } }, line: PlacedLine) {
      reorderLine(line);
      const width = this.context().availableWidth;
      const ours = pdfmakeJustifies(line as AlignedLine) && line.inlines.every((i) => i.dossierRun);
      const placed = ours ? line.inlines.map((i) => i.x) : [];
      alignLine.call(this, line);
      if (ours) {
        // pdfmake's spreading undone, ours instead.
        line.inlines.forEach((inline, i) => (inline.x = placed[i]));
        justifyAtBreaks(line, width);
      }
      alignUnjustifiedRtl(line, width);
    },
  });
}
