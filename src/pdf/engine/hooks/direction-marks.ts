/**
 * Hook: invisible direction marks (RLM, ALM), copied out but not drawn, at the edges poppler
 * needs on a line of a right-to-left paragraph.
 *
 * Overrides: nothing of pdfmake; wraps pdfmake's Renderer.renderLine call for one line (the
 *   `draw` of document.ts: inline texts are marked for the call only, after drawing-order.ts
 *   has decided the drawing order from the unmarked texts), and pdfkit's EmbeddedFont.encode
 *   of each font drawn (once per font object), so that a mark is copied out with the glyph it
 *   stands beside (an alias glyph, see markable) and not drawn. Without it fontkit would hide
 *   them as a zero-width space glyph copied out as " ".
 * Why: poppler's pdftotext (TextOutputDev.cc, reorderText) reads a line left to right and
 *   decides the order of its parts with the page's direction alone (primaryLR: more L than R
 *   characters on the page) and its own character table (UnicodeTypeTable.cc), in which
 *   digits and the separators , . - / : % $ + and the Arabic comma are '#' (read as left to
 *   right) and spaces, brackets and quotation marks are neutral. On a right-to-left page it
 *   takes, from the right, a right-to-left part (anything not L or '#', reversed), then a
 *   left-to-right part (anything not R, kept), and so on. So a neutral visually left of a
 *   left-to-right run ("Stability AI", "2023", "(GPU)") goes with that run: the space after
 *   "AI" comes before "Stability"; the Arabic comma and the space after it swap ("،2022بما");
 *   "1-5" in Arabic text, printed "5-1" from the left as UAX #9 wants, is read "5-1". A
 *   right-to-left mark is a strong R character to poppler: an RLM at the visual left edge of
 *   every left-to-right run, and an ALM (R to poppler, AL to pdf.js, where an RLM is L and
 *   would turn the item's direction) on the left of every '#' character of right-to-left
 *   text, make each part exactly one of poppler's parts, and the line comes out in logical
 *   order. The print does not change: the glyphs and their positions are those encoded
 *   without the marks; only their text differs. (An LRM after a run ending in a neutral was
 *   tried: poppler gained nothing, pdf.js moved the neutral.)
 * Limit: on a page with more L than R characters poppler puts a line's parts left to right
 *   whatever is between them, so a right-to-left line with digits, separators or Latin words
 *   on such a page (an Arabic quotation in an English dossier) still comes out in parts; no
 *   invisible character changes that. Left-to-right paragraphs are not marked.
 * Relies on: Renderer.renderLine drawing each inline with pdfDocument.text(inline.text, ...)
 *   and nothing else reading inline.text; EmbeddedFont.encode(text, features) returning
 *   [glyph ids as 4-digit hex, positions] and filling `widths` and `unicode` by subset glyph
 *   id; fontkit's TTFSubset numbering glyphs by their index in `glyphs` (includeGlyph) and
 *   encoding one glyph entry per item of `glyphs` (TTFSubset.encode, _addGlyph); pdfkit's
 *   widths and ToUnicode map being written from `widths` and `unicode` for every subset id.
 * Guarded by: tests/render/direction-marks.test.ts, tests/unit/engine-fingerprint.test.ts.
 */
import { citeOf, levelOf, type LineInline, type PlacedLine } from '../model.js';
import { secondEntry } from './subset-entries.js';

const RLM = '\u200F';
/**
 * Arabic letter mark: R to poppler like RLM, but AL to pdf.js's bidi (RLM is L there), so a
 * right-to-left item keeps the direction pdf.js gave it without the mark.
 */
const ALM = '\u061C';

/**
 * Characters poppler 22.12 counts as numbers ('#' in poppler/UnicodeTypeTable.cc), which its
 * reorderText reads as left to right.
 */
