/**
 * `dossier export FILE --format csl-json|claimreview|json`: check the workspace as `check`
 * does, then print (or write with --out) the dossier in the format asked for. Nothing is
 * computed again: the exports read the dossier's CitedDossier and the verified quotes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkWorkspace, citedDossierOf, type CheckedWorkspace } from '../check.js';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { claimReviews } from '../export/claimreview.js';
import { cslJson } from '../export/csl.js';
import { dossierJson } from '../export/json.js';
import { handleInterrupts } from '../io/interrupt.js';
import { writeFileAtomic } from '../io/write.js';
import { plural } from '../plural.js';
import { UsageError } from '../usage.js';
import type { ExportFormat, ExportOptions } from '../export/formats.js';

function printDiagnostics(list: Diagnostic[]): void {
  for (const d of sortDiagnostics(list)) process.stderr.write(`${formatDiagnostic(d)}\n`);
}

/** The export of one checked dossier, as the text written out. */
export function exportText(cw: CheckedWorkspace, format: ExportFormat): string {
  const dossier = [...cw.ws.dossiers.values()][0];
  const cited = citedDossierOf(cw, dossier);
  const value = format === 'csl-json' ? cslJson(cited) : format === 'claimreview' ? claimReviews(cited) : dossierJson(cited, cw.checked, cw.ws.sources);
  return `${JSON.stringify(value, null, 2)}\n`;
}

export async function exportCommand(file: string, opts: ExportOptions): Promise<void> {
  if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
  if (!/\.ya?ml$/.test(file)) throw new UsageError(`not a dossier definition (.yaml): ${file}`);
  const root = opts.root ?? path.dirname(file);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`workspace folder not found: ${root}`);
  const cw = checkWorkspace(root, [file]);
  printDiagnostics(cw.diags.items);
  if (cw.diags.errorCount > 0 || cw.ws.dossiers.size === 0) {
    const errors = cw.diags.items.filter((d) => d.severity === 'error').length;
    process.stderr.write(`${plural(errors, 'error')}; nothing was exported\n`);
    process.exitCode = 1;
    return;
  }
  const text = exportText(cw, opts.format);
  if (!opts.out) {
    process.stdout.write(text);
    return;
  }
  handleInterrupts();
  const target = path.resolve(opts.out);
  printDiagnostics(await writeFileAtomic(target, text, `the ${opts.format} export`));
  process.stderr.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}
