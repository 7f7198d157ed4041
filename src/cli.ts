#!/usr/bin/env node
/**
 * The command line: parse flags, call the pipeline stages, print diagnostics. Thin on purpose.
 * Exit codes: 0 success, 1 content errors (in the workspace), 2 usage errors, 3 internal errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { parseJobs, parseShard, type Shard } from './batch/shard.js';
import type { CheckedWorkspace, CheckOptions } from './check.js';
import { registerExport } from './commands/export-command.js';
import { registerInit } from './commands/init-command.js';
import { registerSourceAdd } from './commands/source-add-command.js';
import { registerVerify } from './commands/verify-command.js';
import { DiagnosticError, formatDiagnostic, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { UsageError } from './usage.js';
import { TOOL_VERSION } from './version.js';
import type { FileKind } from './workspace/spec.js';
import { plural } from './plural.js';
import { defaultJobsRule } from './batch/default-jobs.js';
import { tuneForOneShotBuild, tuneForShortRun } from './short-run.js';

const EXIT_CONTENT = 1;
const EXIT_USAGE = 2;
const EXIT_INTERNAL = 3;

/** With `quiet` (--quiet), errors only: warnings are not printed. */
function printDiagnostics(list: Diagnostic[], quiet = false): void {
  for (const d of sortDiagnostics(list)) if (!quiet || d.severity === 'error') process.stderr.write(`${formatDiagnostic(d)}\n`);
}

function summary(list: Diagnostic[]): string {
  const errors = list.filter((d) => d.severity === 'error').length;
  const warnings = list.length - errors;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

function resolveRoot(root: string | undefined, files: string[]): string {
  if (root) return root;
  if (files.length) return path.dirname(files[0]);
  return 'dossiers';
}

function checkFiles(files: string[]): void {
  for (const f of files) {
    if (!fs.existsSync(f)) throw new UsageError(`no such file: ${f}`);
    if (!/\.ya?ml$/.test(f)) throw new UsageError(`not a dossier definition (.yaml): ${f}`);
  }
}

/*
 * The stages are loaded when a command runs (dynamic imports below), not when the program
 * starts: `dossier --help` and a usage error load only commander and this file.
 */

/** Signals while a command writes (io/interrupt.ts): loaded by the commands that write, not for --help. */
async function handleInterrupts(): Promise<void> {
  (await import('./io/interrupt.js')).handleInterrupts();
}

/** How a command reports: --json (one JSON object on standard output) and --quiet (errors only). */
interface Reporting {
  json?: boolean;
  quiet?: boolean;
}

/** Load and check, with every diagnostic in cw.diags. */
async function loadWorkspaceChecked(root: string, files: string[], options: CheckOptions = {}): Promise<CheckedWorkspace> {
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`workspace folder not found: ${root}`);
  const [{ checkWorkspace, noDossiersError }, { listYaml }] = await Promise.all([import('./check.js'), import('./workspace/load.js')]);
  const cw = checkWorkspace(root, files.length ? files : undefined, options);
  // `check` agrees with `build` on a workspace with nothing to build.
  if (options.render && !files.length && !listYaml(cw.ws.root).length) cw.diags.items.push(noDossiersError(root));
  return cw;
}

/** Print the check's diagnostics; false (and exit 1) when there were errors. */
function reportChecked(cw: CheckedWorkspace, how: Reporting = {}): boolean {
  printDiagnostics(cw.diags.items, how.quiet);
  if (cw.diags.errorCount === 0) return true;
  process.stderr.write(`${summary(cw.diags.items)}; nothing was built\n`);
  process.exitCode = EXIT_CONTENT;
  return false;
}

/** Load and check; print diagnostics; undefined when there were errors. */
async function loadChecked(root: string, files: string[], options: CheckOptions = {}): Promise<CheckedWorkspace | undefined> {
  const cw = await loadWorkspaceChecked(root, files, options);
  return reportChecked(cw) ? cw : undefined;
}

/** A commander argument parser from one of ours (which throws Error with the message to show). */
function argument<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  };
}

