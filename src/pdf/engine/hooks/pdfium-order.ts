/**
 * Hook: where PDFium (Chrome's and Edge's viewer) sorts the words of a run written in the other
 * direction, set by a blank glyph at the start of the word's text object.
 *
 * Overrides: nothing of pdfmake's own; the engine's renderLine (document.ts) draws each line
 *   through withPdfiumOrder, which hands pdfmake's renderLine copies of some inlines whose font
 *   is a view of the inline's font with its encode wrapped: the text's glyphs come after one
 *   blank glyph, whose advance is set so that the text prints exactly where it did; and, after
 *   the part's own inlines, "echoes": inlines that draw the space glyph alone, where a space
 *   glyph of the same font already is (nothing prints); and, for a left-to-right word of
 *   letters and digits or signs in a right-to-left line ("Web3", "Ctrl+Shift+P"), copies whose
 *   font view draws each run of letters or of digits and signs after two space glyphs of a
 *   code of its own (an echo, offset, and a lead), the white space that ends the word raised
 *   by a thousandth of a unit (steerParts, partsView).
 * Why: PDFium's text (CPDF_TextPage) sorts the text objects of a line by the position of each
 *   object's first glyph, then cuts the line into runs of strong left-to-right letters, strong
 *   right-to-left letters, digits and neutrals and, when most runs are right-to-left, reverses
 *   the order of all runs (CloseTempLine, CFX_BidiString). A run of two or more words in the
 *   other direction ("Stability AI" in Arabic, "عماد مشتاق" in English) came out with its words
 *   swapped. A space glyph drawn first, at a position of our choosing, makes PDFium sort the
 *   word there; pdf.js reads no position of a white-space glyph (it only moves its pen past
 *   it), poppler ends a word at a space, and where the text prints does not change
 *   (scripts/reader-evidence.mjs shows it on the smallest PDFs). PDFium collapses the doubled
 *   space. Where text touches the stretch, PDFium read a space there too: the space glyph
 *   before the word it sorts first, after a jump across the stretch that PDFium reads as a
 *   space anyway ("Stability AI ،"), and the space that ends the word it sorts last ("و
 *   Lightspeed"). PDFium drops a glyph of the same code and font as one of the last seven it
 *   read, drawn within 0.07 em of it (ProcessTextObjectItems, for fake bold), and when that
 *   glyph begins its object also deletes a space read just before; and it makes no space of its
 *   own between two objects where one ends or the other begins with a space glyph, read or not.
 *   So, in a right-to-left line: a stretch touched on its left is steered the other way, its
 *   rightmost word sorted where it prints after a space glyph that repeats an echo drawn just
 *   before it (PDFium reads neither), the other words keyed right of it with a move back to
 *   the left (which PDFium never reads as a space); a stretch touched on its right gets an echo
 *   of the space that ends its leftmost word, which takes that space out, or, if also touched
 *   on its left (", وGoogle Cloud Platform،", the leftmost word then keyed right of the
 *   stretch), that space drawn at the word's lead (a repeat, dropped) and the touching text
 *   drawn after a space glyph that repeats an echo of its own. pdf.js, poppler and the print do
 *   not change (measured on the dossiers and the mixed fixture). Inside a left-to-right word
 *   the same reversal swapped its runs ("3Web", "E-DALL", "P+Shift+Ctrl"): each run is drawn
 *   as a text object of its own, the last where it prints, the others keyed at steps right of
 *   it, the first rightmost, each after a lead that PDFium drops as a repeat of its echo, so
 *   PDFium reads the runs last to first with no space between and its reversal puts them in
 *   order; pdf.js reads them where they are drawn, one after the other with no gap. Text that
 *   touches such a word on its right ("(" of "(LAION-5B)") is read after the first run, which
 *   ends left of it, and PDFium made a space of the gap: it is drawn after a space glyph that
 *   repeats an echo, as beside a name. A number
 *   that follows a name in its own left-to-right run ("Stable Diffusion 1.4", which PDFium
 *   gave as "1.4 Stable Diffusion") is steered as one of the name's words.
 * Relies on: pdfmake's renderLine drawing each inline with pdfkit's text(inline.text,
 *   x + inline.x, ...) in inline.font (set as doc._font); pdfkit's _fragment writing the
 *   glyphs encode() returns, with a TJ move after a glyph whose xAdvance is not its
 *   advanceWidth (both in thousandths of the font size); EmbeddedFont's unicode table, by
 *   glyph code, for the ToUnicode map; font.ref() naming the font's one dictionary; a second
 *   subset entry of the space glyph (subset-entries.ts) for a word that repeats another of its
 *   stretch: PDFium drops a text object with the same glyph codes as one drawn near it;
 *   pdfkit's _fragment starting a new text object (a Tm and a TJ) at a glyph with an xOffset
 *   or yOffset, and another at the glyph after it, at its pen position.
 * Guarded by: tests/render/pdfium-order.test.ts, tests/unit/engine-fingerprint.test.ts.
 */
