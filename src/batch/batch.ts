/**
 * `dossier build` over many dossiers: pick the shard's definition files, start the worker
 * threads (they load and check the workspace while this thread does the same to report
 * diagnostics), then build the dossiers: with --jobs N, N at once, in this thread and N - 1
 * workers claiming them from one list (pool.ts), so that only N copies of the code load and
 * warm up; in this thread alone with --jobs 1, a single dossier, or by default with few
 * dossiers or cores (default-jobs.ts). An error in one dossier's definition or template fails
 * that dossier only; an error in shared files (sources, claims) stops the batch before
 * anything is built.
 */
import os from 'node:os';
import path from 'node:path';
import { checkWorkspace, citedDossierOf, type CheckedWorkspace } from '../build.js';
import { splitDiagnostics } from '../check.js';
import type { Diagnostic } from '../diagnostics.js';
import { hold, onInterrupt, sweepOnInterrupt } from '../io/interrupt.js';
import { listYaml } from '../workspace/load.js';
import { defaultJobs } from './default-jobs.js';
import { startPool, type Pool } from './pool.js';
import { inShard, shardKey, type Shard } from './shard.js';
import { failedResult, runBuildTask, type BuildResult, type BuildTask } from './task.js';
import type { WorkerData } from './worker.js';
import { holdYoungGeneration, leaveYoungGeneration } from '../short-run.js';

export interface BatchOptions {
  root: string;
  /** Definition files given on the command line; default: every *.yaml in the root. */
  files: string[];
  out: string;
  shard?: Shard;
  /** Dossiers built at once: this thread and jobs - 1 worker threads (1: this thread alone); default: defaultJobs for the shard's dossiers and this machine's cores. */
  jobs?: number;
  /** Tagged PDF (PDF/UA-1); default true. */
  tagged?: boolean;
  /** PDF/A-3 with the evidence attached (build --archive). */
  archive?: boolean;
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

function planBatch(opts: BatchOptions, allFiles: string[], files: string[]): BatchPlan {
  const cw = checkWorkspace(opts.root, files);
  const { perFile, blocking, warnings } = splitDiagnostics(cw, files);
  const byFile = new Map([...cw.ws.dossiers.values()].map((d) => [d.file, d]));
  const entries = files.map((file, index): BatchPlan['entries'][number] => {
    const dossier = byFile.get(file);
    const diags = perFile.get(file) ?? [];
    const id = dossier?.id ?? shardKey(file);
    if (!dossier || diags.some((d) => d.severity === 'error')) return { failed: failedResult({ index, id, file }, diags) };
    return {
      task: {
        index,
        id,
        file,
        out: path.resolve(opts.out),
        weight: citedDossierOf(cw, dossier).notes.length,
        tagged: opts.tagged !== false,
        archive: opts.archive === true,
      },
    };
  });
  return { cw, allFiles, files, entries, blocking, warnings };
}

export interface BatchHooks {
  /** The workspace is checked: report its diagnostics. */
  planned(plan: BatchPlan): void;
  /** A dossier is done (built or failed), in the order they finish. */
  result(r: BuildResult): void;
}

export interface BatchOutcome {
  plan: BatchPlan;
  /** In the order of the definition files; empty when nothing could be built. */
  results: BuildResult[];
  /** Worker threads that built beside this thread; 0 when the dossiers were built in this thread alone. */
  workers: number;
}

export async function buildBatch(opts: BatchOptions, hooks: BatchHooks): Promise<BatchOutcome> {
  const allFiles = opts.files.length ? opts.files.map((f) => path.resolve(f)) : listYaml(path.resolve(opts.root));
  const files = allFiles.filter((f) => inShard(f, opts.shard));
  // Builders at once: this thread and size - 1 worker threads.
  const size = Math.min(opts.jobs ?? defaultJobs(files.length, os.availableParallelism()), files.length);
  const workerData: WorkerData = { root: path.resolve(opts.root), files };
  const pool: Pool<BuildTask, BuildResult> | undefined =
    size > 1
      ? startPool({
          size: size - 1,
          worker: new URL('./worker.js', import.meta.url),
          workerData,
          onCrash: (t, e) => failedResult(t, [], `worker thread failed: ${e.message}`),
        })
      : undefined;

  const plan = planBatch(opts, allFiles, files);
  // Built here alone, a one-shot build's young generation is held (short-run.ts). Not while
  // workers run, also not at this thread's own layouts beside them (below): V8's flags are the
  // process's, and the workers' young generations would stop growing wherever they are.
  if (!pool) holdYoungGeneration();
  hooks.planned(plan);
  if (plan.blocking.length || !files.length) {
    pool?.close();
    return { plan, results: [], workers: 0 };
  }
  const results: BuildResult[] = [];
  const tell = (r: BuildResult) => {
    results[r.index] = r;
    hooks.result(r);
  };
  // A built (or render-failed) dossier also carries the warnings the check found in its file.
  const record = (r: BuildResult) => tell({ ...r, diagnostics: [...plan.cw.diags.items.filter((d) => d.file === r.file), ...r.diagnostics] });
  const tasks: BuildTask[] = [];
  for (const e of plan.entries) {
    if ('failed' in e) tell(e.failed);
    else tasks.push(e.task);
  }
  const here = (t: BuildTask) => runBuildTask(plan.cw, t);
  if (!pool || tasks.length < 2) {
    pool?.close();
    for (const t of tasks) record(await here(t));
    return { plan, results, workers: 0 };
  }
  // Largest first, so that a long dossier does not start last and keep the others waiting.
  const byWeight = [...tasks].sort((a, b) => b.weight - a.weight || a.index - b.index);
  // On SIGINT or SIGTERM the workers are stopped, then their temporary files removed (this
  // thread's own are removed as with --jobs 1, once the step it is in has ended).
  const release = hold();
  const forget = [onInterrupt(() => pool.stop()), sweepOnInterrupt(path.resolve(opts.out))];
  try {
    // This thread builds too, claiming dossiers from the same list as the workers.
    leaveYoungGeneration();
    await pool.run(byWeight, record, here);
  } finally {
    for (const f of forget) f();
    await release();
  }
  return { plan, results, workers: Math.min(size - 1, tasks.length - 1) };
}
