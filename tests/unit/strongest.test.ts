/**
 * The strongest-quote rule (src/cite/strongest.ts, README "The handout"): the lead is a
 * supporting quote, from a dated source when there is one, else the first listed; a disputed
 * claim also gets its strongest contradicting quote; publishers are counted on each side.
 * Checked on hand-made evidence, and on every claim of the samples against their YAML.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkspace, citedDossierOf } from '../../src/build.js';
import type { EvidenceView, NoteView, SourceView } from '../../src/cite/cited.js';
import { strongestQuotes } from '../../src/cite/strongest.js';
import { REPO } from '../helpers/cli.js';

function source(id: string, publisher: string, published?: string): SourceView {
  return { id, n: 0, title: { text: id, lang: 'en', dir: 'ltr' }, publisher, published, language: 'en', sha256: '' };
}

function evidence(list: [SourceView, EvidenceView['stance']][]): { evidence: EvidenceView[]; notes: NoteView[] } {
  const notes = list.map(([s], i): NoteView => ({ n: i + 1, full: true, source: s, paragraph: i + 1, line: 1, claimId: 'c' }));
  const ev = list.map(([, stance], i): EvidenceView => ({ quote: { text: `q${i + 1}`, lang: 'en', dir: 'ltr', open: '“', close: '”' }, stance, note: i + 1 }));
  return { evidence: ev, notes };
}

describe('strongest quotes', () => {
  const undatedA = source('a', 'Alpha');
  const datedB = source('b', 'Beta', '2024-01-02');
  const undatedC = source('c', 'Gamma');
  const datedD = source('d', 'Delta', '2023-05-06');

  it('leads with a supporting quote from a dated source, and answers a dispute with a dated contradicting one', () => {
    const { evidence: ev, notes } = evidence([
      [undatedC, 'contradicts'],
      [undatedA, 'supports'],
      [undatedA, 'context'],
      [datedB, 'supports'],
      [datedD, 'contradicts'],
      [datedB, 'supports'],
    ]);
    const s = strongestQuotes(ev, notes);
    expect(s.lead.evidence.quote.text).toBe('q4');
    expect(s.lead.source.id).toBe('b');
    expect(s.lead.cite.paragraph).toBe(4);
    expect(s.counter?.evidence.quote.text).toBe('q5');
    expect(s.supportingPublishers).toBe(2);
    expect(s.contradictingPublishers).toBe(2);
  });

  it('without a dated source takes the first listed, and an undisputed claim has no counter', () => {
    const { evidence: ev, notes } = evidence([
      [undatedA, 'context'],
      [undatedC, 'supports'],
      [undatedA, 'supports'],
    ]);
    const s = strongestQuotes(ev, notes);
    expect(s.lead.evidence.quote.text).toBe('q2');
    expect(s.counter).toBeUndefined();
    expect(s.contradictingPublishers).toBe(0);
  });

  it('holds for every claim of the samples, checked against the claims and sources as written', () => {
    const cw = checkWorkspace(path.join(REPO, 'dossiers'));
    let disputed = 0;
    for (const d of cw.ws.dossiers.values()) {
      const cited = citedDossierOf(cw, d);
      for (const c of cited.sections.flatMap((s) => s.claims)) {
        const claim = cw.ws.claims.get(c.id)!;
        const srcOf = (i: number) => cw.ws.sources.get(claim.evidence[i].source)!;
        const indices = (stance: string) => claim.evidence.map((e, i) => (e.stance === stance ? i : -1)).filter((i) => i >= 0);
        const expected = (list: number[]) => list.find((i) => srcOf(i).published !== undefined) ?? list[0];
        // Note numbers run through the dossier: the claim's first note is its evidence 0.
        const first = c.evidence[0].note;
        expect(c.strongest.lead.evidence.note - first, c.id).toBe(expected(indices('supports')));
        expect(c.strongest.lead.source.id).toBe(srcOf(expected(indices('supports'))).id);
        if (c.status === 'disputed') {
          disputed++;
          expect(c.strongest.counter, c.id).toBeDefined();
          expect(c.strongest.counter!.evidence.note - first, c.id).toBe(expected(indices('contradicts')));
        } else expect(c.strongest.counter, c.id).toBeUndefined();
        expect(c.strongest.supportingPublishers, c.id).toBe(new Set(indices('supports').map((i) => srcOf(i).publisher)).size);
        expect(cited.sources[c.strongest.lead.source.n - 1]).toBe(c.strongest.lead.source);
      }
    }
    expect(disputed).toBeGreaterThan(0);
  });
});
