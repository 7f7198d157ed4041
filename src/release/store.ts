/**
 * Release folders on disk: <out>/<id>/<version>/ holding the PDF, manifest.json, CHANGELOG.md
 * and SHA256SUMS. Reading what is there (refusing a folder that is not ours, such as a
 * compiled dist/<name>/), checking files against SHA256SUMS, and writing a new release
 * all at once: into a hidden temporary folder beside it, renamed into place when complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { makeFolder, outputError } from '../io/errors.js';
import { trackTemp, beforeCommit } from '../io/interrupt.js';
import { removeLeftovers } from '../io/leftovers.js';
import { tempReleaseName } from '../io/temp-names.js';
import { removeQuietly, syncFolder, writeNewFile } from '../io/write.js';
import { sha256 } from './hash.js';
import { readManifest, type Manifest } from './manifest.js';
import { compareSemver, parseSemver } from './semver.js';

export const MANIFEST_FILE = 'manifest.json';
export const SUMS_FILE = 'SHA256SUMS';
export const CHANGELOG_FILE = 'CHANGELOG.md';

export interface ExistingRelease {
  version: string;
  dir: string;
  manifest: Manifest;
}

/** Why a folder cannot be used as a dossier's release folder. */
export class NotAReleaseFolder extends Error {}

/**
 * The releases in a dossier's folder, lowest version first. An absent or empty folder has
 * none. Anything else in it (files, folders not named by a version, a version folder without
 * a manifest of this dossier) means the folder is not a release folder: it is refused so a
 * release never mixes into, say, a compiled dist/release/.
 */
export function listReleases(idDir: string, id: string): ExistingRelease[] {
  if (!fs.existsSync(idDir)) return [];
  if (!fs.statSync(idDir).isDirectory()) throw new NotAReleaseFolder(`${idDir} is a file, not a folder`);
  const out: ExistingRelease[] = [];
  for (const e of fs.readdirSync(idDir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue; // temporary folders of releases in progress
    const dir = path.join(idDir, e.name);
    if (!e.isDirectory() || !parseSemver(e.name))
      throw new NotAReleaseFolder(`it holds ${e.name}, which is not a release (release folders are named by version)`);
    const file = path.join(dir, MANIFEST_FILE);
    if (!fs.existsSync(file)) throw new NotAReleaseFolder(`${e.name}/ has no ${MANIFEST_FILE}`);
    let manifest: Manifest;
    try {
      manifest = readManifest(file);
    } catch (err) {
      throw new NotAReleaseFolder((err as Error).message);
    }
    if (manifest.dossier.id !== id || manifest.dossier.version !== e.name) {
      throw new NotAReleaseFolder(`${e.name}/${MANIFEST_FILE} is the manifest of ${manifest.dossier.id} ${manifest.dossier.version}, not of ${id} ${e.name}`);
    }
    out.push({ version: e.name, dir, manifest });
  }
  return out.sort((a, b) => compareSemver(a.version, b.version) || (a.version < b.version ? -1 : 1));
}

export function sumsText(files: { name: string; data: Buffer }[]): string {
  return [...files]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => `${sha256(f.data)}  ${f.name}\n`)
    .join('');
}

/**
 * Checks the files of a release folder against its SHA256SUMS, as `sha256sum -c` would.
 * Returns one problem per file that is missing or differs; none when all match.
 */
export function verifySums(dir: string): string[] {
  const sumsFile = path.join(dir, SUMS_FILE);
  if (!fs.existsSync(sumsFile)) return [`${SUMS_FILE} is missing`];
  const problems: string[] = [];
  for (const line of fs.readFileSync(sumsFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) {
      problems.push(`${SUMS_FILE}: unreadable line "${line}"`);
      continue;
    }
    const file = path.join(dir, m[2]);
    if (!fs.existsSync(file)) problems.push(`${m[2]} is missing`);
    else if (sha256(fs.readFileSync(file)) !== m[1]) problems.push(`${m[2]} does not match its checksum`);
  }
  return problems;
}

/**
 * Problems with the files of an existing release: those listed in SHA256SUMS must match it,
 * and the PDF must match the manifest. Missing files are tolerated (a folder may hold only the
 * manifest of an earlier release, fetched to compare with).
 */
export function damageOf(release: ExistingRelease): string[] {
  const problems = verifySums(release.dir).filter((p) => !p.endsWith('is missing'));
  const pdf = path.join(release.dir, release.manifest.pdf?.file ?? '');
  if (release.manifest.pdf && fs.existsSync(pdf) && sha256(fs.readFileSync(pdf)) !== release.manifest.pdf.sha256) {
    problems.push(`${release.manifest.pdf.file} does not match the SHA-256 in ${MANIFEST_FILE}`);
  }
  return [...new Set(problems)];
}

/** The rename found the release already in place (another run made it meanwhile). */
export class ReleaseExists extends Error {}

/**
 * Writes a release folder all at once: the files go into a hidden temporary folder in the
 * dossier's folder, each written in full, flushed and checked, and the folder is renamed to
 * <version> when complete. Readers see no release or the whole release; an existing release
 * is never written into. Leftover temporary folders of interrupted releases are removed
 * first (a warning each, returned); problems of the file system are thrown as a diagnostic
 * naming the release folder.
 */
export async function writeRelease(idDir: string, version: string, files: { name: string; data: Buffer }[]): Promise<{ dir: string; notes: Diagnostic[] }> {
  makeFolder(idDir);
  const notes = removeLeftovers(idDir, (t) => t.kind === 'release');
  const target = path.join(idDir, version);
  const tmp = path.join(idDir, tempReleaseName(version));
  const untrack = trackTemp(tmp);
  let doing = 'cannot create the release folder';
  try {
    fs.mkdirSync(tmp);
    for (const f of files) {
      doing = `cannot write ${f.name}`;
      writeNewFile(path.join(tmp, f.name), f.data);
    }
    syncFolder(tmp);
    await beforeCommit();
    if (fs.existsSync(target)) throw new ReleaseExists(target);
    doing = 'cannot put the release in place';
    fs.renameSync(tmp, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const raced = (e as NodeJS.ErrnoException).syscall === 'rename' && (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EISDIR');
    throw raced ? new ReleaseExists(target) : outputError(e, target, doing, notes);
  } finally {
    removeQuietly(tmp);
    await untrack();
  }
  syncFolder(idDir);
  return { dir: target, notes };
}
