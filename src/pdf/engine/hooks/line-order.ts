/**
 * Hook: bidi reordering of every placed line.
 *
 * Wraps: ElementWriter.prototype.alignLine (pdfmake/js/ElementWriter.js), which pdfmake calls
 *   once for every line it adds to a page (body, tables, headers, footers, notes), before it
 *   aligns the line.
 * Why: pdfmake places a line's words left to right in logical order. Each inline carries its
 *   bidi level (typeset/runs.ts); here the line is reordered by rule L2 of UAX #9 and its x
 *   positions recomputed, so alignment then works on the visual line. After it, the lines of
 *   a justified right-to-left paragraph that pdfmake does not justify are set on the right.
 * Relies on: Line.inlines with width and x set by Line.addInline; line.leadingCut and
 *   trailingCut (white space hanging outside the line); alignLine reading inline x and width
 *   only after this runs, and justifying only lines that are not newLineForced nor
 *   lastLineInParagraph and have more than one inline; Line.getWidth;
 *   context().availableWidth.
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

/**
 * After pdfmake's alignLine: a line of a justified right-to-left paragraph that pdfmake leaves
 * unjustified (the paragraph's last line, a line ended by a line break, a line of one word)
 * stands on the right, where its lines start; pdfmake leaves it on the left.
 */
export function alignUnjustifiedRtl(line: PlacedLine, availableWidth: number): void {
  const first = line.inlines[0] as (PlacedLine['inlines'][number] & { alignment?: string }) | undefined;
  if (first?.alignment !== 'justify' || !first.dossierRun?.rtlParagraph) return;
  const l = line as PlacedLine & { newLineForced?: boolean; lastLineInParagraph?: boolean; getWidth(): number };
  if (!l.newLineForced && !l.lastLineInParagraph && line.inlines.length > 1) return; // justified by pdfmake
  line.x = (line.x || 0) + availableWidth - l.getWidth();
}

export function installLineOrder(): void {
  const ElementWriter = pdfmakeModule<{ prototype: object }>('ElementWriter');
  const alignLine = original<(this: unknown, line: PlacedLine) => void>(ElementWriter.prototype, 'alignLine');
  Object.assign(ElementWriter.prototype, {
    alignLine(this: { context(): { availableWidth: number } }, line: PlacedLine) {
      reorderLine(line);
      alignLine.call(this, line);
      alignUnjustifiedRtl(line, this.context().availableWidth);
    },
  });
}