interface BuildOptions {
  root?: string;
  out: string;
  /** Default: defaultJobs (batch/default-jobs.ts). */
  jobs?: number;
  quiet?: boolean;
  shard?: Shard;
  json?: boolean;
  /** false with --no-tags. */
  tags: boolean;
  archive?: boolean;
  /** --watch: build, then rebuild what changes (src/commands/watch.ts). */
  watch?: boolean;
}

async function buildCommand(files: string[], opts: BuildOptions): Promise<void> {
  await handleInterrupts();
  checkFiles(files);
  const root = resolveRoot(opts.root, files);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`workspace folder not found: ${root}`);
  if (opts.watch) {
    // Worker threads would start cold for every build: a watch builds in this thread, kept warm.
    if (opts.jobs !== undefined) throw new UsageError('--watch builds in this thread, kept warm between builds; leave out --jobs');
    const { watchBuild } = await import('./commands/watch.js');
    return watchBuild({ root, files, out: opts.out, shard: opts.shard, quiet: opts.quiet, json: opts.json, tagged: opts.tags, archive: opts.archive });
  }
  // A build that exits when done (not a watch): V8 tuned for a short run (short-run.ts).
  tuneForOneShotBuild();
  const started = performance.now();
  const [{ buildBatch }, { jsonLine, OrderedPrinter, progressLine, summaryLine }] = await Promise.all([
    import('./batch/batch.js'),
    import('./batch/report.js'),
  ]);
  const shardNote = opts.shard ? `shard ${opts.shard.index}/${opts.shard.count}: ` : '';
  // With --json, standard output carries only the JSON lines; people read standard error.
  // With --quiet, only errors are printed (the diagnostics, and the summary of a failed build).
  const say = (line: string) => {
    if (!opts.quiet) (opts.json ? process.stderr : process.stdout).write(`${line}\n`);
  };
  const json = new OrderedPrinter((line) => process.stdout.write(`${line}\n`));
  let finished = 0;
  let total = 0;
  const { plan, results, workers } = await buildBatch(
    { root, files, out: opts.out, shard: opts.shard, jobs: opts.jobs, tagged: opts.tags, archive: opts.archive },
    {
      planned: (p) => {
        total = p.files.length;
        // When nothing can be built, every problem found is reported, the dossiers' own too.
        printDiagnostics(p.blocking.length ? p.cw.diags.items : [...p.blocking, ...p.warnings], opts.quiet);
        if (opts.shard && !p.blocking.length) say(`${shardNote}${p.files.length} of ${plural(p.allFiles.length, 'dossier')}`);
      },
      result: (r) => {
        say(progressLine(r, ++finished, total));
        printDiagnostics(r.diagnostics, opts.quiet);
        if (r.internal !== undefined) process.stderr.write(`internal error in ${r.id}: ${r.internal}\n  this is a bug in dossier-press, not in your files\n`);
        if (opts.json) json.add(r.index, jsonLine(r));
      },
    },
  );
  if (plan.blocking.length) {
    process.stderr.write(`${summary(plan.cw.diags.items)}; nothing was built\n`);
    process.exitCode = EXIT_CONTENT;
    return;
  }
  if (plan.allFiles.length === 0) {
    const { noDossiersError } = await import('./check.js');
    printDiagnostics([noDossiersError(root)]);
    process.exitCode = EXIT_CONTENT;
    return;
  }
  say(summaryLine(results, performance.now() - started, workers, shardNote));
  const failed = results.filter((r) => !r.ok);
  if (failed.some((r) => r.internal !== undefined)) process.exitCode = EXIT_INTERNAL;
  else if (failed.length) {
    process.stderr.write(`${summary(failed.flatMap((r) => r.diagnostics))}; the failed dossiers were not written\n`);
    process.exitCode = EXIT_CONTENT;
  }
}

interface ReleaseOptions {
  root?: string;
  out: string;
  since?: string;
  sign?: string;
  signPassphraseEnv?: string;
  signPassphraseFile?: string;
}

