/**
 * Unicode Bidirectional Algorithm (UAX #9) for the typesetter.
 *
 * Levels (rules P2-P3, X1-I2, and L1 at paragraph end) come from bidi-js; this module adds what bidi-js lacks
 * or gets wrong, and rule L2 (reordering, reorderByLevels) of its own. Rule L1 at a line end is not applied per
 * line: pdfmake cuts the white space at a line's ends, which then hangs outside the line (engine/hooks/line-order.ts).
 * What this module adds:
 *
 * - bidi-js classifies each UTF-16 code unit on its own, so every astral character (both surrogate halves) is
 *   typed L: Adlam, Hanifi Rohingya, Arabic Mathematical Alphabetic Symbols, Rumi numerals and so on came out
 *   left-to-right. We give bidi-js a "work" string in which each astral character is replaced by a BMP
 *   character of the same Bidi_Class followed by a Boundary_Neutral (which rule X9 ignores), and copy the level
 *   of the first half to the second half afterwards.
 * - bidi-js's data is Unicode 13; the conformance files are Unicode 15.0. Characters whose class changed or was
 *   added since (Arabic Extended-B, U+FD40..FD4F, new combining marks...) are replaced by a stand-in of their
 *   Unicode 15.0 class (table BIDI_CLASS_OVERRIDES), and the paired brackets added in Unicode 14
 *   (U+2E55..U+2E5C) by stand-in bracket pairs that do not otherwise occur in the text.
 * - Rule N0's last paragraph says ANY number of NSMs following a paired bracket that changed to L or R take the
 *   bracket's type; bidi-js only updates the first one. We hand bidi-js the second and later NSMs of such a run
 *   as Boundary_Neutrals (so they are ignored) and give them the level of the first one.
 * - bidi-js's own L1 at paragraph end can run backwards into the previous paragraph; we run bidi-js one
 *   paragraph at a time.
 *
 * All indices are UTF-16 code unit offsets into the paragraph text. Both halves of a surrogate pair always carry
 * the same level, so a pair never splits between two runs.
 */
import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

export type BaseDirection = 'ltr' | 'rtl' | 'auto';

export type BidiClass =
  | 'L'
  | 'R'
  | 'AL'
  | 'EN'
  | 'ES'
  | 'ET'
  | 'AN'
  | 'CS'
  | 'NSM'
  | 'BN'
  | 'B'
  | 'S'
  | 'WS'
  | 'ON'
  | 'LRE'
  | 'LRO'
  | 'RLE'
  | 'RLO'
  | 'PDF'
  | 'LRI'
  | 'RLI'
  | 'FSI'
  | 'PDI';

export interface BidiParagraph {
  /** The paragraph, logical order (JS string, UTF-16). */
  text: string;
  /** Resolved embedding level per UTF-16 code unit (rules up to I2, plus L1 for the paragraph end). */
  levels: Uint8Array;
  paragraphLevel: 0 | 1;
  /**
   * Set by resolveParagraph when `text` holds several paragraphs (split after each paragraph separator, Bidi
   * class B: U+2029, LF, CR, U+001C..U+001E, U+0085), each with its own base level; [start, end) in code units.
   * When absent, the whole text is one paragraph at paragraphLevel.
   */
  paragraphs?: ReadonlyArray<{ start: number; end: number; level: 0 | 1 }>;
}

// ---------------------------------------------------------------------------------------------------------------
// Character data

/**
 * Code points whose Unicode 15.0 Bidi_Class (DerivedBidiClass-15.0.0.txt) differs from bidi-js 1.1.0's data.
 * Format: comma-separated `delta[+extra]:Class`, base 36; `delta` is the distance from the previous range's last
 * code point to this range's first, `extra` the range length minus one. tests/unit/bidi-conformance.test.ts
 * checks bidiClass() against the vendored DerivedBidiClass.txt.gz for every code point and prints a fresh table
 * if it ever differs.
 */
const BIDI_CLASS_OVERRIDES =
  '1o0+v:AL,1+1:AN,1+5:AL,1+7:NSM,17+8:NSM,oa:NSM,ia:NSM,1nq:L,63:NSM,j6+d:NSM,mk:NSM,389+a:ON,14v7+f:ON,3k:ON,' +
  '1b+1:ON,3b5+1o:AL,1+2:NSM,3n+3:NSM,6j:NSM,3+1:NSM,26:NSM,an:NSM,2in+1:NSM,1h+4:NSM,6:NSM,2:NSM,45a:NSM,7+e:NSM,' +
  'ujv+19:NSM,3+m:NSM,ir+1:ON,2w5:NSM,f3:NSM,fy+3:NSM,3jh+3:ON,45+2:ON,5+4:ON,2i:ON,n:ON,ax:ON,2b:ON,4p+2:ON,' +
  '4+1:ON,b+1:ON,x+6:ON,8+6:ON,2:ON,4+2:ON,9+1:ON,8+4:ON,5+8:ON,8+8:ON';

