/**
 * Deceptive characters of one value reported as diagnostics, by the field's policy
 * (deceptive.ts finds and classifies them; kept apart so that diagnostics.ts can use
 * deceptive.ts's `visible` without an import cycle).
 */
import type { Diagnostics, Position } from '../diagnostics.js';
import { describeRun, effectOf, findSuspects, hintFor, POLICY, runsOf, type FieldClass } from './deceptive.js';

/** At most this many findings per value: a value full of hidden characters needs one look. */
const MAX_RUNS = 5;

/**
 * Reports the deceptive characters of one value by the field's policy; `place` gives the
 * position of a character. Returns false when any was an error.
 */
export function reportSuspects(s: string, cls: Exclude<FieldClass, 'quote'>, place: (index: number) => Position, diags: Diagnostics, what: string): boolean {
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
