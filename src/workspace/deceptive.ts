/**
 * Deceptive characters: code points that make printed or compared text differ from what a
 * reader of the YAML file sees. Bidi controls reorder a line ("Trojan Source"), invisible
 * characters split or join words unseen, tag characters and stray variation selectors can
 * carry hidden text. Each is found with its context, because the same code point is also
 * written on purpose: ZWNJ in Persian, ZWJ in emoji and Indic conjuncts, ZWSP between Thai
 * words, a variation selector after an emoji or a Han character, tags in a flag emoji.
 *
 * This module only classifies; which field makes which kind an error or a warning is the
 * policy table below (README, "Deceptive characters").
 */

/**
 * The shapes of diagnostics.ts's Position and Diagnostics that reportSuspects uses, written
 * here: diagnostics.ts imports this module (visible), and no import may close a cycle, a
 * type-only one included (tests/unit/architecture.test.ts).
 */
interface Position {
  file: string;
  line: number;
  col: number;
}
interface Reporter {
  error(pos: Position, message: string, hint?: string): void;
  warning(pos: Position, message: string, hint?: string): void;
}

export type Kind = 'bidi-control' | 'bidi-mark' | 'invisible' | 'tag' | 'variation-selector' | 'joiner';

export interface Suspect {
  /** UTF-16 index in the string. */
  index: number;
  cp: number;
  kind: Kind;
}

/** What a field is, for the policy: codes printed verbatim, names, prose, quotes. */
export type FieldClass = 'code' | 'name' | 'prose' | 'quote';

/**
 * Error or warning, per field class and kind; undefined means the kind is not reported there.
 * - code (handling label, URLs, file names): nothing invisible belongs in them, and they are
 *   printed on every page or followed by readers: all errors.
 * - name (publisher, author, translator): printed in every reference and compared to tell
 *   publishers apart. Reordering and hidden text are errors; an invisible character or a
 *   stray joiner prints as nothing and is set aside when publishers are compared
 *   (cite/publisher.ts), so it cannot make two publishers of one: shown, not refused. A
 *   right-to-left mark may be part of how an Arabic name is written.
 * - prose (statements, titles, summaries, translations, labels): reordering, hidden text and
 *   word-splitting invisibles are errors; a bidi mark is a legitimate tool of right-to-left
 *   writing but moves neutrals, so it is shown; a stray joiner only changes shaping.
 * - quote: decided against the snapshot in cite/check.ts (a mark the source has may be quoted).
 */
export const POLICY: Record<Exclude<FieldClass, 'quote'>, Record<Kind, 'error' | 'warning' | undefined>> = {
  code: { 'bidi-control': 'error', 'bidi-mark': 'error', invisible: 'error', tag: 'error', 'variation-selector': 'error', joiner: 'error' },
  name: { 'bidi-control': 'error', 'bidi-mark': 'warning', invisible: 'warning', tag: 'error', 'variation-selector': 'error', joiner: 'warning' },
  prose: { 'bidi-control': 'error', 'bidi-mark': 'warning', invisible: 'error', tag: 'error', 'variation-selector': 'error', joiner: 'warning' },
};

const NAMES: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x034f: 'COMBINING GRAPHEME JOINER',
  0x061c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x17b4: 'KHMER VOWEL INHERENT AQ',
  0x17b5: 'KHMER VOWEL INHERENT AA',
  0x180b: 'MONGOLIAN FREE VARIATION SELECTOR ONE',
  0x180c: 'MONGOLIAN FREE VARIATION SELECTOR TWO',
  0x180d: 'MONGOLIAN FREE VARIATION SELECTOR THREE',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x180f: 'MONGOLIAN FREE VARIATION SELECTOR FOUR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
  0xe0001: 'LANGUAGE TAG',
  0xe007f: 'CANCEL TAG',
};

/** "U+202E RIGHT-TO-LEFT OVERRIDE" */
export function describeChar(cp: number): string {
  return `${codeOf(cp)} ${nameOf(cp)}`;
}