import { bidiClass } from '../../../typeset/bidi.js';
import { levelOf, type LineInline, type PlacedLine } from '../model.js';
import { encodingView } from './font-view.js';
import { secondEntry, type EntryFont } from './subset-entries.js';

/** pdfkit's embedded font, as far as this hook uses it. */
interface KitFont {
  encode(text: string, features?: unknown): [string[], { xAdvance: number; advanceWidth: number }[]];
  unicode: number[][];
  widths: number[];
  subset: { includeGlyph(id: number): number };
  ref(): unknown;
  font?: { glyphForCodePoint?(cp: number): { id: number; advanceWidth: number; path?: { commands: unknown[] } } };
}

/** Characters of the right-to-left blocks (Hebrew to NKo, presentation forms, the SMP's right-to-left scripts). */
export const RTL_TEXT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/** PDFium's classes of a character (CFX_BidiChar): strong left, strong right, weak, neutral. */
type Pclass = 'L' | 'R' | 'W' | 'N';
function pclass(cp: number): Pclass {
  const c = bidiClass(cp);
  if (c === 'L') return 'L';
  if (c === 'R' || c === 'AL') return 'R';
  if (['AN', 'EN', 'NSM', 'CS', 'ES', 'ET', 'BN'].includes(c)) return 'W';
  return 'N';
}

/** How one inline is to be drawn: its first glyph at `key` (like inline.x, from the line's x). */
export interface Steer {
  key: number;
  /**
   * The glyph drawn first: a space, or the font's zero-width space glyph copied out as a
   * right-to-left mark (U+200F), drawn where the inline starts.
   */
  lead: 'space' | 'rlm' | 'none';
  /**
   * For a word whose glyphs repeat another word's of the stretch ("Shan Shan"): the lead is the
   * space glyph's twin-th second subset entry. PDFium drops a text object with the same glyph
   * codes as one of the last few, drawn within 0.9 of a glyph's width of it (IsSameTextObject),
   * as it would a fake bold; a lead of another code makes the two objects differ.
   */
  twin?: number;
  /**
   * Also draw the space glyph alone, as a text object of its own, at this x (like key): where
   * PDFium is to read nothing although it reads a space glyph there. PDFium drops a glyph of the
   * same code and font as one of the last few it read, within 0.07 em of it (its check for fake
   * bold), and when that glyph begins its object, deletes a space read just before it as well.
   * So the lead of the rightmost word of a name steered the other way (steerRight), drawn just
   * after its echo, is dropped and the echo's space deleted; and an echo of the space that ends
   * the leftmost word of a name (steered, as PDFium reads it, last), drawn where that space is,
   * is dropped and deletes that space. Each starts or ends with a space, so PDFium makes no space
   * of its own across the gap to the next object either.
   */
  echo?: number;
  /**
   * Draw the space glyph that ends the text right after the lead, at the key, instead of at the
   * end: PDFium drops it there as a repeat of the lead, so the word PDFium sorts last ends with
   * its last letter (nothing prints at either place).
   */
  spaceAtLead?: boolean;
  /**
   * In a left-to-right word of letters and digits or signs in a right-to-left line ("Web3",
   * "DALL-E"): where (like inline.x) each run of the inline's letters or of its digits and
   * signs begins the text object drawn for it (see steerParts, partsView).
   */
  parts?: { keys: number[]; first: number };
}

interface Seen {
  inline: LineInline;
  /** The characters in the order the glyphs are drawn (as PDFium reads them). */
  drawn: string;
  has: Set<Pclass>;
  blank: boolean;
}

/** What PDFium reads of an inline: its glyphs' texts, left to right. */
export function drawnText(inline: LineInline): string {
  const font = inline.font as KitFont | undefined;
  if (!font?.encode || !font.unicode) return inline.text;
  try {
    const [hex] = font.encode(inline.text, (inline as { fontFeatures?: unknown }).fontFeatures);
    return hex.map((h) => String.fromCodePoint(...(font.unicode[parseInt(h, 16)] ?? [0xfffd]))).join('');
  } catch {
    return inline.text;
  }
}

