/**
 * `dossier init`: the command's definition. The work (src/commands/init.ts) is loaded only when
 * the command runs, so that `dossier --help` loads none of it.
 */
import type { Command } from 'commander';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('make a new workspace in DIR (default dossiers) with an example source, claims and dossier; never overwrites a file')
    .argument('[dir]', 'folder of the new workspace (default: dossiers)')
    .action(async (dir: string | undefined) => (await import('./init.js')).initCommand(dir));
}
