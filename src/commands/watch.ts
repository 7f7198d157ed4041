/**
 * `dossier build --watch` and `dossier check --watch`: do the work once, then again whenever
 * an input changes, until Ctrl-C. One process throughout, so that what a build loads once
 * (modules, font files and their parsed faces, compiled code) stays loaded: a rebuild pays for
 * checking and laying out, not for starting up. Each build still makes its own PDF document,
 * font subsets and layout objects, and gets the faces with their glyph caches emptied
 * (src/pdf/engine/document.ts, hooks/shared-faces.ts), so nothing of one PDF reaches the next:
 * the bytes are those of a cold `dossier build` (tests/cli/watch.test.ts).
 *
 * A round: scan the input folders (watch-folders.ts) and find what changed; check the whole
 * workspace again; for `build`, rebuild the dossiers whose inputs changed (watch-plan.ts), in
 * this thread, one after the other. Errors are printed and the watch goes on; a failed build
 * writes nothing (src/io/write.ts), so the last good PDF stays.
 *
 * Signals: SIGINT, SIGTERM and SIGHUP stop the watch (exit 130, 143, 129). While a PDF is
 * being built they act as in `dossier build` (src/io/interrupt.ts): while it is being written
 * the temporary file is removed and the earlier PDF stays; at any other moment of the build
 * the process ends at once, with nothing to clean up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { jsonLine } from '../batch/report.js';
import { inShard, shardKey, type Shard } from '../batch/shard.js';
import { failedResult, runBuildTask } from '../batch/task.js';
import { checkWorkspace, noDossiersError, type CheckedWorkspace } from '../check.js';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { removeOwnTemps } from '../io/leftovers.js';
import { plural } from '../plural.js';
import { BUILTIN_TEMPLATES } from '../template/render.js';
import { listYaml } from '../workspace/load.js';
import { checkJson, checkLine, countsOf, diagnosticSummary } from './report.js';
import { changedFiles, Debouncer, FolderWatcher, inputFolders, scanInputs, type Scan, type WatchedFolder } from './watch-folders.js';
import { splitDiagnostics } from '../check.js';
import { dossierInputs, type DossierState } from './watch-plan.js';

export interface WatchBuildOptions {
  root: string;
  /** Definition files given on the command line; default: every *.yaml in the root, looked for again each round. */
  files: string[];
  out: string;
  shard?: Shard;
  quiet?: boolean;
  json?: boolean;
  tagged: boolean;
  archive?: boolean;
}

export interface WatchCheckOptions {
  root: string;
  files: string[];
  quiet?: boolean;
  json?: boolean;
}

/**
 * One round: `changed` is undefined the first time. Resolves with the input files known by name.
 * `unguarded` runs a build with the signals acting as in `dossier build` (see the top).
 */
type Round = (changed: string[] | undefined, unguarded: <T>(build: () => Promise<T>) => Promise<T>) => Promise<Iterable<string>>;

const rel = (p: string) => path.relative(process.cwd(), p) || p;

/** Local time of day, HH:MM:SS. */
const clock = () => new Date().toTimeString().slice(0, 8);

/** "claims/a.yaml changed", "claims/a.yaml, sources/b.txt changed", "claims/a.yaml and 4 other files changed". */
export function changeNote(changed: string[]): string {
  if (changed.length <= 2) return `${changed.map(rel).join(', ')} changed`;
  return `${rel(changed[0])} and ${plural(changed.length - 1, 'other file')} changed`;
}

/** Printing: --quiet keeps errors only; --json keeps standard output for JSON, so people read standard error. */
class Printer {
  constructor(private readonly opts: { quiet?: boolean; json?: boolean }) {}

  /** A line about work done (built, up to date): standard output. */
  say(line: string): void {
    if (!this.opts.quiet) (this.opts.json ? process.stderr : process.stdout).write(`${line}\n`);
  }

  /** A line about a failure: standard error, also with --quiet. */
  complain(line: string): void {
    process.stderr.write(`${line}\n`);
  }

  diagnostics(list: Diagnostic[]): void {
    for (const d of sortDiagnostics(list)) if (!this.opts.quiet || d.severity === 'error') process.stderr.write(`${formatDiagnostic(d)}\n`);
  }