/** The font's zero-width space glyph if it draws nothing (no advance, no outline): a glyph for invisible marks. */
export function emptyZeroWidthSpace(font: Pick<KitFont, 'font'>): { id: number } | undefined {
  const g = font.font?.glyphForCodePoint?.(0x200b);
  return g && g.advanceWidth === 0 && (g.path?.commands.length ?? 0) === 0 ? g : undefined;
}

/** The overall direction PDFium gives a line: right-to-left when its right-to-left runs are at least as many as its left-to-right ones. */
export function pdfiumLineRtl(drawn: string): boolean {
  let nR = 0;
  let nL = 0;
  let prev: Pclass | undefined;
  for (const ch of drawn) {
    const c = pclass(ch.codePointAt(0)!);
    if (c !== prev && c === 'R') nR++;
    if (c !== prev && c === 'L') nL++;
    prev = c;
  }
  return nR > 0 && nR >= nL;
}

/** An inline with a link, a decoration, a background or a raised or lowered run: drawn as pdfmake draws it. */
export const decoratedInline = (i: LineInline): boolean => {
  const o = i as { link?: unknown; linkToDestination?: unknown; linkToPage?: unknown; decoration?: unknown; background?: unknown; _pageNodeRef?: unknown };
  return !!(o.link || o.linkToDestination || o.linkToPage || o.decoration || o.background || o._pageNodeRef || i.sup || i.sub);
};

/**
 * For a line in visual order: the inlines to draw with a leading blank glyph and where. In each
 * stretch of two or more words written against PDFium's direction for the line, the words
 * after the leftmost get keys just left of it, the rightmost leftmost of all, so PDFium reads
 * them right to left, which its reversal turns back.
 */
export function pdfiumSteering(visual: LineInline[]): Map<LineInline, Steer> {
  const out = new Map<LineInline, Steer>();
  // No right-to-left letter in the texts: nothing to steer, and no inline encoded to find out.
  if (visual.length < 2 || !visual.some((i) => RTL_TEXT.test(i.text))) return out;
  const seen: Seen[] = visual.map((inline) => {
    const drawn = drawnText(inline);
    const has = new Set<Pclass>();
    for (const ch of drawn) has.add(pclass(ch.codePointAt(0)!));
    return { inline, drawn, has, blank: drawn.trim() === '' };
  });
  if (!seen.some((s) => s.has.has('R'))) return out; // no right-to-left letter: PDFium keeps the order
  const rtl = pdfiumLineRtl(seen.map((s) => s.drawn).join(''));
  const against: Pclass = rtl ? 'L' : 'R';
  const along: Pclass = rtl ? 'R' : 'L';
  // A word of the stretch: letters against the line and none along it, or digits and signs
  // (no strong letter) between such words.
  const word = (s: Seen) => !s.blank && !s.has.has(along) && !decoratedInline(s.inline);
  let k = 0;
  while (k < seen.length) {
    if (!word(seen[k]) || !seen[k].has.has(against)) {
      k++;
      continue;
    }
    // The stretch: words, and inlines of white space between them.
    let end = k;
    let j = k + 1;
    while (j < seen.length && (seen[j].blank || word(seen[j]))) {
      if (!seen[j].blank) end = j;
      j++;
    }
    const members = seen.slice(k, end + 1).filter((s) => !s.blank);
    // Digits at an end of the stretch are not part of it (a number beside a name), unless, in a
    // right-to-left line, they follow the name in its own left-to-right run ("Stable Diffusion
    // 1.4"): PDFium reads them as a run of their own, and its reversal put them first.
    const inRun = (i: number) => rtl && i > 0 && sameRun(members[i - 1].inline, members[i].inline) && members.slice(0, i).some((m) => m.has.has(against));
    while (members.length && !members[members.length - 1].has.has(against) && !inRun(members.length - 1)) members.pop();
    if (members.length >= 2) steerStretch(seen, seen.indexOf(members[0]), members, out, rtl);
    k = end + 1;
  }
  if (rtl) markWeakJoins(seen, out);
  if (rtl) steerParts(seen, out);
  return out;
}

