/**
 * The names of temporary files and folders, and recognising them again. A temporary name
 * carries the process id of its writer, so that what a dead process left behind can be told
 * from what a live one is writing now; the random part keeps two writers of one target (two
 * threads, a reused process id) apart.
 *
 *   .<name>.<pid>-<8 hex>.tmp        a file on its way to <name> (before: .<name>.<pid>.tmp)
 *   .tmp-<version>-<pid>-<8 hex>     a release folder on its way to <version>
 */
import crypto from 'node:crypto';

const random = () => crypto.randomBytes(4).toString('hex');

export function tempFileName(target: string): string {
  return `.${target}.${process.pid}-${random()}.tmp`;
}

export function tempReleaseName(version: string): string {
  return `.tmp-${version}-${process.pid}-${random()}`;
}

const FILE = /^\.(.+)\.(\d+)(?:-[0-9a-f]{8})?\.tmp$/;
const RELEASE = /^\.tmp-(.+)-(\d+)-[0-9a-f]{8}$/;

export interface TempName {
  kind: 'file' | 'release';
  /** The file name or version it was on its way to. */
  target: string;
  pid: number;
}

/** What a name in a folder is, if it is one of our temporary names. */
export function parseTempName(name: string): TempName | undefined {
  const r = RELEASE.exec(name);
  if (r) return { kind: 'release', target: r[1], pid: Number(r[2]) };
  const f = FILE.exec(name);
  if (f) return { kind: 'file', target: f[1], pid: Number(f[2]) };
  return undefined;
}
