/**
 * Hook: invisible direction marks (RLM, LRM) drawn as their own zero-width glyphs at the edges
 * poppler needs on a line of a right-to-left paragraph.
 *
 * Overrides: nothing of pdfmake; wraps pdfmake's Renderer.renderLine call for one line (the
 *   `draw` of document.ts: inline texts are marked for the call only, after drawing-order.ts
 *   has decided the drawing order from the unmarked texts), and pdfkit's EmbeddedFont.encode
 *   of each font drawn (once per font object), so that U+200E/U+200F become empty glyphs of
 *   zero advance with the mark itself in the ToUnicode map (markGlyph). Without it fontkit
 *   hides them as a zero-width space glyph copied out as " ".
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
 *   right-to-left mark is a strong R character to poppler: one at the visual left edge of
 *   every left-to-right run, and one each side of every '#' character of right-to-left
 *   text, make each part exactly one of poppler's parts, and the line comes out in logical
 *   order; a left-to-right mark at the visual right edge of a run that ends in a neutral
 *   keeps that neutral in the run. The print does not change (zero-width empty glyphs, the
 *   other glyphs and their positions are those encoded without the marks).
 * Limit: on a page with more L than R characters poppler puts a line's parts left to right
 *   whatever is between them, so a right-to-left line with digits, separators or Latin words
 *   on such a page (an Arabic quotation in an English dossier) still comes out in parts; no
 *   invisible character changes that. Left-to-right paragraphs are not marked.
 * Relies on: Renderer.renderLine drawing each inline with pdfDocument.text(inline.text, ...)
 *   and nothing else reading inline.text; EmbeddedFont.encode(text, features) returning
 *   [glyph ids as 4-digit hex, positions] and filling `widths` and `unicode` by subset glyph
 *   id (`subset.includeGlyph`), `font` being the fontkit face; _fragment drawing a glyph of
 *   zero xAdvance and advanceWidth, without offsets, with no adjustment.
 * Guarded by: tests/render/direction-marks.test.ts, tests/unit/engine-fingerprint.test.ts.
 */
import { citeOf, levelOf, type LineInline, type PlacedLine } from '../model.js';

const RLM = '\u200F';
const LRM = '\u200E';

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

/** Whether poppler reads the character as neither L, R nor '#' (its 'N'): white space, brackets, quotation marks... */
function popplerNeutral(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (popplerNumber(cp)) return false;
  return !/[\p{L}\p{M}]/u.test(ch) || /[\p{Mn}]/u.test(ch);
}

/** The line belongs to a right-to-left paragraph. */
function rtlLine(line: PlacedLine): boolean {
  return line.inlines.some((i) => i.dossierRun?.rtlParagraph);
}

