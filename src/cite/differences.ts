/**
 * Words for what the quote finder found: each difference named by code point and Unicode
 * name ("the quote has U+FF0C FULLWIDTH COMMA where the source has U+002C COMMA"), and a
 * found passage as a YAML evidence item ready to paste.
 */
import { codeOf, visible } from '../workspace/deceptive.js';
import type { Difference } from './align.js';
import { describeCodePoint } from './char-names.js';

/** One line per distinct difference, in order of first appearance, repeats counted. */
export interface NamedDifference {
  kind: Difference['kind'];
  message: string;
  /** Offset in the snapshot of the first occurrence. */
  at: number;
  count: number;
}

export function describeDifference(d: Difference, who: 'text' | 'quote'): string {
  if (d.text !== undefined && d.source !== undefined) return `the ${who} has ${describeCodePoint(d.text)} where the source has ${describeCodePoint(d.source)}`;
  if (d.text !== undefined) return `the ${who} has ${describeCodePoint(d.text)} where the source has nothing`;
  return `the source has ${describeCodePoint(d.source!)} where the ${who} has nothing`;
}

export function nameDifferences(list: Difference[], who: 'text' | 'quote'): NamedDifference[] {
  const out = new Map<string, NamedDifference>();
  for (const d of list) {
    const message = describeDifference(d, who);
    const seen = out.get(message);
    if (seen) seen.count++;
    else out.set(message, { kind: d.kind, message, at: d.at, count: 1 });
  }
  return [...out.values()];
}

/** "…, and 3 more": the first few differences in one line, for a diagnostic. */
export function differencesLine(named: NamedDifference[], max = 4): string {
  const shown = named.slice(0, max).map((n) => `${n.message}${n.count > 1 ? ` (${n.count} times)` : ''}`);
  return named.length > max ? `${shown.join('; ')}; and ${named.length - max} more` : shown.join('; ');
}

/**
 * A YAML double-quoted scalar. JSON's escapes are YAML's; characters a terminal or a reader
 * would not see (controls, bidi controls, invisible characters) are written as \u escapes,
 * so the line is safe to print and pastes as the same text.
 */
export function yamlQuoted(s: string): string {
  const json = JSON.stringify(s);
  if (visible(json) === json) return json;
  let out = '';
  for (const c of json) {
    const cp = c.codePointAt(0)!;
    out += visible(c) === c ? c : cp > 0xffff ? `\\U${cp.toString(16).toUpperCase().padStart(8, '0')}` : `\\u${codeOf(cp).slice(2)}`;
  }
  return out;
}

/** The evidence item to paste under a claim's `evidence:`. */
export function evidenceYaml(sourceId: string, quote: string): string {
  return `- source: ${sourceId}\n  quote: ${yamlQuoted(quote)}`;
}
