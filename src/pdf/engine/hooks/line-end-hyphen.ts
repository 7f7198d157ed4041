/**
 * Hook: a hyphen that ends a line ("non-" before "profit" on the next) is followed by an
 * invisible left-to-right mark, so that poppler copies the word as it is written.
 *
 * Overrides: nothing of pdfmake's own; the engine's renderLine (document.ts) hands pdfmake's
 *   renderLine a view of the line in which the inline ending with the hyphen draws through a
 *   view of its font (font-view.ts) whose encode adds one zero-width glyph after the hyphen.
 * Why: poppler's pdftotext takes any line whose text ends with "-" for a word it must join
 *   again, and drops the hyphen (TextOutputDev.cc, TextLine: `hyphenated = text[len - 1] ==
 *   '-'`, then TextPage::dump leaves the last character out). This typesetting never
 *   hyphenates a word itself: a line ends with a hyphen only where the text has one (a break
 *   after "-" of UAX #14), so poppler turned "non-profit" into "nonprofit". A glyph after the
 *   hyphen whose text is U+200E (LRM) makes the hyphen no longer the line's last character.
 *   PDFium did the same in its way: it took the hyphen for a soft one and gave U+FFFE for it,
 *   which Chrome's copy drops (FormatStringWithHyphens); with the mark it gives "-", the mark
 *   and the line break. pdf.js skips a glyph whose text ends with a format character, so its
 *   text is unchanged. Nothing more prints: the glyph is the font's empty zero-width space (a
 *   second subset entry of it, copied out as the mark), drawn where the hyphen ends.
 * Where not: a hyphen of right-to-left text (its visual end is not the line's); a line whose
 *   last inline is a link, a note marker or otherwise decorated; a font without an empty
 *   zero-width space glyph.
 * Relies on: pdfmake's renderLine drawing each inline with pdfkit's text(inline.text, ...) in
 *   inline.font; pdfkit's _fragment writing the glyphs encode() returns, without a TJ move for a
 *   glyph whose xAdvance equals its advanceWidth; EmbeddedFont's unicode table by glyph code
 *   (ToUnicode); a second subset entry (subset-entries.ts) for the mark.
 * Guarded by: tests/render/line-end-hyphen.test.ts (poppler, pdf.js, PDFium), tests/render/tagged.test.ts (no
 *   U+FFFE in PDFium's text), tests/unit/engine-fingerprint.test.ts.
 */
import { citeOf, levelOf, type LineInline, type PlacedLine } from '../model.js';
import { encodingView } from './font-view.js';
import { markGlyph, ZERO, type KitFont } from './pdfium-brackets.js';
import { decoratedInline } from './pdfium-order.js';
import { secondEntry } from './subset-entries.js';

const LRM = 0x200e;
const HYPHEN_MINUS = 0x2d;

/** The inline of a line (in visual order) that ends the line with a hyphen of left-to-right text, if any. */
export function lineEndHyphen(line: PlacedLine): LineInline | undefined {
  const inlines = line.inlines;
  for (let k = inlines.length - 1; k >= 0; k--) {
    const inline = inlines[k];
    if (!inline.text || /^\s*$/u.test(inline.text)) continue; // white space drawn at the end reads as nothing
    const ok = levelOf(inline) % 2 === 0 && citeOf(inline) === undefined && !decoratedInline(inline);
    return ok && inline.text.trimEnd().endsWith('-') ? inline : undefined;
  }
  return undefined;
}

/** `inline` drawn with a zero-width glyph copied out as LRM after its last hyphen glyph. */
function markedInline(inline: LineInline): LineInline {
  const font = inline.font as KitFont | undefined;
  if (!font?.encode || !font.unicode || !font.subset?.includeGlyph) return inline;
  const gid = markGlyph(font);
  if (gid === undefined) return inline;
  const view = encodingView(font, (text: string, features?: unknown) => {
    const [hex, pos] = font.encode(text, features);
    let last = hex.length - 1;
    while (last >= 0 && /^\s+$/u.test(String.fromCodePoint(...(font.unicode[parseInt(hex[last], 16)] ?? [0x41])))) last--;
    const cps = last >= 0 ? font.unicode[parseInt(hex[last], 16)] : undefined;
    if (cps?.length !== 1 || cps[0] !== HYPHEN_MINUS) return [hex, pos];
    const mark = secondEntry(font, gid, [LRM], 0);
    return [
      [...hex.slice(0, last + 1), mark, ...hex.slice(last + 1)],
      [...pos.slice(0, last + 1), ZERO, ...pos.slice(last + 1)],
    ];
  });
  return { ...inline, font: view };
}

/**
 * The part of a line as it is to be drawn: `drawn` (as the other hooks made it from `source`,
 * inline for inline), with the inline whose source is `target` drawn with the mark.
 */
export function withLineEndHyphen(drawn: PlacedLine, source: PlacedLine, target: LineInline | undefined): PlacedLine {
  const k = target ? source.inlines.indexOf(target) : -1;
  if (k < 0) return drawn;
  const inlines = drawn.inlines.map((i, j) => (j === k ? markedInline(i) : i));
  return Object.assign(Object.create(drawn) as PlacedLine, { inlines });
}
