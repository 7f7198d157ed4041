/**
 * A small pool of worker threads that share one list of tasks with the thread running the pool.
 * The workers start (and load what they need) as soon as the pool is created, before the tasks
 * are known, so they warm up while the main thread is busy. `run` then sends every worker the
 * whole list once, with an array of claims in shared memory (one 32-bit cell per task: unclaimed,
 * or the id of the thread that took it). Each builder, every worker and, when `run` is given a
 * `here` function, the calling thread too, claims the next unclaimed task itself with an atomic
 * compare-and-swap: no worker waits for a message to get its next task (the calling thread reads
 * none while it builds), and the last tasks go to whoever is free first.
 *
 * A worker that dies (an uncaught error, running out of memory) fails only the task it held (the
 * claims say which); a fresh worker takes over the rest. A worker that dies before it claimed
 * anything (while starting) is not replaced: the others, or the calling thread, take its share,
 * and if no builder is left the tasks still unclaimed fail with its error.
 */
import { parentPort, threadId, Worker } from 'node:worker_threads';

/** A claim cell's value before any thread takes the task. Worker thread ids start at 1. */
const UNCLAIMED = 0;
/** The claim of the thread that runs the pool (its threadId, 0 in the main thread, would read as unclaimed). */
const HERE = -1;

/** What `run` sends each worker, once. */
interface Assignment<T> {
  tasks: T[];
  /** Int32 per task: UNCLAIMED, HERE or the claiming worker's threadId. */
  claims: SharedArrayBuffer;
}

/** What a worker posts for each task it finishes. */
interface Finished<R> {
  index: number;
  result: R;
}

/** Claims the first unclaimed task at or after `from` for thread `by`: its index, or -1 when none is left. */
function claimNext(claims: Int32Array, from: number, by: number): number {
  for (let i = from; i < claims.length; i++) if (Atomics.compareExchange(claims, i, UNCLAIMED, by) === UNCLAIMED) return i;
  return -1;
}

/**
 * The worker's half, called once by the worker module (after its own start-up): builds the tasks
 * it claims, one at a time, posting each result, until none is left; then the worker ends.
 */
export function serveTasks<T, R>(handle: (task: T) => R | Promise<R>): void {
  const port = parentPort!;
  // The assignment, if sent while the worker was starting, waits in the port until now.
  port.once('message', async ({ tasks, claims }: Assignment<T>) => {
    const shared = new Int32Array(claims);
    for (let i = claimNext(shared, 0, threadId); i >= 0; i = claimNext(shared, i + 1, threadId)) {
      const done: Finished<R> = { index: i, result: await handle(tasks[i]) };
      port.postMessage(done);
    }
    // No listener is left on the port: the worker's event loop empties and the thread exits (code 0).
  });
}

export interface PoolOptions<T, R> {
  /** Worker threads (0: only the calling thread builds, with `here`). */
  size: number;
  /** The worker's module (compiled JavaScript); it calls serveTasks. */
  worker: URL;
  workerData: unknown;
  /** The result to record for a task whose worker died. */
  onCrash: (task: T, error: Error) => R;
}

export interface Pool<T, R> {
  /**
   * Runs every task; resolves with the results in task order. Never rejects for a task's failure.
   * With `here`, the calling thread claims and runs tasks too (between two of them, the workers'
   * results are reported). Once per pool.
   */
  run(tasks: T[], onResult?: (result: R, task: T) => void, here?: (task: T) => Promise<R>): Promise<R[]>;
  /** Stops the workers (for a pool that will not run after all). */
  close(): void;
  /** Stops the workers now, even in the middle of a task; resolves when they have stopped. */
  stop(): Promise<void>;
}

