/**
 * A claim's status is earned from its evidence, never asserted:
 *   any contradicting item                                 -> disputed
 *   supporting items from two or more different publishers -> corroborated
 *     (publishers compared by identity, publisher.ts)
 *   otherwise one or more supporting items                 -> single-source
 * A claim with no supporting item at all has no status (an error reported by the checker).
 */
import type { Claim, Source, Status } from '../workspace/types.js';
import { publisherKey } from './publisher.js';

export { publisherKey };

export function earnedStatus(claim: Claim, sources: ReadonlyMap<string, Source>): Status | undefined {
  if (claim.evidence.some((e) => e.stance === 'contradicts')) return 'disputed';
  const publishers = new Set<string>();
  for (const e of claim.evidence) {
    const s = sources.get(e.source);
    if (e.stance === 'supports' && s) publishers.add(publisherKey(s.publisher));
  }
  if (publishers.size >= 2) return 'corroborated';
  if (publishers.size === 1) return 'single-source';
  return undefined;
}

export function statusExplanation(status: Status): string {
  switch (status) {
    case 'corroborated':
      return 'supporting quotes from at least two different publishers';
    case 'single-source':
      return 'supporting quotes from one publisher only';
    case 'disputed':
      return 'at least one quote that contradicts it';
  }
}