/**
 * PDFium reads digits and the signs between them (and the Arabic comma, the full stop, the
 * per cent sign...) as one run, kept left to right. Where such a run would join two inlines
 * that stand in the other order in the text ("،" drawn left of "2019" for "2019،"), the right
 * one starts with a right-to-left mark: two runs, which PDFium's reversal puts in order.
 * pdf.js skips the mark (a format character) and it takes no room.
 */
function markWeakJoins(seen: Seen[], out: Map<LineInline, Steer>): void {
  const weak = (ch: string | undefined) => ch !== undefined && pclass(ch.codePointAt(0)!) === 'W';
  for (let k = 0; k + 1 < seen.length; k++) {
    const a = seen[k];
    const b = seen[k + 1];
    if (out.has(b.inline) || decoratedInline(b.inline) || a.inline.logicalIndex === undefined || b.inline.logicalIndex === undefined) continue;
    if (b.inline.logicalIndex >= a.inline.logicalIndex) continue;
    if (weak([...a.drawn].pop()) && weak([...b.drawn][0])) out.set(b.inline, { key: b.inline.x, lead: 'rlm' });
  }
}

/** A text without its format characters (the direction marks the engine draws in line). */
const unmarked = (s: string) => s.replace(/\p{Cf}/gu, '');

function steerStretch(seen: Seen[], first: number, members: Seen[], out: Map<LineInline, Steer>, rtl: boolean): void {
  // Text that touches the stretch on its left (in a right-to-left line, what follows it: "،",
  // "."): PDFium reads it just before the first word it sorts, so that word must start there
  // with no space read between.
  const before = first > 0 ? seen[first - 1] : undefined;
  const touched = rtl && !!before && !before.blank && !/\s$/u.test(unmarked(before.drawn)) && !/^\s/u.test(unmarked(members[0].drawn));
  const m1 = members[0].inline;
  const em = m1.fontSize;
  // The nearest inked inline on the left bounds the keys; the blanks between it and the stretch
  // (a space, drawn nowhere) are sorted left of every key, below.
  let left = first - 1;
  while (left >= 0 && seen[left].blank) left--;
  const bound = left >= 0 ? seen[left].inline.x : -Infinity;
  // The words of the stretch stand apart (PDFium is to read a space between each two).
  const apart = (a: Seen | undefined, b: Seen) => !a || a.blank || /\s$/u.test(a.drawn) || /^\s/u.test(b.drawn);
  for (let i = 1; i < members.length; i++) {
    const between = seen.slice(seen.indexOf(members[i - 1]) + 1, seen.indexOf(members[i]));
    if (!between.some((s) => s.blank) && !apart(members[i - 1], members[i])) return;
  }
  // Text that touches the stretch on its right (in a right-to-left line, what comes before it:
  // the prefix "و" of "وLightspeed Venture Partners"): PDFium reads it just after the word it
  // sorts last, and with it the space that ends that word (the one between it and the next
  // word, which PDFium reads elsewhere too).
  const last = members[members.length - 1];
  const after = seen[seen.indexOf(last) + 1];
  const touchedRight = rtl && !!after && !after.blank && !/\s$/u.test(unmarked(last.drawn)) && !/^\s/u.test(unmarked(after.drawn));
  if (touched && steerRight(seen, members, out, touchedRight ? after : undefined)) return;
  const n = members.length;
  // Spaces 0.1 em apart: PDFium drops a glyph drawn within 0.07 em of the same glyph of the
  // same font among the last few it read.
  let step = 0.1 * em;
  if (m1.x - n * step <= bound) step = (m1.x - bound) / (n + 1);
  if (step < 0.075 * em) return;
  const seenText = new Map<string, number>();
  members.forEach((m, i) => {
    const twin = seenText.get(m.drawn) ?? 0;
    seenText.set(m.drawn, twin + 1);
    if (i > 0) out.set(m.inline, { key: m1.x - i * step, lead: 'space', ...(twin ? { twin } : {}) });
  });
  for (let k = left + 1; k < first; k++) out.set(seen[k].inline, { key: m1.x - n * step, lead: 'none' });
  // Sorted last here is the leftmost word: an echo of the space that ends it takes that out.
  const at = touchedRight ? trailingSpaceAt(m1) : undefined;
  if (at !== undefined) out.set(m1, { key: m1.x, lead: 'none', echo: at });
}

