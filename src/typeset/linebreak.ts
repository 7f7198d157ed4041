/**
 * Line break opportunities (UAX #14) for the typesetter.
 *
 * breakOpportunities() runs the `linebreak` package (a pair-table implementation of UAX #14, Unicode 13 data) and
 * corrects the two places where a pair table cannot express the rules that Unicode 15.0's LineBreakTest checks:
 *
 * - LB30: "(AL | HL | NU) × [OP - East_Asian_Width F/W/H]". The package never breaks between a letter or digit
 *   and any opening punctuation; Unicode allows a break before a WIDE opening bracket such as （「【〈, i.e.
 *   "abc（" may break before the parenthesis.
 * - LB25: the test file uses the number tailoring of UAX #14 section 8.2 Example 7 (which ICU also uses):
 *   PR/PO × OP only before a number, CL/CP × PO/PR and IS/SY × NU only after a number. The package uses the plain
 *   pairs (no break in "a.2", "}%", "$(" ...).
 *
 * Both corrections only ever turn a "no break" of the package into a break, where the rules leave no other reason
 * to forbid it; they use a small Unicode 15.0 Line_Break table (LB_TABLE below) for the classes involved.
 * The only LineBreakTest case still failing is LB30b for an unassigned Extended_Pictographic code point followed
 * by an emoji modifier (see tests/unit/linebreak-conformance.test.ts).
 *
 * typesetBreaks() then tailors for CJK typesetting (kinsoku shori), and keeps runs of Latin letters and digits
 * (also fullwidth ones) whole in every language.
 */
import { createRequire } from 'node:module';
import { isCjkLang } from '../lang.js';

/**
 * The `linebreak` package as pdfkit loads it (CommonJS): one copy per process. Imported as an ES
 * module it would be its other build (dist/module.mjs), a second copy of its code and tables.
 */
const LineBreaker = createRequire(import.meta.url)('linebreak') as typeof import('linebreak').default;

export type BreakLang = string; // BCP 47 of the text, e.g. 'ja', 'zh-Hans', 'ko', 'en', 'ar'

