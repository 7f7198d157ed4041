/**
 * Temporary files and folders that a process left behind when it died too hard to clean up
 * (SIGKILL, a power cut) are removed by the next build or release of the same target, with a
 * notice. A temporary name carries its writer's process id: a name whose process is still
 * running is left alone, since that process may be writing it right now (two builds into one
 * folder). Our own process id on a name older than this process is a leftover of an earlier
 * process that had the same id (usual in containers, where ids start again at 1).
 */
import fs from 'node:fs';
import path from 'node:path';
import { wholePath, type Diagnostic } from '../diagnostics.js';
import { parseTempName, type TempName } from './temp-names.js';

/** When this process started (ms since the epoch, a second early for coarse file times). */
const processStart = () => Date.now() - process.uptime() * 1000 - 1000;

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // it exists, under another user
  }
}

/** The names in a folder; none if it is absent or unreadable. */
function namesIn(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** Whether a temporary entry may belong to a writer that is still at work. */
function live(t: TempName, mtimeMs: number): boolean {
  if (t.pid === process.pid) return mtimeMs >= processStart();
  return running(t.pid);
}

/**
 * Removes the leftovers in `dir` that `mine` accepts (those of the target being written) and
 * returns a warning for each. Best effort: a folder that cannot be read or an entry that cannot
 * be removed is left to the write that follows, which reports real problems.
 */
export function removeLeftovers(dir: string, mine: (t: TempName) => boolean): Diagnostic[] {
  const notes: Diagnostic[] = [];
  for (const name of namesIn(dir)) {
    const t = parseTempName(name);
    if (!t || !mine(t)) continue;
    const p = path.join(dir, name);
    try {
      if (live(t, fs.lstatSync(p).mtimeMs)) continue;
      fs.rmSync(p, { recursive: true, force: true });
    } catch {
      continue;
    }
    const what = t.kind === 'release' ? `temporary folder of release ${t.target}` : `temporary file of ${t.target}`;
    notes.push({
      ...wholePath(p),
      severity: 'warning',
      message: `removed a ${what} left behind by an interrupted run (process ${t.pid}, no longer running)`,
    });
  }
  return notes;
}

/** Removes every temporary entry in `dir` written by this process (after its writers stopped). */
export function removeOwnTemps(dir: string): number {
  let n = 0;
  for (const name of namesIn(dir)) {
    if (parseTempName(name)?.pid !== process.pid) continue;
    try {
      fs.rmSync(path.join(dir, name), { recursive: true, force: true });
      n++;
    } catch {
      // nothing more can be done on the way out
    }
  }
  return n;
}
