/**
 * V8's tiering for a command that runs once and for well under a second. V8 compiles a function
 * with its optimising compiler (TurboFan) once the function has run a budget of bytecode (the
 * "interrupt budget", 66 KiB by default). `dossier check` runs for a fraction of a second, nearly
 * all of it code running for the first time (the yaml parser, Handlebars' compiler, the checks),
 * and with the default budget it spends more CPU optimising code than the optimised code saves:
 * on the samples, 1.30 s of CPU with the default budget against 0.90 s with a budget of 1 MB
 * (median of 5 runs each, interleaved; README, Performance). With the larger budget only code
 * that stays hot is optimised, a little later: a 1,000-claim workspace checks in 1.77 s of CPU
 * instead of 1.95, a 5,000-claim one in 4.1 s instead of 4.0. (Turning the optimiser off,
 * --no-opt, would cost 50 % at 5,000 claims.)
 *
 * Only for one-shot commands (check, list): a build, a watch and the library keep V8's default,
 * as long runs gain from optimising early.
 */
import { createRequire } from 'node:module';

/** Bytecode a function runs before V8 considers optimising it (V8's default: 66 KiB). */
const INTERRUPT_BUDGET = 1_000_000;

export function tuneForShortRun(): void {
  // Changing a V8 flag at run time: safe for this one, a heuristic read as functions run. Set
  // before the stages are loaded (they are imported after this, when the command runs).
  // node:v8 is loaded here, not with the command line (dossier --help does without it).
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
