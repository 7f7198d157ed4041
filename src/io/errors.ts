/**
 * Failures of the file system where the tool writes (a full disk, a quota, a read-only mount,
 * no permission, a file where a folder should be) belong to the user's machine, not to a bug
 * in this tool: they become an error diagnostic that names the path, says what happened with
 * the system's code, and how to fix it, and the command exits 1 (DiagnosticError).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DiagnosticError, wholePath, type Diagnostic } from '../diagnostics.js';

const ELSEWHERE = 'or write elsewhere with --out DIR';

/** What each code means to a user, and what to do about it. Codes not listed are bugs. */
const CODES: Record<string, { what: string; hint: string }> = {
  ENOSPC: { what: 'no space left on the device', hint: `free some space on that disk, ${ELSEWHERE}` },
  EDQUOT: { what: 'disk quota exceeded', hint: `free some space within your quota (or ask for a larger one), ${ELSEWHERE}` },
  EFBIG: { what: 'the file is too large for that file system', hint: `write elsewhere with --out DIR` },
  EROFS: { what: 'the file system is read-only', hint: `write elsewhere with --out DIR, or remount that file system read-write` },
  EACCES: { what: 'permission denied', hint: `check the folder's owner and permissions (ls -ld), ${ELSEWHERE}` },
  EPERM: { what: 'operation not permitted', hint: `check the folder's owner, permissions and attributes (ls -ld, lsattr -d), ${ELSEWHERE}` },
  EEXIST: { what: 'a file is in the way', hint: `move that file away, ${ELSEWHERE}` },
  ENOTDIR: { what: 'a file is in the way of a folder', hint: `move that file away, ${ELSEWHERE}` },
  EISDIR: { what: 'it is a folder, not a file', hint: `move that folder away, ${ELSEWHERE}` },
  ENOTEMPTY: { what: 'a folder is in the way', hint: `move that folder away, ${ELSEWHERE}` },
  EIO: { what: 'input/output error', hint: `the disk or network file system failed: check it (dmesg), ${ELSEWHERE}` },
  ESTALE: { what: 'stale network file handle', hint: `remount the network file system, ${ELSEWHERE}` },
  ENAMETOOLONG: { what: 'the path is too long', hint: 'use a shorter --out folder or a shorter dossier id' },
  ELOOP: { what: 'too many levels of symbolic links', hint: `fix the symbolic links in that path, ${ELSEWHERE}` },
  ENOENT: {
    what: 'a file or folder being written disappeared',
    hint: 'something else removed it meanwhile (another run on that folder from another machine or container?): run again',
  },
  EMFILE: { what: 'too many open files', hint: 'close other programs, or raise the limit (ulimit -n)' },
  ENFILE: { what: 'too many open files in the system', hint: 'close other programs and run again' },
  EBUSY: { what: 'the file or device is busy', hint: 'close the program using it and run again' },
  ETXTBSY: { what: 'the file is busy', hint: 'close the program using it and run again' },
};

/** True for an error of the file system that the user's environment caused (see CODES). */
export function isEnvironmentError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && Object.hasOwn(CODES, code);
}

/** The nearest ancestor of p (or p itself) that exists and is not a folder: the file in the way. */
function fileInTheWay(p: string): string | undefined {
  for (let cur = path.resolve(p); ; cur = path.dirname(cur)) {
    try {
      return fs.statSync(cur).isDirectory() ? undefined : cur;
    } catch {
      // not there: look at its parent
    }
    if (path.dirname(cur) === cur) return undefined;
  }
}

/** A write that went wrong without an error from the system (a short or unfaithful write). */
export class WriteCheckFailed extends Error {
  readonly code = 'EIO';
}

/**
 * The problem on output, as a diagnostic error (exit 1). `target` is the path the user knows
 * (the PDF, the release folder), `doing` what failed ("cannot write the PDF"). `notes` are
 * warnings to report with it (leftovers removed before the failure). Anything that is not an
 * environment error is a bug and is returned as it was.
 */
export function outputError(e: unknown, target: string, doing: string, notes: Diagnostic[] = []): unknown {
  if (!isEnvironmentError(e)) return e;
  const known = CODES[e.code];
  let what = e instanceof WriteCheckFailed ? e.message : known.what;
  // Say which file stands where a folder should be: a folder on the way to e.path (ENOTDIR),
  // or the folder being created (EEXIST from mkdir; from an exclusive open it is the file itself).
  const where = e.code === 'ENOTDIR' ? path.dirname(e.path ?? target) : e.code === 'EEXIST' && e.syscall === 'mkdir' ? (e.path ?? target) : undefined;
  const file = where === undefined ? undefined : fileInTheWay(where);
  if (file) what = `${file === path.resolve(target) ? 'it' : path.relative(process.cwd(), file) || file} is a file, not a folder`;
  return new DiagnosticError([{ ...wholePath(path.resolve(target)), severity: 'error', message: `${doing}: ${what} (${e.code})`, hint: known.hint }, ...notes]);
}

/**
 * Node's recursive mkdir answers ENOENT when a missing parent could not be made (on a read-only
 * file system, say): make the first missing folder alone to learn the real reason.
 */
function realCause(e: unknown, dir: string): unknown {
  if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return e;
  let first = path.resolve(dir);
  while (path.dirname(first) !== first && !fs.existsSync(path.dirname(first))) first = path.dirname(first);
  try {
    fs.mkdirSync(first);
  } catch (cause) {
    return cause;
  }
  return e;
}

/** Creates a folder and its parents, or throws the problem as a diagnostic naming the folder. */
export function makeFolder(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw outputError(realCause(e, dir), dir, 'cannot create the folder');
  }
}
