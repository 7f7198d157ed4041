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

/**
 * Reads a UTF-8 text file inside root. `what` names the file's role in messages.
 * `from` is where the reference to the file was written (for missing-file errors).
 */
export function readTextFile(root: string, file: string, what: string, diags: Diagnostics, from?: Position): TextFile | undefined {
  const at = from ?? fileStart(file);
  if (!fs.existsSync(file)) {
    diags.error(at, `${what} ${path.basename(file)} does not exist`, `create ${path.relative(process.cwd(), file)}`);
    return undefined;
  }
  if (!isInside(root, file)) {
    diags.error(at, `${what} ${path.basename(file)} points outside the workspace`, 'workspace files must be real files inside the workspace folder, not links to elsewhere');
    return undefined;
  }
  const stat = fs.statSync(file);
  if (!stat.isFile()) {
    diags.error(at, `${what} ${path.basename(file)} is not a regular file`);
    return undefined;
  }
  const bytes = fs.readFileSync(file);
  return decodeUtf8(file, bytes, what, diags);
}

export function decodeUtf8(file: string, bytes: Buffer, what: string, diags: Diagnostics): TextFile | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    diags.error(fileStart(file), `${what} is UTF-16; only UTF-8 is accepted`, `convert it, e.g. iconv -f UTF-16 -t UTF-8 ${path.basename(file)} > fixed && mv fixed ${path.basename(file)}`);
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    diags.error(positionOfByte(file, bytes, offset), `${what} is not valid UTF-8 (byte 0x${bytes[offset].toString(16).padStart(2, '0')} at offset ${offset})`, `save the file as UTF-8; if it is Latin-1: iconv -f LATIN1 -t UTF-8`);
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    diags.error(positionOfIndex(file, text, nul), `${what} contains a NUL byte`, 'this looks like a binary file or a UTF-16 file without a byte-order mark; save it as UTF-8 text');
    return undefined;
  }
  return { text, bytes };
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

function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const n = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return Math.max(0, bytes.length - 1);
}
