/**
 * schema.org ClaimReview JSON-LD, one per claim of the dossier. The rating is the claim's
 * evidence status (corroborated, single source, disputed), not a verdict on its truth: each
 * review says so in its ratingExplanation.
 */
import type { CitedDossier, ClaimView, SourceView } from '../cite/cited.js';
import { statusExplanation } from '../cite/status.js';
import type { Status } from '../workspace/types.js';

/** The status in words, as reviewRating.alternateName. */
export const STATUS_WORDS: Record<Status, string> = {
  corroborated: 'corroborated',
  'single-source': 'single source',
  disputed: 'disputed',
};

export interface ClaimReview {
  '@context': 'https://schema.org';
  '@type': 'ClaimReview';
  claimReviewed: string;
  inLanguage: string;
  reviewRating: { '@type': 'Rating'; alternateName: string; ratingExplanation: string };
  /** appearance: where the claim was read, the cited sources that have an address. */
  itemReviewed: { '@type': 'Claim'; appearance?: Appearance[] };
  datePublished?: string;
  isPartOf: { '@type': 'CreativeWork'; name: string; version?: string };
}

interface Appearance {
  '@type': 'CreativeWork';
  url: string;
  headline: string;
  publisher: { '@type': 'Organization'; name: string };
  datePublished?: string;
}

function appearance(s: SourceView): Appearance | undefined {
  const url = s.url ?? s.archiveUrl;
  if (!url) return undefined;
  const a: Appearance = { '@type': 'CreativeWork', url, headline: s.title.text, publisher: { '@type': 'Organization', name: s.publisher } };
  if (s.published) a.datePublished = s.published;
  return a;
}

function review(cited: CitedDossier, claim: ClaimView): ClaimReview {
  const seen = new Set<string>();
  const appearances: Appearance[] = [];
  for (const e of claim.evidence) {
    const source = cited.notes[e.note - 1].source;
    if (seen.has(source.id)) continue;
    seen.add(source.id);
    const a = appearance(source);
    if (a) appearances.push(a);
  }
  const r: ClaimReview = {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    claimReviewed: claim.statement.text,
    inLanguage: claim.statement.lang,
    reviewRating: {
      '@type': 'Rating',
      alternateName: STATUS_WORDS[claim.status],
      ratingExplanation: `Evidence status, not a rating of truth: ${STATUS_WORDS[claim.status]} means ${statusExplanation(claim.status)}.`,
    },
    itemReviewed: appearances.length ? { '@type': 'Claim', appearance: appearances } : { '@type': 'Claim' },
    isPartOf: { '@type': 'CreativeWork', name: cited.title.text },
  };
  if (cited.version) r.isPartOf.version = cited.version;
  // A dossier has no publisher or address of its own yet: author and url are left out.
  if (cited.date) r.datePublished = cited.date;
  return r;
}

/** One review per claim, in the dossier's order; a claim selected twice is reviewed once. */
export function claimReviews(cited: CitedDossier): ClaimReview[] {
  const seen = new Set<string>();
  const out: ClaimReview[] = [];
  for (const section of cited.sections)
    for (const claim of section.claims) {
      if (seen.has(claim.id)) continue;
      seen.add(claim.id);
      out.push(review(cited, claim));
    }
  return out;
}