let overrideMap: Map<number, BidiClass> | null = null;
function overrides(): Map<number, BidiClass> {
  if (!overrideMap) {
    overrideMap = new Map();
    let prev = 0;
    for (const entry of BIDI_CLASS_OVERRIDES.split(',')) {
      const [span, cls] = entry.split(':') as [string, BidiClass];
      const [delta, extra] = span.split('+');
      const first = prev + parseInt(delta!, 36);
      const last = first + (extra ? parseInt(extra, 36) : 0);
      for (let cp = first; cp <= last; cp++) overrideMap.set(cp, cls);
      prev = last;
    }
  }
  return overrideMap;
}

/** Unicode 15.0 Bidi_Class of a code point (lone surrogates: L, as in DerivedBidiClass). */
export function bidiClass(cp: number): BidiClass {
  const o = overrides().get(cp);
  if (o) return o;
  return bidi.getBidiCharTypeName(String.fromCodePoint(cp)) as BidiClass;
}

/** Paired brackets added in Unicode 14 (BidiBrackets.txt), unknown to bidi-js: opening -> closing. */
const EXTRA_BRACKETS = new Map<number, number>([
  [0x2e55, 0x2e56],
  [0x2e57, 0x2e58],
  [0x2e59, 0x2e5a],
  [0x2e5b, 0x2e5c],
]);
const EXTRA_CLOSING = new Map<number, number>([...EXTRA_BRACKETS].map(([o, c]) => [c, o]));

/** Bidi_Mirroring_Glyph pairs added in Unicode 14 (BidiMirroring.txt), unknown to bidi-js. */
const EXTRA_MIRRORS = new Map<string, string>();
for (const [o, c] of EXTRA_BRACKETS) {
  EXTRA_MIRRORS.set(String.fromCodePoint(o), String.fromCodePoint(c));
  EXTRA_MIRRORS.set(String.fromCodePoint(c), String.fromCodePoint(o));
}

/** Stand-in bracket pairs known to bidi-js (no canonical equivalents), used for the EXTRA_BRACKETS. */
const STAND_IN_BRACKETS: ReadonlyArray<readonly [number, number]> = [
  [0x2045, 0x2046],
  [0x207d, 0x207e],
  [0x208d, 0x208e],
  [0x2308, 0x2309],
  [0x230a, 0x230b],
  [0x2768, 0x2769],
  [0x276a, 0x276b],
  [0x276c, 0x276d],
  [0x276e, 0x276f],
  [0x2770, 0x2771],
  [0x2772, 0x2773],
  [0x2774, 0x2775],
  [0x27c5, 0x27c6],
  [0x27e6, 0x27e7],
  [0x2983, 0x2984],
  [0x2985, 0x2986],
];

