/**
 * How the bench measures a command: the compiled CLI run in a fresh process, with a hook loaded
 * by --import that reports the process's own figures (peak memory, CPU time) as it exits.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The `dossier` command as installed (package.json "bin": the bundle, else tsc's dist/cli.js), also when this module runs from src/, in tests. */
export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli-launcher.js');

/** Loaded into the measured process with --import: reports its own figures as it exits. */
const HOOK = `import fs from 'node:fs';
process.on('exit', () => {
  const u = process.resourceUsage();
  fs.writeFileSync(process.env.DOSSIER_BENCH_REPORT, JSON.stringify({
    maxRssKiB: u.maxRSS, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000, sinceStartMs: performance.now(),
  }));
});
`;

export interface Report {
  maxRssKiB: number;
  userMs: number;
  systemMs: number;
  sinceStartMs: number;
}

/** Runs the CLI once with `args` in a fresh process; resolves with its figures. */
export function measureCli(args: string[], hookFile: string, what: string): Promise<{ wallMs: number; report: Report; stderr: string; code: number | null }> {
  const reportFile = path.join(path.dirname(hookFile), `report-${process.pid}-${Date.now()}.json`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', pathToFileURL(hookFile).href, CLI, ...args], {
      env: { ...process.env, DOSSIER_BENCH_REPORT: reportFile },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      try {
        const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as Report;
        fs.rmSync(reportFile, { force: true });
        resolve({ wallMs, report, stderr, code });
      } catch (e) {
        reject(new Error(`${what} reported nothing (exit ${code}): ${stderr || (e as Error).message}`));
      }
    });
  });
}

export function writeHook(dir: string): string {
  const file = path.join(dir, 'measure-hook.mjs');
  fs.writeFileSync(file, HOOK);
  return file;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}
