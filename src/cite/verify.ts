/**
 * Quote verification: every quote must occur in its source's snapshot (see normalize.ts for
 * what is forgiven). On failure the editor is shown the closest passage of the snapshot.
 */
import type { Source } from '../workspace/types.js';
import { fold, foldQuote, type Folded } from './normalize.js';

export interface QuoteLocation {
  /** Offsets of the quote in the original snapshot text (UTF-16 code units). */
  start: number;
  end: number;
  /** 1-based line of the snapshot where the quote starts. */
  line: number;
  /** 1-based paragraph number (paragraphs are separated by line breaks; blank lines do not count). */
  paragraph: number;
}

export interface QuoteMiss {
  /** The passage of the snapshot most like the quote, and the snapshot line it starts on. */
  closest: string;
  line: number;
  /** Index in the folded quote of the first character that differs from the closest passage. */
  firstDifference: number;
}

const foldCache = new WeakMap<Source, Folded>();
/**
 * Folded snapshots by their text, across loads of the workspace: a long-lived process (the
 * watch, batch workers) loads the workspace again for every rebuild, and folding every
 * snapshot again was about a fortieth of a warm rebuild. Bounded by the text kept.
 */
const foldedTexts = new Map<string, Folded>();
let foldedChars = 0;
const MAX_FOLDED_CHARS = 8 * 1024 * 1024;

/** The folded snapshot of a source, folded once per snapshot text. */
export function folded(source: Source): Folded {
  let f = foldCache.get(source);
  if (!f) {
    f = foldedTexts.get(source.snapshot);
    if (!f) {
      f = fold(source.snapshot);
      if (foldedChars + source.snapshot.length > MAX_FOLDED_CHARS) {
        foldedTexts.clear();
        foldedChars = 0;
      }
      foldedTexts.set(source.snapshot, f);
      foldedChars += source.snapshot.length;
    }
    foldCache.set(source, f);
  }
  return f;
}

export function locateQuote(source: Source, quote: string): QuoteLocation | QuoteMiss {
  return locateFolded(source, quote) ?? closestPassage(source, folded(source), foldQuote(quote));
}

/** The location of a quote that verifies; undefined, without looking for the closest passage, if it does not. */
export function locateFolded(source: Source, quote: string): QuoteLocation | undefined {
  const f = folded(source);
  const q = foldQuote(quote);
  const at = q.length ? f.text.indexOf(q) : -1;
  if (at < 0) return undefined;
  const start = f.offset(at);
  const end = f.offset(at + q.length - 1) + 1;
  const { line, paragraph } = lineAndParagraphOf(source, start);
  return { start, end, line, paragraph };
}

export function isLocation(r: QuoteLocation | QuoteMiss): r is QuoteLocation {
  return (r as QuoteLocation).start !== undefined;
}

/** Where each line of a snapshot starts, and how many paragraphs end before it. */
interface LineIndex {
  /** Offset of each line break ("\n"), in order. */
  breaks: Uint32Array;
  /** paragraphsBefore[k]: how many of the first k line breaks end a line with text. */
  paragraphsBefore: Uint32Array;
}

const lineIndexes = new WeakMap<Source, LineIndex>();

function lineIndexOf(source: Source): LineIndex {
  let index = lineIndexes.get(source);
  if (index) return index;
  const text = source.snapshot;
  // Counted first, so that the index is two typed arrays of the right length (a snapshot may be 32 MiB).
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const breaks = new Uint32Array(count);
  const paragraphsBefore = new Uint32Array(count + 1);
  let k = 0;
  let paragraphs = 0;
  let lineHasText = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      breaks[k++] = i;
      if (lineHasText) paragraphs++;
      paragraphsBefore[k] = paragraphs;
      lineHasText = false;
    } else if (c !== 32 && c !== 9 && c !== 13) {
      lineHasText = true;
    }
  }
  index = { breaks, paragraphsBefore };
  lineIndexes.set(source, index);
  return index;
}

/**
 * lineAndParagraph of the source's snapshot, from an index of its line breaks made once per
 * source: a workspace's quotes are located in a few snapshots, each scanned once, not once per quote.
 */
export function lineAndParagraphOf(source: Source, offset: number): { line: number; paragraph: number } {
  const { breaks, paragraphsBefore } = lineIndexOf(source);
  // k: how many line breaks come before offset.
  let lo = 0;
  let hi = breaks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (breaks[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return { line: lo + 1, paragraph: paragraphsBefore[lo]! + 1 };
}

/** The 1-based line and paragraph of `offset` in `text` (paragraphs: lines with text; blank lines do not count). */
export function lineAndParagraph(text: string, offset: number): { line: number; paragraph: number } {
  let line = 1;
  let paragraph = 0;
  let lineHasText = false;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      if (lineHasText) paragraph++;
      lineHasText = false;
    } else if (c !== 32 && c !== 9 && c !== 13) {
      lineHasText = true;
    }
  }
  return { line, paragraph: paragraph + 1 };
}

/**
 * Slides a window of the quote's length over the snapshot and scores it by shared character
 * bigrams (Dice coefficient), updated incrementally: linear in the snapshot's length.
 */
function closestPassage(source: Source, f: Folded, q: string): QuoteMiss {
  const text = f.text;
  const n = Math.min(Math.max(q.length, 2), text.length);
  // A bigram is two UTF-16 units packed in one number: no string per window position.
  const bigram = (s: string, i: number) => s.charCodeAt(i) * 0x10000 + s.charCodeAt(i + 1);
  const want = new Map<number, number>();
  for (let i = 0; i + 1 < q.length; i++) {
    const bg = bigram(q, i);
    want.set(bg, (want.get(bg) ?? 0) + 1);
  }
  const have = new Map<number, number>();
  let shared = 0;
  const add = (bg: number) => {
    const h = (have.get(bg) ?? 0) + 1;
    have.set(bg, h);
    if (h <= (want.get(bg) ?? 0)) shared++;
  };
  const remove = (bg: number) => {
    const h = have.get(bg)!;
    if (h <= (want.get(bg) ?? 0)) shared--;
    have.set(bg, h - 1);
  };
  for (let i = 0; i + 1 < n; i++) add(bigram(text, i));
  // Ties go to the window that starts with the quote's first character, so the passage
  // shown lines up with the quote.
  const score = (s: number) => shared * 2 + (text[s] === q[0] ? 1 : 0);
  let best = 0;
  let bestScore = score(0);
  for (let s = 1; s + n <= text.length; s++) {
    remove(bigram(text, s - 1));
    add(bigram(text, s + n - 2));
    const sc = score(s);
    if (sc > bestScore) {
      bestScore = sc;
      best = s;
    }
  }
  const passage = text.slice(best, best + n);
  let firstDifference = 0;
  while (firstDifference < q.length && q[firstDifference] === passage[firstDifference]) firstDifference++;
  const { line } = lineAndParagraphOf(source, f.offset(best));
  return { closest: passage, line, firstDifference };
}
