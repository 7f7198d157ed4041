/**
 * Deceptive characters in quotes, judged against the snapshot (README, "Deceptive
 * characters"). Quote matching skips what prints as nothing (zero width space, U+FEFF, soft
 * hyphen, tag characters...) in both texts, so:
 * - such a character in a quote is an error: it is never needed to match, and printed it would
 *   split or hide the word (even when the snapshot has it there too);
 * - such a character in the quoted passage of the snapshot, where the quote has none, is a
 *   warning at the snapshot: the quote verified only by leaving it out;
 * - a bidi control or mark, a variation selector or a joiner is compared like any character:
 *   one the snapshot really has at that place may be quoted, with a warning (it is printed as
 *   the source has it); one the snapshot does not have there is an error.
 */
import path from 'node:path';
import type { Diagnostics, Position } from '../diagnostics.js';
import { describeChar, describeRun, effectOf, findSuspects, isSkippedInMatching, runsOf, type Suspect } from '../workspace/deceptive.js';
import { positionOfIndex } from '../workspace/files.js';
import type { Evidence, Source } from '../workspace/types.js';
import { charPositionOf } from '../workspace/validate.js';
import { isLocation, locateQuote, type QuoteLocation, type QuoteMiss } from './verify.js';

export interface QuoteVerdict {
  /** The location, or undefined when the quote failed (reported here or to be reported as a miss). */
  found: QuoteLocation | QuoteMiss;
  /** False when an error was reported here (the caller reports nothing more for this quote). */
  ok: boolean;
}

export function judgeQuote(source: Source, e: Evidence, claimId: string, diags: Diagnostics): QuoteVerdict {
  const found = locateQuote(source, e.quote);
  const suspects = findSuspects(e.quote);
  const what = `quote in claim "${claimId}"`;
  const at = (x: Suspect) => charPositionOf(e, 'quote', x.index);
  if (!suspects.length) {
    if (isLocation(found)) hiddenInSnapshot(source, found, claimId, diags);
    return { found, ok: true };
  }
  let ok = true;
  const skipped = suspects.filter((x) => isSkippedInMatching(x.cp));
  for (const run of runsOf(skipped)) {
    const there = isLocation(found) ? snapshotHas(source, found, run[0].cp) : undefined;
    diags.error(
      at(run[0]),
      `${what} contains ${describeRun(run)}: ${effectOf(run[0].kind)}`,
      `delete it: quotes are matched without such characters${there ? ` (the snapshot has one at ${there}, which the PDF would print as a split word)` : ''}`,
    );
    ok = false;
  }
  const compared = suspects.filter((x) => !isSkippedInMatching(x.cp));
  if (isLocation(found)) {
    // The quote matched with these characters in it: the snapshot has each at that place.
    for (const run of runsOf(compared)) {
      diags.warning(
        at(run[0]),
        `${what} contains ${describeRun(run)}, as the snapshot of source "${source.id}" does: ${effectOf(run[0].kind)}`,
        'it is printed as the source has it; check that the printed quote reads as the source does',
      );
    }
    return { found, ok };
  }
  if (compared.length) {
    const drop = new Set(compared.map((x) => x.index));
    let without = '';
    let i = 0;
    for (const c of e.quote) {
      if (!drop.has(i)) without += c;
      i += c.length;
    }
    if (isLocation(locateQuote(source, without))) {
      for (const run of runsOf(compared)) {
        diags.error(
          at(run[0]),
          `${what} contains ${describeRun(run)}, which the snapshot of source "${source.id}" does not have there: ${effectOf(run[0].kind)}`,
          'delete it: the quote then matches the snapshot',
        );
      }
      return { found, ok: false };
    }
  }
  return { found, ok };
}

/** "sources/wire.txt:3:14" of the first `cp` inside the matched passage, if any. */
function snapshotHas(source: Source, loc: QuoteLocation, cp: number): string | undefined {
  const i = source.snapshot.slice(loc.start, loc.end).indexOf(String.fromCodePoint(cp));
  return i < 0 ? undefined : shown(snapshotPosition(source, loc.start + i));
}

function snapshotPosition(source: Source, index: number): Position {
  return positionOfIndex(source.snapshotFile, source.snapshot, index);
}

function shown(p: Position): string {
  return `${path.basename(path.dirname(p.file))}/${path.basename(p.file)}:${p.line}:${p.col}`;
}

/** Characters of the quoted passage that matching left out: the quote verified without them. */
function hiddenInSnapshot(source: Source, loc: QuoteLocation, claimId: string, diags: Diagnostics): void {
  const passage = source.snapshot.slice(loc.start, loc.end);
  const hidden = findSkipped(passage);
  if (!hidden.length) return;
  for (const run of runsOf(hidden).slice(0, 3)) {
    diags.warning(
      snapshotPosition(source, loc.start + run[0].index),
      `the passage quoted by claim "${claimId}" contains ${describeRun(run)}, left out when matching: ${effectOf(run[0].kind)}`,
      `the quote verified without it and prints without it; ${describeChar(run[0].cp).replace(/^U\+\S+ /, '')} is often left in text copied from web pages`,
    );
  }
}

/** Every character matching skips, legitimate or not (a soft hyphen is both). */
function findSkipped(s: string): Suspect[] {
  const out: Suspect[] = [];
  for (let i = 0; i < s.length; i++) {
    const cp = s.codePointAt(i)!;
    if (cp >= 0xad && isSkippedInMatching(cp)) out.push({ index: i, cp, kind: cp >= 0xe0000 ? 'tag' : 'invisible' });
    if (cp > 0xffff) i++;
  }
  return out;
}