  json(line: string): void {
    if (this.opts.json) process.stdout.write(`${line}\n`);
  }
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** Whether `p` is an input of these folders. */
function covered(folders: WatchedFolder[], p: string): boolean {
  const dir = path.dirname(p);
  const name = path.basename(p);
  return folders.some((f) => f.dir === dir && f.accept(name));
}

/**
 * Runs `round` once, then after every burst of changes to the inputs, until a signal. `output`:
 * the folder the builds write into, whose PDFs are never inputs (watch-folders.ts); this
 * process's temporary files in it are removed on the way out.
 */
async function watchLoop(root: string, given: string[], round: Round, printer: Printer, output?: string): Promise<never> {
  const templateRoots = [path.join(root, 'templates'), BUILTIN_TEMPLATES];
  let known = new Set<string>(given);
  let folders = inputFolders(root, templateRoots, known, output);
  let running = false;
  let again = false;
  const debouncer = new Debouncer(() => void next());
  const watcher = new FolderWatcher(() => debouncer.poke());
  watcher.watch(folders);
  let scan: Scan = scanInputs(folders);

  const stop = (signal: NodeJS.Signals) => {
    debouncer.cancel();
    watcher.close();
    if (output) removeOwnTemps(output);
    printer.say(`stopped watching (${signal})`);
    process.exit(128 + SIGNALS[signal]);
  };
  // Handled by `stop` except while a PDF is built: then they act as in a plain build (see the
  // top), so that Ctrl-C does not wait for a long layout to end. (With no listener, Node gives
  // the signal back its default action.)
  const guard = (on: boolean) => {
    for (const signal of Object.keys(SIGNALS)) {
      if (on) process.on(signal, stop);
      else process.off(signal, stop);
    }
  };
  const unguarded = async <T>(build: () => Promise<T>): Promise<T> => {
    guard(false);
    try {
      return await build();
    } finally {
      guard(true);
    }
  };
  guard(true);

  /** After a round: watch the folders of the inputs it named; their files as they are now are not changes. */
  const follow = (named: Iterable<string>) => {
    known = new Set([...given, ...named]);
    const before = folders;
    folders = inputFolders(root, templateRoots, known, output);
    watcher.watch(folders);
    for (const [p, sig] of scanInputs(folders)) if (!scan.has(p) && !covered(before, p)) scan.set(p, sig);
  };

  const runRound = async (changed: string[] | undefined) => {
    try {
      follow(await round(changed, unguarded));
    } catch (e) {
      // A bug in a round must not end the watch: say so, and go on with the next change.
      printer.complain(
        `${clock()} internal error: ${(e as Error).message}\n  this is a bug in dossier-press, not in your files; set DOSSIER_DEBUG=1 for details`,
      );
      if (process.env.DOSSIER_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    }
  };

  async function next(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        folders = inputFolders(root, templateRoots, known, output);
        watcher.watch(folders);
        const after = scanInputs(folders);
        const changed = changedFiles(scan, after);
        scan = after;
        if (changed.length) await runRound(changed);
      } while (again);
    } finally {
      running = false;
    }
  }

  running = true;
  await runRound(undefined);
  running = false;
  const shown = path.relative(process.cwd(), root);
  printer.say(`watching ${shown ? `${shown}/` : 'this folder'} for changes (Ctrl-C to stop)`);
  if (again) void next();
  // The watchers keep the process alive; it ends in `stop`.
  return new Promise<never>(() => {});
}