/** Where (like inline.x) `inline` draws the space glyph that ends it, if it ends with the font's space glyph. */
function trailingSpaceAt(inline: LineInline): number | undefined {
  const font = inline.font as KitFont | undefined;
  if (!font?.encode || !font.unicode) return undefined;
  try {
    const [hex, pos] = font.encode(inline.text, (inline as { fontFeatures?: unknown }).fontFeatures);
    const [[space]] = font.encode(' ');
    if (hex.length < 2 || hex[hex.length - 1] !== space) return undefined;
    const before = pos.slice(0, -1).reduce((sum, p) => sum + p.xAdvance, 0);
    return inline.x + (before * inline.fontSize) / 1000;
  } catch {
    return undefined;
  }
}

/**
 * The other way, for a stretch touched on its left: the rightmost word is sorted where it
 * prints, after a space glyph drawn just left of it that repeats a lone one drawn there first
 * (`echo`), and the others get keys just right of it, the leftmost rightmost of all, each
 * drawn after a space glyph there and a move back to the left (a move left PDFium never reads
 * as a space). The keys of the other way would have the first word jump from the touching
 * text across the stretch, which PDFium reads as a space ("Stability AI ،").
 * False (nothing steered) where the rightmost word begins with a space or leaves no room for
 * the keys.
 */
function steerRight(seen: Seen[], members: Seen[], out: Map<LineInline, Steer>, touching?: Seen): boolean {
  const n = members.length;
  const last = members[n - 1];
  const wn = last.inline;
  const sw = spaceAdvance(wn);
  // A space that begins the rightmost word would be read after the touching text: not here.
  if (sw === undefined || /^\s/u.test(unmarked(last.drawn))) return false;
  const em = wn.fontSize;
  // The keys stay left of the next inline on the right (the stretch's own end or what follows),
  // and of the lead of text that touches the stretch there.
  const next = seen[seen.indexOf(last) + 1];
  const lead = touching && !out.has(touching.inline) && !decoratedInline(touching.inline) ? spaceAdvance(touching.inline) : undefined;
  const bound = next ? next.inline.x - (lead ?? 0) - ECHO_BEFORE : Infinity;
  let step = 0.1 * em;
  if (wn.x + n * step >= bound) step = (bound - wn.x) / (n + 1);
  if (step < 0.075 * em) return false;
  // A repeated word gets a lead of another code (see Steer.twin); the rightmost keeps the plain
  // space that its echo repeats.
  const seenText = new Map<string, number>();
  for (let i = n - 1; i >= 0; i--) {
    const m = members[i];
    const twin = seenText.get(m.drawn) ?? 0;
    seenText.set(m.drawn, twin + 1);
    if (i === n - 1) out.set(m.inline, { key: wn.x - sw, lead: 'space', echo: wn.x - sw - ECHO_BEFORE });
    else
      out.set(m.inline, {
        key: wn.x + (n - 1 - i) * step,
        lead: 'space',
        ...(twin ? { twin } : {}),
        ...(i === 0 && lead !== undefined ? { spaceAtLead: true } : {}),
      });
  }
  // The leftmost word, sorted last, then ends with its last letter (spaceAtLead); the touching
  // text is sorted next, after a space glyph that repeats an echo just before it (PDFium reads
  // neither, and makes no space across the gap).
  if (touching && lead !== undefined) {
    const x = touching.inline.x - lead;
    out.set(touching.inline, { key: x, lead: 'space', echo: x - ECHO_BEFORE });
  }
  return true;
}

/** Points: the advance of the space glyph of `inline`'s font at its size, if it has one. */
function spaceAdvance(inline: LineInline): number | undefined {
  const font = inline.font as KitFont | undefined;
  if (!font?.encode || !font.unicode) return undefined;
  const [hex, [space]] = font.encode(' ');
  return hex.length === 1 && space && space.advanceWidth > 0 ? (space.advanceWidth * inline.fontSize) / 1000 : undefined;
}

/** Points: the echo is drawn this much left of its lead, so PDFium sorts it first whatever the order drawn. */
const ECHO_BEFORE = 0.02;

/** The lone space glyph of `inline`'s font drawn at `x` (see Steer.echo). */
function echoOf(inline: LineInline, x: number): LineInline | undefined {
  const base = inline.font as KitFont;
  if (!base?.encode || !base.unicode) return undefined;
  const view = encodingView(base, (_text: string, features?: unknown) => base.encode(' ', features));
  return { ...inline, text: ' ', font: view, x };
}

