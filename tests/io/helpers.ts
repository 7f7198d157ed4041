/** Helpers for the output-safety tests (not a test file). */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { CLI, copyWorkspace, startEntry, type Run } from '../helpers/cli.js';

/** `node --import` of the module that makes the file system fail (see fault-fs.mjs). */
export const FAULTS = ['--import', pathToFileURL(path.join(import.meta.dirname, 'fault-fs.mjs')).href];

export type { Run };

/** Starts the CLI in a child process; `done` resolves when it has exited. */
export function startCli(args: string[], cwd: string, env: Record<string, string> = {}, nodeArgs: string[] = []): { child: ChildProcess; done: Promise<Run> } {
  return startEntry(CLI, args, cwd, env, nodeArgs);
}

export function runCliAsync(args: string[], cwd: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Run> {
  return startCli(args, cwd, env, nodeArgs).done;
}

/** Waits until a file exists (a marker, a temporary file), polling. */
export async function waitFor(check: () => boolean, what: string, ms = 60000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** brief.pdf of the mini workspace, built once: the earlier good PDF of the tests. */
export async function goodBrief(): Promise<Buffer> {
  const dir = copyWorkspace();
  const r = await runCliAsync(['build', 'brief.yaml', '--out', 'out'], dir);
  expect(r.code, r.stderr).toBe(0);
  const pdf = fs.readFileSync(path.join(dir, 'out/brief.pdf'));
  fs.rmSync(dir, { recursive: true, force: true });
  return pdf;
}

export interface Prepared {
  dir: string;
  out: string;
  pdf: string;
  before: Buffer;
  mtimeMs: number;
}

/**
 * A copy of the mini workspace whose out folder (default <dir>/out) holds an earlier good
 * brief.pdf dated in the past, and whose brief.yaml now has another title, so that the next
 * build would write other bytes.
 */
export function prepare(good: Buffer, out?: string): Prepared {
  const dir = copyWorkspace();
  const outDir = out ?? path.join(dir, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const pdf = path.join(outDir, 'brief.pdf');
  fs.writeFileSync(pdf, good);
  const old = new Date('2001-02-03T04:05:06Z');
  fs.utimesSync(pdf, old, old);
  const def = path.join(dir, 'brief.yaml');
  fs.writeFileSync(def, fs.readFileSync(def, 'utf8').replace('title: Mini briefing', 'title: Mini briefing, second edition'));
  return { dir, out: outDir, pdf, before: good, mtimeMs: old.getTime() };
}

/** The tool's temporary names in a folder (see src/io/temp-names.ts). */
export function temps(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((n) => /^\..+\.\d+(-[0-9a-f]{8})?\.tmp$|^\.tmp-/.test(n));
}

const STACK = /^\s+at .+/m;

/**
 * The contract for a failure on output: exit 1, a line `<path>: error: <message> (<code>)`,
 * then a hint, no stack trace and no "internal error".
 */
export function expectOutputError(r: Run, at: string, message: RegExp, code: string): void {
  const report = `stderr:\n${r.stderr}\nstdout:\n${r.stdout}`;
  expect(r.code, report).toBe(1);
  expect(r.stderr, report).not.toMatch(STACK);
  expect(r.stderr, report).not.toMatch(/internal error|bug in dossier-press/);
  const lines = r.stderr.split('\n');
  const i = lines.findIndex((l) => l.startsWith(`${at}: error: `));
  expect(i, `no line "${at}: error: …"\n${report}`).toBeGreaterThanOrEqual(0);
  expect(lines[i], report).toMatch(message);
  expect(lines[i].endsWith(` (${code})`), report).toBe(true);
  expect(lines[i + 1], report).toMatch(/^ {2}hint: \S/);
}

/** The earlier PDF is byte for byte as it was, untouched, and nothing else is in its folder. */
export function expectUntouched(w: Prepared, others: string[] = []): void {
  expect(fs.readFileSync(w.pdf).equals(w.before)).toBe(true);
  expect(fs.statSync(w.pdf).mtimeMs).toBe(w.mtimeMs);
  expect(fs.readdirSync(w.out).sort()).toEqual(['brief.pdf', ...others].sort());
}
