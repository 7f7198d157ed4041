/**
 * Checks every claim of a workspace: evidence names known sources, quotes occur in their
 * snapshots, and any written status is the one the evidence earns.
 */
import { didYouMean, type Diagnostics } from '../diagnostics.js';
import type { Claim, Status, Workspace } from '../workspace/types.js';
import { positionOf } from '../workspace/validate.js';
import { reportPublisherCollisions } from './publisher.js';
import { describeMiss } from './miss.js';
import { judgeQuote } from './quote-chars.js';
import { earnedStatus, statusExplanation } from './status.js';
import { isLocation, type QuoteLocation } from './verify.js';

export interface CheckedClaim {
  claim: Claim;
  status: Status;
  /** One location per evidence item, same order. */
  locations: QuoteLocation[];
}

export type CheckedClaims = Map<string, CheckedClaim>;

export function checkClaims(ws: Workspace, diags: Diagnostics): CheckedClaims {
  const out: CheckedClaims = new Map();
  reportPublisherCollisions(ws.sources.values(), diags);
  for (const claim of ws.claims.values()) {
    let ok = true;
    const locations: QuoteLocation[] = [];
    for (const e of claim.evidence) {
      const source = ws.sources.get(e.source);
      if (!source && ws.rejected.sources.has(e.source)) {
        ok = false; // the source's own error has been reported; this claim cannot be checked
        continue;
      }
      if (!source) {
        const guess = didYouMean(e.source, ws.sources.keys());
        diags.error(
          positionOf(e, 'source'),
          `claim "${claim.id}" cites unknown source "${e.source}"`,
          guess ? `did you mean "${guess}"?` : `known sources: ${[...ws.sources.keys()].join(', ') || 'none'}`,
        );
        ok = false;
        continue;
      }
      const { found, ok: clean } = judgeQuote(source, e, claim.id, diags);
      if (!clean) {
        ok = false;
        continue;
      }
      if (!isLocation(found)) {
        const { detail, hint } = describeMiss(source, e.quote, found);
        diags.error(positionOf(e, 'quote'), `quote in claim "${claim.id}" does not occur in the snapshot of source "${source.id}"${detail}`, hint);
        ok = false;
        continue;
      }
      locations.push(found);
    }
    if (!ok) continue;
    const status = earnedStatus(claim, ws.sources);
    if (!status) {
      diags.error(
        positionOf(claim, 'evidence'),
        `claim "${claim.id}" has no supporting evidence`,
        'add an evidence item with stance: supports (context items alone do not support a claim)',
      );
      continue;
    }
    if (claim.status && claim.status !== status) {
      diags.error(
        positionOf(claim, 'status'),
        `claim "${claim.id}" says status "${claim.status}" but its evidence earns "${status}" (${statusExplanation(status)})`,
        claim.status === 'corroborated'
          ? 'corroborated needs supporting quotes from two different publishers; add one, or remove the status line'
          : 'remove the status line: the status is computed from the evidence',
      );
      continue;
    }
    out.set(claim.id, { claim, status, locations });
  }
  return out;
}