/** `dossier build --watch`. */
export async function watchBuild(opts: WatchBuildOptions): Promise<never> {
  const root = path.resolve(opts.root);
  const out = path.resolve(opts.out);
  const given = opts.files.map((f) => path.resolve(f));
  const printer = new Printer(opts);
  const states = new Map<string, DossierState>();
  /** Warnings outside the definitions, printed once until they change. */
  let sharedWarnings = '';

  const kept = (s: DossierState | undefined) => (s?.pdf && pathExists(s.pdf) ? `kept the last good ${rel(s.pdf)}` : 'no PDF written');

  const round: Round = async (changed, unguarded) => {
    const started = performance.now();
    const about = changed ? ` (${changeNote(changed)})` : '';
    const allFiles = given.length ? given : listYaml(root);
    const files = allFiles.filter((f) => inShard(f, opts.shard));
    const cw = checkWorkspace(root, files);
    const split = splitDiagnostics(cw, files);
    const named = new Set<string>();
    for (const f of states.keys()) if (!files.includes(f)) states.delete(f);

    if (split.blocking.length) {
      // As in `dossier build`: an error in a shared file (a source, a claim) stops every build.
      printer.diagnostics(cw.diags.items);
      const pdfs = [...states.values()].filter((s) => s.pdf && pathExists(s.pdf)).map((s) => rel(s.pdf!));
      printer.complain(
        `${clock()} ${diagnosticSummary(cw.diags.items)}${about}; nothing rebuilt${pdfs.length ? `; kept the last good ${pdfs.join(', ')}` : ''}`,
      );
      for (const s of states.values()) s.erred = true;
      sharedWarnings = '';
      // Keep watching what the dossiers were made from until the workspace checks again.
      return [...states.values()].flatMap((s) => s.inputs ?? []);
    }
    if (!allFiles.length) {
      printer.diagnostics([noDossiersError(root)]);
      printer.complain(`${clock()} nothing to build${about}; add a dossier definition (*.yaml) to ${rel(root)}`);
      return named;
    }
    const warnings = JSON.stringify(split.warnings);
    if (warnings !== sharedWarnings) printer.diagnostics(split.warnings);
    sharedWarnings = warnings;

    const byFile = new Map([...cw.ws.dossiers.values()].map((d) => [d.file, d]));
    const todo: { index: number; file: string; state: DossierState; fingerprint: string }[] = [];
    let said = false;
    files.forEach((file, index) => {
      const dossier = byFile.get(file);
      const diags = split.perFile.get(file) ?? [];
      const state = states.get(file) ?? { id: dossier?.id ?? shardKey(file), erred: false };
      states.set(file, state);
      if (dossier) Object.assign(state, { id: dossier.id, pdf: path.resolve(out, `${dossier.id}.pdf`) });
      const inputs = dossier && !diags.some((d) => d.severity === 'error') ? dossierInputs(cw, dossier, opts.archive) : undefined;
      if (!dossier || !inputs) {
        // Its definition (or template) has errors: this dossier fails, the others go on.
        const shown = JSON.stringify(diags);
        if (!state.erred || state.shown !== shown) {
          printer.diagnostics(diags);
          printer.complain(
            `${clock()} failed ${state.id} (${rel(file)}): ${plural(diags.filter((d) => d.severity === 'error').length, 'error')}${about}; ${kept(state)}`,
          );
          printer.json(jsonLine(failedResult({ index, id: state.id, file }, diags)));
          said = true;
        }
        Object.assign(state, { erred: true, shown });
        named.add(file);
        return;
      }
      state.inputs = [...inputs.files];
      for (const f of inputs.files) named.add(f);
      if (inputs.fingerprint === state.good) {
        if (state.erred) {
          printer.say(`${clock()} ${rel(state.pdf!)} is up to date: its inputs are as when it was built${about}`);
          said = true;
        }
        state.erred = false;
        return;
      }
      if (inputs.fingerprint === state.failed) return; // still what failed: its errors were printed
      todo.push({ index, file, state, fingerprint: inputs.fingerprint });
    });

    if (changed && !todo.length && !said) {
      const used = changed.some((f) => named.has(f));
      printer.say(
        `${clock()} ${changeNote(changed)}: ${used ? "no dossier's content changed" : `no dossier uses ${changed.length === 1 ? 'it' : 'them'}`}; nothing rebuilt`,
      );
    }
    let since = started;
    for (const { index, file, state, fingerprint } of todo) {
      const r = await unguarded(() => runBuildTask(cw, { index, id: state.id, file, out, weight: 0, tagged: opts.tagged, archive: opts.archive }));
      r.diagnostics = [...(split.perFile.get(file) ?? []), ...r.diagnostics];
      // The time since the previous line: the first PDF of a round includes checking the workspace.
      const ms = Math.round(performance.now() - since);
      since = performance.now();
      printer.diagnostics(r.diagnostics);
      if (r.ok) {
        printer.say(
          `${clock()} ${state.good === undefined ? 'built' : 'rebuilt'} ${rel(r.pdf!)}: ${plural(r.pages!, 'page')}, ${Math.round(r.bytes! / 1024)} KB, ${plural(r.claims!, 'claim')}, ${plural(r.notes!, 'note')}, ${ms} ms${about}`,
        );
        Object.assign(state, { good: fingerprint, failed: undefined, erred: false, shown: undefined });
      } else {
        if (r.internal !== undefined) printer.complain(`internal error in ${r.id}: ${r.internal}\n  this is a bug in dossier-press, not in your files`);
        const errors = r.diagnostics.filter((d) => d.severity === 'error');
        printer.complain(
          `${clock()} failed ${state.id} (${rel(file)}): ${r.internal !== undefined ? 'internal error' : plural(errors.length, 'error')}${about}; ${kept(state)}`,
        );
        // A content error is not tried again until the inputs change; a file that could not be written (a full disk) is, at the next change.
        const content = r.internal === undefined && errors.length > 0 && errors.every((d) => d.line > 0);
        Object.assign(state, { erred: true, failed: content ? fingerprint : undefined, shown: JSON.stringify(r.diagnostics) });
      }
      printer.json(jsonLine(r));
    }
    return named;
  };
  return watchLoop(root, given, round, printer, out);
}

/** `dossier check --watch`. */
export async function watchCheck(opts: WatchCheckOptions): Promise<never> {
  const root = path.resolve(opts.root);
  const given = opts.files.map((f) => path.resolve(f));
  const printer = new Printer(opts);
  const round: Round = async (changed) => {
    const cw: CheckedWorkspace = checkWorkspace(root, given.length ? given : undefined, { render: true });
    // As `dossier check`: a workspace with nothing to build is an error.
    if (!given.length && !listYaml(cw.ws.root).length) cw.diags.items.push(noDossiersError(root));
    printer.diagnostics(cw.diags.items);
    printer.json(checkJson(cw));
    const about = changed ? `${changeNote(changed)}: ` : '';
    if (cw.diags.errorCount === 0) printer.say(`${clock()} ${about}${checkLine(countsOf(cw), cw.diags.items)}`);
    else printer.complain(`${clock()} ${about}${diagnosticSummary(cw.diags.items)}`);
    return [...cw.ws.sources.values()].map((s) => s.snapshotFile);
  };
  return watchLoop(root, given, round, printer);
}

function pathExists(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
