/**
 * The error corpus: tests/errors/<case>/workspace/ is a small workspace with one thing wrong,
 * and tests/errors/<case>/expect.yaml says which errors `dossier build` (or the command in its `args`) must
 * report, each at file:line:col (or at a path alone, for output that cannot be written) with a fragment of
 * its message. For every case, run the real CLI in a fresh process over a copy of
 * the case whose out folder already holds a good PDF, and require: exit 1, exactly the
 * expected errors (no more: follow-on errors are noise), no stack trace, no PDF written and
 * the earlier one byte-identical; and `dossier check` on the same case must report the same
 * errors (check runs every gate build runs short of layout). `_base` is the good workspace every case departs from; it
 * must build, so each case fails for its own reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO, startEntry } from '../helpers/cli.js';

const CORPUS = path.join(REPO, 'tests/errors');
const CASES = fs
  .readdirSync(CORPUS)
  .filter((n) => !n.startsWith('_'))
  .sort();
// `path:line:col: error: …`, or `path: error: …` for a path that cannot be written.
const DIAGNOSTIC = /^(.+?)(?::(\d+):(\d+))?: (error|warning): (.*)$/;
const STACK_LINE = /^\s+at .+/m;

interface Expect {
  errors: { at: string; message: string }[];
  args?: string[];
}

const run = (args: string[], cwd: string) => startEntry(CLI, args, cwd).done;

function copyCase(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dossier-err-${name}-`));
  fs.cpSync(path.join(CORPUS, name, 'workspace'), dir, { recursive: true });
  return dir;
}

function errorsOf(stderr: string): { at: string; message: string }[] {
  return stderr
    .split('\n')
    .map((l) => DIAGNOSTIC.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && m[4] === 'error')
    .map((m) => ({ at: m[2] ? `${m[1]}:${m[2]}:${m[3]}` : m[1], message: m[5] }))
    .sort((a, b) => a.at.localeCompare(b.at) || a.message.localeCompare(b.message));
}

let goodPdf: Buffer;

beforeAll(async () => {
  const dir = copyCase('_base');
  const r = await run(['build', '--root', '.', '--out', 'out'], dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  goodPdf = fs.readFileSync(path.join(dir, 'out/brief.pdf'));
  expect(goodPdf.subarray(0, 5).toString()).toBe('%PDF-');
}, 60000);

describe('error corpus', () => {
  it('has at least 30 cases, each with an expect.yaml naming at least one error', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    for (const name of CASES) {
      const exp = parse(fs.readFileSync(path.join(CORPUS, name, 'expect.yaml'), 'utf8')) as Expect;
      expect(exp.errors?.length, name).toBeGreaterThan(0);
    }
  });

  describe.concurrent.each(CASES)('%s', (name) => {
    it('exit 1, the expected errors at file:line:col, no stack trace, the earlier PDF untouched', async () => {
      const exp = parse(fs.readFileSync(path.join(CORPUS, name, 'expect.yaml'), 'utf8')) as Expect;
      const dir = copyCase(name);
      const out = path.join(dir, 'out');
      fs.mkdirSync(out);
      const pdf = path.join(out, 'brief.pdf');
      fs.writeFileSync(pdf, goodPdf);
      const old = new Date('2001-02-03T04:05:06Z');
      fs.utimesSync(pdf, old, old);

      const r = await run(exp.args ?? ['build', '--root', '.', '--out', 'out'], dir);
      const report = `stderr of ${name}:\n${r.stderr}`;
      expect(r.code, report).toBe(1);
      expect(r.stderr, report).not.toMatch(STACK_LINE);
      expect(r.stderr, report).not.toMatch(/internal error/);
      expect(r.stdout, report).not.toMatch(/built \S+\.pdf/); // no "[k/n] built <file>.pdf" line

      const errors = errorsOf(r.stderr);
      for (const e of exp.errors) {
        const hit = errors.find((g) => g.at === e.at && g.message.includes(e.message));
        expect(hit, `${name}: expected "${e.at}: error: …${e.message}…"\n${report}`).toBeDefined();
      }
      expect(errors.length, `${name}: exactly the expected errors\n${report}`).toBe(exp.errors.length);

      expect(fs.readdirSync(out), report).toEqual(['brief.pdf']);
      expect(fs.readFileSync(pdf).equals(goodPdf)).toBe(true);
      expect(fs.statSync(pdf).mtimeMs).toBe(old.getTime());

      // `check` runs every gate `build` runs short of layout: the same errors, exit 1.
      if (!exp.args) {
        const c = await run(['check', '--root', '.'], dir);
        expect(c.code, `check of ${name}:\n${c.stderr}`).toBe(1);
        expect(errorsOf(c.stderr), `check of ${name} reports what build reports\n${c.stderr}`).toEqual(errors);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }, 60000);
  });
});
