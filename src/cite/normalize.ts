/**
 * The comparison form of text for quote checking: Unicode NFC, every run of whitespace folded
 * to one space, and the characters that print as nothing (zero width space, word joiner,
 * U+FEFF, soft hyphen, tag characters; deceptive.ts) left out, so that a hidden character in
 * a snapshot neither lets a quote that contains it verify nor stops one without it. Nothing
 * else is forgiven: a changed letter, digit or punctuation mark fails.
 *
 * `offset` leads back from each folded character to its offset in the original text, so a
 * found quote can be cited by its real position. A snapshot may be 32 MiB: the folded text is
 * built from slices of the original and the map is kept as the few places where folding
 * shifts the offsets (a line break, a run of spaces, a recomposed accent), not one number per
 * character (which took 2 GiB for a 32 MiB snapshot).
 */
import { isSkippedInMatching } from '../workspace/deceptive.js';

export interface Folded {
  text: string;
  /** Offset in the original of folded character i; offset(text.length) is the original's length. */
  offset(i: number): number;
}

const MARK = /\p{M}/u;

/** White space as JavaScript's \s has it, less U+FEFF (which prints as nothing: skipped). */
export function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

export function fold(original: string): Folded {
  const n = original.length;
  const parts: string[] = [];
  // Breakpoints: folded index fb[k] maps to ob[k], and the characters after it follow one to one.
  const fb: number[] = [];
  const ob: number[] = [];
  let flen = 0;
  const note = (orig: number) => {
    const k = fb.length - 1;
    if (k < 0 || ob[k] + (flen - fb[k]) !== orig) {
      fb.push(flen);
      ob.push(orig);
    }
  };
  let chunk = -1; // start of the run of characters copied as they are
  const keep = (i: number) => {
    if (chunk < 0) {
      chunk = i;
      note(i);
    }
  };
  const flush = (end: number) => {
    if (chunk >= 0) parts.push(original.slice(chunk, end));
    chunk = -1;
  };
  let pendingSpace = -1;
  let i = 0;
  while (i < n) {
    const c = original.charCodeAt(i);
    if (isSpace(c)) {
      // One plain space between two words is kept as it is (most spaces: no slice, no breakpoint).
      if (c === 32 && pendingSpace < 0 && flen > 0 && i + 1 < n && isPlain(original, i + 1)) {
        keep(i);
        flen++;
        i++;
        continue;
      }
      flush(i);
      if (pendingSpace < 0) pendingSpace = i;
      i++;
      continue;
    }
    const cp = c >= 0xd800 && c <= 0xdbff ? original.codePointAt(i)! : c;
    const width = cp > 0xffff ? 2 : 1;
    if (c >= 0xad && isSkippedInMatching(cp)) {
      flush(i);
      i += width;
      continue;
    }
    if (pendingSpace >= 0) {
      if (flen > 0) {
        note(pendingSpace);
        parts.push(' ');
        flen++;
      }
      pendingSpace = -1;
    }
    // A segment: one base character and the combining marks after it. NFC only composes
    // within such a segment, so normalising segment by segment keeps the offset map exact.
    let j = i + width;
    while (j < n && original.charCodeAt(j) >= 0x300) {
      const mark = original.codePointAt(j)!;
      if (!isMark(mark)) break;
      j += mark > 0xffff ? 2 : 1;
    }
    if (j === i + width && (cp < 0x300 || isStableAlone(cp))) {
      keep(i);
      flen += width;
      i = j;
      continue;
    }
    const raw = original.slice(i, j);
    const seg = raw.normalize('NFC');
    if (seg === raw) {
      keep(i);
      flen += seg.length;
    } else {
      flush(i);
      for (let k = 0; k < seg.length; k++) {
        note(i);
        flen++;
      }
      parts.push(seg);
    }
    i = j;
  }
  flush(n);
  fb.push(flen);
  ob.push(n);
  const text = parts.join('');
  return {
    text,
    offset(at: number): number {
      let lo = 0;
      let hi = fb.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (fb[mid] <= at) lo = mid;
        else hi = mid - 1;
      }
      return ob[lo] + (at - fb[lo]);
    },
  };
}

/*
 * Per code point, what folding asks of every character of a snapshot: whether it is a mark,
 * and whether NFC leaves it unchanged when it stands alone (a segment of one character). Both
 * depend on the code point only, so each is worked out once per code point and process: a
 * snapshot in Arabic or Chinese (every character at U+0300 or above) is then folded without a
 * string made and normalised per character.
 */
let known: Uint8Array | undefined; // a byte per code point, 1.1 MB: bounded whatever a snapshot holds
const MARK_KNOWN = 1;
const IS_MARK = 2;
const STABLE_KNOWN = 4;
const IS_STABLE = 8;

/** The flags of `cp`, with valueFlag worked out by `test` if it is not known yet. */
function flagsOf(cp: number, knownFlag: number, valueFlag: number, test: (c: string) => boolean): number {
  known ??= new Uint8Array(0x110000);
  let flags = known[cp]!;
  if (!(flags & knownFlag)) known[cp] = flags |= knownFlag | (test(String.fromCodePoint(cp)) ? valueFlag : 0);
  return flags;
}

function isMark(cp: number): boolean {
  return (flagsOf(cp, MARK_KNOWN, IS_MARK, (c) => MARK.test(c)) & IS_MARK) !== 0;
}

function isStableAlone(cp: number): boolean {
  return (flagsOf(cp, STABLE_KNOWN, IS_STABLE, (c) => c.normalize('NFC') === c) & IS_STABLE) !== 0;
}

/** A character that folding copies as it is (not white space, not skipped). */
function isPlain(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (isSpace(c)) return false;
  return c < 0xad || !isSkippedInMatching(s.codePointAt(i)!);
}

/** Fold a quote for searching: the same folding, trimmed. */
export function foldQuote(quote: string): string {
  return fold(quote.trim()).text;
}
