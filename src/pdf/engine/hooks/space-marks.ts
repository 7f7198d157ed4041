/**
 * Hook: a space at the edge of a piece of a reordered line is drawn with a glyph that copies
 * out as a direction mark and a space, so pdf.js keeps it.
 *
 * Overrides: pdfkit's EmbeddedFont `encode(text, features)` of the font in use, for the one
 *   fragment (the engine's PDFDocument._fragment, document.ts) that draws such an inline; the
 *   glyph ids it returns for the spaces at the inline's outer edge are swapped for a second
 *   subset entry of the same glyph (same outline, same width), whose ToUnicode entry is the
 *   mark and the space: U+061C ARABIC LETTER MARK in right-to-left text (U+200F RIGHT-TO-LEFT
 *   MARK in a Hebrew line), U+200E LEFT-TO-RIGHT MARK in left-to-right text. The print does not
 *   change.
 * Why: a line with text of both directions is drawn piece by piece in logical order
 *   (drawing-order.ts), so drawing jumps back to the left between pieces. pdf.js
 *   (getTextContent, as Firefox copies) never makes a text item of a glyph it takes for white
 *   space (its category test: the glyph's text starts with a space character); it remembers it
 *   and writes a space before the next glyph, unless drawing jumps back or to another line
 *   first, which forgets it. So every space between two pieces was lost: "شركة Stability AI من"
 *   copied as "شركةStability AIمن". A glyph whose text is a mark followed by a space is not
 *   white space to pdf.js: it is written where it is drawn, in its piece, and pdf.js's
 *   reversal of a right-to-left piece puts the space on the right side of the piece's words.
 *   The mark is the one a word processor would put there (the space's own direction), and
 *   invisible in any text it is pasted into.
 * Which spaces: the spaces at the outer ends of each piece drawn on its own, except at the
 *   line's two visual ends (no space is lost there: the line break stands for it). A space
 *   inside a piece is left as it is.
 * Relies on: pdfmake's Renderer.renderLine drawing a part's inlines in order, one pdfkit
 *   _fragment(text, ...) call each, with the inline's text; EmbeddedFont.encode returning
 *   [glyph ids as 4-digit hex, positions]; what subset-entries.ts relies on.
 * Guarded by: tests/render/space-marks.test.ts, tests/unit/engine-fingerprint.test.ts.
 */
import { levelOf, type LineInline, type PlacedLine } from '../model.js';
import { secondEntry, type EntryFont } from './subset-entries.js';

/**
 * U+061C ARABIC LETTER MARK for right-to-left text, not U+200F RIGHT-TO-LEFT MARK: pdf.js's
 * bidi types every character outside the Hebrew and Arabic blocks as L, and an L mark next to
 * a number ("ديسمبر ‏ 2017") took the number's side and put the space before it.
 */
const ALM = 0x061c;
const RLM = 0x200f;
/** Points: closer than this to a line's end is at it. */
const EPSILON = 0.01;
const LRM = 0x200e;

/** pdfkit's embedded font, as far as this hook reads and writes it. */
export interface MarkableFont extends EntryFont {
  encode(text: string, features?: unknown): [string[], unknown[]];
}

interface Marks {
  /** Mark the spaces at the inline's left end (in drawing order, its first glyphs). */
  left: boolean;
  /** Mark the spaces at its right end. */
  right: boolean;
  mark: number;
}
interface Pending {
  text: string;
  marks?: Marks;
}

const queues = new WeakMap<object, Pending[]>();

/**
 * Draws `part` (a piece of `line`, or the line itself) with `draw`, having told the document
 * which of its inlines have spaces to mark.
 */