/** The inline to draw in place of `inline`: its text after a blank glyph drawn at `steer.key`. */
function steered(inline: LineInline, steer: Steer): LineInline | undefined {
  if (steer.parts) {
    const view = partsView(inline, steer.parts);
    return view && { ...inline, font: view };
  }
  // A blank inline draws nothing: only where PDFium sorts it changes.
  if (steer.lead === 'none') return { ...inline, x: steer.key };
  const base = inline.font as KitFont;
  if (!base?.encode || !base.unicode) return undefined;
  // The font's zero-width space, if it draws nothing, copied out as the mark: one glyph, one text.
  if (steer.lead === 'rlm' && !emptyZeroWidthSpace(base)) return undefined;
  const jump = ((inline.x - steer.key) * 1000) / inline.fontSize;
  const view = encodingView(base, (text: string, features?: unknown) => {
    const [hex, pos] = base.encode(text, features);
    let lead: string[];
    let leadPos: { xAdvance: number; advanceWidth: number }[];
    if (steer.lead === 'space') {
      [lead, leadPos] = base.encode(' ', features);
      if (steer.twin && lead.length === 1) {
        // Its own code: the space glyph's twin-th second entry, as wide in /W as pdfkit is told.
        const width = base.widths[parseInt(lead[0], 16)] + steer.twin;
        lead = [secondEntry(base as unknown as EntryFont, parseInt(lead[0], 16), [0x20], width)];
        leadPos = [{ ...leadPos[0], advanceWidth: width }];
      }
    } else {
      // Not through encode: fontkit's layout draws the zero-width space as a space.
      const gid = base.subset.includeGlyph(emptyZeroWidthSpace(base)!.id);
      base.widths[gid] ??= 0;
      base.unicode[gid] = [0x200f];
      lead = [`0000${gid.toString(16)}`.slice(-4)];
      leadPos = [{ xAdvance: 0, advanceWidth: 0, yAdvance: 0, xOffset: 0, yOffset: 0 } as { xAdvance: number; advanceWidth: number }];
    }
    if (lead.length !== 1) return [hex, pos];
    if (steer.spaceAtLead && hex.length > 1 && hex[hex.length - 1] === base.encode(' ', features)[0][0]) {
      // The lead, then the space that ended the text drawn where the lead is, then the jump.
      return [
        [lead[0], hex[hex.length - 1], ...hex.slice(0, -1)],
        [{ ...leadPos[0], xAdvance: 0 }, { ...pos[pos.length - 1], xAdvance: jump }, ...pos.slice(0, -1)],
      ];
    }
    return [
      [lead[0], ...hex],
      [{ ...leadPos[0], xAdvance: jump }, ...pos],
    ];
  });
  return { ...inline, font: view, x: steer.key };
}

/** The line as it is to be drawn for PDFium: the same, or a view with some inlines steered. */
export function withPdfiumOrder(line: PlacedLine, steering: Map<LineInline, Steer>): PlacedLine {
  if (!line.inlines.some((i) => steering.has(i))) return line;
  const inlines = line.inlines.map((i) => {
    const s = steering.get(i);
    return (s && steered(i, s)) || i;
  });
  // The echoes last: each inline keeps its index (pdfium-brackets.ts pairs them by index), and
  // space-marks.ts, which expects the part's texts in order, has marked them all by then.
  for (const i of line.inlines) {
    const s = steering.get(i);
    const echo = s?.echo !== undefined && inlines[line.inlines.indexOf(i)] !== i ? echoOf(i, s.echo) : undefined;
    if (echo) inlines.push(echo);
  }
  return Object.assign(Object.create(line) as PlacedLine, { inlines });
}

/** A glyph's position as fontkit gives it to pdfkit (in thousandths of the font size). */
type Placed = { xAdvance: number; advanceWidth: number; xOffset?: number; yOffset?: number };

/** An inline's glyphs as runs of PDFium's classes: letters (L) or digits and signs (W). */
interface Runs {
  hex: string[];
  pos: Placed[];
  /** Each run's class and first glyph. */
  cls: Pclass[];
  starts: number[];
  /** Where glyph i starts, from the inline's x, in thousandths of the font size (at[hex.length]: the end). */
  at: number[];
  /** The glyphs from here on are white space (drawn after the runs). */
  end: number;
}

/**
 * The runs of `text` in `font`, if it is only left-to-right letters, digits and signs, then
 * perhaps white space, with no glyph moved off its pen position; undefined otherwise.
 */
