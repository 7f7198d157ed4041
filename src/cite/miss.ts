/**
 * What to tell an editor whose quote does not occur in its snapshot: the quote finder's
 * passage (find.ts), each character that differs named, and the exact passage as a quote to
 * paste; or, when nothing is close, the nearest passage. White space and invisible characters
 * are not listed: verification forgives them, so they are not why the quote failed.
 */
import path from 'node:path';
import type { Source } from '../workspace/types.js';
import { differencesLine, nameDifferences, yamlQuoted } from './differences.js';
import { findQuote, type Passage } from './find.js';
import type { QuoteMiss } from './verify.js';

export interface MissReport {
  /** Added to "quote ... does not occur in the snapshot of source X". */
  detail: string;
  hint: string;
}

function where(source: Source, line: number, col?: number): string {
  const rel = `${path.basename(path.dirname(source.snapshotFile))}/${path.basename(source.snapshotFile)}`;
  return col === undefined ? `${rel}:${line}` : `${rel}:${line}:${col}`;
}

function shorten(s: string, max = 160): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

export function describeMiss(source: Source, quote: string, miss: QuoteMiss): MissReport {
  const r = findQuote(source, quote);
  if (r.found) return closeReport(source, r.found);
  const best = r.nearest[0];
  if (best) {
    return {
      detail: `, nor anything close to it (the nearest passage differs by ${best.edits} typos; close is at most ${r.allowed}, one per five characters)`,
      hint: `nearest passage (${where(source, best.line, best.col)}): "${shorten(best.text.replace(/\s+/g, ' '))}"; check that the quote comes from this source`,
    };
  }
  // Too long to search approximately, or nothing alike: the closest window by shared bigrams.
  const diff = miss.firstDifference < miss.closest.length ? `; first difference at character ${miss.firstDifference + 1} of the quote` : '';
  return { detail: '', hint: `closest passage (${where(source, miss.line)}${diff}): "${shorten(miss.closest)}"` };
}

function closeReport(source: Source, p: Passage): MissReport {
  const named = nameDifferences(
    (p.differences ?? []).filter((d) => d.kind !== 'white space' && d.kind !== 'invisible'),
    'quote',
  );
  return {
    detail: named.length ? `: ${differencesLine(named)}` : '',
    hint: `the passage at ${where(source, p.line, p.col)} (paragraph ${p.paragraph}), ready to paste: quote: ${yamlQuoted(p.quote)}`,
  };
}
