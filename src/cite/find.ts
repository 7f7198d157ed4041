/**
 * The quote finder: the passage of a snapshot that a text was meant to quote, for
 * `dossier quote find` and for the hint of a quote that does not verify. In order:
 *   exact        the text occurs in the snapshot as it is;
 *   folded       it occurs after the folding verification does (normalize.ts: NFC, white space,
 *                invisible characters) — such a quote verifies;
 *   approximate  the passage with the fewest typos, look-alikes forgiven (loose.ts, align.ts).
 * The approximate search anchors on the text's n-grams of loose keys: one pass over the
 * snapshot counts, for each stretch of it, how many n-grams of the text line up there
 * (diagonal votes, as BLAST-like aligners do), then the few best stretches are aligned
 * character by character. Linear in the snapshot, not text length times snapshot length.
 * A passage is "close" when it differs by at most one typo per five characters of the text.
 */
import { positionOfIndex } from '../workspace/files.js';
import type { Source } from '../workspace/types.js';
import { isSkippedInMatching } from '../workspace/deceptive.js';
import { align, type Difference } from './align.js';
import { looseKey } from './loose.js';
import { foldQuote, isSpace } from './normalize.js';
import { folded, lineAndParagraphOf, locateFolded } from './verify.js';

export type Stage = 'exact' | 'folded' | 'approximate';

export interface Passage {
  stage: Stage;
  /** Offsets (UTF-16) of the passage in the snapshot as read. */
  start: number;
  end: number;
  /** The passage as the snapshot has it. */
  text: string;
  /** The passage as a quote: white space folded, invisible characters left out (it verifies). */
  quote: string;
  line: number;
  col: number;
  paragraph: number;
  /** Typos: characters changed, added or left out (look-alikes and white space are free). */
  edits: number;
  /** Every difference, `at` an offset in the snapshot; undefined when the text is too long to align. */
  differences?: Difference[];
}

export interface FindResult {
  /** The passage, when one is close. */
  found?: Passage;
  /** The nearest passages, best first (found first when there is one). */
  nearest: Passage[];
  /** The most typos a close passage may have for this text. */
  allowed: number;
  /** The text is too long for the approximate search (MAX_TEXT code points). */
  tooLong: boolean;
}

/** Longest text (in code points, white space folded) searched approximately. */
export const MAX_TEXT = 2000;
/** Stretches of the snapshot aligned in full. */
const CANDIDATES = 4;

/** One typo per five characters of the text, white space, invisible characters and vowel marks not counted. */
export function allowedEdits(text: string): number {
  let letters = 0;
  for (const c of text) {
    const cp = c.codePointAt(0)!;
    if (!isSpace(cp) && !isSkippedInMatching(cp) && looseKey(cp) !== 0) letters++;
  }
  return Math.floor(letters / 5);
}

export function findQuote(source: Source, input: string): FindResult {
  const text = input.trim();
  const allowed = allowedEdits(text);
  const none: FindResult = { nearest: [], allowed, tooLong: false };
  if (!text) return none;
  const snapshot = source.snapshot;
  const raw = snapshot.indexOf(text);
  if (raw >= 0) {
    const p = passage(source, 'exact', raw, raw + text.length, 0, []);
    return { found: p, nearest: [p], allowed, tooLong: false };
  }
  const loc = locateFolded(source, text);
  if (loc) {
    const a = align(text, snapshot.slice(loc.start, loc.end));
    const p = passage(
      source,
      'folded',
      loc.start,
      loc.end,
      0,
      a?.differences.map((d) => ({ ...d, at: d.at + loc.start })),
    );
    return { found: p, nearest: [p], allowed, tooLong: false };
  }
  const q = keysOf(foldQuote(text));
  if (q.keys.length > MAX_TEXT) return { ...none, tooLong: true };
  const nearest: Passage[] = [];
  for (const [lo, hi] of candidateWindows(source, q.keys)) {
    const a = align(text, snapshot.slice(lo, hi));
    if (!a) continue;
    let start = lo + a.start;
    let end = lo + a.end;
    while (start < end && isBlank(snapshot.codePointAt(start)!)) start++;
    while (end > start && isBlank(snapshot.codePointAt(end - 1)!)) end--;
    if (end <= start || nearest.some((p) => p.start === start && p.end === end)) continue;
    const differences = a.differences.map((d) => ({ ...d, at: d.at + lo })).filter((d) => d.text !== undefined || (d.at >= start && d.at < end));
    nearest.push(passage(source, 'approximate', start, end, a.edits, differences));
  }
  nearest.sort((x, y) => x.edits - y.edits || x.start - y.start);
  const found = nearest.length && nearest[0].edits <= allowed ? nearest[0] : undefined;
  return { found, nearest, allowed, tooLong: false };
}

