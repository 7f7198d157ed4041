/**
 * Aligns a text typed by an editor with a stretch of a snapshot, character by character, and
 * says how they differ. Semi-global: all of the text is aligned, the snapshot's stretch may
 * start and end anywhere, so the result is also where the passage starts and ends.
 *
 * Costs: a character the same, white space for white space, and look-alikes (loose.ts) cost
 * nothing; so does an invisible character (left out by verification too), an Arabic vowel
 * mark, and white space after white space (a run is one space to verification). Anything else,
 * a character changed, added or left out, costs one edit: a typo.
 */
import { isSkippedInMatching } from '../workspace/deceptive.js';
import { looseKey } from './loose.js';
import { isSpace } from './normalize.js';

export type DifferenceKind = 'white space' | 'invisible' | 'look-alike' | 'mark' | 'typo';

export interface Difference {
  kind: DifferenceKind;
  /** The text's code point, or undefined where the text has nothing. */
  text?: number;
  /** The source's code point, or undefined where the source has nothing. */
  source?: number;
  /** Offset in the snapshot window of the source's character (or of where it is missing). */
  at: number;
}

export interface Alignment {
  /** Typos: characters changed, added or left out. */
  edits: number;
  /** Offsets (UTF-16) in the window of the passage aligned with the text. */
  start: number;
  end: number;
  differences: Difference[];
}

/** Cells of the traceback matrix above which we do not align (a quote over ~2,000 characters). */
export const MAX_CELLS = 10_000_000;

interface Seq {
  cps: Int32Array;
  /** UTF-16 offset of each code point in its string. */
  at: Int32Array;
  /** Cost of leaving each code point out (0 or 1). */
  indel: Uint8Array;
  keys: Int32Array;
}

function seq(s: string): Seq {
  const n = [...s].length;
  const cps = new Int32Array(n);
  const at = new Int32Array(n + 1);
  const indel = new Uint8Array(n);
  const keys = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < s.length; i++) {
    const cp = s.codePointAt(i)!;
    cps[k] = cp;
    at[k] = i;
    keys[k] = isSpace(cp) ? -1 : looseKey(cp);
    const free = isSkippedInMatching(cp) || keys[k] === 0 || (isSpace(cp) && k > 0 && isSpace(cps[k - 1]));
    indel[k] = free ? 0 : 1;
    if (cp > 0xffff) i++;
    k++;
  }
  at[n] = s.length;
  return { cps, at, indel, keys };
}

function kindOf(t: number | undefined, s: number | undefined, cost: number): DifferenceKind {
  if (cost) return 'typo';
  const one = (t ?? s)!;
  if ((t === undefined || isSpace(t)) && (s === undefined || isSpace(s))) return 'white space';
  if (isSkippedInMatching(one)) return 'invisible';
  if (t === undefined || s === undefined) return 'mark';
  return 'look-alike';
}

const DIAG = 1;
const UP = 2; // a character of the text against nothing
const LEFT = 3; // a character of the window against nothing

/** Aligns `text` with the best stretch of `window`; undefined when that is too much work. */
export function align(text: string, window: string): Alignment | undefined {
  const q = seq(text);
  const w = seq(window);
  const m = q.cps.length;
  const n = w.cps.length;
  if ((m + 1) * (n + 1) > MAX_CELLS) return undefined;
  const dir = new Uint8Array((m + 1) * (n + 1));
  let prev = new Int32Array(n + 1); // row 0: the passage may start anywhere, at no cost
  let cur = new Int32Array(n + 1);
  for (let j = 1; j <= n; j++) dir[j] = LEFT;
  for (let i = 1; i <= m; i++) {
    const row = i * (n + 1);
    cur[0] = prev[0] + q.indel[i - 1];
    dir[row] = UP;
    const qk = q.keys[i - 1];
    const qc = q.cps[i - 1];
    for (let j = 1; j <= n; j++) {
      const sub = qc === w.cps[j - 1] || qk === w.keys[j - 1] ? 0 : 1;
      let best = prev[j - 1] + sub;
      let d = DIAG;
      const up = prev[j] + q.indel[i - 1];
      if (up < best) {
        best = up;
        d = UP;
      }
      const left = cur[j - 1] + w.indel[j - 1];
      if (left < best) {
        best = left;
        d = LEFT;
      }
      cur[j] = best;
      dir[row + j] = d;
    }
    [prev, cur] = [cur, prev];
  }
  // The passage ends where the whole text costs least; of equal ends the last, so that a typo
  // in the text's last character is shown against the source's, not as a character added.
  let end = 0;
  for (let j = 1; j <= n; j++) if (prev[j] <= prev[end]) end = j;
  const edits = prev[end];
  const differences: Difference[] = [];
  let i = m;
  let j = end;
  let start = end;
  while (i > 0) {
    const d = dir[i * (n + 1) + j];
    if (d === DIAG) {
      const t = q.cps[i - 1];
      const s = w.cps[j - 1];
      if (t !== s) differences.push({ kind: kindOf(t, s, q.keys[i - 1] === w.keys[j - 1] ? 0 : 1), text: t, source: s, at: w.at[j - 1] });
      i--;
      j--;
      start = j;
    } else if (d === UP) {
      differences.push({ kind: kindOf(q.cps[i - 1], undefined, q.indel[i - 1]), text: q.cps[i - 1], at: w.at[j] });
      i--;
    } else {
      differences.push({ kind: kindOf(undefined, w.cps[j - 1], w.indel[j - 1]), source: w.cps[j - 1], at: w.at[j - 1] });
      j--;
      start = j;
    }
  }
  differences.reverse();
  return { edits, start: w.at[start], end: w.at[end], differences };
}
