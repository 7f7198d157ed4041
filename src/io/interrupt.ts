/**
 * SIGINT, SIGTERM (and SIGHUP) while a build or release is writing: stop the workers, remove
 * the temporary files and folders in flight, and exit with 128 + the signal's number (130,
 * 143, 129), the status a shell reports for a process killed by it.
 *
 * The handlers are installed only while there is something to clean up: while a temporary
 * file or folder of the main thread exists (trackTemp), and while worker threads build (hold).
 * The rest of the time signals keep their default action and end the process at once, with
 * nothing to clean: a handler could only run between two synchronous steps, and laying out a
 * large dossier in the main thread is one step of many seconds, during which Ctrl-C would
 * seem ignored.
 *
 * Writers call beforeCommit just before a rename replaces anything, so that a signal that came
 * in during a (synchronous) write is honoured there and the earlier file stays. Worker threads
 * cannot be reached by the handler: it terminates them (onInterrupt) and then removes every
 * temporary entry of this process in the folders they write into (sweepOnInterrupt).
 */
import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { removeOwnTemps } from './leftovers.js';

const inFlight = new Set<string>();
const stoppers = new Set<() => unknown>();
const folders = new Map<string, number>();
let interrupted: NodeJS.Signals | undefined;

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

function remover<T>(set: { delete(v: T): unknown }, v: T): () => void {
  return () => void set.delete(v);
}

/** Two turns of the event loop, so that its poll phase, which reads a pending signal, runs in between. */
const twoTurns = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
/** What an interrupted writer awaits: the handler is exiting the process. */
const never = () => new Promise<never>(() => {});

let enabled = false;
let holds = 0;
const listener = (signal: NodeJS.Signals) => void onSignal(signal);

/**
 * Handles the signals until the returned function is called (and has let a signal that came
 * meanwhile be handled, so that none is lost when the handlers go). Only in the main thread of
 * a command that enabled it (handleInterrupts): signals reach no other thread.
 */
export function hold(): () => Promise<void> {
  if (!enabled || !isMainThread) return async () => {};
  if (holds++ === 0) for (const signal of Object.keys(SIGNALS)) process.on(signal, listener);
  return async () => {
    await twoTurns();
    if (interrupted) await never();
    if (--holds === 0) for (const signal of Object.keys(SIGNALS)) process.off(signal, listener);
  };
}

/** A temporary file or folder this thread is writing: removed if the process is interrupted. */
export function trackTemp(p: string): () => Promise<void> {
  inFlight.add(p);
  const release = hold();
  return async () => {
    inFlight.delete(p);
    await release();
  };
}

/** Something to stop before temporary files are removed (worker threads writing them). */
export function onInterrupt(stop: () => unknown): () => void {
  stoppers.add(stop);
  return remover(stoppers, stop);
}

/** A folder that other threads of this process write temporary entries into. */
export function sweepOnInterrupt(dir: string): () => void {
  folders.set(dir, (folders.get(dir) ?? 0) + 1);
  return () => {
    const n = (folders.get(dir) ?? 1) - 1;
    if (n > 0) folders.set(dir, n);
    else folders.delete(dir);
  };
}

/**
 * Call just before replacing anything: lets a signal that arrived during the (synchronous)
 * write be handled first. When interrupted, never returns: the handler is exiting.
 */
export async function beforeCommit(): Promise<void> {
  await twoTurns();
  if (interrupted) await never();
}

function removeInFlight(): number {
  let n = 0;
  for (const p of inFlight) {
    try {
      if (fs.existsSync(p)) n++;
      fs.rmSync(p, { recursive: true, force: true });
    } catch {
      // nothing more can be done on the way out
    }
  }
  inFlight.clear();
  return n;
}

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  const code = 128 + SIGNALS[signal];
  if (interrupted) {
    // A second signal while workers are being stopped: do not wait for them.
    removeInFlight();
    process.exit(code);
  }
  interrupted = signal;
  let removed = removeInFlight();
  const stopped = Promise.allSettled([...stoppers].map(async (stop) => stop()));
  await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  removed += removeInFlight();
  for (const dir of folders.keys()) removed += removeOwnTemps(dir);
  // Each temporary entry removed was a write not yet renamed into place: its target is as it was.
  const what = removed
    ? `removed ${removed} temporary ${removed === 1 ? 'file or folder' : 'files or folders'}; what ${removed === 1 ? 'it was' : 'they were'} to replace is as it was`
    : 'nothing was being written';
  process.stderr.write(`interrupted (${signal}): ${what}\n`);
  process.exit(code);
}

/** For commands that write files: handle the signals while there is something to clean up. */
export function handleInterrupts(): void {
  enabled = true;
}
