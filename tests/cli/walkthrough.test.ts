/**
 * The README's "From an empty folder to a built dossier", run as written: each `$ dossier ...`
 * command through the CLI in an empty folder, each file marked `<!-- walkthrough-file: PATH -->`
 * written where the README writes it, in the README's order. Every command must exit 0 and print
 * the lines shown under it (numbers, which vary, and a plural "s" after a number aside).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';

type Step = { kind: 'command'; line: string; args: string[]; shown: string[] } | { kind: 'file'; path: string; text: string };

/** Splits a command line as a shell would for the simple quoting the README uses. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

function steps(readme: string): Step[] {
  const start = readme.indexOf('### From an empty folder to a built dossier');
  expect(start).toBeGreaterThan(0);
  const end = readme.indexOf('\n#', start + 10);
  const lines = readme.slice(start, end).split('\n');
  const out: Step[] = [];
  for (let i = 0; i < lines.length; i++) {
    const file = /^<!-- walkthrough-file: (\S+) -->$/.exec(lines[i]);
    if (file) {
      // The indented block that follows, up to the next unindented line.
      let j = i + 1;
      while (lines[j] === '') j++;
      const block: string[] = [];
      for (; j < lines.length && (lines[j].startsWith('    ') || lines[j] === ''); j++) block.push(lines[j].slice(4));
      while (block.at(-1) === '') block.pop();
      out.push({ kind: 'file', path: file[1], text: `${block.join('\n')}\n` });
      i = j - 1;
      continue;
    }
    const cmd = /^ {4}\$ (dossier .*)$/.exec(lines[i]);
    if (cmd) {
      const shown: string[] = [];
      for (let j = i + 1; j < lines.length && lines[j].startsWith('    ') && !lines[j].startsWith('    $ '); j++) shown.push(lines[j].slice(4));
      out.push({ kind: 'command', line: cmd[1], args: words(cmd[1]).slice(1), shown });
    }
  }
  return out;
}

/** A shown line as a pattern: numbers may differ, and so may a plural "s" right after one. */
function pattern(line: string): RegExp {
  const escaped = line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\d+( [a-z]+?)s\b/g, '\\d+$1s?').replace(/\d+/g, '\\d+')}$`, 'm');
}

describe('README walkthrough: from an empty folder to a built dossier', () => {
  it('every step runs as written and prints what the README shows', () => {
    const all = steps(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'));
    expect(all.filter((s) => s.kind === 'command').map((s) => (s as { args: string[] }).args[0])).toEqual([
      'init',
      'check',
      'build',
      'source',
      'check',
      'build',
    ]);
    expect(all.filter((s) => s.kind === 'file').map((s) => (s as { path: string }).path)).toEqual(['article.txt', 'dossiers/claims/ellery.yaml']);

    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-walkthrough-'));
    for (const step of all) {
      if (step.kind === 'file') {
        fs.mkdirSync(path.dirname(path.join(cwd, step.path)), { recursive: true });
        fs.writeFileSync(path.join(cwd, step.path), step.text);
        continue;
      }
      const r = runCli(step.args, cwd);
      expect(r.stderr, step.line).toBe('');
      expect(r.code, step.line).toBe(0);
      for (const line of step.shown) expect(r.stdout, `${step.line}: ${line}`).toMatch(pattern(line));
      expect(r.stdout.trimEnd().split('\n'), step.line).toHaveLength(step.shown.length);
    }
    // What the walkthrough promises: the dossier built, with the new source's claim cited.
    const pdf = fs.readFileSync(path.join(cwd, 'out/example-briefing.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.readFileSync(path.join(cwd, 'dossiers/sources/ellery-timetable.txt'), 'utf8')).toBe(fs.readFileSync(path.join(cwd, 'article.txt'), 'utf8'));
  }, 60000);
});
