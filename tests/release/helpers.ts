/** Helpers for the release and batch tests (not a test file). */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CLI } from '../helpers/cli.js';

export const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/** Every file below dir with its bytes and modification time: a snapshot to compare. */
export function snapshotTree(dir: string): Record<string, { sha256: string; mtimeMs: number }> {
  const out: Record<string, { sha256: string; mtimeMs: number }> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = { sha256: sha256(fs.readFileSync(p)), mtimeMs: fs.statSync(p).mtimeMs };
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

/** Checks a release folder's SHA256SUMS as `sha256sum -c` does; returns the names checked. */
export function checkSums(dir: string): string[] {
  const names: string[] = [];
  for (const line of fs.readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8').split('\n').filter(Boolean)) {
    const m = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
    if (!m) throw new Error(`bad line in SHA256SUMS: ${line}`);
    if (sha256(fs.readFileSync(path.join(dir, m[2]))) !== m[1]) throw new Error(`${m[2]} does not match SHA256SUMS`);
    names.push(m[2]);
  }
  return names;
}

export function setYamlKey(file: string, key: string, value: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const re = new RegExp(`^${key}: .*$`, 'm');
  fs.writeFileSync(file, re.test(text) ? text.replace(re, `${key}: ${value}`) : `${text.trimEnd()}\n${key}: ${value}\n`);
}

/** Runs the CLI in a child process with extra node options (e.g. --import of a module). */
export function runNode(nodeArgs: string[], args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [...nodeArgs, CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A node one-liner's output in an environment: to show that an environment really differs. */
export function nodeEval(nodeArgs: string[], code: string, env: Record<string, string>): string {
  return spawnSync(process.execPath, [...nodeArgs, '-p', code], { encoding: 'utf8', env: { ...process.env, ...env } }).stdout.trim();
}