const POPPLER_NUMBER: [number, number][] = [
  [0x23, 0x25],
  [0x2b, 0x3a],
  [0xa0, 0xa0],
  [0xa2, 0xa5],
  [0xb0, 0xb3],
  [0xb9, 0xb9],
  [0x604, 0x60c],
  [0x659, 0x66c],
  [0x6f0, 0x6f9],
  [0x9f2, 0x9f3],
  [0xaf0, 0xaf1],
  [0xbf9, 0xbf9],
  [0xe3b, 0xe3f],
  [0x17db, 0x17db],
  [0x2030, 0x2034],
  [0x2044, 0x2044],
  [0x2070, 0x2070],
  [0x2072, 0x207b],
  [0x2080, 0x208b],
  [0x208f, 0x20b1],
  [0x212e, 0x212e],
  [0x2212, 0x2213],
  [0x2488, 0x249b],
  [0xfb29, 0xfb29],
  [0xfe50, 0xfe50],
  [0xfe52, 0xfe52],
  [0xfe55, 0xfe55],
  [0xfe5f, 0xfe5f],
  [0xfe62, 0xfe63],
  [0xfe69, 0xfe6a],
  [0xff03, 0xff05],
  [0xff0b, 0xff1a],
  [0xffdd, 0xffe1],
  [0xffe5, 0xffe6],
];

export function popplerNumber(cp: number): boolean {
  return POPPLER_NUMBER.some(([a, b]) => cp >= a && cp <= b);
}

/** The line belongs to a right-to-left paragraph. */
function rtlLine(line: PlacedLine): boolean {
  return line.inlines.some((i) => i.dossierRun?.rtlParagraph);
}

/**
 * For one line in visual order, the marked text of each inline that needs marks: the first
 * inline (from the left) of each left-to-right run gets an RLM before it; a right-to-left
 * inline gets an ALM each side of every
 * poppler number character. Citation markers are left alone (poppler reads them apart: other
 * size and baseline).
 */
export function directionMarks(line: PlacedLine): Map<LineInline, string> {
  const marked = new Map<LineInline, string>();
  if (!rtlLine(line)) return marked;
  const inlines = line.inlines;
  for (let k = 0; k < inlines.length; k++) {
    const inline = inlines[k];
    if (citeOf(inline) !== undefined || !inline.text) continue;
    if (levelOf(inline) % 2 === 1) {
      const text = markNumbers(inline.text);
      if (text !== inline.text) marked.set(inline, text);
      continue;
    }
    const prev = inlines[k - 1];
    const startsRun = !prev || citeOf(prev) !== undefined || levelOf(prev) % 2 === 1;
    let text = inline.text;
    if (startsRun) text = RLM + text;
    // No LRM after a run ending in a neutral (")"): pdf.js moved the neutral out of its
    // place for it, and poppler measured no better with it.
    if (text !== inline.text) marked.set(inline, text);
  }
  return marked;
}

/** Right-to-left text with an ALM each side of each character poppler reads as a number (markable puts the one on its left). */
export function markNumbers(text: string): string {
  return [...text].map((ch) => (popplerNumber(ch.codePointAt(0)!) ? ALM + ch + ALM : ch)).join('');
}

/**
 * Draws `part` (a line or part of one; its inlines are the line's or copies of them, drawn
 * inline by inline) with the marked texts. Inlines split off by drawing-order.ts (copies) are
 * marked by their own text when right to left.
 */
export function drawWithMarks(marked: Map<LineInline, string>, rtl: boolean, part: PlacedLine, draw: () => void): void {
  if (!rtl) return draw();
  const saved = part.inlines.map((i) => i.text);
  part.inlines.forEach((inline) => {
    if (!markable(inline.font)) return;
    const text = marked.get(inline) ?? (levelOf(inline) % 2 === 1 && citeOf(inline) === undefined ? markNumbers(inline.text) : inline.text);
    inline.text = text;
  });
  try {
    draw();
  } finally {
    part.inlines.forEach((inline, k) => (inline.text = saved[k]));
  }
}