export function codeOf(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

function nameOf(cp: number): string {
  if (NAMES[cp]) return NAMES[cp];
  if (cp >= 0xfe00 && cp <= 0xfe0f) return `VARIATION SELECTOR-${cp - 0xfe00 + 1}`;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return `VARIATION SELECTOR-${cp - 0xe0100 + 17}`;
  if (cp >= 0xe0020 && cp <= 0xe007e) {
    const c = String.fromCharCode(cp - 0xe0000);
    return `TAG ${c === ' ' ? 'SPACE' : /[a-z]/.test(c) ? `LATIN SMALL LETTER ${c.toUpperCase()}` : /[A-Z]/.test(c) ? `LATIN CAPITAL LETTER ${c}` : /[0-9]/.test(c) ? `DIGIT ${c}` : `'${c}'`}`;
  }
  return 'format character';
}

/** What the kind does, for messages. */
export function effectOf(kind: Kind): string {
  switch (kind) {
    case 'bidi-control':
      return 'it reorders the text around it when printed';
    case 'bidi-mark':
      return 'it moves neighbouring punctuation and digits when printed';
    case 'invisible':
      return 'it is invisible and splits or hides the word it stands in';
    case 'tag':
      return 'tag characters are invisible and can carry hidden text';
    case 'variation-selector':
      return 'a variation selector here selects nothing and can carry hidden text';
    case 'joiner':
      return 'a joiner outside the scripts and emoji that use it changes nothing visible';
  }
}

const BIDI_CONTROL = (cp: number) => (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
const BIDI_MARK = (cp: number) => cp === 0x200e || cp === 0x200f || cp === 0x061c;
const INVISIBLE = new Set([0x00ad, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x200b, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x3164, 0xfeff, 0xffa0]);
const TAG = (cp: number) => cp >= 0xe0000 && cp <= 0xe007f;
const VS = (cp: number) => (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
const MONGOLIAN_FVS = (cp: number) => (cp >= 0x180b && cp <= 0x180d) || cp === 0x180f;

/** A quick test before the walk: most text has none of these. */
// The class lists lone invisible and combining characters on purpose: each is looked for on its own.
// eslint-disable-next-line no-misleading-character-class
const ANY =
  /[\u00AD\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u3164\uFE00-\uFE0F\uFEFF\uFFA0]|\uDB40[\uDC00-\uDDEF]/;

/** Scripts whose letters are shaped with ZWJ and ZWNJ (Arabic and Persian, Indic, Mongolian...). */
const JOINING_SCRIPT =
  /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Mandaic}\p{Script=Mongolian}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Script=Hebrew}]/u;
/** Scripts written without spaces, where ZWSP marks a word boundary. */
const UNSPACED_SCRIPT = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Script=Javanese}\p{Script=Balinese}]/u;
/** Where a variation selector is standard: emoji, Han (standardized and ideographic variants), math symbols, a few scripts. */
const VS_BASE =
  /[\p{Emoji}\p{Extended_Pictographic}\p{Ideographic}\p{Script=Han}\p{Sm}\p{Script=Myanmar}\p{Script=Phags_Pa}\p{Script=Manichaean}\p{Script=Egyptian_Hieroglyphs}]/u;
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}]/u;

