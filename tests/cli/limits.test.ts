/**
 * Resource bounds (README, Limits): each hostile size of issue 12 ends in a clear error at
 * file:line:col, quickly, without a stack trace; the heaviest legitimate inputs (a snapshot at
 * the 32 MiB limit, 50,000 claims) stay within 1 GiB. Times are generous safety bounds for a
 * shared machine; `npm run bench` is where speed is measured.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureBuild, writeHook } from '../../src/bench/bench.js';
import { bigSnapshotWorkspace } from '../../src/bench/generate-limits.js';
import { copyWorkspace, REPO, runCli } from '../helpers/cli.js';

const BASE = path.join(REPO, 'tests/errors/_base/workspace');
const BRIEFING = path.join(REPO, 'templates/briefing');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-limits-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function workspace(files: Record<string, string>): string {
  const dir = copyWorkspace(BASE);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A workspace template "t" (the built-in one with its document.hbs replaced) and a dossier using it. */
function withTemplate(document: string): string {
  const dir = workspace({ 'brief.yaml': 'id: brief\ntitle: Brief\nlanguage: en\ntemplate: t\nsections:\n  - title: Money\n    claims: [raised-101m]\n' });
  fs.cpSync(BRIEFING, path.join(dir, 'templates/t'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'templates/t/document.hbs'), document);
  return dir;
}

function refused(dir: string, env: Record<string, string> = {}) {
  const started = performance.now();
  const r = runCli(['build', '--root', dir, '--out', path.join(dir, 'out'), '--jobs', '1'], REPO, env);
  const ms = performance.now() - started;
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).not.toMatch(/^\s+at |internal error/m);
  expect(fs.existsSync(path.join(dir, 'out/brief.pdf'))).toBe(false);
  expect(ms).toBeLessThan(15000); // seconds, not minutes (about one on an idle machine)
  fs.rmSync(dir, { recursive: true, force: true });
  return r.stderr;
}

describe('hostile sizes end in a clear error', () => {
  it('an id of 100,000 letters', () => {
    const dir = workspace({
      'claims/main.yaml': `- id: ${'a'.repeat(100000)}\n  statement: S.\n  evidence:\n    - source: wire\n      quote: The company had raised $101 million\n`,
    });
    expect(refused(dir)).toMatch(/claims\/main\.yaml:1:7: error: "id" is 100,000 characters long; at most 64 characters are allowed/);
  });

  it('a one-line statement of 1 MB', () => {
    const dir = workspace({
      'claims/main.yaml': `- id: raised-101m\n  statement: ${'word '.repeat(200000).trim()}\n  evidence:\n    - source: wire\n      quote: The company had raised $101 million\n`,
    });
    expect(refused(dir)).toMatch(/claims\/main\.yaml:2:14: error: "statement" is 999,999 characters long; at most 10,000/);
  });

  it('a quote and a title over their limits', () => {
    const dir = workspace({ 'sources/wire.yaml': `id: wire\ntitle: ${'T'.repeat(16001)}\npublisher: Example Wire\nlanguage: en\n` });
    expect(refused(dir)).toMatch(/sources\/wire\.yaml:2:8: error: "title" is 16,001 characters long; at most 16,000/);
  });

  it('a template that writes 50 MB of markup', () => {
    const dir = withTemplate(`<document lang="en">${'{{#each @root.counts}}'.repeat(10)}<p>${'x'.repeat(40)}</p>${'{{/each}}'.repeat(10)}</document>`);
    expect(refused(dir)).toMatch(/templates\/t\/document\.hbs:1:\d+: error: template error: the template writes more than 16 MiB of markup/);
  });

  it('{{#each}} nested 20,000 deep', () => {
    const dir = withTemplate(`<document lang="en">${'{{#each sections}}'.repeat(20000)}x${'{{/each}}'.repeat(20000)}</document>`);
    expect(refused(dir)).toMatch(/templates\/t\/document\.hbs:1:597: error: template blocks nested more than 32 deep/);
  });

  it('subexpressions nested deeper than the limit, and a template file over 256 KiB', () => {
    const deep = withTemplate(`<document lang="en">{{t ${'(t '.repeat(40)}"x"${')'.repeat(40)}}}</document>`);
    expect(refused(deep)).toMatch(/document\.hbs:1:\d+: error: template blocks nested more than 32 deep/);
    const big = withTemplate(`<document lang="en"><p>${'x'.repeat(300 * 1024)}</p></document>`);
    expect(refused(big)).toMatch(/document\.hbs:1:1: error: template is 301 KiB; at most 256 KiB/);
  });

  it('markup elements nested deeper than 64', () => {
    const dir = withTemplate(`<document lang="en"><p>${'<span>'.repeat(100)}x${'</span>'.repeat(100)}</p></document>`);
    expect(refused(dir)).toMatch(/error: template output: elements nested more than 64 deep/);
  });

  it('a dossier over the memory budget says so before typesetting', () => {
    const stderr = refused(workspace({}), { DOSSIER_MEMORY_BUDGET_MIB: '250' });
    expect(stderr).toMatch(
      /brief\.yaml:1:5: error: this dossier prints \d+ characters: building it would take about \d+ MiB of memory, over the budget of 250 MiB/,
    );
  });
});

describe('the heaviest legitimate input stays within 1 GiB', () => {
  it('a snapshot at the 32 MiB limit builds', async () => {
    const file = bigSnapshotWorkspace(path.join(tmp, 'snapshot'));
    expect(fs.statSync(path.join(tmp, 'snapshot/sources/wire.txt')).size).toBe(32 * 1024 * 1024);
    const m = await measureBuild(file, path.join(tmp, 'snapshot-out'), writeHook(tmp));
    expect(m.code, m.stderr).toBe(0);
    const peakMiB = m.report.maxRssKiB / 1024;
    console.log(`32 MiB snapshot: peak ${peakMiB.toFixed(0)} MiB, ${(m.wallMs / 1000).toFixed(1)} s`);
    expect(peakMiB).toBeLessThan(1024);
    expect(fs.existsSync(path.join(tmp, 'snapshot-out/brief.pdf'))).toBe(true);
  }, 120000);

  it('a snapshot one byte over the limit is refused', () => {
    const dir = path.join(tmp, 'over');
    bigSnapshotWorkspace(dir, 32 * 1024 * 1024 + 1);
    const r = runCli(['check', '--root', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sources\/wire\.yaml:1:5: error: snapshot of source "wire" sources\/wire\.txt is too large \(32 MiB; at most 32 MiB\)/);
  }, 60000);
});
