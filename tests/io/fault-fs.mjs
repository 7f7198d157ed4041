// Loaded with `node --import` into the CLI by the I/O tests (and, through the inherited
// execArgv, into its worker threads): makes the file system misbehave on the files the tool
// writes, as a full disk, a read-only mount or a failing device would.
//
//   DOSSIER_FAULT       rules, comma-separated: OP:N:ACTION
//                         OP      open | write | fsync | rename | mkdir | read | readfile (readFileSync)
//                         N       the Nth such call on a matching path (per thread), or * for every one
//                         ACTION  an errno code (ENOSPC, EROFS, ...): the call throws it, as Node would
//                                 short: write at most 700 bytes of what is asked (writeSync's count says so)
//                                 zero: write nothing and say 0
//                                 flip: read back one byte changed
//                                 pause: create DOSSIER_FAULT_MARKER, then hang until DOSSIER_FAULT_GO exists
//                                        or DOSSIER_FAULT_PAUSE_MS (default 30000) have passed; with
//                                        DOSSIER_FAULT_GO_MAIN set, worker threads ignore DOSSIER_FAULT_GO
//   DOSSIER_FAULT_PATH  a regular expression for the paths concerned (default: the tool's temporary names)
import fs from 'node:fs';
import os from 'node:os';
import { isMainThread } from 'node:worker_threads';

const rules = (process.env.DOSSIER_FAULT ?? '')
  .split(',')
  .filter(Boolean)
  .map((r) => {
    const [op, n, action] = r.split(':');
    return { op, n: n === '*' ? 0 : Number(n), action, seen: 0 };
  });
const concerned = new RegExp(process.env.DOSSIER_FAULT_PATH ?? '\\.tmp');
const fdPaths = new Map();

function errno(code, syscall, path) {
  const e = new Error(`${code}: simulated failure, ${syscall} '${path}'`);
  return Object.assign(e, { code, errno: -(os.constants.errno[code] ?? 5), syscall, path });
}

function pause() {
  if (process.env.DOSSIER_FAULT_MARKER) fs.writeFileSync(process.env.DOSSIER_FAULT_MARKER, String(process.pid));
  const until = Date.now() + Number(process.env.DOSSIER_FAULT_PAUSE_MS ?? 30000);
  const go = isMainThread || !process.env.DOSSIER_FAULT_GO_MAIN ? process.env.DOSSIER_FAULT_GO : undefined;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  // Short waits: a worker being terminated stops between two of them.
  while (Date.now() < until && !(go && fs.existsSync(go))) Atomics.wait(cell, 0, 0, 20);
}

/** The actions that apply to this call, after counting it. */
function actionsFor(op, path) {
  if (typeof path !== 'string' || !concerned.test(path)) return [];
  const due = [];
  for (const r of rules) {
    if (r.op !== op) continue;
    r.seen++;
    if (r.n === 0 || r.n === r.seen) due.push(r.action);
  }
  return due;
}

/** Throws an errno action if there is one; pauses; returns the other actions. */
function apply(op, path, syscall) {
  const due = actionsFor(op, path);
  const code = due.find((a) => /^E[A-Z]+$/.test(a));
  if (code) throw errno(code, syscall, path);
  if (due.includes('pause')) pause();
  return due;
}

const real = { ...fs };

fs.openSync = function (path, ...rest) {
  apply('open', path, 'open');
  const fd = real.openSync.call(this, path, ...rest);
  fdPaths.set(fd, path);
  return fd;
};
fs.closeSync = function (fd) {
  fdPaths.delete(fd);
  return real.closeSync.call(this, fd);
};
fs.writeSync = function (fd, buffer, offset, length, ...rest) {
  const due = apply('write', fdPaths.get(fd), 'write');
  if (due.includes('zero')) return 0;
  if (due.includes('short') && typeof buffer !== 'string') {
    const off = offset ?? 0;
    const len = Math.min(700, length ?? buffer.length - off);
    return real.writeSync.call(this, fd, buffer, off, len, ...rest);
  }
  return real.writeSync.call(this, fd, buffer, offset, length, ...rest);
};
fs.fsyncSync = function (fd) {
  apply('fsync', fdPaths.get(fd), 'fsync');
  return real.fsyncSync.call(this, fd);
};
fs.readSync = function (fd, buffer, ...rest) {
  const due = apply('read', fdPaths.get(fd), 'read');
  const n = real.readSync.call(this, fd, buffer, ...rest);
  if (due.includes('flip') && n > 0) {
    const at = typeof rest[0] === 'number' ? rest[0] : 0;
    buffer[at] ^= 0xff;
  }
  return n;
};
fs.renameSync = function (from, to) {
  apply('rename', from, 'rename');
  return real.renameSync.call(this, from, to);
};
fs.mkdirSync = function (path, ...rest) {
  apply('mkdir', path, 'mkdir');
  return real.mkdirSync.call(this, path, ...rest);
};
fs.readFileSync = function (path, ...rest) {
  apply('readfile', path, 'open');
  return real.readFileSync.call(this, path, ...rest);
};
