import { describe, expect, it } from 'vitest';
import { changelogMarkdown, diffManifests, isReversal, requiredBump } from '../../src/release/changelog.js';
import type { ClaimEntry, ManifestInputs } from '../../src/release/manifest.js';

const claim = (id: string, over: Partial<ClaimEntry> = {}): ClaimEntry => ({
  id,
  status: 'single-source',
  sha256: `all-${id}`,
  statementSha256: `st-${id}`,
  evidenceSha256: `ev-${id}`,
  ...over,
});

const inputs = (version: string, claims: ClaimEntry[], snapshot = 'snap-1'): ManifestInputs => ({
  dossier: { id: 'd', version, date: '2026-01-01', title: 'T', language: 'en', definitionSha256: 'def' },
  tool: { name: 'dossier-press', version: '0.1.0' },
  pdfmake: { version: '0.3.11' },
  template: { name: 'briefing', sha256: 'tpl' },
  fonts: [{ file: 'F.ttf', sha256: 'f', bytes: 1, embedded: [] }],
  sources: [{ id: 's', publisher: 'P', language: 'en', snapshot: 'sources/s.txt', snapshotSha256: snapshot, metadataSha256: 'm' }],
  claims,
});

describe('changes between manifests', () => {
  const before = inputs('1.0.0', [claim('a'), claim('b'), claim('c'), claim('d')]);

  it('finds nothing between equal content', () => {
    const c = diffManifests(before, inputs('1.0.1', before.claims));
    expect(requiredBump(c)).toEqual({ bump: 'none', reasons: [] });
  });

  it('wording is a patch', () => {
    const c = diffManifests(before, inputs('1.0.1', [claim('a', { sha256: 'x', statementSha256: 'y' }), claim('b'), claim('c'), claim('d')]));
    expect(c.claimsChanged).toEqual([{ id: 'a', statement: true, evidence: false, details: false }]);
    expect(requiredBump(c).bump).toBe('patch');
  });

  it('an added claim is minor; a snapshot change is listed with both hashes', () => {
    const c = diffManifests(before, inputs('1.1.0', [...before.claims, claim('e')], 'snap-2'));
    expect(c.claimsAdded).toEqual(['e']);
    expect(c.sourcesChanged).toEqual([{ id: 's', from: 'snap-1', to: 'snap-2' }]);
    expect(requiredBump(c)).toEqual({ bump: 'minor', reasons: ['claim e added'] });
  });

  it('a removed claim or a reversed status is major; gaining support is minor', () => {
    expect(isReversal('corroborated', 'disputed')).toBe(true);
    expect(isReversal('disputed', 'single-source')).toBe(true);
    expect(isReversal('single-source', 'corroborated')).toBe(false);
    const c = diffManifests(
      before,
      inputs('2.0.0', [claim('a', { status: 'disputed' }), claim('b', { status: 'corroborated', sha256: 'x', evidenceSha256: 'y' }), claim('c')]),
    );
    expect(c.claimsRemoved).toEqual(['d']);
    expect(c.claimsChanged).toEqual([
      { id: 'a', statement: false, evidence: false, details: false, status: { from: 'single-source', to: 'disputed', reversed: true } },
      { id: 'b', statement: false, evidence: true, details: false, status: { from: 'single-source', to: 'corroborated', reversed: false } },
    ]);
    expect(requiredBump(c)).toEqual({ bump: 'major', reasons: ['claim d removed', 'status of a reversed (single-source -> disputed)'] });
  });

  it('CHANGELOG.md names the claims and escapes statements', () => {
    const cur = inputs('1.1.0', [claim('a', { sha256: 'x', statementSha256: 'y' }), claim('b'), claim('c'), claim('d'), claim('e')]);
    const changes = diffManifests(before, cur);
    const text = changelogMarkdown({
      manifest: cur,
      changes,
      bump: { actual: 'patch', required: requiredBump(changes) },
      statementOf: (id) => (id === 'e' ? 'A *new* [claim](http://x) <b>' : undefined),
    });
    expect(text).toMatch(/^# d 1\.1\.0$/m);
    expect(text).toMatch(/^## Changes since 1\.0\.0$/m);
    expect(text).toMatch(/^- `e`: A \\\*new\\\* \\\[claim\\\]\(http:\/\/x\) \\<b\\>$/m);
    expect(text).toMatch(/^- `a` \(statement reworded\)$/m);
    expect(text).toMatch(/\*\*Warning:\*\* this release is a smaller step/);
  });
});