export interface BreakOpportunity {
  /** UTF-16 offset where a new line may start (> 0, <= text.length). */
  position: number;
  /** A mandatory break (after LF, CR, CR LF, NEL, U+2028, U+000B, U+000C). */
  required: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Unicode 15.0 Line_Break, reduced to the classes the corrections need

/**
 * Reduced Line_Break classes of every code point from U+0000 to U+10FFFF (LineBreak-15.0.0.txt, with
 * EastAsianWidth-15.0.0.txt to split OP), as runs: run length in base 36 followed by the class letter.
 * A = AL, HL, AI, SG, XX (all AL-like after LB1)   T = SA (CM if Mn/Mc, else AL; decided at run time)
 * N = NU  Y = SY  I = IS  C = CL  P = CP  O = PO  R = PR  Q = OP narrow  W = OP wide (ea F/W/H)
 * M = CM  Z = ZWJ  B = BK, CR, LF, NL  S = SP  V = ZW  X = any other class.
 * tests/unit/linebreak-conformance.test.ts rebuilds this from the vendored data files and prints it if it differs.
 */
const LB_TABLE =
  '9M1X4BiM1S2X1A1R1O1A1X1Q1P1A1R1I1X1I1YaN2I3A1XrA1Q1R1PtA1Q1X1C1A6M1BqM1X1Q1O3R5A1X1A1X2A1O1R2A1X6A1X3A1QegA1' +
  'X3A1XiA1XwA27M1XcM7XdMeA1I78A7M73A1I1X4A1R1A19M1X1M1A2M1A2M1X1M1tA3O2I2AbM1X1M3X17AlMaN1O2N3A1M2rA1X1A7M2A6M' +
  '2A2M1A4M2AaNnA1MuArM2jAbMfAaNxA9M4A1I1X3A1M2RmA4M1A9M1A3M1A5M17A3M1oA8M16AoM1AxM1iA3M1AiM1A7MaA2M2XaNhA3M1kA' +
  '1M1A7M2A2M2A3M9A1MaA2M2AaN2A2O5A1O1A1R2A1M2A3M1kA1M1A5M4A2M2A3M3A1MkAaN2M3A1MbA3M1kA1M1A8M1A3M1A3MkA2M2AaN1A' +
  '1R8A6M1A3M1kA1M1A7M2A2M2A3M7A3MaA2M2AaNiA1M1nA5M3A3M1A4M9A1MeAaN9A1R6A5M1jA1M1A7M1A3M1A4M7A2MbA2M2AaN7A1X9A3' +
  'M1X1jA1M1A7M1A3M1A4M7A2MbA2M2AaN3A1McA4M1jA2M1A7M1A3M1A4M9A1MaA2M2AaN9A1O7A3M1yA1M4A6M1A1M1A8M6AaN2A2MdA1mT4' +
  'A1RfT1AaN2X11A2T1A1T1A5T1AoT1A1T1AnT2A5T1A1T1A7T1AaN2A4TxA4X1AdX1A1X3A2M6AaNaA1X1M1A1M1A1M1Q1C1Q1C2M1dAeM1X5' +
  'M1X2M5AbM1A10M1A2X6A1M9A4X5A2X11A1sTaN2X4A1sTaN6T2oA74X9pA3M1A1X4eA1XhrA1XqA1Q1C26A3X10A4MsA3M2XrA2MuA2McA2c' +
  'T3X1T1X1A1X1R2T2AaNoA5X1A2X1A3M1X1MaN2zA2MyA1M3aAcM4AcM8A2XaNuT2A5TbA18T4AqT6AaN1T3A2T1jA5M4A1rT1AtT2A1MaN6A' +
  'aN6AeT2AvM1dA5M1bAhMbAaN2X1A4XaA9M9A2X1A3MuAdM2AaN18AeM1cAkM3A5XaN6AaN10A2X28A3M1AlM4A1M6A1M2A3M5iAdM1X1aM1X' +
  '3Me5A1X2AbX1V1M1Z2M5X3A2X1Q3X1Q1X4A4X2B5M1X8O1A2X1A2X6A1I1Q1C3XcA1X1O4X1A4X5AaMdA1Q1CeA1Q1ChA7R1OeR1O4R1O2R1' +
  'O1R1OfRxMiA1O5A1OcA1R6zA2R63A1XoA1Q1C1Q1CeA2XdA1W1C5hA4XekA4XgA2X2A1X1A6XpA3X18A1XmA1X1pAcX4A1X1A3X1A2X3A2X2' +
  'A1X2A3X8A1X6A5X1A4X2A8X3A6X25A6X1A3X3A1Q1C1Q1C1Q1C1Q1C1Q1C1Q1C1Q1C27A1Q1CvA1Q1C1Q1C1Q1C1Q1C1Q1Cb7A1Q1C1Q1C1Q' +
  '1C1Q1C1Q1C1Q1C1Q1C1Q1C1Q1C1Q1C1Q1C1rA1Q1C1Q1CwA1Q1CkxA3M7A4X1A2X34A1XeA1M2oAwMmX1A1X1Q1X2A2X2A2X1Q1C1Q1C1Q1C' +
  '1Q1C5X1A2X1A2X5A5X1A2X1Q8X1A1X1A2X3A2X1Q1C1Q1C1Q1C1Q1C1XyAqX1A2hXcA5yXqAcX4A1X2C5X1W1C1W1C1W1C1W1C1W1C2X1W1C' +
  '1W1C1W1C1W1C1X1W2CaX6M5X1MaX1A2eX2A2M2tX5A17X1A2mX1A2cXcA1bX1A14X8A5f4X1sAh3hX3A1jX1jA2X7hA3XgAaN1xA4M1AaMwA' +
  '2M28A2M1A5X7eA1M3A1M4A1MnA5M4A1MbA1O1nA4X8A2M1eAiM8A2XaN6AiMaA1X2A1MaNsA8M2XnAdMcAtX3A4M1bAeM6A3X6AaN6AgTaN5' +
  'T16AeMcA1M8A2M2AaN3A3X2rToA5TbA5M2X3A2M6kA8M1X2M2AaN6A8mcXcAnX4A1dX6isAe8XuA1Mf3A1C1Q58A1O3AgM1I2C2I2X1W1C1X' +
  '6AgM5X1W1C1W1C1W1C1W1C1W1C1W1C1W1C1W1C2X1W1C7X1C1X1C1A5X1W1C1W1C1W1C8X1A1X1R1O1X43A1X1A3X1R1O2X1W1C2X1C1X1C1' +
  '8X1W1X1CtX1W1X1C1X1W2C1W2C2iX3A6X2A6X2A6X2A3X3A1O1R3X2RiA3M1X77A3X6yA1M6aA1M45A5M10A1X1cA1X5rAaNq5A1X5jA1X69' +
  'A3M1A2M5A4M14A3M4A1MgA8X3xA2M9A7X1uA7XdgA4M8AaNa9A2M1X27A3M1yAbM1dA4M3eA3M1hAfM2XtAaN1M2A2MaA4M19AbM3A4X1M19' +
  'AaN6A3M10AeM1AaN4X1A2M18A1M1A1XaA3M1cAeM4A2X1A1X4M1A2MaN1A1X1A3X24AcM2X1A2X1A1M2A1M2vA1X1hAcM5AaN6A4M1jA2M1A' +
  '7M2A2M2A3M9A1MaA2M2A7M3A5M5cAiM4A4X1AaN2X2A1M29AkMcAaN5xA7M2A9M5X3AfX4A2M2aAhM2XdAaN6AdX1qAdM8AaN1iArT2AfT4A' +
  'aN2T3X8T6dAfM4lAaN1yA6M1A2M2A4M1A1M1A2M3X9AaN3bA7M2A7M1A1X1A1MsAaM14A7M1A4M1X1A5X1A1M9AbM1aAgM3X1A5X2lAaX85A' +
  '8M1A8M1A5XaAaNmA2XwAmM1AeM3eA6M3A1M1A2M1A7M1A1M8AaN1cA5M1A2M1A5M8AaN95A4M9A2M1A1M1cA7M3A5MdXaN3nA4OuA1XvkA5X' +
  '2qrA3Q3C10A1C3A1Q1C1Q1C6nA1Q2C50A7X1Q1C3X1Q1C1Q1C1M6AfM3g8A1Q1C780AaN4A2X28AaN12A5M1X1mA7M3XaA1XbAaNn1A2X52A' +
  '1M1A1jM7A4M25A5XbA2MeA4qgX8AlcXe8A9X6wnA83XfA1XtA3X2A1XeA4X8Ab0X1whA2M1X4M3mkA1aM2AnMf2A5M3AmM2A7MuA4M44A3M1' +
  '3dA1eNe8A1jM4A1eM8A1MeA1M2A4XgA5M1AfM11sA7M1AhM2A7M1A2M1A5M2sA1M4gA7M9AaN9wA1M1pA4MaN5A1RdoA4MaNraA7M31A7M5A' +
  'aN4A2QngA1O3A1OnjA74XdA3X2lA3X1pAdrX2AnX2A5X1A6bX1A1X1A1X1AaX1A1X2A25X7AgXeAdXoA3uX8AoX6A2eX12A6X4A3kX38AcX2' +
  'dA17XcA4X1kA8XaA6X14A8XuA2aXcA6sX2cA4sX6oAaN6AseX2A1ekeX2A1ekeXe1ojA1MuA2oM3kA6oM47bkA';

type Reduced = 'A' | 'T' | 'N' | 'Y' | 'I' | 'C' | 'P' | 'O' | 'R' | 'Q' | 'W' | 'M' | 'Z' | 'B' | 'S' | 'V' | 'X';

let runStarts: Uint32Array | null = null;
let runClasses: string[] = [];
let bmp: string[] | null = null;

function loadTable(): void {
  const starts: number[] = [];
  const classes: string[] = [];
  let cp = 0;
  for (const m of LB_TABLE.matchAll(/([0-9a-z]+)([A-Z])/g)) {
    starts.push(cp);
    classes.push(m[2]!);
    cp += parseInt(m[1]!, 36);
  }
  if (cp !== 0x110000) throw new Error(`linebreak: LB_TABLE covers ${cp.toString(16)} code points`);
  runStarts = Uint32Array.from(starts);
  runClasses = classes;
  bmp = new Array(0x10000);
  for (let r = 0; r < starts.length; r++) {
    const end = Math.min(r + 1 < starts.length ? starts[r + 1]! : 0x110000, 0x10000);
    for (let c = starts[r]!; c < end; c++) bmp[c] = classes[r]!;
  }
}

const SA_MARK = /^[\p{Mn}\p{Mc}]$/u;

/** Reduced Unicode 15.0 Line_Break class of a code point (SA already resolved to M or A per LB1). */
export function reducedLineBreakClass(cp: number): Exclude<Reduced, 'T'> {
  const raw = rawReducedClass(cp);
  if (raw === 'T') return SA_MARK.test(String.fromCodePoint(cp)) ? 'M' : 'A';
  return raw;
}

/** As stored in LB_TABLE (SA unresolved); exported for the test that checks the table. */
export function rawReducedClass(cp: number): Reduced {
  if (!runStarts) loadTable();
  if (cp < 0x10000) return bmp![cp] as Reduced;
  let lo = 0;
  let hi = runStarts!.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (runStarts![mid]! <= cp) lo = mid;
    else hi = mid - 1;
  }
  return runClasses[lo] as Reduced;
}

