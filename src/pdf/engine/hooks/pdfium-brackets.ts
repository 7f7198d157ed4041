/**
 * Hook: in a line PDFium reads right to left, each bracket glyph is drawn between zero-width
 * marks (a right-to-left and a left-to-right mark on each side), so that PDFium copies the
 * bracket as typed.
 *
 * Overrides: nothing of pdfmake's own; the engine's renderLine (document.ts) hands pdfmake's
 *   renderLine a view of the line in which such inlines draw through a view of their font
 *   (font-view.ts) whose encode adds the marks around the bracket glyphs.
 * Why: our ToUnicode names each glyph's character as typed (a bracket drawn mirrored copies out
 *   as the bracket the writer typed), which pdf.js needs. PDFium (CPDF_TextPage::CloseTempLine)
 *   cuts a line into runs of strong left-to-right, strong right-to-left, weak and neutral
 *   characters, and in a right-to-left line it reverses every neutral run that follows a
 *   right-to-left run in reading order, mirroring its characters (GetMirrorChar): "(GPU)"
 *   came out as ")GPU)" and "(قرب 20,000 دولار)" as ")قرب 20,000 دولار(". A neutral run that
 *   follows a left-to-right run is kept as it is. Between a left-to-right mark on each side the
 *   bracket is a one-character neutral run after a left-to-right one, which PDFium copies
 *   unmirrored, and the right-to-left mark outside each left-to-right mark gives the runs
 *   around it back the direction they had (poppler, which does not mirror, orders runs by the
 *   same marks and keeps its order). pdf.js skips the marks (format characters) and they take
 *   no room: the print and pdf.js's text are unchanged.
 * Also (pdfiumLeadGuards), in a line PDFium reads left to right: a closing guillemet, bracket or
 *   quotation mark that follows right-to-left text ("written «مصطفى» (Mustafa)") is a neutral
 *   run after a right-to-left one, which PDFium writes backwards and mirrored ("«مصطفى«"); the
 *   first glyph of the inline it begins is copied out with an LRM before it (an alias, no glyph
 *   more), so the run follows a left-to-right one. PDFium +1 string, poppler +3 (measured,
 *   README), pdf.js unchanged.
 * Where not: (the marks around a bracket) lines PDFium reads left to right; lines the marks would turn (PDFium counts runs:
 *   the line must stay right to left); the line's links, notes and other decorated inlines;
 *   a font without an empty zero-width space glyph to draw the marks with.
 * Measured (README, "Copy and paste"): PDFium 130 → 134 of 170 Arabic-script strings copied
 *   right with their spaces (145 → 152 in order), poppler 104 → 102: its word grouping splits
 *   a line where several zero-width characters stand at one place (103 with line-order.ts's
 *   line-end space). Guillemets are left alone:
 *   marked, PDFium gained 4 more and poppler lost 8, as its lines broke at the quotation marks.
 * Relies on: pdfmake's renderLine drawing each inline with pdfkit's text(inline.text, ...) in
 *   inline.font; pdfkit's _fragment writing the glyphs encode() returns, without a TJ move for
 *   a glyph whose xAdvance equals its advanceWidth; EmbeddedFont's unicode table by glyph code
 *   (ToUnicode); a second subset entry (subset-entries.ts) for each mark.
 * Guarded by: tests/render/pdfium-brackets.test.ts (both cases), tests/unit/engine-fingerprint.test.ts.
 */
import { levelOf, type LineInline, type PlacedLine } from '../model.js';
import { encodingView } from './font-view.js';
import { decoratedInline, drawnText, emptyZeroWidthSpace, pdfiumLineRtl, RTL_TEXT } from './pdfium-order.js';
import { secondEntry, type EntryFont } from './subset-entries.js';

/** The brackets guarded: the paired ones PDFium mirrors. Quotation marks are left alone (above). */
const BRACKETS = new Set(['(', ')', '[', ']', '{', '}']);
const RLM = 0x200f;
const LRM = 0x200e;

/** pdfkit's embedded font, as far as the hooks that draw zero-width marks use it (also line-end-mark.ts). */
export interface KitFont extends EntryFont {
  ref(): unknown;
  encode(text: string, features?: unknown): [string[], Position[]];
  subset: EntryFont['subset'] & { includeGlyph(id: number): number };
  font?: { glyphForCodePoint?(cp: number): { id: number; advanceWidth: number; path?: { commands: unknown[] } } };
}
export interface Position {
  xAdvance: number;
  advanceWidth: number;
}

/** Where a zero-width mark is drawn: no advance, no move. */
export const ZERO: Position = { xAdvance: 0, advanceWidth: 0, yAdvance: 0, xOffset: 0, yOffset: 0 } as Position;
const guarded = (text: string) => [...text].map((ch) => (BRACKETS.has(ch) ? `\u200f\u200e${ch}\u200e\u200f` : ch)).join('');

