import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemaDocument } from '../../src/workspace/spec.js';
import { runCli } from '../helpers/cli.js';
import { FAULTS, runCliAsync } from '../io/helpers.js';
import { snapshotTree } from '../release/helpers.js';

const NO_STACK = /\n\s+at .+:\d+:\d+/;
const EPOCH = { SOURCE_DATE_EPOCH: '1767225600' }; // 2026-01-01
const FILES = [
  'dossiers/schemas/source.schema.json',
  'dossiers/schemas/claims.schema.json',
  'dossiers/schemas/dossier.schema.json',
  'dossiers/sources/example-desk-note.txt',
  'dossiers/sources/example-desk-note.yaml',
  'dossiers/claims/example.yaml',
  'dossiers/example-briefing.yaml',
  'dossiers/.gitignore',
];

const emptyFolder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-init-'));

/** Every file under dir, relative, sorted. */
function tree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

describe('dossier init', () => {
  it('makes a workspace in dossiers/ that check and build pass at once', () => {
    const cwd = emptyFolder();
    const r = runCli(['init'], cwd, EPOCH);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 9)).toEqual(['created a workspace in dossiers/:', ...FILES.map((f) => `  ${f}`)]);
    expect(r.stdout).toMatch(/^next: dossier check$/m);
    expect(tree(cwd)).toEqual([...FILES].sort());

    // The YAML files carry the editor modeline, pointing at the schemas written beside them.
    const ws = path.join(cwd, 'dossiers');
    expect(fs.readFileSync(path.join(ws, 'example-briefing.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=schemas\/dossier\.schema\.json\n/);
    expect(fs.readFileSync(path.join(ws, 'claims/example.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schemas\/claims\.schema\.json\n/);
    expect(fs.readFileSync(path.join(ws, 'sources/example-desk-note.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/schemas\/source\.schema\.json\n[\s\S]*publisher: "Example Desk"\n[\s\S]*accessed: "2026-01-01"\n/,
    );
    for (const kind of ['source', 'claims', 'dossier'] as const) {
      expect(JSON.parse(fs.readFileSync(path.join(ws, `schemas/${kind}.schema.json`), 'utf8'))).toEqual(jsonSchemaDocument(kind));
    }
    // The example source says what it is: no quote is put in a real publication's mouth.
    expect(fs.readFileSync(path.join(ws, 'sources/example-desk-note.txt'), 'utf8')).toMatch(
      /^EXAMPLE SOURCE\. This text was written for the example workspace/,
    );
    expect(fs.readFileSync(path.join(ws, '.gitignore'), 'utf8')).toMatch(/^\/out\/$[\s\S]*^\/releases\/$/m);

    const check = runCli(['check'], cwd);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^ok: 1 sources?, 2 claims, 2 quotes verified, 1 dossiers?; 0 errors, 0 warnings$/m);

    const build = runCli(['build', '--jobs', '1'], cwd);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/^\[1\/1\] built out\/example-briefing\.pdf: 1 page, \d+ KB, 2 claims, 2 notes/m);
    expect(fs.readFileSync(path.join(cwd, 'out/example-briefing.pdf')).subarray(0, 5).toString()).toBe('%PDF-');

    // And it can be released at once (version 0.1.0, into releases/).
    const release = runCli(['release', 'dossiers/example-briefing.yaml'], cwd);
    expect(release.code, release.stderr).toBe(0);
    expect(fs.existsSync(path.join(cwd, 'releases/example-briefing/0.1.0/SHA256SUMS'))).toBe(true);
  }, 60000);

  it('init DIR makes the workspace there (parents too) and says to pass --root DIR', () => {
    const cwd = emptyFolder();
    const r = runCli(['init', 'desk/ws'], cwd, EPOCH);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^created a workspace in desk\/ws\/:$/m);
    expect(r.stdout).toMatch(/^next: dossier check --root desk\/ws$/m);
    expect(tree(path.join(cwd, 'desk/ws'))).toHaveLength(FILES.length);
    expect(runCli(['check', '--root', 'desk/ws'], cwd).code).toBe(0);
  });

  it('never overwrites: a file in the way is named, exit 1, and nothing at all is written', () => {
    const cwd = emptyFolder();
    fs.mkdirSync(path.join(cwd, 'dossiers/claims'), { recursive: true });
    fs.writeFileSync(path.join(cwd, 'dossiers/claims/example.yaml'), 'my own claims\n');
    fs.writeFileSync(path.join(cwd, 'dossiers/.gitignore'), 'node_modules/\n');
    const before = snapshotTree(cwd);
    const r = runCli(['init'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^dossiers\/claims\/example\.yaml: error: a file of that name exists already; it is never overwritten\n {2}hint: dossier init never overwrites a file: move it away, or make the workspace in another folder \(dossier init DIR\)$/m,
    );
    expect(r.stderr).toMatch(/^dossiers\/\.gitignore: error: a file of that name exists already/m);
    expect(r.stderr).toMatch(/^nothing was written$/m);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stdout).toBe('');
    expect(snapshotTree(cwd)).toEqual(before);
    expect(fs.readdirSync(path.join(cwd, 'dossiers')).sort()).toEqual(['.gitignore', 'claims']);
  });

  it('a file where a folder must go is named; nothing is written', () => {
    const cwd = emptyFolder();
    fs.mkdirSync(path.join(cwd, 'dossiers'));
    fs.writeFileSync(path.join(cwd, 'dossiers/sources'), 'not a folder\n');
    const r = runCli(['init'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^dossiers\/sources: error: is a file, where a folder is needed for dossiers\/sources\/example-desk-note\.txt\n {2}hint: move that file away/m,
    );
    expect(fs.readdirSync(path.join(cwd, 'dossiers'))).toEqual(['sources']);
  });

  it('a write that fails half way (a full disk) removes the files and folders it made: nothing is left', async () => {
    const cwd = emptyFolder();
    fs.mkdirSync(path.join(cwd, 'dossiers/claims'), { recursive: true }); // there before: stays
    const r = await runCliAsync(['init'], cwd, { DOSSIER_FAULT: 'write:5:ENOSPC' }, FAULTS);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^dossiers\/sources\/example-desk-note\.yaml: error: cannot write the example source: no space left on the device \(ENOSPC\)$/m);
    expect(r.stderr).toMatch(/^nothing was written$/m);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(tree(cwd)).toEqual([]);
    expect(fs.readdirSync(path.join(cwd, 'dossiers'))).toEqual(['claims']);
  });
});
