/**
 * `dossier source add FILE|- --id ID --title T --publisher P --language L [...]`: copies a text
 * snapshot byte for byte into sources/<id>.txt and writes its metadata to sources/<id>.yaml.
 * The option values go through the validators of the workspace format (src/workspace/spec.ts
 * and validate.ts) and the snapshot through the checks loading makes (UTF-8 only, no NUL, the
 * size limit; see files.ts) plus those for control characters, so the new source loads
 * cleanly. Nothing existing is replaced; both files are written or neither (new-files.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Scalar } from 'yaml';
import { DiagnosticError, Diagnostics, fileStart, wholePath, type Diagnostic } from '../diagnostics.js';
import { handleInterrupts } from '../io/interrupt.js';
import { UsageError } from '../usage.js';
import { decodeUtf8, MAX_FILE_BYTES, positionOfIndex } from '../workspace/files.js';
import { sourceSpec, type StringSpec } from '../workspace/spec.js';
import { UNPRINTABLE, validateNode, validateString } from '../workspace/validate.js';
import { parseYaml } from '../workspace/yaml.js';
import { createFiles, creating, refuseInTheWay, shown, todayUtc } from './new-files.js';

export interface SourceAddOptions {
  id: string;
  title: string;
  publisher: string;
  language: string;
  published?: string;
  author?: string;
  url?: string;
  archiveUrl?: string;
  titleTranslation?: string;
  root: string;
}

/** The command-line option of each key of a source file, in the order they are written. */
const OPTIONS: [key: string, option: string, field: keyof SourceAddOptions][] = [
  ['id', 'id', 'id'],
  ['title', 'title', 'title'],
  ['title_translation', 'title-translation', 'titleTranslation'],
  ['publisher', 'publisher', 'publisher'],
  ['author', 'author', 'author'],
  ['language', 'language', 'language'],
  ['published', 'published', 'published'],
  ['url', 'url', 'url'],
  ['archive_url', 'archive-url', 'archiveUrl'],
];

const STDIN = '<stdin>';

/** The option values as the key/value pairs of the source file, or a usage error naming every bad one. */
function metadata(opts: SourceAddOptions, accessed: string): [string, string][] {
  const diags = new Diagnostics();
  const out: [string, string][] = [];
  for (const [key, option, field] of OPTIONS) {
    const value = opts[field];
    if (value === undefined) continue;
    const ok = validateString(undefined, new Scalar(value), sourceSpec.properties[key] as StringSpec, wholePath('<command line>'), diags, `--${option}`);
    if (ok !== undefined) out.push([key, ok]);
  }
  if (diags.errorCount) throw new UsageError(diags.items.map((d) => (d.hint ? `${d.message}\n  hint: ${d.hint}` : d.message)).join('\nerror: '));
  const after = out.some(([k]) => k === 'published') ? 'published' : 'language';
  out.splice(out.findIndex(([k]) => k === after) + 1, 0, ['accessed', accessed]);
  return out;
}

/** The text of sources/<id>.yaml: the editor modeline, then each key with its value quoted. */
export function sourceYamlText(pairs: [string, string][]): string {
  const lines = ['# yaml-language-server: $schema=../schemas/source.schema.json', ...pairs.map(([k, v]) => `${k}: ${JSON.stringify(v)}`)];
  return `${lines.join('\n')}\n`;
}

/** Standard input, whole, refusing more than the size limit without reading it all. */
async function readStdin(): Promise<Buffer> {
  if (process.stdin.isTTY) process.stderr.write('reading the snapshot from standard input; end it with Ctrl-D\n');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_FILE_BYTES) throw tooLarge(STDIN, size, true);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function tooLarge(file: string, size: number, atLeast = false): DiagnosticError {
  return new DiagnosticError([
    {
      ...wholePath(file),
      severity: 'error',
      message: `the snapshot is too large (${atLeast ? 'more than ' : ''}${Math.round(size / 1048576)} MiB; at most ${MAX_FILE_BYTES / 1048576} MiB)`,
      hint: 'a snapshot is the text of one article: check it is the file you meant, or split it into several sources',
    },
  ]);
}

