/**
 * Hook: a line of left-to-right text that ends with a hyphen ("non-" before "profit" on the
 * next) or, in a left-to-right paragraph, with a character poppler reads as neutral ("。」",
 * "”", ")"), gets an invisible left-to-right mark after its last glyph, so that poppler copies
 * the line as it is written.
 *
 * Overrides: nothing of pdfmake's own; the engine's renderLine (document.ts) hands pdfmake's
 *   renderLine a view of the line in which its last inline draws through a view of its font
 *   (font-view.ts) whose encode adds one zero-width glyph after its last glyph.
 * Why: poppler's pdftotext (TextOutputDev.cc) reads a line's text left to right, and
 *   - takes any line whose text ends with "-" for a word it must join again, and drops the
 *     hyphen (TextLine: `hyphenated = text[len - 1] == '-'`, then TextPage::dump leaves the
 *     last character out). This typesetting never hyphenates a word itself: a line ends with a
 *     hyphen only where the text has one (a break after "-" of UAX #14), so poppler turned
 *     "non-profit" into "nonprofit". PDFium did the same in its way: it took the hyphen for a
 *     soft one and gave U+FFFE for it, which Chrome's copy drops (FormatStringWithHyphens).
 *   - on a page with more right-to-left than left-to-right letters (an Arabic dossier) orders
 *     a line's parts from the right, the first part being whatever is neither a letter nor a
 *     number in its table (reorderText, UnicodeTypeTable.cc): so the closing "。」" of a
 *     Japanese quote came out at the start of its line.
 *   A glyph after the last one whose text is U+200E (LRM), a letter to poppler, makes neither
 *   happen; PDFium then gives "-", the mark and the line break. pdf.js skips a glyph whose text
 *   ends with a format character, so its text is unchanged. Nothing more prints: the glyph is a
 *   second subset entry, copied out as the mark and zero wide, of the font's empty zero-width
 *   space, or of its space glyph in a font without one (the CJK collection).
 * Where not: right-to-left text (its visual end is not the line's end), and the neutral end in
 *   a right-to-left paragraph (direction-marks.ts marks those lines); a line whose last inline
 *   is a link or otherwise decorated (a note marker after the text is passed over: poppler
 *   reads it apart, raised and smaller); a font with neither glyph.
 * Relies on: pdfmake's renderLine drawing each inline with pdfkit's text(inline.text, ...) in
 *   inline.font; pdfkit's _fragment writing the glyphs encode() returns, without a TJ move for a
 *   glyph whose xAdvance equals its advanceWidth; EmbeddedFont's unicode table by glyph code
 *   (ToUnicode); a second subset entry (subset-entries.ts) for the mark.
 * Guarded by: tests/render/line-end-mark.test.ts (poppler, pdf.js, PDFium), tests/render/tagged.test.ts
 *   (no U+FFFE in PDFium's text), tests/unit/engine-fingerprint.test.ts.
 */
import { citeOf, levelOf, type LineInline, type PlacedLine } from '../model.js';
import { markGlyph, withEncoding, ZERO, type KitFont } from './pdfium-brackets.js';
import { popplerNumber } from './direction-marks.js';
import { decoratedInline } from './pdfium-order.js';
import { secondEntry } from './subset-entries.js';

const LRM = 0x200e;
const HYPHEN_MINUS = 0x2d;

/** Text that ends with a character poppler reads as neutral: not a letter, not a digit, not one of its number signs. */
function popplerNeutralEnd(text: string): boolean {
  const last = [...text].pop();
  if (!last) return false;
  const cp = last.codePointAt(0)!;
  return !/[\p{L}\p{N}\p{M}]/u.test(last) && !popplerNumber(cp) && !/\s/u.test(last);
}

/** The inline of a line (in visual order) that is to end with the mark, if any. */
export function lineEndMarked(line: PlacedLine): LineInline | undefined {
  const inlines = line.inlines;
  for (let k = inlines.length - 1; k >= 0; k--) {
    const inline = inlines[k];
    // White space drawn at the end reads as nothing; poppler reads a note marker apart (raised, smaller).
    if (!inline.text || /^\s*$/u.test(inline.text) || citeOf(inline) !== undefined) continue;
    const ok = levelOf(inline) % 2 === 0 && !decoratedInline(inline);
    const end = inline.text.trimEnd();
    const ltrParagraph = !inlines.some((i) => i.dossierRun?.rtlParagraph);
    return ok && (end.endsWith('-') || (ltrParagraph && popplerNeutralEnd(end))) ? inline : undefined;
  }
  return undefined;
}

/**
 * The subset glyph the mark is a second entry of: the font's empty zero-width space, or, in a
 * font without one (the CJK collection), its space glyph if it draws nothing, included as
 * pdfkit includes it (encode), so that its own entry keeps the space's width.
 */
function markCarrier(font: KitFont): number | undefined {
  const zwsp = markGlyph(font);
  if (zwsp !== undefined) return zwsp;
  const space = font.font?.glyphForCodePoint?.(0x20);
  if (!space || (space.path?.commands.length ?? 0) !== 0) return undefined;
  const [hex] = font.encode(' ');
  return hex.length === 1 ? parseInt(hex[0], 16) : undefined;
}

/** `inline` drawn with a zero-width glyph copied out as LRM after its last glyph, if that is a hyphen or a neutral. */
function markedInline(inline: LineInline): LineInline {
  return withEncoding(inline, (font) => {
    const gid = markCarrier(font);
    if (gid === undefined) return undefined;
    return (text: string, features?: unknown) => {
      const [hex, pos] = font.encode(text, features);
      let last = hex.length - 1;
      while (last >= 0 && /^\s+$/u.test(String.fromCodePoint(...(font.unicode[parseInt(hex[last], 16)] ?? [0x41])))) last--;
      const cps = last >= 0 ? font.unicode[parseInt(hex[last], 16)] : undefined;
      if (cps?.length !== 1 || (cps[0] !== HYPHEN_MINUS && !popplerNeutralEnd(String.fromCodePoint(cps[0])))) return [hex, pos];
      const mark = secondEntry(font, gid, [LRM], 0);
      return [
        [...hex.slice(0, last + 1), mark, ...hex.slice(last + 1)],
        [...pos.slice(0, last + 1), ZERO, ...pos.slice(last + 1)],
      ];
    };
  });
}

/**
 * The part of a line as it is to be drawn: `drawn` (as the other hooks made it from `source`,
 * inline for inline), with the inline whose source is `target` drawn with the mark.
 */
export function withLineEndMark(drawn: PlacedLine, source: PlacedLine, target: LineInline | undefined): PlacedLine {
  const k = target ? source.inlines.indexOf(target) : -1;
  if (k < 0) return drawn;
  const inlines = drawn.inlines.map((i, j) => (j === k ? markedInline(i) : i));
  return Object.assign(Object.create(drawn) as PlacedLine, { inlines });
}
