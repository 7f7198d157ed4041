/**
 * `dossier verify`: the command's definition. The work (src/commands/verify.ts) is loaded only
 * when the command runs, so that `dossier --help` loads none of it.
 */
import type { Command } from 'commander';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check a release PDF against the evidence attached to it, or a release folder against its checksums and manifest too (offline)')
    .argument('<target>', 'a release PDF, or a release folder <out>/<id>/<version>')
    .option('--json', 'print the result as one JSON object')
    .option('--unsigned-out <file>', 'for a signed release: write the unsigned release (the bytes before the signature) to FILE')
    .action(async (target: string, opts: { json?: boolean; unsignedOut?: string }) => (await import('./verify.js')).verifyCommand(target, opts));
}