async function releaseCommand(file: string, opts: ReleaseOptions): Promise<void> {
  await handleInterrupts();
  checkFiles([file]);
  if (!opts.sign && (opts.signPassphraseEnv !== undefined || opts.signPassphraseFile !== undefined))
    throw new UsageError('--sign-passphrase-env and --sign-passphrase-file go with --sign KEY.p12');
  if (opts.signPassphraseEnv !== undefined && opts.signPassphraseFile !== undefined)
    throw new UsageError('give the passphrase one way: --sign-passphrase-env NAME or --sign-passphrase-file FILE, not both');
  // The key is opened first: a wrong passphrase stops the release before anything is rendered.
  const sign = opts.sign
    ? (await import('./evidence/sign-key.js')).loadSigningKey(opts.sign, { env: opts.signPassphraseEnv, file: opts.signPassphraseFile })
    : undefined;
  const cw = await loadChecked(resolveRoot(opts.root, [file]), [file]);
  if (!cw) return;
  const { describeRelease, releaseDossier } = await import('./release/release.js');
  const dossier = [...cw.ws.dossiers.values()][0];
  const r = await releaseDossier({ cw, dossier, out: opts.out, since: opts.since, sign });
  printDiagnostics(r.warnings);
  for (const line of describeRelease(r)) process.stdout.write(`${line}\n`);
}

async function checkCommand(files: string[], opts: { root?: string; watch?: boolean } & Reporting): Promise<void> {
  checkFiles(files);
  if (opts.watch) {
    const root = resolveRoot(opts.root, files);
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`workspace folder not found: ${root}`);
    const { watchCheck } = await import('./commands/watch.js');
    return watchCheck({ root, files, quiet: opts.quiet, json: opts.json });
  }
  tuneForShortRun();
  const [cw, report] = await Promise.all([loadWorkspaceChecked(resolveRoot(opts.root, files), files, { render: true }), import('./commands/report.js')]);
  // With --json, the diagnostics are printed on standard error too, as build --json does.
  const ok = reportChecked(cw, opts);
  if (opts.json) process.stdout.write(`${report.checkJson(cw)}\n`);
  else if (ok && !opts.quiet) process.stdout.write(`${report.checkLine(report.countsOf(cw), cw.diags.items)}\n`);
}

async function listCommand(opts: { root?: string } & Reporting): Promise<void> {
  tuneForShortRun();
  const [cw, report] = await Promise.all([loadWorkspaceChecked(resolveRoot(opts.root, []), []), import('./commands/report.js')]);
  const ok = reportChecked(cw, opts);
  if (opts.json) process.stdout.write(`${report.listJson(cw)}\n`);
  else if (ok && !opts.quiet) process.stdout.write(`${report.listLines(cw).join('\n')}\n`);
}

