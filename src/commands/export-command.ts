/**
 * `dossier export`: the command's definition. The work (src/commands/export.ts and
 * src/export/) is loaded only when the command runs, so that `dossier --help` loads none of it.
 */
import { Option, type Command } from 'commander';
import { EXPORT_FORMATS, type ExportOptions } from '../export/formats.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export a checked dossier: its cited sources as CSL-JSON, its claims as schema.org ClaimReview JSON-LD, or the whole checked dossier as JSON')
    .argument('<file>', 'dossier definition file')
    .addOption(
      new Option('--format <format>', 'csl-json (cited sources), claimreview (one ClaimReview per claim) or json (claims, evidence with offsets, notes)')
        .choices(EXPORT_FORMATS)
        .makeOptionMandatory(),
    )
    .option('--root <dir>', 'workspace folder (default: the folder of FILE)')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (file: string, opts: ExportOptions) => (await import('./export.js')).exportCommand(file, opts));
}