function isBlank(cp: number): boolean {
  return isSpace(cp) || isSkippedInMatching(cp);
}

function passage(source: Source, stage: Stage, start: number, end: number, edits: number, differences: Difference[] | undefined): Passage {
  const text = source.snapshot.slice(start, end);
  const { line, paragraph } = lineAndParagraphOf(source, start);
  const { col } = positionOfIndex(source.snapshotFile, source.snapshot, start);
  return { stage, start, end, text, quote: foldQuote(text), line, col, paragraph, edits, differences };
}

/** Loose keys of a folded text, ignorable characters left out, with where each stands. */
interface Keyed {
  keys: Int32Array;
  /** Offset in the folded text of each key's character. */
  at: Int32Array;
}

function keysOf(s: string): Keyed {
  const keys = new Int32Array(s.length);
  const at = new Int32Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const cp = c >= 0xd800 && c <= 0xdbff ? s.codePointAt(i)! : c;
    const k = looseKey(cp);
    if (k !== 0) {
      keys[n] = k;
      at[n++] = i;
    }
    if (cp > 0xffff) i++;
  }
  return { keys: keys.subarray(0, n), at: at.subarray(0, n) };
}

const keyedCache = new WeakMap<Source, Keyed>();

function keyedSnapshot(source: Source): Keyed {
  let k = keyedCache.get(source);
  if (!k) {
    k = keysOf(folded(source).text);
    keyedCache.set(source, k);
  }
  return k;
}

function gramHash(keys: Int32Array, i: number, g: number): number {
  let h = 0;
  for (let k = 0; k < g; k++) h = (Math.imul(h, 0x01000193) ^ keys[i + k]) >>> 0;
  return h;
}

/**
 * Stretches of the snapshot (offsets in the snapshot as read) where the most n-grams of the
 * text line up: each n-gram of the snapshot that the text has votes for the diagonal
 * (snapshot position minus text position) it puts the text on, counted in bands of B.
 */
function candidateWindows(source: Source, q: Int32Array): [number, number][] {
  const s = keyedSnapshot(source);
  const m = q.length;
  const n = s.keys.length;
  if (!m || !n) return [];
  const g = m >= 12 ? 4 : m >= 6 ? 3 : Math.min(m, 2);
  const grams = new Map<number, number[]>();
  for (let i = 0; i + g <= m; i++) {
    const h = gramHash(q, i, g);
    const list = grams.get(h);
    if (list) list.push(i);
    else grams.set(h, [i]);
  }
  const B = Math.max(4, Math.ceil(m / 8));
  const votes = new Int32Array(Math.floor((n + m) / B) + 3);
  // Most n-grams of the snapshot are not the text's: a bit table rejects them before the map.
  const seen = new Uint8Array(1 << 16);
  for (const h of grams.keys()) seen[h & 0xffff] = 1;
  for (let p = 0; p + g <= n; p++) {
    const h = gramHash(s.keys, p, g);
    if (!seen[h & 0xffff]) continue;
    const list = grams.get(h);
    if (list) for (const i of list) votes[Math.floor((p - i + m) / B)]++;
  }
  // The best bands in one pass (a few kept, in order), not a sort of every band.
  const score = (b: number) => votes[b] + votes[b + 1];
  const keep = 4 * CANDIDATES;
  const order: number[] = [];
  for (let b = 0; b + 1 < votes.length; b++) {
    const sc = score(b);
    if (sc === 0 || (order.length === keep && sc <= score(order[keep - 1]))) continue;
    let k = order.length;
    while (k > 0 && score(order[k - 1]) < sc) k--;
    order.splice(k, 0, b);
    if (order.length > keep) order.pop();
  }
  const picked: number[] = [];
  for (const b of order) {
    if (picked.length >= CANDIDATES) break;
    if (picked.some((o) => Math.abs(o - b) <= 2)) continue;
    picked.push(b);
  }
  const f = folded(source);
  const pad = 8 + Math.ceil(m / 10);
  return picked.map((b) => {
    const diag = b * B - m; // the text's first key stands near snapshot key diag .. diag + 2B
    const lo = Math.max(0, diag - pad);
    const hi = Math.min(n - 1, diag + 2 * B + m + pad);
    return [f.offset(s.at[lo]), f.offset(s.at[hi] + 1)] as [number, number];
  });
}
