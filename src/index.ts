/**
 * The programmatic API of dossier-press: `import { check, build, release } from 'dossier-press'`.
 *
 * Each function does what the command of the same name does, without printing: problems in the
 * workspace and files that cannot be written come back as diagnostics (`ok: false`), never as
 * exceptions; only a bug in this tool throws. Paths in diagnostics are absolute; `line` and
 * `col` are 1-based, or 0 when the problem is with a path as a whole (`formatDiagnostic` prints
 * either form as the command line does). No signal handlers are installed: interrupting a
 * program that builds can leave a temporary file beside an output, which the next write of
 * that output removes (see the README, "Leftovers").
 */
import path from 'node:path';
import { buildBatch } from './batch/batch.js';
import type { BuildResult } from './batch/task.js';
import { checkWorkspace } from './check.js';
import { DiagnosticError, formatDiagnostic, sortDiagnostics, wholePath, type Diagnostic, type Severity } from './diagnostics.js';
import { releaseDossier, type ReleaseResult } from './release/release.js';
import { UsageError } from './usage.js';
import { TOOL_VERSION } from './version.js';

export { formatDiagnostic, sortDiagnostics, type Diagnostic, type Severity, type BuildResult, type ReleaseResult };
export type { Manifest } from './release/manifest.js';
export type { Changes } from './release/changelog.js';

/** This package's version. */
export const version: string = TOOL_VERSION;

export interface CheckOptions {
  /** The workspace folder (sources/, claims/, dossier definitions). */
  root: string;
  /** Dossier definition files to check; default: every *.yaml directly in the root. */
  files?: string[];
}

export interface CheckResult {
  /** True when there are no errors (warnings may remain). */
  ok: boolean;
  /** Every error and warning found, sorted by file, line and column. */
  diagnostics: Diagnostic[];
  /** How many sources, claims, verified quotes and dossiers the workspace holds. */
  counts: { sources: number; claims: number; quotes: number; dossiers: number };
}

/** `dossier check`: loads the workspace, validates every file and verifies every quote. */
export function check(options: CheckOptions): CheckResult {
  const cw = checkWorkspace(options.root, options.files?.length ? options.files : undefined);
  const quotes = [...cw.checked.values()].reduce((n, c) => n + c.locations.length, 0);
  return {
    ok: cw.diags.errorCount === 0,
    diagnostics: sortDiagnostics(cw.diags.items),
    counts: { sources: cw.ws.sources.size, claims: cw.checked.size, quotes, dossiers: cw.ws.dossiers.size },
  };
}

export interface BuildOptions extends CheckOptions {
  /** Output folder for <id>.pdf (default "out", relative to the working directory). */
  out?: string;
  /** Dossiers built at once: the calling thread and jobs - 1 worker threads (default 1: the calling thread alone). */
  jobs?: number;
  /** Build only shard `index` (1-based) of `count`. */
  shard?: { index: number; count: number };
  /** Tagged PDF/UA-1 (default true), or an untagged PDF. */
  tagged?: boolean;
}

export interface BuildOutcome {
  /** True when nothing stopped the batch and every dossier was built. */
  ok: boolean;
  /**
   * Problems outside the dossier definitions (sources, claims) and their warnings. An error
   * here stops the batch: nothing is built and `results` is empty.
   */
  diagnostics: Diagnostic[];
  /** One result per dossier, in the order of the definition files, with its own diagnostics. */
  results: BuildResult[];
}

/** `dossier build`: verifies the workspace and writes <out>/<id>.pdf for each dossier. */
export async function build(options: BuildOptions): Promise<BuildOutcome> {
  const { plan, results } = await buildBatch(
    { root: options.root, files: options.files ?? [], out: options.out ?? 'out', jobs: options.jobs ?? 1, shard: options.shard, tagged: options.tagged },
    { planned: () => {}, result: () => {} },
  );
  const diagnostics = sortDiagnostics([...plan.blocking, ...plan.warnings]);
  return { ok: plan.blocking.length === 0 && results.every((r) => r.ok), diagnostics, results };
}

export interface ReleaseOptions {
  /** The dossier definition file (it must have a `version`). */
  file: string;
  /** The workspace folder; default: the folder of `file`. */
  root?: string;
  /** The folder of releases (default "releases"): writes <out>/<id>/<version>/. */
  out?: string;
  /** Compare with this release instead of the highest one below this version. */
  since?: string;
  /**
   * Sign the PDF (PAdES B-B) with the key and certificate in a PKCS#12 file, opened with
   * `passphrase`, else the environment variable `passphraseEnv` (default
   * DOSSIER_SIGN_PASSPHRASE), else the file `passphraseFile`.
   */
  sign?: { key: string; passphrase?: string; passphraseEnv?: string; passphraseFile?: string };
}

export interface ReleaseOutcome {
  /** True when the release was written, or this version already holds exactly this content. */
  ok: boolean;
  /** Errors (the release was not written) and warnings (a version step smaller than the changes). */
  diagnostics: Diagnostic[];
  /** What was released, when ok: `kind` is "released" or "unchanged", `dir` the release folder. */
  release?: ReleaseResult;
}

/** `dossier release`: a versioned release of one dossier in <out>/<id>/<version>/. */
export async function release(options: ReleaseOptions): Promise<ReleaseOutcome> {
  const root = options.root ?? path.dirname(options.file);
  const cw = checkWorkspace(root, [options.file]);
  if (cw.diags.errorCount > 0) return { ok: false, diagnostics: sortDiagnostics(cw.diags.items) };
  const dossier = [...cw.ws.dossiers.values()][0];
  if (!dossier)
    return {
      ok: false,
      diagnostics: [{ ...wholePath(path.resolve(options.file)), severity: 'error', message: 'no dossier definition was loaded from this file' }],
    };
  try {
    const s = options.sign;
    const sign = s && (await import('./evidence/sign-key.js')).loadSigningKey(s.key, { value: s.passphrase, env: s.passphraseEnv, file: s.passphraseFile });
    const r = await releaseDossier({ cw, dossier, out: options.out ?? 'releases', since: options.since, sign });
    return { ok: true, diagnostics: sortDiagnostics([...cw.diags.items, ...r.warnings]), release: r };
  } catch (e) {
    if (e instanceof DiagnosticError) return { ok: false, diagnostics: sortDiagnostics([...cw.diags.items, ...e.diagnostics]) };
    // A --since that names no release, or one not below this version, is the caller's mistake.
    if (e instanceof UsageError)
      return { ok: false, diagnostics: [{ ...wholePath(path.resolve(options.file)), severity: 'error', message: (e as Error).message }] };
    throw e;
  }
}
