/**
 * A small pool of worker threads: up to `jobs` workers, each sent one task at a time and
 * the next when it posts its result. A worker that dies (an uncaught error, running out of
 * memory) fails only the task it held; a fresh worker takes over the rest.
 */
import { Worker } from 'node:worker_threads';

export interface PoolOptions<T, R> {
  jobs: number;
  /** The worker's module (compiled JavaScript). */
  worker: URL;
  workerData: unknown;
  /** The result to record for a task whose worker died. */
  onCrash: (task: T, error: Error) => R;
  /** Called as each result arrives, in the order they finish. */
  onResult?: (result: R, task: T) => void;
}

/** Runs every task; resolves with the results in task order. Never rejects for a task's failure. */
export function runPool<T, R>(tasks: T[], opts: PoolOptions<T, R>): Promise<R[]> {
  const results = new Array<R>(tasks.length);
  let next = 0;
  let done = 0;
  const workers = Math.max(1, Math.min(opts.jobs, tasks.length));
  return new Promise((resolve) => {
    if (!tasks.length) return resolve(results);
    const finish = (i: number, r: R) => {
      results[i] = r;
      done++;
      opts.onResult?.(r, tasks[i]);
      if (done === tasks.length) resolve(results);
    };
    const start = () => {
      if (next >= tasks.length) return;
      const w = new Worker(opts.worker, { workerData: opts.workerData });
      let current = -1;
      let failed = false;
      const feed = () => {
        if (next >= tasks.length) {
          current = -1;
          void w.terminate();
          return;
        }
        current = next++;
        w.postMessage(tasks[current]);
      };
      const crash = (error: Error) => {
        if (failed) return;
        failed = true;
        if (current >= 0) finish(current, opts.onCrash(tasks[current], error));
        current = -1;
        void w.terminate();
        start(); // a fresh worker for the tasks left
      };
      w.on('message', (r: R) => {
        finish(current, r);
        feed();
      });
      w.on('error', crash);
      w.on('exit', (code) => {
        if (current >= 0) crash(new Error(`worker thread stopped (exit code ${code})`));
      });
      feed();
    };
    for (let i = 0; i < workers; i++) start();
  });
}
