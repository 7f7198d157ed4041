import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkClaims } from '../../src/cite/check.js';
import { earnedStatus } from '../../src/cite/status.js';
import { Diagnostics } from '../../src/diagnostics.js';
import { selectClaims } from '../../src/select/select.js';
import { loadWorkspace } from '../../src/workspace/load.js';
import type { Claim, Source } from '../../src/workspace/types.js';
import { copyWorkspace, MINI } from '../helpers/cli.js';

const src = (id: string, publisher: string): Source => ({
  id,
  title: id,
  publisher,
  language: 'en',
  file: '',
  snapshotFile: '',
  snapshot: '',
  snapshotSha256: '',
});
const sources = new Map([
  ['a', src('a', 'Alpha Daily')],
  ['a2', src('a2', 'alpha  daily')], // the same publisher, written differently
  ['b', src('b', 'Beta Wire')],
]);
const claim = (...ev: [string, Claim['evidence'][number]['stance']][]): Claim => ({
  id: 'c',
  statement: 's',
  tags: [],
  file: '',
  evidence: ev.map(([source, stance]) => ({ source, quote: 'q', stance })),
});

describe('status rules', () => {
  it('one supporting source is single-source', () => expect(earnedStatus(claim(['a', 'supports']), sources)).toBe('single-source'));
  it('two sources of one publisher are still single-source', () =>
    expect(earnedStatus(claim(['a', 'supports'], ['a2', 'supports']), sources)).toBe('single-source'));
  it('two publishers corroborate', () => expect(earnedStatus(claim(['a', 'supports'], ['b', 'supports']), sources)).toBe('corroborated'));
  it('any contradiction disputes', () => expect(earnedStatus(claim(['a', 'supports'], ['b', 'supports'], ['a2', 'contradicts']), sources)).toBe('disputed'));
  it('context alone earns no status', () => expect(earnedStatus(claim(['a', 'context']), sources)).toBeUndefined());
});

describe('checking and selection on a workspace', () => {
  it('computes statuses and selects by list and by tag', () => {
    const diags = new Diagnostics();
    const ws = loadWorkspace(MINI, diags);
    const checked = checkClaims(ws, diags);
    expect(diags.items).toEqual([]);
    expect(checked.get('resigned-march-2024')!.status).toBe('corroborated');
    expect(checked.get('raised-101m')!.status).toBe('single-source');
    const sel = selectClaims(ws, ws.dossiers.get('brief')!, checked, diags);
    expect(sel.sections.map((s) => s.claims.map((c) => c.claim.id))).toEqual([['resigned-march-2024'], ['raised-101m']]);
  });

  it('a written status the evidence does not earn is an error at its line', () => {
    const dir = copyWorkspace();
    const file = path.join(dir, 'claims/main.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('  tags: [funding]', '  tags: [funding]\n  status: corroborated'));
    const diags = new Diagnostics();
    const ws = loadWorkspace(dir, diags);
    checkClaims(ws, diags);
    expect(diags.items).toHaveLength(1);
    expect(diags.items[0]).toMatchObject({ file, line: 16 });
    expect(diags.items[0].message).toContain('earns "single-source"');
  });

  it('an unknown claim id in a dossier is an error with a suggestion', () => {
    const dir = copyWorkspace();
    const file = path.join(dir, 'brief.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('claims: [resigned-march-2024]', 'claims: [resigned-march-2042]'));
    const diags = new Diagnostics();
    const ws = loadWorkspace(dir, diags);
    const checked = checkClaims(ws, diags);
    selectClaims(ws, ws.dossiers.get('brief')!, checked, diags);
    const e = diags.items.find((d) => d.severity === 'error')!;
    expect(e).toMatchObject({ file, line: 9 });
    expect(e.hint).toContain('resigned-march-2024');
  });
});
