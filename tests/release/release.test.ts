import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyWorkspace, runCli } from '../helpers/cli.js';
import { checkSums, setYamlKey, sha256, snapshotTree } from './helpers.js';

const NO_STACK = /\n\s+at .+:\d+:\d+/;

describe('dossier release', () => {
  it('writes dist/<id>/<version>/ (relative to the working directory) with the PDF, manifest, changelog and checksums', () => {
    const ws = copyWorkspace();
    const r = runCli(['release', 'brief.yaml'], ws);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^released dist\/brief\/1\.0\.0: brief-1\.0\.0\.pdf \(1 page, \d+ KB\)/);
    const dir = path.join(ws, 'dist/brief/1.0.0');
    expect(fs.readdirSync(dir).sort()).toEqual(['CHANGELOG.md', 'SHA256SUMS', 'brief-1.0.0.pdf', 'manifest.json']);
    expect(checkSums(dir).sort()).toEqual(['CHANGELOG.md', 'brief-1.0.0.pdf', 'manifest.json']);
    expect(fs.readdirSync(path.join(ws, 'dist/brief'))).toEqual(['1.0.0']); // no temporary folder left

    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const pdf = fs.readFileSync(path.join(dir, 'brief-1.0.0.pdf'));
    expect(m.dossier).toMatchObject({ id: 'brief', version: '1.0.0', date: '2026-11-22', language: 'en' });
    expect(m.tool).toEqual({
      name: 'dossier-press',
      version: JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')).version,
    });
    expect(m.pdfmake).toEqual({ version: '0.3.11' });
    expect(m.pdf).toEqual({ file: 'brief-1.0.0.pdf', sha256: sha256(pdf), bytes: pdf.length, pages: 1 });
    const fontsDir = path.resolve(import.meta.dirname, '../../fonts');
    const latin = m.fonts.find((f: { file: string }) => f.file === 'NotoSans-Regular.ttf');
    expect(latin).toMatchObject({ sha256: sha256(fs.readFileSync(path.join(fontsDir, 'NotoSans-Regular.ttf'))), embedded: ['NotoSans-Regular'] });
    expect(m.fonts.filter((f: { embedded: string[] }) => f.embedded.length).map((f: { file: string }) => f.file)).toContain('NotoNaskhArabic-Regular.ttf');
    expect(m.sources.map((s: { id: string }) => s.id)).toEqual(['alpha', 'beta']);
    expect(m.sources[1]).toMatchObject({ snapshot: 'sources/beta.txt', snapshotSha256: sha256(fs.readFileSync(path.join(ws, 'sources/beta.txt'))) });
    expect(m.claims.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ['resigned-march-2024', 'corroborated'],
      ['raised-101m', 'single-source'],
    ]);
    expect(m.claims[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.changes).toBeNull();
    expect(fs.readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8')).toMatch(/^# brief 1\.0\.0\n[\s\S]*First release: 2 claims from 2 sources/);
  }, 30000);

  it('the same content again changes nothing; different content under the same version is refused, leaving the release untouched', () => {
    const ws = copyWorkspace();
    const out = path.join(ws, 'releases');
    expect(runCli(['release', 'brief.yaml', '--out', out], ws).code).toBe(0);
    const before = snapshotTree(out);

    // Idempotent: even after a formatting-only edit (a comment, key order) of the definition.
    fs.writeFileSync(path.join(ws, 'brief.yaml'), `# a comment\n${fs.readFileSync(path.join(ws, 'brief.yaml'), 'utf8')}`);
    const again = runCli(['release', 'brief.yaml', '--out', out], ws);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^unchanged: releases\/brief\/1\.0\.0 already holds this content/);
    expect(snapshotTree(out)).toEqual(before);

    // Different content, same version: refused, exit 1, nothing touched.
    const claims = path.join(ws, 'claims/main.yaml');
    fs.writeFileSync(claims, fs.readFileSync(claims, 'utf8').replace('Mostaque resigned as CEO in March 2024.', 'Mostaque stepped down as CEO in March 2024.'));
    const refused = runCli(['release', 'brief.yaml', '--out', out], ws);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^brief\.yaml:5:10: error: version 1\.0\.0 of "brief" is already released \(releases\/brief\/1\.0\.0\) with different content: claim resigned-march-2024 changed/m,
    );
    expect(refused.stderr).toMatch(/hint: a released version never changes; give this content a new version, e\.g\. version: 1\.0\.1/);
    expect(refused.stderr).not.toMatch(NO_STACK);
    expect(snapshotTree(out)).toEqual(before);

    // A new version is released beside it; the earlier release stays as it was.
    setYamlKey(path.join(ws, 'brief.yaml'), 'version', '1.0.1');
    const next = runCli(['release', 'brief.yaml', '--out', out], ws);
    expect(next.code).toBe(0);
    expect(next.stderr).toBe('');
    expect(next.stdout).toMatch(/changes since 1\.0\.0: 1 claim changed \(a patch step; the changes call for patch\)/);
    const after = snapshotTree(out);
    for (const [f, v] of Object.entries(before)) expect(after[f]).toEqual(v);
    expect(checkSums(path.join(out, 'brief/1.0.1')).length).toBe(3);

    // A damaged release is reported, not repaired or overwritten.
    const pdf = path.join(out, 'brief/1.0.1/brief-1.0.1.pdf');
    fs.appendFileSync(pdf, '%tampered\n');
    const damaged = runCli(['release', 'brief.yaml', '--out', out], ws);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(
      /^releases\/brief\/1\.0\.1\/SHA256SUMS:1:1: error: release releases\/brief\/1\.0\.1 is damaged: brief-1\.0\.1\.pdf does not match its checksum; brief-1\.0\.1\.pdf does not match the SHA-256 in manifest\.json/m,
    );
    expect(fs.readFileSync(pdf, 'latin1').endsWith('%tampered\n')).toBe(true);
  }, 60000);

  it('refuses to write into a folder that is not a release folder (a compiled dist/<name>/)', () => {
    const ws = copyWorkspace();
    const compiled = path.join(ws, 'dist/brief');
    fs.mkdirSync(compiled, { recursive: true });
    fs.writeFileSync(path.join(compiled, 'cli.js'), 'console.log(1)\n');
    const r = runCli(['release', 'brief.yaml'], ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^brief\.yaml:1:5: error: cannot release dossier "brief" into dist\/brief: that folder is not a release folder of "brief" \(it holds cli\.js/m,
    );
    expect(r.stderr).toMatch(/hint: release into another folder with --out DIR/);
    expect(fs.readdirSync(compiled)).toEqual(['cli.js']);
  }, 30000);

  it('usage and content errors: no version (1), --since unknown or not earlier (2), exit codes and messages', () => {
    const ws = copyWorkspace();
    const out = path.join(ws, 'rel');
    const def = path.join(ws, 'brief.yaml');
    fs.writeFileSync(def, fs.readFileSync(def, 'utf8').replace(/^version: .*\n/m, ''));
    const noVersion = runCli(['release', 'brief.yaml', '--out', out], ws);
    expect(noVersion.code).toBe(1);
    expect(noVersion.stderr).toMatch(/^brief\.yaml:1:5: error: dossier "brief" has no version; a release needs one\n {2}hint: add a semantic version/m);

    setYamlKey(def, 'version', '2.0.0');
    const unknown = runCli(['release', 'brief.yaml', '--out', out, '--since', '1.0.0'], ws);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: --since 1\.0\.0: there is no release 1\.0\.0 of "brief" in rel\/brief \(releases there: none\)/m);
    expect(runCli(['release', 'brief.yaml', '--out', out, '--since', '3.0.0'], ws).code).toBe(2);
    expect(runCli(['release', 'brief.yaml', '--out', out, '--since', 'one'], ws).code).toBe(2);
    expect(runCli(['release', 'missing.yaml'], ws).code).toBe(2);
    expect(fs.existsSync(out)).toBe(false);
  }, 30000);
});
