/**
 * The whole checked dossier as JSON: sections, claims with their status, evidence with where
 * each quote was found in its snapshot, notes and sources. The offsets are the ones
 * verification found (CheckedClaim.locations), not searched for again.
 */
import path from 'node:path';
import type { CheckedClaims } from '../cite/check.js';
import type { CitedDossier, ClaimView, Localized, SourceView } from '../cite/cited.js';
import { statusExplanation } from '../cite/status.js';
import type { QuoteLocation } from '../cite/verify.js';
import type { Source } from '../workspace/types.js';
import { TOOL_VERSION } from '../version.js';

/** Bumped when a field changes meaning or goes away. */
export const DOSSIER_JSON_FORMAT = 1;

/** Where a quote stands in the snapshot text (as loaded: UTF-8, a byte-order mark dropped). */
export interface JsonLocation {
  /** UTF-16 code units, as JavaScript indexes strings: snapshot.slice(start, end). */
  start: number;
  end: number;
  /** The same span in code points (Python's str indexes) and in UTF-8 bytes. */
  codePoints: [number, number];
  utf8Bytes: [number, number];
  line: number;
  paragraph: number;
  /** The passage of the snapshot the quote matched, as the snapshot has it. */
  passage: string;
}

function localized(l: Localized | undefined): { text: string; lang: string } | undefined {
  return l && { text: l.text, lang: l.lang };
}

function jsonLocation(snapshot: string, loc: QuoteLocation): JsonLocation {
  const before = snapshot.slice(0, loc.start);
  const passage = snapshot.slice(loc.start, loc.end);
  const cp = [...before].length;
  const bytes = Buffer.byteLength(before, 'utf8');
  return {
    start: loc.start,
    end: loc.end,
    codePoints: [cp, cp + [...passage].length],
    utf8Bytes: [bytes, bytes + Buffer.byteLength(passage, 'utf8')],
    line: loc.line,
    paragraph: loc.paragraph,
    passage,
  };
}

function jsonSource(s: SourceView, sources: ReadonlyMap<string, Source>) {
  return {
    id: s.id,
    title: s.title.text,
    titleTranslation: s.titleTranslation,
    publisher: s.publisher,
    author: s.author,
    published: s.published,
    accessed: s.accessed,
    url: s.url,
    archiveUrl: s.archiveUrl,
    language: s.language,
    snapshot: `sources/${path.basename(sources.get(s.id)!.snapshotFile)}`,
    sha256: s.sha256,
  };
}

function jsonClaim(cited: CitedDossier, claim: ClaimView, checked: CheckedClaims, sources: ReadonlyMap<string, Source>) {
  const locations = checked.get(claim.id)!.locations;
  return {
    id: claim.id,
    statement: localized(claim.statement),
    status: claim.status,
    statusExplanation: statusExplanation(claim.status),
    confidence: claim.confidence,
    tags: claim.tags,
    evidence: claim.evidence.map((e, i) => {
      const source = cited.notes[e.note - 1].source.id;
      return {
        source,
        stance: e.stance,
        note: e.note,
        quote: e.quote.text,
        translation: localized(e.translation),
        translator: e.translator,
        location: jsonLocation(sources.get(source)!.snapshot, locations[i]),
      };
    }),
  };
}

export function dossierJson(cited: CitedDossier, checked: CheckedClaims, sources: ReadonlyMap<string, Source>) {
  return {
    format: DOSSIER_JSON_FORMAT,
    tool: `dossier-press ${TOOL_VERSION}`,
    id: cited.id,
    title: localized(cited.title),
    language: cited.lang,
    version: cited.version,
    date: cited.date,
    summary: localized(cited.summary),
    handling: cited.handling,
    counts: cited.counts,
    sections: cited.sections.map((s) => ({
      title: localized(s.title),
      claims: s.claims.map((c) => jsonClaim(cited, c, checked, sources)),
    })),
    notes: cited.notes.map((n) => ({
      n: n.n,
      claim: n.claimId,
      source: n.source.id,
      firstCitation: n.full,
      line: n.line,
      paragraph: n.paragraph,
      charInParagraph: n.charInParagraph,
    })),
    sources: cited.sources.map((s) => jsonSource(s, sources)),
  };
}