/** A BMP character of each class, not a bracket, for the work string handed to bidi-js. */
const STAND_IN: Record<BidiClass, string> = {
  L: 'a',
  R: '\u05D0',
  AL: '\u0627',
  EN: '0',
  ES: '+',
  ET: '#',
  AN: '\u0660',
  CS: ',',
  NSM: '\u0300',
  BN: '\u200B',
  B: '\u2029',
  S: '\t',
  WS: ' ',
  ON: '!',
  LRE: '\u202A',
  LRO: '\u202D',
  RLE: '\u202B',
  RLO: '\u202E',
  PDF: '\u202C',
  LRI: '\u2066',
  RLI: '\u2067',
  FSI: '\u2068',
  PDI: '\u2069',
};
for (const [cls, ch] of Object.entries(STAND_IN)) {
  if (bidi.getBidiCharTypeName(ch) !== cls) throw new Error(`bidi: stand-in for ${cls} has class ${bidi.getBidiCharTypeName(ch)}`);
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Bidi class of every UTF-16 code unit (both halves of a surrogate pair get the class of the code point). */
export function codeUnitClasses(text: string, start = 0, end = text.length): BidiClass[] {
  const out: BidiClass[] = new Array(end - start);
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isHigh(c) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      const cls = bidiClass(text.codePointAt(i)!);
      out[i - start] = cls;
      if (i + 1 < end) out[i + 1 - start] = cls;
      i++;
    } else if (isLow(c) && i > 0 && i === start && isHigh(text.charCodeAt(i - 1))) {
      out[0] = bidiClass(text.codePointAt(i - 1)!); // line starts in the middle of a pair
    } else {
      out[i - start] = bidiClass(c);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Levels

/**
 * Builds the string handed to bidi-js for text[start, end): same length, same levels as Unicode 15.0 would give
 * the original. `anchor[i] >= 0` means: copy the level of position anchor[i] to position i afterwards.
 */
function workString(text: string, start: number, end: number, allClasses: readonly BidiClass[]): { work: string; anchor: Int32Array } {
  const n = end - start;
  const parts: string[] = new Array(n);
  const anchor = new Int32Array(n).fill(-1);

  // Stand-in brackets for the Unicode 14 ones: pairs not occurring in this text.
  let standIns: Map<number, string> | null = null;
  const needStandIns = (): Map<number, string> => {
    if (!standIns) {
      standIns = new Map();
      const free = STAND_IN_BRACKETS.filter(([o, c]) => !text.includes(String.fromCodePoint(o)) && !text.includes(String.fromCodePoint(c)));
      let k = 0;
      for (const [o, c] of EXTRA_BRACKETS) {
        const pair = free[k++];
        // (with 13 of the 16 stand-in pairs in the text, the last Unicode 14 pairs go unpaired: plain ON)
        standIns.set(o, pair ? String.fromCodePoint(pair[0]) : STAND_IN.ON);
        standIns.set(c, pair ? String.fromCodePoint(pair[1]) : STAND_IN.ON);
      }
    }
    return standIns;
  };

  let nsmAnchor = -1; // while >= 0: index (relative) of the first NSM after a bracket; later NSMs copy it
  let afterBracket = false;
  for (let r = 0; r < n; r++) {
    const i = start + r;
    const cls = allClasses[i]!;
    const c = text.charCodeAt(i);
    const pair = isHigh(c) && r + 1 < n && isLow(text.charCodeAt(i + 1));
    const cp = pair ? text.codePointAt(i)! : c;

    let ch: string;
    if (EXTRA_BRACKETS.has(cp) || EXTRA_CLOSING.has(cp)) ch = needStandIns().get(cp)!;
    else if (pair) ch = STAND_IN[cls];
    else if (overrides().has(cp)) ch = STAND_IN[cls];
    else ch = text[i]!;

    // N0, last paragraph: the 2nd, 3rd... NSM after a bracket (BNs in between are ignored, as X9 says).
    if (cls === 'NSM' && nsmAnchor >= 0) {
      parts[r] = STAND_IN.BN;
      anchor[r] = nsmAnchor;
      if (pair) {
        parts[r + 1] = STAND_IN.BN;
        anchor[r + 1] = nsmAnchor;
        r++;
      }
      continue;
    }
    if (cls === 'NSM' && afterBracket) nsmAnchor = r;
    else if (cls !== 'BN') {
      nsmAnchor = -1;
      afterBracket = isBracket(cp);
    }

    parts[r] = ch;
    if (pair) {
      parts[r + 1] = STAND_IN.BN;
      anchor[r + 1] = r;
      r++;
    }
  }
  return { work: parts.join(''), anchor };
}

function isBracket(cp: number): boolean {
  if (EXTRA_BRACKETS.has(cp) || EXTRA_CLOSING.has(cp)) return true;
  const ch = String.fromCodePoint(cp);
  return bidi.openingToClosingBracket(ch) !== null || bidi.closingToOpeningBracket(ch) !== null;
}

/** Resolve levels for a whole paragraph (UAX #9 P2-P3 for 'auto', X1-I2, L1 at paragraph end). Uses bidi-js. */
export function resolveParagraph(text: string, direction: BaseDirection): BidiParagraph {
  const levels = new Uint8Array(text.length);
  const paragraphs: { start: number; end: number; level: 0 | 1 }[] = [];
  const classes = codeUnitClasses(text);
  // P1: split after each paragraph separator (CR LF counts as one).
  const bounds: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (classes[i] !== 'B') continue;
    const end = text.charCodeAt(i) === 0x0d && text.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
    bounds.push([start, end]);
    start = end;
    i = end - 1;
  }
  if (start < text.length || bounds.length === 0) bounds.push([start, text.length]);

  for (const [start, end] of bounds) {
    const { work, anchor } = workString(text, start, end, classes);
    const res = bidi.getEmbeddingLevels(work, direction);
    const level: 0 | 1 = res.paragraphs.length > 0 ? (res.paragraphs[0]!.level & 1 ? 1 : 0) : direction === 'rtl' ? 1 : 0;
    for (let r = 0; r < end - start; r++) levels[start + r] = res.levels[r]!;
    for (let r = 0; r < end - start; r++) if (anchor[r]! >= 0) levels[start + r] = levels[start + anchor[r]!]!;
    // Separators get the paragraph level (L1); for CR LF, bidi-js sees the LF as a paragraph of its own.
    for (let r = 0; r < end - start; r++) if (classes[start + r] === 'B') levels[start + r] = level;
    paragraphs.push({ start, end, level });
  }
  const result: BidiParagraph = { text, levels, paragraphLevel: paragraphs[0]!.level };
  if (paragraphs.length > 1) result.paragraphs = paragraphs;
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Reordering

/**
 * Rule L2 on a sequence of items with levels: returns the item indices in visual order (left to right).
 * From the highest level down to the lowest odd level, every maximal run of items at that level or higher is
 * reversed. Works for characters or for runs of text (give each run its level).
 */
export function reorderByLevels(levels: ArrayLike<number>): number[] {
  const n = levels.length;
  const order: number[] = new Array(n);
  const lv: number[] = new Array(n);
  let max = 0;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    const l = levels[i]!;
    lv[i] = l;
    if (l > max) max = l;
    if (l < min) min = l;
  }
  if (n === 0) return order;
  const lowestOdd = min | 1;
  for (let level = max; level >= lowestOdd; level--) {
    let i = 0;
    while (i < n) {
      if (lv[i]! < level) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && lv[j]! >= level) j++;
      // reverse [i, j)
      for (let a = i, b = j - 1; a < b; a++, b--) {
        const t = order[a]!;
        order[a] = order[b]!;
        order[b] = t;
        const u = lv[a]!;
        lv[a] = lv[b]!;
        lv[b] = u;
      }
      i = j;
    }
  }
  return order;
}

