/**
 * SIGINT, SIGTERM (and SIGHUP) during a build or release: stop the workers, remove the
 * temporary files and folders in flight, and exit with 128 + the signal's number (130, 143,
 * 129), as a shell reports a process killed by it.
 *
 * Writers register what they create (trackTemp) and call beforeCommit just before a rename
 * replaces anything, so that a signal that came in during a write is honoured there and the
 * earlier file stays. Worker threads cannot be reached by the handler: it terminates them
 * (onInterrupt) and then removes every temporary entry of this process in the folders they
 * write into (sweepOnInterrupt).
 *
 * The handlers are installed only by commands that write (the CLI calls handleInterrupts):
 * while the main thread runs a long synchronous step (laying out a large dossier in the main
 * thread), a signal waits for that step to end.
 */
import fs from 'node:fs';
import { removeOwnTemps } from './leftovers.js';

const inFlight = new Set<string>();
const stoppers = new Set<() => unknown>();
const folders = new Map<string, number>();
let interrupted: NodeJS.Signals | undefined;

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

function remover<T>(set: { delete(v: T): unknown }, v: T): () => void {
  return () => void set.delete(v);
}

/** A temporary file or folder this thread is writing: removed if the process is interrupted. */
export function trackTemp(p: string): () => void {
  inFlight.add(p);
  return remover(inFlight, p);
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
 * write be handled first. Two turns of the event loop, so that its poll phase, which reads
 * the signal, runs in between. When interrupted, never returns: the handler is exiting.
 */
export async function beforeCommit(): Promise<void> {
  await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
  if (interrupted) await new Promise(() => {});
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
  const temps = removed ? `; removed ${removed} temporary ${removed === 1 ? 'file or folder' : 'files or folders'}` : '';
  process.stderr.write(`interrupted (${signal}): what was being written was not put in place${temps}\n`);
  process.exit(code);
}

let installed = false;

/** Installs the handlers (once). For commands that write files. */
export function handleInterrupts(): void {
  if (installed) return;
  installed = true;
  for (const signal of Object.keys(SIGNALS) as NodeJS.Signals[]) process.on(signal, (s: NodeJS.Signals) => void onSignal(s));
}