function runsOf(font: KitFont, text: string, features?: unknown): Runs | undefined {
  const [hex, pos] = font.encode(text, features) as [string[], Placed[]];
  const glyphCls = hex.map((h) => {
    const ch = String.fromCodePoint(...(font.unicode[parseInt(h, 16)] ?? [])).replace(/\p{Cf}/gu, '');
    return ch === '' || /^\s+$/u.test(ch) ? 'N' : pclass(ch.codePointAt(0)!);
  });
  let end = hex.length;
  while (end > 0 && glyphCls[end - 1] === 'N') end--;
  if (end === 0) return undefined;
  const cls: Pclass[] = [];
  const starts: number[] = [];
  for (let i = 0; i < end; i++) {
    const c = glyphCls[i];
    if ((c !== 'L' && c !== 'W') || pos[i].xOffset || pos[i].yOffset) return undefined;
    if (i === 0 || c !== glyphCls[i - 1]) {
      starts.push(i);
      cls.push(c);
    }
  }
  const at: number[] = [0];
  for (const p of pos) at.push(at[at.length - 1] + p.xAdvance);
  return { hex, pos, cls, starts, at, end };
}

/** Points: the lone space glyph drawn before each part's lead (see partsView). */
const PART_ECHO = 0.02;
/** The second entries of the space glyph used by the parts of a word: this plus the part's index. */
const PART_TWIN = 20;

/**
 * A left-to-right word of letters and digits or signs in a right-to-left line, perhaps drawn as
 * several inlines that touch ("DALL-" and "E", split where the line may break): PDFium reads it
 * as runs of each class and its reversal puts them in the reverse order ("3Web", "E-DALL").
 * Each run (part) gets a key: the last part where it prints, the others at steps to the right
 * of it within it, the first rightmost, so that PDFium reads them last to first and its
 * reversal puts them in order. Not where a run goes on across two inlines.
 */
function steerParts(seen: Seen[], out: Map<LineInline, Steer>): void {
  let k = 0;
  while (k < seen.length) {
    const group: { s: Seen; runs: Runs }[] = [];
    let j = k;
    for (; j < seen.length; j++) {
      const s = seen[j];
      const font = s.inline.font as KitFont | undefined;
      if (out.has(s.inline) || s.blank || decoratedInline(s.inline) || s.has.has('R') || !font?.encode || !font.unicode) break;
      let runs: Runs | undefined;
      try {
        runs = runsOf(font, s.inline.text, (s.inline as { fontFeatures?: unknown }).fontFeatures);
      } catch {
        runs = undefined;
      }
      if (!runs) break;
      const prev = group[group.length - 1];
      // Inlines of one word: touching, both left-to-right and one after the other in the text
      // too (not a full stop of the right-to-left text touching the word on its left).
      if (prev && (Math.abs(prev.s.inline.x + prev.s.inline.width - s.inline.x) > 0.01 || !sameRun(prev.s.inline, s.inline))) break;
      group.push({ s, runs });
      if (runs.end < runs.hex.length) {
        j++;
        break; // white space ends the word
      }
    }
    k = group.length ? j : k + 1;
    const cls = group.flatMap((g) => g.runs.cls);
    if (cls.length < 2) continue;
    // A run across two inlines: not steered.
    if (group.some((g, i) => i > 0 && group[i - 1].runs.cls[group[i - 1].runs.cls.length - 1] === g.runs.cls[0])) continue;
    const last = group[group.length - 1];
    const { inline } = last.s;
    const { at, starts, end } = last.runs;
    const scale = inline.fontSize / 1000;
    const lastX = inline.x + at[starts[starts.length - 1]] * scale;
    const lastWidth = (at[end] - at[starts[starts.length - 1]]) * scale;
    // Text that touches the word on its right ("(" before "(LAION-5B)" in a right-to-left
    // line): PDFium reads it after the first run, which ends left of it, and made a space of the
    // gap. Drawn after a space glyph that repeats an echo of its own (see steerRight), it
    // begins with a space glyph and PDFium makes none; the keys stay left of that glyph.
    const next = seen[j];
    const sw = spaceAdvance(inline);
    const touching =
      last.runs.end === last.runs.hex.length &&
      next &&
      !next.blank &&
      !out.has(next.inline) &&
      !decoratedInline(next.inline) &&
      !/^\s/u.test(unmarked(next.drawn)) &&
      Math.abs(inline.x + inline.width - next.inline.x) <= 0.01 &&
      sw !== undefined &&
      spaceAdvance(next.inline) !== undefined
        ? next
        : undefined;
    const room = touching ? lastWidth - spaceAdvance(touching.inline)! - ECHO_BEFORE : lastWidth;
    const step = Math.min(0.1 * inline.fontSize, room / cls.length);
    if (step <= 2 * PART_ECHO) continue;
    if (touching) {
      const x = touching.inline.x - spaceAdvance(touching.inline)!;
      out.set(touching.inline, { key: x, lead: 'space', echo: x - ECHO_BEFORE });
    }
    let first = 0;
    for (const g of group) {
      const keys = g.runs.starts.map((_, r) => lastX + (cls.length - 1 - (first + r)) * step);
      out.set(g.s.inline, { key: g.s.inline.x, lead: 'none', parts: { keys, first } });
      first += g.runs.starts.length;
    }
  }
}

