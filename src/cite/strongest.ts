/**
 * The strongest quotes of a claim: what a handout prints when it has room for one quote a claim,
 * computed here as data so that every template shows the same choice (README, "The handout").
 *
 * The rule:
 *   lead     a quote that supports the claim. Among the supporting quotes, one from a source
 *            with a publication date comes first (a dated source can be weighed and found again;
 *            an undated web page cannot), then the order the editors listed the evidence in.
 *   counter  for a disputed claim, a quote that contradicts it, chosen by the same rule: a
 *            handout must not hide a dispute behind the side that happens to come first.
 *   supportingPublishers, contradictingPublishers
 *            how many different publishers (compared as the status compares them, publisher.ts)
 *            stand on each side, so "one of three" is printed, not implied.
 * Every claim has a supporting quote (a claim without one has no status and fails `check`).
 */
import { publisherKey } from './publisher.js';
import type { Stance } from '../workspace/types.js';

/**
 * What the rule reads of cited.ts's EvidenceView and NoteView (generic, so that this module
 * does not import cited.ts, which calls it).
 */
export interface EvidenceLike {
  stance: Stance;
  /** Its note number: note n is notes[n - 1]. */
  note: number;
}
export interface NoteLike {
  source: { publisher: string; published?: string };
}

export interface PickedQuote<E extends EvidenceLike, N extends NoteLike> {
  evidence: E;
  /** The quote's note: its source and where in it the quote stands. */
  cite: N;
  /** The source (in the cited dossier: with its number `n` in the list of sources). */
  source: N['source'];
}

export interface StrongestQuotes<E extends EvidenceLike, N extends NoteLike> {
  lead: PickedQuote<E, N>;
  counter?: PickedQuote<E, N>;
  supportingPublishers: number;
  contradictingPublishers: number;
}

/** `notes` are the dossier's notes (note n at index n - 1). */
export function strongestQuotes<E extends EvidenceLike, N extends NoteLike>(evidence: E[], notes: readonly N[]): StrongestQuotes<E, N> {
  const picked = (e: E): PickedQuote<E, N> => {
    const cite = notes[e.note - 1];
    return { evidence: e, cite, source: cite.source };
  };
  const side = (stance: Stance) => evidence.filter((e) => e.stance === stance);
  const best = (list: E[]) => list.find((e) => notes[e.note - 1].source.published !== undefined) ?? list[0];
  const publishers = (list: E[]) => new Set(list.map((e) => publisherKey(notes[e.note - 1].source.publisher))).size;
  const supporting = side('supports');
  const contradicting = side('contradicts');
  const lead = best(supporting) ?? evidence[0];
  if (!lead) throw new Error('strongestQuotes: a claim without evidence');
  return {
    lead: picked(lead),
    counter: contradicting.length ? picked(best(contradicting)) : undefined,
    supportingPublishers: publishers(supporting),
    contradictingPublishers: publishers(contradicting),
  };
}