/** The inlines of a line (in visual order) whose brackets are to be drawn between marks. */
export function pdfiumBracketGuards(visual: LineInline[]): Set<LineInline> {
  const out = new Set<LineInline>();
  const hasBracket = (text: string) => [...text].some((ch) => BRACKETS.has(ch));
  if (!visual.some((i) => hasBracket(i.text)) || !visual.some((i) => RTL_TEXT.test(i.text))) return out;
  const drawn = visual.map(drawnText);
  // PDFium counts runs to choose the line's direction: the marks must not turn it.
  if (!pdfiumLineRtl(drawn.join('')) || !pdfiumLineRtl(drawn.map(guarded).join(''))) return out;
  visual.forEach((inline, k) => {
    if (!decoratedInline(inline) && hasBracket(drawn[k])) out.add(inline);
  });
  return out;
}

/**
 * In a line PDFium reads left to right, the inlines of left-to-right text that begin with a
 * neutral (a closing guillemet or bracket, a quotation mark) right after right-to-left text:
 * "written «مصطفى» (Mustafa)". PDFium writes a neutral run that follows a right-to-left run
 * backwards and mirrored ("«مصطفى«"), one that follows a left-to-right run as it is; the first
 * glyph of each such inline is copied out with an LRM before it (an alias, subset-entries.ts),
 * so the neutral run follows a left-to-right one. Nothing is drawn for it; pdf.js copies the
 * mark, which is invisible, and poppler reads it as a letter of the line's own direction.
 */
export function pdfiumLeadGuards(visual: LineInline[]): Set<LineInline> {
  const out = new Set<LineInline>();
  if (!visual.some((i) => RTL_TEXT.test(i.text))) return out;
  const drawn = visual.map(drawnText);
  if (pdfiumLineRtl(drawn.join(''))) return out;
  let prevRtl = false;
  visual.forEach((inline, k) => {
    const text = drawn[k];
    if (!text.trim()) return; // white space between: the run before it still counts
    if (prevRtl && levelOf(inline) % 2 === 0 && !decoratedInline(inline) && /^[^\p{L}\p{N}\s]/u.test(text) && !RTL_TEXT.test(text[0])) out.add(inline);
    prevRtl = RTL_TEXT.test([...text].pop()!);
  });
  return out;
}

/** `inline` with its first glyph copied out with an LRM before it. */
function ledInline(inline: LineInline): LineInline {
  return withEncoding(inline, (font) => (text: string, features?: unknown) => {
    const [hex, pos] = font.encode(text, features);
    if (!hex.length) return [hex, pos];
    const gid = parseInt(hex[0], 16);
    const lead = secondEntry(font, gid, [LRM, ...(font.unicode[gid] ?? [])], font.widths[gid]);
    return [[lead, ...hex.slice(1)], pos];
  });
}

/** The font's zero-width space glyph (subset id), if it draws nothing: the marks are drawn with it. */
export function markGlyph(font: KitFont): number | undefined {
  const g = emptyZeroWidthSpace(font);
  if (!g) return undefined;
  const gid = font.subset.includeGlyph(g.id);
  font.widths[gid] ??= 0;
  font.unicode[gid] ??= [0x200b];
  return gid;
}

/**
 * `inline` drawn through a view of its font whose encode `encodeWith(font)` makes; the inline
 * as it is for a standard font, or when `encodeWith` gives nothing (no glyph to draw marks with).
 * Used here and by line-end-mark.ts.
 */
export function withEncoding(
  inline: LineInline,
  encodeWith: (font: KitFont) => ((text: string, features?: unknown) => [string[], Position[]]) | undefined,
): LineInline {
  const font = inline.font as KitFont | undefined;
  if (!font?.encode || !font.unicode || !font.subset?.includeGlyph) return inline;
  const encode = encodeWith(font);
  return encode ? { ...inline, font: encodingView(font, encode) } : inline;
}

/** `inline` drawn with an RLM and an LRM on each side of each bracket glyph. */
function guardedInline(inline: LineInline): LineInline {
  return withEncoding(inline, (font) => {
    const blank = markGlyph(font);
    if (blank === undefined) return undefined;
    return (text: string, features?: unknown) => {
      const [hex, pos] = font.encode(text, features);
      const rlm = secondEntry(font, blank, [RLM], 0);
      const lrm = secondEntry(font, blank, [LRM], 0);
      const outHex: string[] = [];
      const outPos: Position[] = [];
      hex.forEach((h, i) => {
        const cps = font.unicode[parseInt(h, 16)];
        const bracket = cps?.length === 1 && BRACKETS.has(String.fromCodePoint(cps[0]));
        if (bracket) {
          outHex.push(rlm, lrm);
          outPos.push(ZERO, ZERO);
        }
        outHex.push(h);
        outPos.push(pos[i]);
        if (bracket) {
          outHex.push(lrm, rlm);
          outPos.push(ZERO, ZERO);
        }
      });
      return [outHex, outPos];
    };
  });
}

/**
 * The line as it is to be drawn for PDFium's brackets: `line` (as pdfium-order.ts made it from
 * `source`, inline for inline), with the inlines whose source is guarded drawn through a view.
 */
export function withPdfiumBrackets(line: PlacedLine, source: PlacedLine, guards: Set<LineInline>, leads: Set<LineInline> = new Set()): PlacedLine {
  if (!source.inlines.some((i) => guards.has(i) || leads.has(i))) return line;
  const inlines = line.inlines.map((i, k) => (guards.has(source.inlines[k]) ? guardedInline(i) : leads.has(source.inlines[k]) ? ledInline(i) : i));
  return Object.assign(Object.create(line) as PlacedLine, { inlines });
}