/** Two inlines, `b` drawn right of `a`, of one left-to-right run: even levels, in logical order. */
const sameRun = (a: LineInline, b: LineInline): boolean =>
  levelOf(a) % 2 === 0 && levelOf(b) % 2 === 0 && a.logicalIndex !== undefined && b.logicalIndex !== undefined && b.logicalIndex > a.logicalIndex;

/**
 * The font view that draws the runs (parts) of an inline of a word steered by steerParts as
 * text objects of their own, each beginning at its key, the print unchanged. pdfkit's _fragment
 * starts a new text object (a Tm and a TJ of its own) at a glyph with an offset, and again at
 * the glyph after it, where its pen is. So each part is drawn after two space glyphs of one
 * code of its own (a second entry of the space glyph): an echo, drawn with an offset just left
 * of the part's key, whose advance takes the pen to the key, and a lead there that begins the
 * part's object, with a move to where the part prints. PDFium drops each lead as a repeat of
 * its echo, which deletes the echo's space too, makes no space of its own beside a space glyph,
 * and reads no space in a move to the left. White space that ends the word is drawn after the
 * parts, each glyph raised by a thousandth of a unit (an object of its own, sorted where it
 * prints, right of every key). pdf.js reads no position of a space glyph and reads the parts
 * where they are drawn, one after the other with no gap.
 */
function partsView(inline: LineInline, plan: { keys: number[]; first: number }): KitFont | undefined {
  const base = inline.font as KitFont;
  if (!base?.encode || !base.unicode) return undefined;
  const units = 1000 / inline.fontSize;
  return encodingView(base, (text: string, features?: unknown) => {
    const runs = runsOf(base, text, features);
    const [hex, pos] = base.encode(text, features) as [string[], Placed[]];
    const [spaceHex, spacePos] = base.encode(' ', features) as [string[], Placed[]];
    // The text drawn is not the one steered (other runs): drawn as it is.
    if (!runs || runs.starts.length !== plan.keys.length || spaceHex.length !== 1 || !(spacePos[0]?.advanceWidth > 0)) return [hex, pos];
    const { at, starts, end } = runs;
    const gid = parseInt(spaceHex[0], 16);
    const outHex: string[] = [];
    const outPos: Placed[] = [];
    let pen = 0;
    starts.forEach((start, r) => {
      const key = (plan.keys[r] - inline.x) * units;
      const width = base.widths[gid] + PART_TWIN + plan.first + r;
      const code = secondEntry(base as unknown as EntryFont, gid, [0x20], width);
      // The echo: drawn just left of the key, its own object; its advance takes the pen to the key.
      outHex.push(code);
      outPos.push({ ...spacePos[0], advanceWidth: width, xAdvance: key - pen, xOffset: key - pen - PART_ECHO * units || 0.001, yOffset: 0 });
      // The lead at the key, then the move to where the part prints.
      outHex.push(code);
      outPos.push({ ...spacePos[0], advanceWidth: width, xAdvance: at[start] - key, xOffset: 0, yOffset: 0 });
      const stop = r + 1 < starts.length ? starts[r + 1] : end;
      for (let i = start; i < stop; i++) {
        outHex.push(runs.hex[i]);
        outPos.push(runs.pos[i]);
      }
      pen = at[stop];
    });
    for (let i = end; i < runs.hex.length; i++) {
      outHex.push(runs.hex[i]);
      outPos.push({ ...runs.pos[i], yOffset: (runs.pos[i].yOffset ?? 0) + 0.001 });
    }
    return [outHex, outPos];
  });
}