export const lineIsRtl = rtlLine;

type Position = unknown;
interface MarkableFont {
  subset: { glyphs: number[]; cff?: unknown };
  widths: number[];
  unicode: number[][];
  encode(text: string, features?: unknown): [string[], Position[]];
  widthOfString(text: string, size: number, features?: unknown): number;
  [MARKABLE]?: true;
}
const MARKABLE = Symbol('direction-marks');
const MARK_RE = /[\u200E\u200F\u061C]/;
const MARKS_G = /[\u200E\u200F\u061C]/g;

/**
 * Makes a font copy out U+200E and U+200F without drawing anything more: the text without
 * marks is encoded as before (same glyphs, same positions), then each glyph a mark stood
 * beside is swapped for an alias of itself, a second subset glyph with the same outline and
 * advance whose ToUnicode text has the mark before or after the glyph's own text. Only the
 * marks directionMarks writes are placed: an ALM on the left of poppler number characters
 * (right-to-left text: every glyph of such a character), or marks at the ends of the text.
 * An alias rather than a zero-width glyph of its own: poppler takes a glyph starting where
 * the previous one started for a duplicate (fake bold) and starts a new word there, and a
 * zero-width word at the x where a run begins may be sorted into the run or split the line.
 * Returns whether the font can (TrueType subsets only).
 */
function markable(f: unknown): boolean {
  const font = f as MarkableFont;
  if (!font || typeof font.encode !== 'function' || !font.subset || !Array.isArray(font.subset.glyphs) || font.subset.cff != null) return false;
  if (font[MARKABLE]) return true;
  font[MARKABLE] = true;
  // pdfkit measures each drawn text after drawing it (_line: widthOfString, for its x): the
  // marks have no width, and measured with them the text would be shaped again, by fontkit
  // (harfbuzz-shaping.ts leaves default-ignorable characters to it).
  const widthOfString = font.widthOfString;
  font.widthOfString = function (text: string, size: number, features?: unknown): number {
    return widthOfString.call(this, MARK_RE.test(text) ? text.replace(MARKS_G, '') : text, size, features);
  };
  const encode = font.encode;
  font.encode = function (text: string, features?: unknown): [string[], Position[]] {
    if (!MARK_RE.test(text)) return encode.call(this, text, features);
    // Right-to-left text marked by markNumbers (ALM c ALM), or a left-to-right run's text with marks at its ends.
    const wrapped = new Set([...text.matchAll(/\u061C(.)\u061C/gu)].map((m) => m[1].codePointAt(0)!).filter(popplerNumber));
    const lead = text.match(/^[\u200E\u200F]*/)![0];
    const trail = text.slice(lead.length).match(/[\u200E\u200F]*$/)![0];
    const clean = text.replace(/[\u200E\u200F\u061C]/g, '');
    if (!clean) return [[], []];
    const [hex, positions] = encode.call(this, clean, features);
    const out = hex.map((h, k) => {
      const cps = this.unicode[parseInt(h, 16)] ?? [];
      // The mark on the left of a number character is enough: on its right is either
      // right-to-left text (where poppler's part ends anyway) or a left-to-right run, which
      // starts with its own RLM.
      const before = (k === 0 ? lead : '') + (cps.length === 1 && wrapped.has(cps[0]) ? ALM : '');
      const after = k === hex.length - 1 ? trail : '';
      return before || after ? alias(this, h, before, after) : h;
    });
    return [out, positions];
  };
  return true;
}

/** A subset glyph drawing as `hex` does, copied out as `before` + its text + `after` (a second entry, subset-entries.ts). */
function alias(font: MarkableFont, hex: string, before: string, after: string): string {
  const gid = parseInt(hex, 16);
  const cps = (t: string) => [...t].map((c) => c.codePointAt(0)!);
  return secondEntry(font, gid, [...cps(before), ...(font.unicode[gid] ?? []), ...cps(after)], font.widths[gid]);
}
