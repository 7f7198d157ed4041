/**
 * `dossier export` on the command line: each format on standard output, --out through the
 * atomic writer, exit 1 with diagnostics for a workspace with errors, exit 2 for usage errors,
 * and a definition light enough that `dossier --help` loads none of the export code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyWorkspace, REPO, runCli } from '../helpers/cli.js';

describe('dossier export', () => {
  it('prints each format on standard output, with nothing on standard error', () => {
    const csl = runCli(['export', 'dossiers/openai-founding.yaml', '--format', 'csl-json']);
    expect(csl.stderr).toBe('');
    expect(csl.code).toBe(0);
    expect(JSON.parse(csl.stdout).map((i: { id: string }) => i.id)).toEqual(['blog-musk-altman-openai-ar']);
    const cr = runCli(['export', 'dossiers/openai-founding.yaml', '--format', 'claimreview']);
    expect(cr.code).toBe(0);
    expect(JSON.parse(cr.stdout)).toHaveLength(10);
    const json = runCli(['export', 'dossiers/openai-founding.yaml', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 'openai-founding', counts: { claims: 10, disputed: 2 } });
  });

  it('--out writes the file and says so on standard error', () => {
    const dir = copyWorkspace();
    const out = path.join(dir, 'exports', 'brief.csl.json');
    const r = runCli(['export', path.join(dir, 'brief.yaml'), '--format', 'csl-json', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^wrote .*brief\.csl\.json\n$/);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toHaveLength(2);
  });

  it('--out into a path under a file is exit 1 with a diagnostic, no stack trace', () => {
    const dir = copyWorkspace();
    const r = runCli(['export', path.join(dir, 'brief.yaml'), '--format', 'json', '--out', path.join(dir, 'brief.yaml', 'x.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/: error: /);
    expect(r.stderr).toMatch(/\n {2}hint: /);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('a workspace with errors exports nothing: exit 1 with the diagnostics', () => {
    const dir = copyWorkspace();
    const claims = path.join(dir, 'claims/main.yaml');
    fs.writeFileSync(claims, fs.readFileSync(claims, 'utf8').replace('The company had raised $101 million', 'The company had raised $102 million'));
    const r = runCli(['export', path.join(dir, 'brief.yaml'), '--format', 'claimreview']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/claims\/main\.yaml:\d+:\d+: error: quote in claim "raised-101m" does not occur/);
    expect(r.stderr).toMatch(/nothing was exported\n$/);
  });

  it('usage errors exit 2: no --format, an unknown format, a missing file', () => {
    expect(runCli(['export', 'dossiers/openai-founding.yaml']).code).toBe(2);
    const bad = runCli(['export', 'dossiers/openai-founding.yaml', '--format', 'bibtex']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Allowed choices are csl-json, claimreview, json');
    const missing = runCli(['export', 'dossiers/nope.yaml', '--format', 'json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: no such file: dossiers/nope.yaml\n');
  });

  it('the command definition imports nothing of the export at start-up', () => {
    const src = fs.readFileSync(path.join(REPO, 'src/commands/export-command.ts'), 'utf8');
    const statics = [...src.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(statics).toEqual(['commander', '../export/formats.js']);
    expect(fs.readFileSync(path.join(REPO, 'src/export/formats.ts'), 'utf8')).not.toMatch(/^import /m);
    expect(src).toContain("await import('./export.js')");
    expect(runCli(['--help']).stdout).toMatch(/\n {2}export \[options\] <file>/);
  });
});