// ---------------------------------------------------------------------------------------------------------------
// UAX #14

interface CodePoints {
  cps: number[];
  /** UTF-16 offset of each code point, plus text.length at the end. */
  offsets: number[];
}

function codePoints(text: string): CodePoints {
  const cps: number[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    cps.push(cp);
    offsets.push(i);
    i += cp > 0xffff ? 2 : 1;
  }
  offsets.push(text.length);
  return { cps, offsets };
}

function packageBreaks(text: string): BreakOpportunity[] {
  const breaker = new LineBreaker(text);
  const out: BreakOpportunity[] = [];
  for (let b = breaker.nextBreak(); b; b = breaker.nextBreak()) {
    out.push({ position: b.position, required: b.required });
  }
  return out;
}

/** Positions (UTF-16 offsets, >0 and <= text.length) where a line may break, by UAX #14 (via the `linebreak` package), each with required flag. */
export function breakOpportunities(text: string): BreakOpportunity[] {
  if (text === '') return [];
  const { cps, offsets } = codePoints(text);
  const cls = cps.map(reducedLineBreakClass);
  const breaks = new Map<number, boolean>();
  for (const b of packageBreaks(text)) breaks.set(b.position, b.required);

  // LB9/LB10: the class a boundary "sees" before it. A CM/ZWJ sequence takes the class of its base; with no base
  // (start of text, or after BK/CR/LF/NL/SP/ZW) it is AL. Returns the class and the index of the base.
  const before = (k: number): { c: Exclude<Reduced, 'T'>; at: number } => {
    let j = k - 1;
    while (j >= 0 && (cls[j] === 'M' || cls[j] === 'Z')) j--;
    if (j === k - 1) return { c: cls[j]!, at: j };
    if (j < 0 || cls[j] === 'B' || cls[j] === 'S' || cls[j] === 'V') return { c: 'A', at: j + 1 };
    return { c: cls[j]!, at: j };
  };
  // Does "NU (NU | SY | IS)*" end just before boundary k?
  const numberEndsBefore = (k: number): boolean => {
    while (k > 0) {
      const b = before(k);
      if (b.c === 'N') return true;
      if (b.c !== 'Y' && b.c !== 'I') return false;
      k = b.at;
    }
    return false;
  };
  // Next code point after index k that is not a CM/ZWJ attached to it.
  const after = (k: number): Exclude<Reduced, 'T'> | null => {
    let j = k + 1;
    while (j < cls.length && (cls[j] === 'M' || cls[j] === 'Z')) j++;
    return j < cls.length ? cls[j]! : null;
  };

  for (let k = 1; k < cps.length; k++) {
    const pos = offsets[k]!;
    if (breaks.has(pos)) continue;
    const a = cls[k]!;
    if (a === 'M' || a === 'Z' || cls[k - 1] === 'Z') continue; // LB9, LB8a
    const b = before(k);
    let allow = false;
    if (a === 'W' && (b.c === 'A' || b.c === 'N')) {
      allow = true; // LB30 excludes wide opening punctuation
    } else if ((b.c === 'C' || b.c === 'P') && (a === 'O' || a === 'R')) {
      allow = !numberEndsBefore(b.at); // LB25 (Example 7): NU (NU | SY | IS)* (CL | CP) × (PO | PR)
    } else if ((b.c === 'O' || b.c === 'R') && (a === 'Q' || a === 'W')) {
      allow = after(k) !== 'N'; // LB25 (Example 7): (PR | PO) × OP NU
    } else if ((b.c === 'I' || b.c === 'Y') && a === 'N') {
      allow = !numberEndsBefore(k); // LB25 (Example 7): NU (NU | SY | IS)* × NU
    }
    if (allow) breaks.set(pos, false);
  }
  return [...breaks].sort((x, y) => x[0] - y[0]).map(([position, required]) => ({ position, required }));
}