async function readSnapshot(file: string): Promise<{ name: string; bytes: Buffer }> {
  if (file === '-') return { name: STDIN, bytes: await readStdin() };
  const abs = path.resolve(file);
  const stat = fs.statSync(abs, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`no such file: ${file}\n  hint: name the text file of the snapshot, or - to read it from standard input`);
  if (!stat.isFile()) throw new UsageError(`not a file: ${file}\n  hint: name the text file of the snapshot, or - to read it from standard input`);
  if (stat.size > MAX_FILE_BYTES) throw tooLarge(abs, stat.size);
  try {
    return { name: abs, bytes: fs.readFileSync(abs) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new DiagnosticError([
      { ...wholePath(abs), severity: 'error', message: `the snapshot cannot be read (${code})`, hint: 'check the file permissions (ls -l)' },
    ]);
  }
}

/** The checks loading makes on a snapshot, and control characters: errors at their line and column. */
function checkSnapshot(name: string, bytes: Buffer): Diagnostic[] {
  const diags = new Diagnostics();
  const tf = decodeUtf8(name, bytes, 'the snapshot', diags);
  if (tf) {
    const m = UNPRINTABLE.exec(tf.text);
    if (tf.text.trim() === '') diags.error(fileStart(name), 'the snapshot is empty', 'it must hold the text of the source, which quotes are checked against');
    else if (m) {
      const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      diags.error(
        positionOfIndex(name, tf.text, m.index),
        `the snapshot contains a control character (${code})`,
        `remove it: it cannot be quoted or printed (page breaks from pdftotext, U+000C: tr '\\f' '\\n' < FILE > fixed.txt)`,
      );
    }
  }
  if (name !== STDIN) return diags.items;
  // Standard input has no file name to convert in place: convert it on its way in.
  return diags.items.map((d) => ({ ...d, hint: d.hint?.replace(/iconv (-f \S+ -t UTF-8) \S+ > fixed && mv fixed \S+/, 'pipe it through iconv $1 first') }));
}

export async function sourceAddCommand(file: string, opts: SourceAddOptions): Promise<void> {
  handleInterrupts();
  const pairs = metadata(opts, todayUtc());
  const root = path.resolve(opts.root);
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`workspace folder not found: ${opts.root}\n  hint: make one with dossier init ${opts.root}, or name it with --root DIR`);
  }
  await creating(async () => {
    const dir = path.join(root, 'sources');
    const txt = path.join(dir, `${opts.id}.txt`);
    const yamlFile = path.join(dir, `${opts.id}.yaml`);
    const hint = `choose another --id, or remove the old source (sources/${opts.id}.yaml and its snapshot) first`;
    // A source file with the other extension would be the same id twice.
    const other = path.join(dir, `${opts.id}.yml`);
    refuseInTheWay(
      [{ path: txt, data: '', what: '' }, { path: yamlFile, data: '', what: '' }, ...(fs.existsSync(other) ? [{ path: other, data: '', what: '' }] : [])],
      hint,
    );

    const { name, bytes } = await readSnapshot(file);
    const problems = checkSnapshot(name, bytes);
    if (problems.length) throw new DiagnosticError(problems);

    const text = sourceYamlText(pairs);
    // What is written must load: the same validation as the workspace's (a failure is a bug here).
    const diags = new Diagnostics();
    const yf = parseYaml(yamlFile, text, diags);
    if (!yf || validateNode(yf, yf.doc.contents, sourceSpec, diags, 'source') === undefined) {
      throw new Error(`the source file made for "${opts.id}" does not validate: ${diags.items.map((d) => d.message).join('; ')}`);
    }
    await createFiles([
      { path: txt, data: bytes, what: 'the snapshot' },
      { path: yamlFile, data: text, what: 'the source file' },
    ]);
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    process.stdout.write(
      [
        `wrote ${shown(txt)} (${bytes.length} bytes, sha256 ${sha.slice(0, 12)}…, copied from ${name === STDIN ? 'standard input' : shown(name)})`,
        `wrote ${shown(yamlFile)} (accessed ${pairs.find(([k]) => k === 'accessed')![1]})`,
        `next: quote it in a claim (claims/*.yaml) with "source: ${opts.id}", then dossier check`,
      ].join('\n') + '\n',
    );
  });
}

export function registerSourceAdd(program: Command): void {
  const source = program.command('source').description('work with the sources of a workspace');
  source
    .command('add')
    .description('copy a text snapshot into sources/<id>.txt and write its metadata to sources/<id>.yaml; never overwrites a file')
    .argument('<file>', 'the snapshot, a UTF-8 text file; - reads standard input')
    .requiredOption('--id <id>', 'source id: lowercase letters, digits and hyphens')
    .requiredOption('--title <title>', 'title, in the language of the source')
    .requiredOption('--publisher <publisher>', 'who published it')
    .requiredOption('--language <tag>', 'BCP 47 language tag of the source (en, ar, zh-Hans, ...)')
    .option('--published <date>', 'publication date, YYYY-MM-DD')
    .option('--author <author>', 'author, when known')
    .option('--url <url>', 'address of the original')
    .option('--archive-url <url>', 'address of an archived copy')
    .option('--title-translation <title>', 'the title translated into English')
    .option('--root <dir>', 'workspace folder', 'dossiers')
    .action((file: string, opts: SourceAddOptions) => sourceAddCommand(file, opts));
}