/**
 * For one line in visual order, the marked text of each inline that needs marks: the first
 * inline (from the left) of each left-to-right run gets an RLM before it, the last one an LRM
 * after it when it ends in a neutral; a right-to-left inline gets an RLM each side of every
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
    const next = inlines[k + 1];
    const startsRun = !prev || citeOf(prev) !== undefined || levelOf(prev) % 2 === 1;
    const endsRun = !next || citeOf(next) !== undefined || levelOf(next) % 2 === 1;
    let text = inline.text;
    if (startsRun) text = RLM + text;
    if (endsRun && popplerNeutral([...inline.text].pop()!)) text += LRM;
    if (text !== inline.text) marked.set(inline, text);
  }
  return marked;
}

/** Right-to-left text with an RLM each side of each character poppler reads as a number. */
export function markNumbers(text: string): string {
  return [...text].map((ch) => (popplerNumber(ch.codePointAt(0)!) ? RLM + ch + RLM : ch)).join('');
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

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
interface MarkableFont {
  font: { glyphForCodePoint(cp: number): { id: number; advanceWidth: number; path: { commands: unknown[] } } };
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  encode(text: string, features?: unknown): [string[], Position[]];
  [MARKABLE]?: true;
}
const MARKABLE = Symbol('direction-marks');
const MARK_RE = /[\u200E\u200F]/;

/**
 * Makes a font draw U+200E and U+200F as its own zero-width glyphs: the text without marks is
 * encoded as before (same glyphs and positions), then each mark's glyph is put next to the
 * glyph of the character it stood beside. Only the marks directionMarks writes are placed:
 * RLM on both sides of poppler number characters (right-to-left text: every glyph of such a
 * character gets them), or marks at the ends of the text. Returns whether the font can.
 */
function markable(f: unknown): boolean {
  const font = f as MarkableFont;
  if (!font || typeof font.encode !== 'function' || !font.font?.glyphForCodePoint) return false;
  if (font[MARKABLE]) return true;
  font[MARKABLE] = true;
  const encode = font.encode;
  font.encode = function (text: string, features?: unknown): [string[], Position[]] {
    if (!MARK_RE.test(text)) return encode.call(this, text, features);
    // Right-to-left text marked by markNumbers (RLM c RLM), or a left-to-right run's text with marks at its ends.
    const wrapped = new Set([...text.matchAll(/\u200F(.)\u200F/gu)].map((m) => m[1].codePointAt(0)!).filter(popplerNumber));
    const lead = wrapped.size ? '' : text.match(/^[\u200E\u200F]*/)![0];
    const trail = wrapped.size ? '' : text.slice(lead.length).match(/[\u200E\u200F]*$/)![0];
    const clean = text.replace(/[\u200E\u200F]/g, '');
    const [hex, positions] = clean ? encode.call(this, clean, features) : [[], []];
    const cps = codePointsOf(this, hex);
    const outHex: string[] = [];
    const outPos: Position[] = [];
    const put = (mark: string) => {
      const glyph = markGlyph(this, mark);
      if (glyph === undefined) return; // a font without the mark's glyph draws none
      outHex.push(glyph);
      outPos.push({ xAdvance: 0, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: 0 });
    };
    for (const m of lead) put(m);
    hex.forEach((h, k) => {
      const cp = cps[k];
      const wrap = cp !== undefined && wrapped.has(cp);
      if (wrap) put(RLM);
      outHex.push(h);
      outPos.push(positions[k]);
      if (wrap) put(RLM);
    });
    for (const m of trail) put(m);
    return [outHex, outPos];
  };
  return true;
}

/** The single code point each encoded glyph stands for (undefined for ligatures and unmapped glyphs). */
function codePointsOf(font: MarkableFont, hex: string[]): (number | undefined)[] {
  return hex.map((h) => {
    const cps = font.unicode[parseInt(h, 16)];
    return cps && cps.length === 1 ? cps[0] : undefined;
  });
}

/**
 * Glyphs that draw nothing and advance nothing, to carry the marks: the fonts' own uni200E and
 * uni200F draw an arrow (for showing format characters), so the marks borrow the empty glyphs
 * of other default-ignorable characters, which fontkit never draws for text (it hides them as
 * a zero-width space). RLM takes the first such glyph of the font, LRM the second.
 */
const CARRIERS = [0x200b, 0xfeff, 0x200d, 0x200c];

/** The subset glyph id (hex) of the empty glyph carrying the mark in this font, if it has one. */
function markGlyph(font: MarkableFont, mark: string): string | undefined {
  const cp = mark.codePointAt(0)!;
  const empty = CARRIERS.map((c) => font.font.glyphForCodePoint(c)).filter((g) => g && g.id !== 0 && g.advanceWidth === 0 && g.path.commands.length === 0);
  const glyph = empty[cp === 0x200f ? 0 : 1];
  if (!glyph) return undefined;
  const gid = font.subset.includeGlyph(glyph.id);
  if (font.widths[gid] == null) font.widths[gid] = 0;
  if (font.unicode[gid] == null) font.unicode[gid] = [cp];
  return `0000${gid.toString(16)}`.slice(-4);
}