// ---------------------------------------------------------------------------------------------------------------
// Typesetting tailoring

/**
 * Not at the start of a line (行頭禁則, JIS X 4051 / JLREQ, and GB/T 15834 for Chinese): closing brackets and
 * quotes, 、。，．・：；？！ and their variants, iteration marks, the prolonged sound mark, small kana, hyphens and
 * wave dashes, postfix units. UAX #14 already forbids most of these (CL, CP, EX, IS, NS, CJ); the list makes
 * sure of it.
 */
const LINE_START_PROHIBITED = new RegExp(
  '^[\\p{Pe}\\p{Pf}' +
    '\u3001\u3002\uFF0C\uFF0E\u30FB\uFF65\uFF1A\uFF1B\uFF1F\uFF01\u203C\u2047\u2048\u2049,.:;?!' +
    '\u309B\u309C\u30FD\u30FE\u309D\u309E\u3005\u303B\u30FC\uFF70' +
    '\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087\u308E\u3095\u3096' +
    '\u30A1\u30A3\u30A5\u30A7\u30A9\u30C3\u30E3\u30E5\u30E7\u30EE\u30F5\u30F6\u31F0-\u31FF\uFF67-\uFF6F' +
    '\u30A0\u2010\u2013\u301C\uFF5E\u2026\u2025\u301E\u301F' +
    '%\uFF05\u2030\u2031\u2103\u2109\u00B0\u2032\u2033\u00A2\uFFE0' +
    ']$',
  'u',
);

