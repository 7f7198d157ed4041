/**
 * How many dossiers `dossier build` builds at once when --jobs is not given (the main thread
 * and jobs - 1 worker threads, batch.ts). A worker thread pays
 * about a second of CPU to start (loading the modules and fonts, checking the workspace,
 * warming up the compiler), on top of the main thread's own check; with few dossiers or few
 * cores that start-up costs more than building in parallel saves, so the default is never
 * slower than `--jobs 1`: the main thread builds when the machine has at most
 * MAIN_THREAD_MAX_CORES cores or when there are fewer than DOSSIERS_PER_WORKER dossiers per
 * core; otherwise one builder per core, the main thread and a worker per other core (never
 * more than there are dossiers).
 */
import { plural } from '../plural.js';

/** On this many cores or fewer, the main thread builds: the workers' start-up and the main thread's check compete for the same cores. */
export const MAIN_THREAD_MAX_CORES = 2;
/** Each worker must have at least this many dossiers to build for its start-up to pay off. */
export const DOSSIERS_PER_WORKER = 2;

/** The default --jobs: 1 (the main thread alone) or a number of dossiers at once (the main thread and jobs - 1 workers). */
export function defaultJobs(dossiers: number, cores: number): number {
  if (cores <= MAIN_THREAD_MAX_CORES || dossiers < DOSSIERS_PER_WORKER * cores) return 1;
  return Math.min(cores, dossiers);
}

/** The rule, as `dossier build --help` states it. */
export function defaultJobsRule(cores: number): string {
  if (cores <= MAIN_THREAD_MAX_CORES)
    return `the main thread, on this machine of ${cores} ${cores === 1 ? 'core' : 'cores'} (workers are used by default only with more than ${MAIN_THREAD_MAX_CORES} cores)`;
  return `the main thread for fewer than ${DOSSIERS_PER_WORKER * cores} dossiers (${DOSSIERS_PER_WORKER} per core), else one per core, ${cores} at once (the main thread and ${plural(cores - 1, 'worker thread')})`;
}