export function startPool<T, R>(opts: PoolOptions<T, R>): Pool<T, R> {
  let assignment: Assignment<T> | undefined;
  let claims = new Int32Array(new SharedArrayBuffer(0));
  let results: R[] = [];
  let known: boolean[] = [];
  let done = 0;
  let running = false;
  let hereBuilds = false;
  let settle: ((r: R[]) => void) | undefined;
  let report: ((r: R, t: T) => void) | undefined;
  const workers = new Set<Worker>();

  const finish = (i: number, r: R) => {
    if (known[i]) return;
    known[i] = true;
    results[i] = r;
    done++;
    report?.(r, assignment!.tasks[i]);
    if (done < known.length) return;
    // A worker still starting (the others took every task) is not waited for.
    void retireAll();
    settle?.(results);
  };

  const unclaimedLeft = () => {
    for (let i = 0; i < claims.length; i++) if (Atomics.load(claims, i) === UNCLAIMED) return true;
    return false;
  };

  const spawn = () => {
    const w = new Worker(opts.worker, { workerData: opts.workerData });
    // Read now: a stopped worker's threadId reads -1.
    const id = w.threadId;
    let error: Error | undefined;
    w.on('message', (m: Finished<R>) => finish(m.index, m.result));
    // An uncaught error is followed by 'exit'; the results posted before it are delivered first.
    w.on('error', (e) => (error ??= e));
    w.on('exit', (code) => {
      workers.delete(w);
      if (!running) return;
      const why = error ?? new Error(`worker thread stopped (exit code ${code})`);
      let held = false;
      for (let i = 0; i < claims.length; i++) {
        if (Atomics.load(claims, i) !== id) continue;
        held = true;
        finish(i, opts.onCrash(assignment!.tasks[i], why));
      }
      if (!unclaimedLeft()) return;
      // It died at a task: a fresh worker for the tasks left. Died while starting: not replaced
      // (it would likely die the same way); with no builder left, the tasks left fail.
      if (held) spawn();
      else if (!workers.size && !hereBuilds) {
        for (let i = claimNext(claims, 0, HERE); i >= 0; i = claimNext(claims, i + 1, HERE)) finish(i, opts.onCrash(assignment!.tasks[i], why));
      }
    });
    workers.add(w);
    if (running) w.postMessage(assignment);
  };

  function retireAll() {
    running = false;
    const all = [...workers];
    workers.clear();
    return all.map((w) => w.terminate());
  }

  for (let i = 0; i < opts.size; i++) spawn();

  return {
    async run(list, onResult, here) {
      if (assignment) throw new Error('a pool runs once');
      if (!here && opts.size < 1) throw new Error('a pool without workers runs only with a here function');
      const shared = new SharedArrayBuffer(4 * list.length);
      claims = new Int32Array(shared);
      assignment = { tasks: list, claims: shared };
      results = new Array<R>(list.length);
      known = new Array<boolean>(list.length).fill(false);
      report = onResult;
      hereBuilds = here !== undefined;
      running = true;
      const all = new Promise<R[]>((resolve) => {
        settle = resolve;
        if (list.length) return;
        void retireAll();
        resolve(results);
      });
      for (const w of workers) w.postMessage(assignment);
      // Workers that died while starting are replaced once (spawn sends them the tasks; none are
      // started beyond the tasks).
      for (let i = workers.size; running && i < Math.min(opts.size, list.length - (here ? 1 : 0)); i++) spawn();
      if (here) {
        for (let i = claimNext(claims, 0, HERE); i >= 0 && running; i = claimNext(claims, i + 1, HERE)) {
          let r: R;
          try {
            r = await here(list[i]);
          } catch (e) {
            r = opts.onCrash(list[i], e instanceof Error ? e : new Error(String(e)));
          }
          finish(i, r);
          // The workers' results that came in meanwhile are reported before the next task.
          await new Promise((resolve) => setImmediate(resolve));
        }
        hereBuilds = false;
      }
      return all;
    },
    close() {
      void retireAll();
    },
    async stop() {
      await Promise.allSettled(retireAll());
    },
  };
}
