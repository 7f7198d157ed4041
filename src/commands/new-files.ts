/**
 * Creating a set of new files for `dossier init` and `dossier source add`: nothing that exists
 * is ever replaced, and the set is written whole or not at all. Every file is first checked
 * to be absent (all the files in the way are named at once, before anything is written),
 * then each is written through src/io/write.ts without replacing (a hard link, which fails if
 * a file appeared meanwhile). If one cannot be written, the files and folders this run made
 * are removed again; on SIGINT or SIGTERM too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DiagnosticError, formatDiagnostic, wholePath, type Diagnostic } from '../diagnostics.js';
import { hold, trackTemp } from '../io/interrupt.js';
import { writeFileAtomic } from '../io/write.js';
import { UsageError } from '../usage.js';

export interface NewFile {
  /** Absolute path. */
  path: string;
  data: Uint8Array | string;
  /** The file's role in messages ("the snapshot"). */
  what: string;
}

export const shown = (p: string): string => path.relative(process.cwd(), p) || p;

/** What is at p (a last symbolic link itself unless follow), or undefined: nothing, or a file on the way (ENOTDIR). */
function entry(p: string, follow = false): fs.Stats | undefined {
  try {
    return (follow ? fs.statSync : fs.lstatSync)(p, { throwIfNoEntry: false });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/**
 * The files of the set that are in the way, as errors: a file (or folder, or link) where a
 * new file should go, or a file where a folder should be. `hint` says how to get out of it.
 */
export function inTheWay(files: NewFile[], hint: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    const stat = entry(f.path);
    if (stat) {
      const kind = stat.isDirectory() ? 'a folder' : stat.isSymbolicLink() ? 'a symbolic link' : 'a file';
      out.push({ ...wholePath(f.path), severity: 'error', message: `${kind} of that name exists already; it is never overwritten`, hint });
      continue;
    }
    for (let dir = path.dirname(f.path); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      const s = entry(dir, true);
      if (!s) continue;
      if (!s.isDirectory() && !seen.has(dir)) {
        seen.add(dir);
        out.push({
          ...wholePath(dir),
          severity: 'error',
          message: `is a file, where a folder is needed for ${shown(f.path)}`,
          hint: 'move that file away, or choose another folder',
        });
      }
      break;
    }
  }
  return out;
}

/** The folders that do not exist on the way to each file, deepest first. */
function missingFolders(files: NewFile[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    for (let dir = path.dirname(f.path); !fs.existsSync(dir) && path.dirname(dir) !== dir; dir = path.dirname(dir)) out.add(dir);
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * Writes every file, in order, none replacing anything. On failure (a full disk, a file that
 * appeared meanwhile) removes what this call created and throws the diagnostic.
 */
export async function createFiles(files: NewFile[]): Promise<Diagnostic[]> {
  const folders = missingFolders(files);
  const release = hold();
  const made: (() => Promise<void>)[] = [];
  const notes: Diagnostic[] = [];
  try {
    for (const f of files) {
      notes.push(...(await writeFileAtomic(f.path, f.data, f.what, { replace: false })));
      // From now on an interrupt removes it too: the set is written whole or not at all.
      made.push(trackTemp(f.path));
    }
  } catch (e) {
    for (const f of files.slice(0, made.length)) fs.rmSync(f.path, { force: true });
    for (const dir of folders) {
      try {
        fs.rmdirSync(dir);
      } catch {
        // not empty (someone else's file) or gone: leave it
      }
    }
    throw e;
  } finally {
    for (const untrack of made) await untrack();
    await release();
  }
  return notes;
}

/**
 * Runs a command that creates files: a refusal or a failure to write (DiagnosticError) is
 * printed with "nothing was written" and exit 1; anything else goes on to the caller.
 */
export async function creating(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    for (const d of e.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    process.stderr.write('nothing was written\n');
    process.exitCode = 1;
  }
}

/** Throws the files in the way (exit 1, nothing written), if any. */
export function refuseInTheWay(files: NewFile[], hint: string): void {
  const blocking = inTheWay(files, hint);
  if (blocking.length) throw new DiagnosticError(blocking);
}

/**
 * Today's date, YYYY-MM-DD in UTC, or that of SOURCE_DATE_EPOCH (seconds since 1970) when it
 * is set, so that a scripted run writes the same files on any day.
 */
export function todayUtc(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return new Date().toISOString().slice(0, 10);
  const d = /^\d{1,12}$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
  if (!d || Number.isNaN(d.getTime()))
    throw new UsageError(
      `SOURCE_DATE_EPOCH "${epoch}" is not a number of seconds since 1970-01-01\n  hint: set it to an integer such as 1767225600 (date +%s), or unset it to use today's date`,
    );
  return d.toISOString().slice(0, 10);
}