function charAt(s: string, i: number): string {
  const cp = s.codePointAt(i);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/** The character before index i, skipping variation selectors and emoji modifiers. */
function baseBefore(s: string, i: number): string {
  let j = i;
  while (j > 0) {
    const k = j - (j >= 2 && isLowSurrogate(s.charCodeAt(j - 1)) ? 2 : 1);
    const c = s.codePointAt(k)!;
    if (!VS(c) && !(c >= 0x1f3fb && c <= 0x1f3ff)) return String.fromCodePoint(c);
    j = k;
  }
  return '';
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function nextChar(s: string, i: number): string {
  return charAt(s, i + (s.codePointAt(i)! > 0xffff ? 2 : 1));
}

/** Every deceptive character of `s` that is not one of the legitimate uses above. */
export function findSuspects(s: string): Suspect[] {
  if (!ANY.test(s)) return [];
  const out: Suspect[] = [];
  let inFlag = false; // inside an emoji tag sequence (the flags of England, Scotland, Wales)
  for (let i = 0; i < s.length; i++) {
    const cp = s.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (cp === 0x1f3f4) inFlag = true;
    else if (!TAG(cp)) inFlag = false;
    const kind = classify(s, i, cp, inFlag);
    if (cp === 0xe007f) inFlag = false;
    if (kind) out.push({ index: i, cp, kind });
    i += width - 1;
  }
  return out;
}

function classify(s: string, i: number, cp: number, inFlag: boolean): Kind | undefined {
  if (BIDI_CONTROL(cp)) return 'bidi-control';
  if (BIDI_MARK(cp)) return 'bidi-mark';
  if (cp === 0x200b) return UNSPACED_SCRIPT.test(baseBefore(s, i)) && UNSPACED_SCRIPT.test(nextChar(s, i)) ? undefined : 'invisible';
  if (cp === 0x180e) return /\p{Script=Mongolian}/u.test(baseBefore(s, i)) ? undefined : 'invisible';
  if (INVISIBLE.has(cp)) return 'invisible';
  if (TAG(cp)) return inFlag && cp >= 0xe0020 ? undefined : 'tag';
  if (VS(cp)) return VS_BASE.test(charAt(s, prevIndex(s, i))) ? undefined : 'variation-selector';
  if (MONGOLIAN_FVS(cp)) return /\p{Script=Mongolian}/u.test(charAt(s, prevIndex(s, i))) ? undefined : 'variation-selector';
  if (cp === 0x200d) {
    const before = baseBefore(s, i);
    const after = nextChar(s, i);
    if (EMOJI.test(before) && EMOJI.test(after)) return undefined;
    return JOINING_SCRIPT.test(before) ? undefined : 'joiner';
  }
  if (cp === 0x200c) return JOINING_SCRIPT.test(baseBefore(s, i)) ? undefined : 'joiner';
  return undefined;
}

function prevIndex(s: string, i: number): number {
  if (i === 0) return -1;
  return i >= 2 && isLowSurrogate(s.charCodeAt(i - 1)) ? i - 2 : i - 1;
}

/** Control characters: never shown raw (escape sequences can rewrite a terminal). */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * Text with every control and deceptive character written as <U+XXXX>, for diagnostics:
 * a quoted id or passage shows what is really there and cannot reorder the terminal line.
 * Legitimate uses (ZWNJ in Persian...) stay as they are; bidi marks are always shown.
 */
export function visible(s: string): string {
  if (!ANY.test(s) && !CONTROL.test(s)) return s;
  const marks = new Set(findSuspects(s).map((x) => x.index));
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const cp = s.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const c = s.slice(i, i + width);
    out += marks.has(i) || CONTROL.test(c) ? `<${codeOf(cp)}>` : c;
    i += width - 1;
  }
  return out;
}

/** The kinds quote matching skips in snapshot and quote alike: they print as nothing. */
export function isSkippedInMatching(cp: number): boolean {
  return INVISIBLE.has(cp) || TAG(cp);
}

/** Suspects next to each other are one finding (a run of tag characters is one hidden word). */
export function runsOf(suspects: Suspect[]): Suspect[][] {
  const runs: Suspect[][] = [];
  for (const x of suspects) {
    const last = runs[runs.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && prev.kind === x.kind && x.index === prev.index + (prev.cp > 0xffff ? 2 : 1)) last.push(x);
    else runs.push([x]);
  }
  return runs;
}

/** "U+E0041 TAG LATIN CAPITAL LETTER A, U+E0042 ... and 5 more" */
export function describeRun(run: Suspect[]): string {
  const shown = run
    .slice(0, 3)
    .map((x) => describeChar(x.cp))
    .join(', ');
  return run.length > 3 ? `${run.length} characters: ${shown} and ${run.length - 3} more` : shown;
}

export function hintFor(kind: Kind): string {
  switch (kind) {
    case 'bidi-control':
      return 'delete it; printed text takes its direction from its language (write the text in a language map, e.g. "ar: ...")';
    case 'bidi-mark':
      return 'delete it unless the right-to-left text needs it to place punctuation; printed text takes its direction from its language';
    case 'invisible':
      return 'delete it: it prints as nothing (an editor that shows invisible characters finds it)';
    case 'tag':
      return 'delete the tag characters: they print as nothing';
    case 'variation-selector':
      return 'delete it: only emoji, Han characters and a few symbols take variation selectors';
    case 'joiner':
      return 'delete it unless the text is in a script or emoji sequence that uses it';
  }
}

/** At most this many findings per value: a value full of hidden characters needs one look. */
const MAX_RUNS = 5;

/**
 * Reports the deceptive characters of one value by the field's policy; `place` gives the
 * position of a character. Returns false when any was an error.
 */
export function reportSuspects(s: string, cls: Exclude<FieldClass, 'quote'>, place: (index: number) => Position, diags: Reporter, what: string): boolean {
  const suspects = findSuspects(s);
  if (!suspects.length) return true;
  let ok = true;
  for (const run of runsOf(suspects).slice(0, MAX_RUNS)) {
    const severity = POLICY[cls][run[0].kind];
    if (!severity) continue;
    if (severity === 'error') ok = false;
    const hint = cls === 'code' ? 'delete it: nothing invisible belongs in a label, an address or a file name' : hintFor(run[0].kind);
    diags[severity](place(run[0].index), `${what} contains ${describeRun(run)}: ${effectOf(run[0].kind)}`, hint);
  }
  return ok;
}