export function drawWithSpaceMarks(doc: object, line: PlacedLine, part: PlacedLine, draw: () => void): void {
  if (part === line || part.inlines.length === 0 || !line.inlines.some((i) => i.logicalIndex !== undefined)) return draw();
  const first = part.inlines[0];
  const last = part.inlines[part.inlines.length - 1];
  // By position: drawing-order.ts may draw a piece of an inline (a copy of it) on its own.
  const atLeftEnd = first.x <= Math.min(...line.inlines.map((i) => i.x)) + EPSILON;
  const atRightEnd = last.x + last.width >= Math.max(...line.inlines.map((i) => i.x + i.width)) - EPSILON;
  const hebrew = hebrewLine(line);
  const pending: Pending[] = part.inlines.map((inline) => ({
    text: inline.text,
    marks: marksFor(inline, inline === first && !atLeftEnd, inline === last && !atRightEnd, hebrew),
  }));
  queues.set(doc, pending);
  try {
    draw();
  } finally {
    queues.delete(doc);
  }
}

function marksFor(inline: LineInline, left: boolean, right: boolean, hebrew: boolean): Marks | undefined {
  if (!left && !right) return undefined;
  return { left, right, mark: levelOf(inline) % 2 === 0 ? LRM : hebrew ? RLM : ALM };
}

/** Whether a line's right-to-left letters are Hebrew, not Arabic-script: the mark is then U+200F (ALM is an Arabic character). */
const HEBREW = /\p{Script=Hebrew}/u;
const ARABIC = /\p{Script=Arabic}/u;
const hebrewLine = (line: PlacedLine): boolean => {
  const text = line.inlines.map((i) => i.text).join('');
  return HEBREW.test(text) && !ARABIC.test(text);
};

/**
 * Called for each text fragment pdfkit draws: draws it with `fragment`, its edge spaces marked
 * if the line being drawn asked for it. A fragment that is not the expected inline's text
 * (anything else drawing text meanwhile) ends the marking for the part.
 */
export function fragmentWithSpaceMarks<T>(doc: object, font: MarkableFont | undefined, text: unknown, fragment: () => T): T {
  const queue = queues.get(doc);
  if (!queue) return fragment();
  const head = queue.shift();
  if (!head || head.text !== text) {
    queues.delete(doc);
    return fragment();
  }
  const marks = head.marks;
  if (!marks || !font) return fragment();
  // A view of the font whose encode is its own and fixed (pdfium-order.ts draws a blank glyph
  // before the text) calls the font's: the marks go there, inside, on the text's own glyphs.
  while (Object.getOwnPropertyDescriptor(font, 'encode')?.writable === false) font = Object.getPrototypeOf(font) as MarkableFont;
  const own = Object.getOwnPropertyDescriptor(font, 'encode');
  const encode = font.encode;
  font.encode = function (this: MarkableFont, t: string, features?: unknown) {
    const [hex, positions] = encode.call(this, t, features);
    // Only the inline's text: the view may encode a blank glyph of its own as well.
    if (t === text) markEdges(font, hex, marks);
    return [hex, positions];
  };
  try {
    return fragment();
  } finally {
    if (own) Object.defineProperty(font, 'encode', own);
    else delete (font as Partial<MarkableFont>).encode;
  }
}

const isSpace = (codePoints: number[] | undefined): boolean => !!codePoints && codePoints.length > 0 && /^\s$/u.test(String.fromCodePoint(codePoints[0]));

/** Swaps the glyph ids of the spaces at the asked ends of `hex` for marked ones. */
function markEdges(font: MarkableFont, hex: string[], marks: Marks): void {
  const spaceAt = (k: number) => isSpace(font.unicode[parseInt(hex[k], 16)]);
  const swap = (k: number) => (hex[k] = markedGlyph(font, parseInt(hex[k], 16), marks.mark));
  if (marks.left) for (let k = 0; k < hex.length && spaceAt(k); k++) swap(k);
  if (marks.right) for (let k = hex.length - 1; k >= 0 && spaceAt(k); k--) swap(k);
}

/** The subset glyph that draws subset glyph `gid` and copies out as `mark` and gid's text. */
function markedGlyph(font: MarkableFont, gid: number, mark: number): string {
  return secondEntry(font, gid, [mark, ...font.unicode[gid]], font.widths[gid]);
}
