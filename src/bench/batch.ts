/**
 * The batch figure of `npm run bench`: 24 dossiers built by one `dossier build --root`, with
 * `--jobs 1`, `--jobs 2` and the default, alternating, in fresh processes. The targets:
 * `--jobs 2` at least 1.6 times as fast as `--jobs 1`, and the default never slower than
 * `--jobs 1` (within the noise of a shared machine, 5 %).
 *
 * The 24 dossiers share one workspace of 600 generated claims (generate.ts), 25 claims each and
 * none twice, so a warm worker does not meet the same quotes again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dossierYaml, generateWorkspace } from './generate.js';
import { measureCli, median } from './measure.js';

export const BATCH = { dossiers: 24, claimsEach: 25, speedup: 1.6, defaultSlack: 1.05 };

export interface BatchRun {
  wallMs: number;
  cpuMs: number;
  peakMiB: number;
}

export interface BatchMeasurement {
  dossiers: number;
  claimsEach: number;
  runs: number;
  /** Medians per setting: '1', '2' and 'default'. */
  jobs: Record<'1' | '2' | 'default', BatchRun>;
}

/** Writes the batch workspace: 600 generated claims and 24 dossiers of 25 claims each. */
export function generateBatchWorkspace(dir: string): string {
  const gen = generateWorkspace(dir, BATCH.dossiers * BATCH.claimsEach);
  fs.rmSync(gen.dossierFile);
  for (let d = 0; d < BATCH.dossiers; d++) {
    const ids = Array.from({ length: BATCH.claimsEach }, (_, k) => `claim-${String(d * BATCH.claimsEach + k + 1).padStart(4, '0')}`);
    const sections = [0, 1, 2, 3, 4].flatMap((s) => [`  - title: "Section ${s + 1}"`, `    claims: [${ids.slice(s * 5, s * 5 + 5).join(', ')}]`]);
    const id = `batch-${String(d + 1).padStart(2, '0')}`;
    fs.writeFileSync(path.join(dir, `${id}.yaml`), dossierYaml(id, `Batch dossier ${d + 1}`, sections));
  }
  return dir;
}

/** One `dossier build --root DIR` in a fresh process, its figures reported by the hook. */
async function buildRoot(root: string, jobs: string | undefined, hookFile: string): Promise<BatchRun> {
  const what = `the batch build (--jobs ${jobs ?? 'default'})`;
  const m = await measureCli(['build', '--root', root, '--out', path.join(root, 'out'), ...(jobs ? ['--jobs', jobs] : [])], hookFile, what);
  if (m.code !== 0) throw new Error(`${what} failed (exit ${m.code}):\n${m.stderr}`);
  return { wallMs: m.wallMs, cpuMs: m.report.userMs + m.report.systemMs, peakMiB: m.report.maxRssKiB / 1024 };
}

/** Builds the batch `runs` times per setting, the settings alternating so that load hits them alike. */
export async function measureBatch(base: string, hookFile: string, runs: number): Promise<BatchMeasurement> {
  const root = generateBatchWorkspace(path.join(base, 'batch'));
  const settings = ['1', '2', 'default'] as const;
  const got: Record<string, BatchRun[]> = { 1: [], 2: [], default: [] };
  for (let r = 0; r < runs; r++) {
    for (const s of settings) got[s]!.push(await buildRoot(root, s === 'default' ? undefined : s, hookFile));
  }
  const med = (rs: BatchRun[]): BatchRun => ({
    wallMs: median(rs.map((x) => x.wallMs)),
    cpuMs: median(rs.map((x) => x.cpuMs)),
    peakMiB: Math.max(...rs.map((x) => x.peakMiB)),
  });
  return { dossiers: BATCH.dossiers, claimsEach: BATCH.claimsEach, runs, jobs: { 1: med(got[1]!), 2: med(got[2]!), default: med(got.default!) } };
}

export function batchSummary(b: BatchMeasurement): string {
  const row = (name: string, r: BatchRun) => `| ${name} | ${(r.wallMs / 1000).toFixed(2)} | ${(r.cpuMs / 1000).toFixed(2)} | ${Math.round(r.peakMiB)} |`;
  const speedup = b.jobs[1].wallMs / b.jobs[2].wallMs;
  const defaultRatio = b.jobs.default.wallMs / b.jobs[1].wallMs;
  return [
    `Batch: ${b.dossiers} dossiers of ${b.claimsEach} claims, one \`build --root\`, median of ${b.runs}:`,
    '| --jobs | wall s | CPU s | peak MiB |',
    '|---|---:|---:|---:|',
    row('1', b.jobs[1]),
    row('2', b.jobs[2]),
    row('default', b.jobs.default),
    `  --jobs 2 is ${speedup.toFixed(2)}x as fast as --jobs 1: ${speedup >= BATCH.speedup ? 'ok' : 'MISSED'} (target at least ${BATCH.speedup}x)`,
    `  the default takes ${defaultRatio.toFixed(2)}x the time of --jobs 1: ${defaultRatio <= BATCH.defaultSlack ? 'ok' : 'MISSED'} (target: never slower, ${BATCH.defaultSlack}x allowed for noise)`,
  ].join('\n');
}
