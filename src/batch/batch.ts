/**
 * `dossier build` over many dossiers: pick the shard's definition files, load and check the
 * workspace once, then build each dossier in a pool of worker threads (or in this thread
 * with --jobs 1). An error in one dossier's definition or template fails that dossier only;
 * an error in shared files (sources, claims) stops the batch before anything is built.
 */
import path from 'node:path';
import { checkWorkspace, citedDossierOf, type CheckedWorkspace } from '../build.js';
import type { Diagnostic } from '../diagnostics.js';
import { listYaml } from '../workspace/load.js';
import { runPool } from './pool.js';
import { inShard, shardKey, type Shard } from './shard.js';
import { failedResult, runBuildTask, type BuildResult, type BuildTask } from './task.js';
import type { WorkerData } from './worker.js';

export interface BatchOptions {
  root: string;
  /** Definition files given on the command line; default: every *.yaml in the root. */
  files: string[];
  out: string;
  shard?: Shard;
}

export interface BatchPlan {
  cw: CheckedWorkspace;
  /** Definition files of the whole batch, and of this shard (absolute, in order). */
  allFiles: string[];
  files: string[];
  /** One entry per file of the shard, in order: a task to run, or a dossier failed already. */
  entries: ({ task: BuildTask } | { failed: BuildResult })[];
  /** Errors outside the dossier definitions: nothing can be built. */
  blocking: Diagnostic[];
  /** Warnings outside the dossier definitions. */
  warnings: Diagnostic[];
}

export function planBatch(opts: BatchOptions): BatchPlan {
  const allFiles = opts.files.length ? opts.files.map((f) => path.resolve(f)) : listYaml(path.resolve(opts.root));
  const files = allFiles.filter((f) => inShard(f, opts.shard));
  const cw = checkWorkspace(opts.root, files);
  const inFiles = new Set(files);
  const perFile = new Map<string, Diagnostic[]>();
  const blocking: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  for (const d of cw.diags.items) {
    if (inFiles.has(d.file)) perFile.set(d.file, [...(perFile.get(d.file) ?? []), d]);
    else if (d.severity === 'error') blocking.push(d);
    else warnings.push(d);
  }
  const byFile = new Map([...cw.ws.dossiers.values()].map((d) => [d.file, d]));
  const entries = files.map((file, index): BatchPlan['entries'][number] => {
    const dossier = byFile.get(file);
    const diags = perFile.get(file) ?? [];
    const id = dossier?.id ?? shardKey(file);
    if (!dossier || diags.some((d) => d.severity === 'error')) return { failed: failedResult({ index, id, file }, diags) };
    return { task: { index, id, file, out: path.resolve(opts.out), weight: citedDossierOf(cw, dossier).notes.length } };
  });
  return { cw, allFiles, files, entries, blocking, warnings };
}

/** Warnings found while checking, for the dossier of a result. */
export function warningsFor(plan: BatchPlan, file: string): Diagnostic[] {
  return plan.cw.diags.items.filter((d) => d.file === file && d.severity === 'warning');
}

/** The worker threads a batch uses: none (this thread) for --jobs 1 or a single dossier. */
export function threadsFor(plan: BatchPlan, jobs: number): number {
  const tasks = plan.entries.filter((e) => 'task' in e).length;
  return jobs <= 1 || tasks <= 1 ? 0 : Math.min(jobs, tasks);
}

export async function runBatch(plan: BatchPlan, jobs: number, onResult: (r: BuildResult) => void): Promise<BuildResult[]> {
  const results: BuildResult[] = [];
  const tasks: BuildTask[] = [];
  for (const e of plan.entries) {
    if ('failed' in e) {
      results[e.failed.index] = e.failed;
      onResult(e.failed);
    } else {
      tasks.push(e.task);
    }
  }
  const record = (r: BuildResult) => {
    r.diagnostics = [...warningsFor(plan, r.file), ...r.diagnostics];
    results[r.index] = r;
    onResult(r);
  };
  const threads = threadsFor(plan, jobs);
  if (threads === 0) {
    for (const t of tasks) record(await runBuildTask(plan.cw, t));
  } else {
    const workerData: WorkerData = { root: plan.cw.ws.root, files: plan.files };
    // Largest first, so that a long dossier does not start last and keep the others waiting.
    const byWeight = [...tasks].sort((a, b) => b.weight - a.weight || a.index - b.index);
    await runPool<BuildTask, BuildResult>(byWeight, {
      jobs: threads,
      worker: new URL('./worker.js', import.meta.url),
      workerData,
      onCrash: (t, e) => failedResult(t, [], `worker thread failed: ${e.message}`),
      onResult: record,
    });
  }
  return results;
}
