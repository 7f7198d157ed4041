/**
 * A small pool of worker threads. The workers start (and load what they need) as soon as the
 * pool is created, before it has any task, so they can warm up while the main thread is busy;
 * `run` then sends each worker one task at a time, and the next when it posts its result. A
 * worker that dies (an uncaught error, running out of memory) fails only the task it held; a
 * fresh worker takes over the rest.
 */
import { Worker } from 'node:worker_threads';

export interface PoolOptions<T, R> {
  size: number;
  /** The worker's module (compiled JavaScript). */
  worker: URL;
  workerData: unknown;
  /** The result to record for a task whose worker died. */
  onCrash: (task: T, error: Error) => R;
}

export interface Pool<T, R> {
  /** Runs every task; resolves with the results in task order. Never rejects for a task's failure. Once per pool. */
  run(tasks: T[], onResult?: (result: R, task: T) => void): Promise<R[]>;
  /** Stops the workers (for a pool that will not run after all). */
  close(): void;
  /** Stops the workers now, even in the middle of a task; resolves when they have stopped. */
  stop(): Promise<void>;
}

export function startPool<T, R>(opts: PoolOptions<T, R>): Pool<T, R> {
  let tasks: T[] = [];
  let results: R[] = [];
  let next = 0;
  let done = 0;
  let running = false;
  let settle: ((r: R[]) => void) | undefined;
  let report: ((r: R, t: T) => void) | undefined;
  const workers = new Map<Worker, { feed: () => void; retire: () => void }>();

  const finish = (i: number, r: R) => {
    results[i] = r;
    done++;
    report?.(r, tasks[i]);
    if (done === tasks.length) settle?.(results);
  };

  const spawn = () => {
    const w = new Worker(opts.worker, { workerData: opts.workerData });
    let current = -1;
    let gone = false;
    const retire = () => {
      gone = true;
      workers.delete(w);
      void w.terminate();
    };
    const feed = () => {
      if (!running || gone || current >= 0) return;
      if (next >= tasks.length) return retire();
      current = next++;
      w.postMessage(tasks[current]);
    };
    const die = (error: Error) => {
      if (gone) return;
      retire();
      const held = current;
      current = -1;
      if (held >= 0) finish(held, opts.onCrash(tasks[held], error));
      if (running && next < tasks.length) spawn(); // a fresh worker for the tasks left
    };
    w.on('message', (r: R) => {
      const i = current;
      current = -1;
      finish(i, r);
      feed();
    });
    w.on('error', die);
    w.on('exit', (code) => die(new Error(`worker thread stopped (exit code ${code})`)));
    workers.set(w, { feed, retire });
    feed();
  };

  for (let i = 0; i < Math.max(1, opts.size); i++) spawn();

  return {
    run(list, onResult) {
      if (running) throw new Error('a pool runs once');
      tasks = list;
      results = new Array<R>(list.length);
      report = onResult;
      running = true;
      return new Promise<R[]>((resolve) => {
        settle = resolve;
        if (!list.length) resolve(results);
        // Workers that died while waiting are replaced; then every worker gets its first task.
        for (let i = workers.size; i < Math.min(Math.max(1, opts.size), list.length); i++) spawn();
        for (const { feed } of [...workers.values()]) feed();
      });
    },
    close() {
      running = false;
      for (const { retire } of [...workers.values()]) retire();
    },
    async stop() {
      running = false;
      const all = [...workers.keys()];
      for (const { retire } of [...workers.values()]) retire();
      await Promise.allSettled(all.map((w) => w.terminate()));
    },
  };
}
