/**
 * `dossier source add`: the command's definition. The work (src/commands/source-add.ts) is
 * loaded only when the command runs, so that `dossier --help` loads none of it.
 */
import type { Command } from 'commander';
import type { SourceAddOptions } from './source-add.js';

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
    .action(async (file: string, opts: SourceAddOptions) => (await import('./source-add.js')).sourceAddCommand(file, opts));
}