/** Rule L4: the mirrored character (Bidi_Mirroring_Glyph, Unicode 15.0) of ch, or null. */
export function mirroredChar(ch: string): string | null {
  return EXTRA_MIRRORS.get(ch) ?? bidi.getMirroredCharacter(ch);
}

// ---------------------------------------------------------------------------------------------------------------
// fontkit (through pdfkit) and direction

/** Scripts fontkit 2.0 lays out right-to-left (fontkit/src/layout/Script.js, RTL table). */
const FONTKIT_RTL_SCRIPT = new RegExp(
  '[' +
    [
      'Arabic',
      'Hebrew',
      'Syriac',
      'Thaana',
      'Cypriot',
      'Kharoshthi',
      'Phoenician',
      'Nko',
      'Lydian',
      'Avestan',
      'Imperial_Aramaic',
      'Inscriptional_Pahlavi',
      'Inscriptional_Parthian',
      'Old_South_Arabian',
      'Old_Turkic',
      'Samaritan',
      'Mandaic',
      'Meroitic_Cursive',
      'Meroitic_Hieroglyphs',
      'Manichaean',
      'Mende_Kikakui',
      'Nabataean',
      'Old_North_Arabian',
      'Palmyrene',
      'Psalter_Pahlavi',
    ]
      .map((s) => `\\p{Script=${s}}`)
      .join('') +
    ']',
  'u',
);
const SCRIPT_NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;

/**
 * The direction fontkit's `font.layout(text)` will use when no direction is given (pdfkit never gives one): that
 * of the first character whose Script is not Common/Inherited/Unknown; 'ltr' if there is none. With an OpenType
 * (GSUB/GPOS) font, fontkit reverses the glyphs of an 'rtl' run after shaping.
 */
export function fontkitDirection(text: string): 'ltr' | 'rtl' {
  for (const ch of text) {
    if (SCRIPT_NEUTRAL.test(ch)) continue;
    return FONTKIT_RTL_SCRIPT.test(ch) ? 'rtl' : 'ltr';
  }
  return 'ltr';
}

let graphemes: Intl.Segmenter | null = null;

/**
 * The string to hand to pdfkit/fontkit for one piece of text at one level (a run, or a word of a run: pdfkit lays
 * out the pieces between spaces one by one, each with its own direction guess, so give it no more than one word
 * at a time, or a `features` array, which makes it lay out the whole string at once) such that the glyphs come
 * out in visual order:
 *
 * - odd level: rule L4, every character with a Bidi_Mirroring_Glyph is replaced by it (fontkit does not mirror;
 *   only a font's own 'rtlm' feature could). If fontkit would lay the text out LTR (no Arabic/Hebrew... letter:
 *   punctuation, spaces, or scripts fontkit does not know as RTL such as Adlam), the grapheme clusters are
 *   also reversed here.
 * - even level: unchanged, unless fontkit would reverse it (Arabic-Indic digits ١٢٣ and Persian digits ۱۲۳ are
 *   Script=Arabic: an RTL paragraph's numbers would come out backwards); then the clusters are pre-reversed.
 *
 * Arabic letters are never reversed here: fontkit must see them in logical order to shape (join) them.
 */
export function prepareForFontkit(text: string, level: number): string {
  const rtl = isRtlLevel(level);
  const mirrored = rtl ? Array.from(text, (ch) => mirroredChar(ch) ?? ch).join('') : text;
  if (rtl === (fontkitDirection(text) === 'rtl')) return mirrored;
  graphemes ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  return Array.from(graphemes.segment(mirrored), (s) => s.segment)
    .reverse()
    .join('');
}

/** Direction of a level. */
export function isRtlLevel(level: number): boolean {
  return (level & 1) === 1;
}
