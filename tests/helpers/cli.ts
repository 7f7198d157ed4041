import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';

export const REPO = path.resolve(import.meta.dirname, '../..');
/**
 * The command line the tests spawn: tsc's dist/cli.js. DOSSIER_TEST_CLI=bundle spawns the bundled
 * one (dist/bundle/cli.js, scripts/bundle.mjs) and =launcher the installed bin
 * (dist/cli-launcher.js), so that the same tests can be run through each path.
 */
const CLI_ENTRIES: Record<string, string> = { compiled: 'dist/cli.js', bundle: 'dist/bundle/cli.js', launcher: 'dist/cli-launcher.js' };
const cliEntry = CLI_ENTRIES[process.env.DOSSIER_TEST_CLI ?? 'compiled'];
if (!cliEntry) throw new Error(`DOSSIER_TEST_CLI: one of ${Object.keys(CLI_ENTRIES).join(', ')}`);
export const CLI = path.join(REPO, cliEntry);
export const MINI = path.join(REPO, 'tests/fixtures/mini');

export function runCli(args: string[], cwd = REPO, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the command line `entry` (CLI unless told) in a child process; `done` resolves when it has exited. */
export function startEntry(
  entry: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [...nodeArgs, entry, ...args], { cwd, env: { ...process.env, DOSSIER_DEBUG: '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** A private copy of a fixture workspace, to damage freely. */
export function copyWorkspace(from = MINI): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-test-'));
  fs.cpSync(from, dir, { recursive: true });
  return dir;
}
