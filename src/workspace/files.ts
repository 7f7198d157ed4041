/**
 * Reading workspace files safely: only inside the workspace root (no `..`, no symbolic link
 * pointing out), UTF-8 only, no NUL bytes. Every refusal is a diagnostic, never an exception.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Diagnostics, fileStart, type Position } from '../diagnostics.js';

/** True when `target` (after resolving symbolic links) lies inside `root`. */
export function isInside(root: string, target: string): boolean {
  let realRoot: string;
  let realTarget: string;
  try {
    realRoot = fs.realpathSync(root);
    realTarget = fs.realpathSync(target);
  } catch {
    return false;
  }
  const rel = path.relative(realRoot, realTarget);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface TextFile {
  text: string;
  bytes: Buffer;
}

/** Workspace files larger than this are refused before they are read (a snapshot is an article, not a book). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

/**
 * Reads a UTF-8 text file inside root. `what` names the file's role in messages.
 * `from` is where the reference to the file was written (for missing-file errors).
 */
export function readTextFile(root: string, file: string, what: string, diags: Diagnostics, from?: Position): TextFile | undefined {
  const at = from ?? fileStart(file);
  const shown = path.relative(root, file) || path.basename(file);
  let lstat: fs.Stats;
  try {
    lstat = fs.lstatSync(file);
  } catch {
    diags.error(at, `${what} ${shown} does not exist`, `create ${path.relative(process.cwd(), file) || file}`);
    return undefined;
  }
  if (!isInside(root, file)) {
    const dangling = lstat.isSymbolicLink() && !fs.existsSync(file);
    diags.error(
      at,
      `${what} ${shown} ${dangling ? 'is a symbolic link to nothing' : 'points outside the workspace'}`,
      'workspace files must be real files inside the workspace folder, not links to elsewhere',
    );
    return undefined;
  }
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      diags.error(at, `${what} ${shown} is not a regular file`, 'replace it with a text file');
      return undefined;
    }
    if (stat.size > MAX_FILE_BYTES) {
      diags.error(
        at,
        `${what} ${shown} is too large (${Math.round(stat.size / 1048576)} MiB; at most ${MAX_FILE_BYTES / 1048576} MiB)`,
        'split it into smaller files, or check it is the file you meant',
      );
      return undefined;
    }
    bytes = fs.readFileSync(file);
  } catch (e) {
    diags.error(at, `${what} ${shown} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'check the file permissions');
    return undefined;
  }
  return decodeUtf8(file, bytes, what, diags);
}

/**
 * The entries of a workspace folder, sorted, or [] when it does not exist. A folder that is a
 * file, or cannot be read, is reported (at `from`).
 */
export function listFolder(dir: string, what: string, diags: Diagnostics): fs.Dirent[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    return [];
  }
  if (!stat.isDirectory()) {
    diags.error(
      fileStart(dir),
      `${what} must be a folder, but ${path.basename(dir)} is a file`,
      `move the file away and create the folder ${path.basename(dir)}/`,
    );
    return [];
  }
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    diags.error(
      fileStart(dir),
      `${what} ${path.basename(dir)}/ cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      'check the folder permissions',
    );
    return [];
  }
}

/**
 * Decodes a workspace file. Only UTF-8 is accepted (a byte-order mark is dropped): UTF-16,
 * with or without a byte-order mark, and Latin-1 or Windows-1252 are refused with the command
 * that converts them, never guessed at, since a wrong guess would make quotes fail to match
 * or, worse, match text the source never had.
 */
export function decodeUtf8(file: string, bytes: Buffer, what: string, diags: Diagnostics): TextFile | undefined {
  const utf16 = utf16Kind(bytes);
  if (utf16) {
    diags.error(
      fileStart(file),
      `${what} is ${utf16}; only UTF-8 is accepted`,
      `convert it, e.g. iconv -f UTF-16 -t UTF-8 ${path.basename(file)} > fixed && mv fixed ${path.basename(file)}`,
    );
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = Math.min(firstInvalidUtf8(bytes), bytes.length - 1);
    diags.error(
      positionOfByte(file, bytes, offset),
      `${what} is not valid UTF-8 (byte 0x${bytes[offset].toString(16).padStart(2, '0')} at offset ${offset})`,
      `save the file as UTF-8; if it is Latin-1 or Windows-1252: iconv -f WINDOWS-1252 -t UTF-8 ${path.basename(file)} > fixed && mv fixed ${path.basename(file)}`,
    );
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    diags.error(positionOfIndex(file, text, nul), `${what} contains a NUL byte`, 'this looks like a binary file; save it as UTF-8 text');
    return undefined;
  }
  return { text, bytes };
}

/** "UTF-16" with a byte-order mark, "UTF-16 without a byte-order mark" when every other byte of the start is zero. */
function utf16Kind(bytes: Buffer): string | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'UTF-16';
  const n = Math.min(bytes.length, 64) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  return (oddZeros === pairs && evenZeros === 0) || (evenZeros === pairs && oddZeros === 0) ? 'UTF-16 without a byte-order mark' : undefined;
}

export function positionOfIndex(file: string, text: string, index: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { file, line, col: index - lineStart + 1 };
}

function positionOfByte(file: string, bytes: Buffer, offset: number): Position {
  const before = bytes.subarray(0, offset).toString('utf8');
  return positionOfIndex(file, before, before.length);
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode table 3-7). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // beyond U+10FFFF
    } else return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : (c & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return bytes.length;
}
