/**
 * Dossier sections -> the claims they hold. `claims:` lists are taken in order; `select:`
 * takes, in workspace order, every checked claim having any of the tags (all claims when no
 * tags are given) and, if given, one of the statuses.
 */
import { didYouMean, type Diagnostics } from '../diagnostics.js';
import type { CheckedClaim, CheckedClaims } from '../cite/check.js';
import type { Dossier, Section, Workspace } from '../workspace/types.js';
import { positionOf } from '../workspace/validate.js';

export interface SelectedSection {
  section: Section;
  claims: CheckedClaim[];
}

export interface Selection {
  dossier: Dossier;
  sections: SelectedSection[];
}

export function selectClaims(ws: Workspace, dossier: Dossier, checked: CheckedClaims, diags: Diagnostics): Selection {
  const seen = new Map<string, number>();
  const sections = dossier.sections.map((section, index): SelectedSection => {
    const claims: CheckedClaim[] = [];
    if (section.claims) {
      section.claims.forEach((id, i) => {
        const c = checked.get(id);
        if (c) {
          claims.push(c);
        } else if (!ws.claims.has(id) && !ws.rejected.claims.has(id) && !ws.rejected.claimsIncomplete) {
          const guess = didYouMean(id, ws.claims.keys());
          diags.error(
            positionOf(section.claims!, String(i)),
            `dossier "${dossier.id}" names unknown claim "${id}"`,
            guess ? `did you mean "${guess}"?` : 'check the claim ids in claims/*.yaml',
          );
        }
        // A claim that exists but failed its checks, or failed to load, has been reported
        // already; when a claims file could not be read at all, any id may be one of its claims.
      });
    } else if (section.select) {
      const { tags, status } = section.select;
      for (const c of checked.values()) {
        if (tags && !c.claim.tags.some((t) => tags.includes(t))) continue;
        if (status && !status.includes(c.status)) continue;
        claims.push(c);
      }
      if (tags && !ws.rejected.claimsIncomplete) {
        const known = new Set([...ws.claims.values()].flatMap((c) => c.tags));
        tags.forEach((t, i) => {
          if (!known.has(t)) {
            const guess = didYouMean(t, known);
            diags.warning(positionOf(section.select!.tags!, String(i)), `no claim has the tag "${t}"`, guess ? `did you mean "${guess}"?` : undefined);
          }
        });
      }
    }
    if (claims.length === 0 && diags.errorCount === 0) {
      diags.warning(positionOf(section), `section ${index + 1} of dossier "${dossier.id}" selects no claims`);
    }
    for (const c of claims) {
      const first = seen.get(c.claim.id);
      if (first !== undefined && first !== index) {
        diags.warning(positionOf(section), `claim "${c.claim.id}" appears in sections ${first + 1} and ${index + 1}`);
      }
      seen.set(c.claim.id, index);
    }
    return { section, claims };
  });
  return { dossier, sections };
}