/** Not at the end of a line (行末禁則): opening brackets and quotes, prefixed currency and number signs. */
const LINE_END_PROHIBITED = new RegExp('^[\\p{Ps}\\p{Pi}\u301D' + '\u00A5\uFFE5\uFF04\u00A3\uFFE1\u20AC\u20A9\uFFE6\uFF03\u2116' + ']$', 'u');

/** Letters and digits whose runs are never broken (Latin script incl. fullwidth Ａ-Ｚ, any decimal digit). */
const LATIN_OR_DIGIT = /^[\p{Script=Latin}\p{Nd}]$/u;
const MARK = /^\p{M}$/u;
const DIGIT = /^\p{Nd}$/u;

/** Characters of East Asian typography, for the quotation-mark rule (Unicode 15.1's LB19a, approximated). */
const EAST_ASIAN =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u3000-\u303F\u30FB\u30FC\uFF01-\uFF60\uFFE0-\uFFE6]$/u;
const OPENING_QUOTE = /^[\u2018\u201C]$/u;
const CLOSING_QUOTE = /^[\u2019\u201D]$/u;

/**
 * The same tailored for typesetting: Japanese/Chinese kinsoku (no break before closing punctuation such as
 * 。、」』）〕】ー small kana ゃゅょっ etc. (line-start prohibited), no break after opening 「『（〔【
 * (line-end prohibited)); a run of Latin letters/digits inside CJK never breaks inside itself.
 *
 * For CJK languages (ja, zh, ko...) also: a break is allowed before “ ‘ and after ” ’ when East Asian text is on
 * the other side (UAX #14 of Unicode 15.0 never breaks next to these ambiguous quotation marks; 15.1 does in
 * East Asian context).
 *
 * In every language: no break inside a range of numbers (after the dash of "2022–2024").
 */
export function typesetBreaks(text: string, lang: BreakLang): BreakOpportunity[] {
  const base = breakOpportunities(text);
  if (base.length === 0) return base;
  const cjk = isCjkLang(lang);
  const { cps, offsets } = codePoints(text);
  const indexAt = new Map<number, number>(offsets.map((o, k) => [o, k]));
  const chars = cps.map((cp) => String.fromCodePoint(cp));

  // Inside a run of Latin letters/digits: the characters on both sides (ignoring combining marks) are letters/digits.
  const inLatinRun = (k: number): boolean => {
    if (!LATIN_OR_DIGIT.test(chars[k]!)) return false;
    let j = k - 1;
    while (j >= 0 && MARK.test(chars[j]!)) j--;
    return j >= 0 && LATIN_OR_DIGIT.test(chars[j]!);
  };

  const out = new Map<number, boolean>();
  for (const b of base) {
    const k = indexAt.get(b.position)!;
    if (b.required || k >= cps.length) {
      out.set(b.position, b.required);
      continue;
    }
    if (inLatinRun(k)) continue;
    // A range of numbers ("2022–2024", "1-5") stays on one line.
    if (k >= 2 && /^[-\u2010\u2011\u2013]$/.test(chars[k - 1]!) && DIGIT.test(chars[k - 2]!) && DIGIT.test(chars[k]!)) continue;
    if (cjk && (LINE_START_PROHIBITED.test(chars[k]!) || LINE_END_PROHIBITED.test(chars[k - 1]!))) continue;
    out.set(b.position, false);
  }
  if (cjk) {
    for (let k = 1; k < cps.length; k++) {
      const pos = offsets[k]!;
      if (out.has(pos)) continue;
      const prev = chars[k - 1]!;
      const next = chars[k]!;
      const beforeOpening = OPENING_QUOTE.test(next) && EAST_ASIAN.test(prev) && !LINE_END_PROHIBITED.test(prev);
      const afterClosing = CLOSING_QUOTE.test(prev) && EAST_ASIAN.test(next) && !LINE_START_PROHIBITED.test(next);
      if (beforeOpening || afterClosing) out.set(pos, false);
    }
  }
  return [...out].sort((x, y) => x[0] - y[0]).map(([position, required]) => ({ position, required }));
}
