/**
 * Writing files so that an earlier good file is never lost: the new content goes into a
 * temporary file beside the target, is written in full, flushed to the disk and read back,
 * and only then renamed over the target. Readers see the old complete file or the new one;
 * a full disk, a quota or a failing device leaves the old one byte for byte as it was, and
 * the temporary file is removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { makeFolder, outputError, WriteCheckFailed } from './errors.js';
import { beforeCommit, trackTemp } from './interrupt.js';
import { removeLeftovers } from './leftovers.js';
import { tempFileName } from './temp-names.js';

/**
 * Writes all of data: writeSync may write fewer bytes than asked (a disk that fills up
 * mid-write, a signal), so write the rest until all is written or the system says why not.
 */
function writeAll(fd: number, data: Uint8Array): void {
  for (let done = 0; done < data.length;) {
    const n = fs.writeSync(fd, data, done, data.length - done);
    // A file that takes no bytes and gives no reason would loop for ever.
    if (!(n > 0)) throw new WriteCheckFailed(`the file system took no bytes at byte ${done} of ${data.length}`);
    done += n;
  }
}

const CHUNK = 1 << 20;

/** Flushes the file to the disk, then checks that it holds exactly data: its size, then its bytes. */
function checkOnDisk(fd: number, data: Uint8Array): void {
  fs.fsyncSync(fd);
  const size = fs.fstatSync(fd).size;
  if (size !== data.length) throw new WriteCheckFailed(`the file written has ${size} bytes, not ${data.length}`);
  const buf = Buffer.alloc(Math.min(CHUNK, Math.max(1, data.length)));
  for (let at = 0; at < data.length;) {
    const n = fs.readSync(fd, buf, 0, Math.min(buf.length, data.length - at), at);
    if (!(n > 0) || Buffer.compare(buf.subarray(0, n), data.subarray(at, at + n)) !== 0) {
      throw new WriteCheckFailed(`the file written reads back differently from byte ${at}`);
    }
    at += n;
  }
}

/** Creates `file`, which must not exist, with exactly data on the disk; throws the system's error. */
export function writeNewFile(file: string, data: Uint8Array): void {
  const fd = fs.openSync(file, 'wx+');
  try {
    writeAll(fd, data);
    checkOnDisk(fd, data);
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {
      // the first failure is the one to report
    }
    throw e;
  }
  fs.closeSync(fd); // on a network file system, close can report a failed write
}

/** Removes a file or folder if it is there, quietly (on the way out of a failure). */
export function removeQuietly(p: string): void {
  try {
    fs.rmSync(p, { recursive: true, force: true });
  } catch {
    // the failure being reported matters more
  }
}

/**
 * Flushes a folder, so that a rename in it survives a power cut. Not every file system can
 * (some refuse to open or flush a folder); the files themselves are flushed already.
 */
export function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // best effort, see above
  }
}

/**
 * Writes target through a temporary file beside it (see the top of this file). `what` names
 * the file in messages ("the PDF"). Leftovers of interrupted writes of the same target are
 * removed first; returns a warning for each. Problems of the file system are thrown as a
 * diagnostic naming target (see errors.ts).
 */
export async function writeFileAtomic(target: string, content: Uint8Array | string, what = 'the file'): Promise<Diagnostic[]> {
  const data = typeof content === 'string' ? Buffer.from(content) : content;
  const dir = path.dirname(target);
  const name = path.basename(target);
  makeFolder(dir);
  const notes = removeLeftovers(dir, (t) => t.kind === 'file' && t.target === name);
  const tmp = path.join(dir, tempFileName(name));
  const untrack = trackTemp(tmp);
  try {
    writeNewFile(tmp, data);
    await beforeCommit();
    fs.renameSync(tmp, target);
  } catch (e) {
    removeQuietly(tmp);
    throw outputError(e, target, `cannot write ${what}`, notes);
  } finally {
    await untrack();
  }
  syncFolder(dir);
  return notes;
}
