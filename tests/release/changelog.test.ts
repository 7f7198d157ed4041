/**
 * The changelog on a modified copy of the sample workspace: release openai-founding 1.0.0,
 * then reword a statement, drop a claim from the dossier, add a claim, flip a status to
 * disputed and change a snapshot, and release 1.0.1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyWorkspace, REPO, runCli } from '../helpers/cli.js';
import { foldText, readPdf } from '../helpers/pdf.js';
import { checkSums, setYamlKey } from './helpers.js';

const SOURCE = 'blog-musk-altman-openai-ar';

function edit(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  fs.writeFileSync(file, text.replace(from, to));
}

function modify(ws: string): void {
  const claims = path.join(ws, 'claims/openai-founding.yaml');
  // Wording.
  edit(claims, `en: "OpenAI's stated aim was to steer`, `en: "OpenAI's declared aim was to steer`);
  // A status reversed: a contradicting quote makes the founding claim disputed.
  edit(
    claims,
    '      stance: supports\n\n- id: openai-founding-mission',
    `      stance: supports\n    - source: ${SOURCE}\n      quote: "إلا أن هذا السبب لم يكن مقنعًا للموظفين في مكاتب OpenAI"\n      stance: contradicts\n\n- id: openai-founding-mission`,
  );
  // A claim added (selected by its tag).
  fs.appendFileSync(
    claims,
    `\n- id: openai-founded-non-profit\n  statement: "OpenAI began as a non-profit."\n  tags: [openai, founding]\n  evidence:\n    - source: ${SOURCE}\n      quote: "تأسست شركة OpenAI غير الربحية في ديسمبر 2015"\n`,
  );
  // A claim removed from the dossier.
  edit(path.join(ws, 'openai-founding.yaml'), '      - altman-no-profit-no-stake\n', '');
  // A new snapshot (an editor's note appended; every quote still occurs).
  fs.appendFileSync(path.join(ws, `sources/${SOURCE}.txt`), '\n[Snapshot re-checked by the desk.]\n');
}

describe('changelog between releases of a sample dossier', () => {
  it('names the claims added, removed and changed and the new snapshot; warns that 1.0.1 is too small a step; prints Changes since 1.0.0', async () => {
    const ws = copyWorkspace(path.join(REPO, 'dossiers'));
    const out = path.join(ws, 'releases');
    const def = path.join(ws, 'openai-founding.yaml');
    const first = runCli(['release', def, '--out', out], ws);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);

    modify(ws);
    setYamlKey(def, 'version', '1.0.1');
    const r = runCli(['release', def, '--out', out], ws);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /changes since 1\.0\.0: 1 claim added, 1 claim removed, 2 claims changed, 1 new snapshot, 1 other change \(a patch step; the changes call for major\)/,
    );
    expect(r.stderr).toMatch(
      /^openai-founding\.yaml:5:10: warning: version 1\.0\.1 is a patch step from 1\.0\.0, but the changes call for a major step: claim altman-no-profit-no-stake removed; status of openai-founded-december-2015 reversed \(single-source -> disputed\)\n {2}hint: release it as 2\.0\.0 or later/m,
    );

    const dir = path.join(out, 'openai-founding/1.0.1');
    expect(checkSums(dir)).toHaveLength(3);
    const log = fs.readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8');
    expect(log).toMatch(/^## Changes since 1\.0\.0$/m);
    expect(log).toMatch(/^### Claims added \(1\)\n\n- `openai-founded-non-profit`: OpenAI began as a non-profit\.$/m);
    expect(log).toMatch(/^### Claims removed \(1\)\n\n- `altman-no-profit-no-stake`$/m);
    expect(log).toMatch(/^- `openai-founded-december-2015` \(evidence changed, status single-source -> disputed \(reversed\)\): OpenAI was founded/m);
    expect(log).toMatch(/^- `openai-founding-mission` \(statement reworded\): OpenAI's declared aim/m);
    expect(log).toMatch(new RegExp(`^### Sources with a new snapshot \\(1\\)\\n\\n- \`${SOURCE}\`: snapshot [0-9a-f]{12} -> [0-9a-f]{12}$`, 'm'));
    expect(log).toMatch(/^### Other \(1\)\n\n- dossier definition/m); // the claim left a section's list
    expect(log).toMatch(/\*\*Warning:\*\* this release is a smaller step than its changes call for/);

    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.changes).toEqual({ since: '1.0.0', bump: 'patch', required: 'major' });
    expect(manifest.claims.find((c: { id: string }) => c.id === 'openai-founded-december-2015').status).toBe('disputed');
    expect(new Set(manifest.claims.map((c: { id: string }) => c.id)).size).toBe(manifest.claims.length); // each claim once

    const text = foldText((await readPdf(fs.readFileSync(path.join(dir, 'openai-founding-1.0.1.pdf')))).pages.map((p) => p.text).join(' '));
    expect(text).toMatch(/Changes since version 1\.0\.0/);
    expect(text).toMatch(/Claims added ?• ?openai-founded-non-profit: OpenAI began as a non-profit\./);
    expect(text).toMatch(/Claims removed ?• ?altman-no-profit-no-stake/);
    expect(text).toMatch(/openai-founded-december-2015 · evidence changed · status was Single source, now Disputed/);
    expect(text).toMatch(/Sources with a new snapshot/);

    // --since compares with a named release; a major step raises no warning.
    setYamlKey(def, 'version', '2.0.0');
    const major = runCli(['release', def, '--out', out, '--since', '1.0.0'], ws);
    expect(major.code).toBe(0);
    expect(major.stderr).not.toMatch(/warning: version/); // (the disputed claim now also stands in "Competing accounts": a warning of its own)
    expect(fs.readFileSync(path.join(out, 'openai-founding/2.0.0/CHANGELOG.md'), 'utf8')).toMatch(
      /^## Changes since 1\.0\.0\n\nVersion step: major; the changes call for major/m,
    );
  }, 90000);
});