async function schemaCommand(opts: { out?: string; root?: string }): Promise<void> {
  await handleInterrupts();
  const [{ writeFileAtomic }, { jsonSchemaDocument }] = await Promise.all([import('./io/write.js'), import('./workspace/spec.js')]);
  const dir = opts.out ?? path.join(resolveRoot(opts.root, []), 'schemas');
  for (const kind of ['source', 'claims', 'dossier'] as FileKind[]) {
    const file = path.resolve(dir, `${kind}.schema.json`);
    printDiagnostics(await writeFileAtomic(file, `${JSON.stringify(jsonSchemaDocument(kind), null, 2)}\n`, 'the schema'));
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
}

export async function main(argv: string[]): Promise<number> {
  // `dossier build --json | head -1`: a reader that stops early is no error; the builds go on.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') return;
    process.stderr.write(`error: cannot write to standard output: ${e.message}\n`);
    process.exitCode = EXIT_INTERNAL;
  });
  const program = new Command()
    .name('dossier')
    .description('Build verified, cited, multilingual PDF briefings from a dossier workspace.')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  registerInit(program);
  registerSourceAdd(program);
  registerVerify(program);
  registerExport(program);
  program
    .command('build')
    .description('verify and render dossiers to <out>/<id>.pdf (all dossiers in the root when no FILE is given), several at once (--jobs)')
    .argument('[files...]', 'dossier definition files')
    .option('--root <dir>', 'workspace folder (default: dossiers, or the folder of the first FILE)')
    .option('--out <dir>', 'output folder', 'out')
    .addOption(
      new Option(
        '--jobs <n>',
        `dossiers built at once, by the main thread and N-1 worker threads; 1 builds in the main thread alone (default: ${defaultJobsRule(os.availableParallelism())})`,
      ).argParser(argument(parseJobs)),
    )
    .option('--shard <i/n>', 'build only shard I of N (1-based; a stable split for CI matrices)', argument(parseShard))
    .option('--json', 'print one JSON result per dossier on standard output (progress goes to standard error)')
    .option('--quiet', 'print errors only: nothing when every dossier is built')
    .option('--no-tags', 'write an untagged PDF (no structure tree, PDF 1.3) instead of a tagged PDF/UA-1 one')
    .option('--archive', 'write PDF/A-3 with the sources, claims, definition and a manifest attached (as dossier release does)')
    .option('--watch', 'build, then rebuild the dossiers whose inputs change, until Ctrl-C (in this thread, kept warm)')
    .action((files: string[], opts: BuildOptions) => buildCommand(files, opts));
  program
    .command('release')
    .description('release a dossier at its version into <out>/<id>/<version>/: the PDF, manifest.json, CHANGELOG.md, SHA256SUMS')
    .argument('<file>', 'dossier definition file')
    .option('--root <dir>', 'workspace folder (default: the folder of FILE)')
    .option('--out <dir>', 'folder of releases', 'releases')
    .option('--since <version>', 'compare with this release (default: the highest release below this version)')
    .option('--sign <key.p12>', 'sign the PDF (PAdES B-B) with the key and certificate in this PKCS#12 file')
    .option('--sign-passphrase-env <name>', "the environment variable holding the key's passphrase (default: DOSSIER_SIGN_PASSPHRASE)")
    .option('--sign-passphrase-file <file>', "a file holding the key's passphrase (the passphrase is never an argument)")
    .action((file: string, opts: ReleaseOptions) => releaseCommand(file, opts));
  program
    .command('check')
    .description('validate the workspace, verify every quote and run every gate of build short of layout (templates included)')
    .argument('[files...]', 'dossier definition files')
    .option('--root <dir>', 'workspace folder')
    .option('--json', 'print one JSON object on standard output: ok, counts, diagnostics')
    .option('--quiet', 'print errors only: nothing when the workspace checks')
    .option('--watch', 'check again whenever a workspace file changes, until Ctrl-C')
    .action((files: string[], opts) => checkCommand(files, opts));
  program
    .command('list')
    .description('list dossiers, claims with their status, and sources')
    .option('--root <dir>', 'workspace folder', 'dossiers')
    .option('--json', 'print one JSON object on standard output: ok, dossiers, claims, sources, diagnostics')
    .option('--quiet', 'print errors only: nothing when the workspace checks')
    .action((opts) => listCommand(opts));
  program
    .command('quote')
    .description('find quotes in sources')
    .command('find')
    .description("find the passage of a source's snapshot that TEXT was meant to quote, and print it as an evidence item")
    .argument('<source>', 'source id (sources/<source>.yaml)')
    .argument('<text>', 'the words to look for, as typed')
    .option('--root <dir>', 'workspace folder', 'dossiers')
    .option('--json', 'print one JSON object')
    .action(async (source: string, text: string, opts) => {
      const { quoteFindCommand } = await import('./commands/quote-find.js');
      process.exitCode = quoteFindCommand(source, text, opts);
    });
  program
    .command('schema')
    .description('write JSON Schemas for source, claims and dossier files (default: <root>/schemas)')
    .option('--root <dir>', 'workspace folder', 'dossiers')
    .option('--out <dir>', 'output folder')
    .action((opts) => schemaCommand(opts));
  program
    .command('completion')
    .description('print a shell completion script for bash, zsh or fish (e.g. dossier completion bash > ~/.local/share/bash-completion/completions/dossier)')
    .argument('<shell>', 'bash, zsh or fish')
    .action(async (shell: string) => {
      const { completionScript } = await import('./commands/completion.js');
      process.stdout.write(completionScript(program, shell));
    });

  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof DiagnosticError) {
      printDiagnostics(e.diagnostics);
      return EXIT_CONTENT;
    }
    process.stderr.write(`internal error: ${(e as Error).message}\n  this is a bug in dossier-press, not in your files; set DOSSIER_DEBUG=1 for details\n`);
    if (process.env.DOSSIER_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return EXIT_INTERNAL;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
