/**
 * V8's tiering and young generation for a command that runs once and then exits.
 *
 * Tiering. V8 compiles a function with its optimising compiler (TurboFan) once the function has
 * run a budget of bytecode (the "interrupt budget", 66 KiB by default). `dossier check` runs for
 * a fraction of a second, nearly all of it code running for the first time (the yaml parser,
 * Handlebars' compiler, the checks), and with the default budget it spends more CPU optimising
 * code than the optimised code saves: on the samples, 1.30 s of CPU with the default budget
 * against 0.90 s with a budget of 1 MB (median of 5 runs each, interleaved; README,
 * Performance). With the larger budget only code that stays hot is optimised, a little later: a
 * 1,000-claim workspace checks in 1.77 s of CPU instead of 1.95, a 5,000-claim one in 4.1 s
 * instead of 4.0. (Turning the optimiser off, --no-opt, would cost 50 % at 5,000 claims.)
 * A one-shot `dossier build` is the same kind of run, a few seconds of code that mostly runs a
 * few times: with the larger budget the 60-claim bench dossier takes about a third less CPU, the
 * 600-claim one about a tenth less, and TurboFan's compilations no longer hold 30 MB of memory
 * at the peak (README, Performance: "Memory").
 *
 * Young generation. V8 doubles the young generation (its two semi-spaces) while many young
 * objects survive, up to 2 × 16 MiB; a build's per-word layout objects make it grow to that
 * within its first seconds. Held at 2 × 8 MiB, the peak memory of the 60-claim bench dossier is
 * about 15 MiB lower, for about 5 % more CPU in the scavenger (larger workspaces have grown it
 * to 2 × 16 MiB while their workspace is checked, and their peak is the old generation's).
 * V8 reads the maximum only when the heap is made, but reads its growth factor each time it
 * grows the young generation: so a one-shot build leaves the growth factor alone until the
 * young generation has reached 2 × 8 MiB, seen at the checkpoints (holdYoungGeneration: after
 * the workspace check, before each layout), and then sets it to 1 (no more growth). If it grew
 * past that between checkpoints, it is simply held where it is.
 *
 * Only for one-shot commands (check, list, a build that is not a watch): the watch and the
 * library keep V8's defaults, as long runs gain from optimising early. V8's flags are the
 * process's: a build's worker threads run with the budget too; the young generation is held
 * only for builds in the main thread alone (batch.ts calls leaveYoungGeneration when it starts
 * workers, whose young generations would stop growing wherever they were, and the main thread
 * then builds beside them without holding its own).
 */
import { createRequire } from 'node:module';

/** Bytecode a function runs before V8 considers optimising it (V8's default: 66 KiB). */
const INTERRUPT_BUDGET = 1_000_000;

/** Young generation (both semi-spaces) at which a one-shot build stops it growing (V8's most: 32 MiB). */
const YOUNG_GENERATION_HOLD = 16 * 1024 * 1024;

type V8 = typeof import('node:v8');
// node:v8 is loaded here, not with the command line (dossier --help does without it).
const v8 = (): V8 => createRequire(import.meta.url)('node:v8') as V8;

/** Whether holdYoungGeneration is to look at the young generation (a one-shot build, not yet held). */
let holding = false;

export function tuneForShortRun(): void {
  // Changing a V8 flag at run time: safe for this one, a heuristic read as functions run. Set
  // before the stages are loaded (they are imported after this, when the command runs).
  v8().setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

/** A `dossier build` that exits when done: the short-run budget, and the young generation held. */
export function tuneForOneShotBuild(): void {
  tuneForShortRun();
  holding = true;
  holdYoungGeneration();
}

/**
 * A one-shot build whose worker threads build too (batch.ts): the young generation is left
 * alone from now on, also at this thread's own checkpoints, as V8's growth factor is the
 * process's and would stop the workers' young generations growing wherever they are.
 */
export function leaveYoungGeneration(): void {
  holding = false;
}

/**
 * A checkpoint of a one-shot build (nothing otherwise): once the young generation has grown to
 * YOUNG_GENERATION_HOLD, it grows no more.
 */
export function holdYoungGeneration(): void {
  if (!holding) return;
  const young = v8()
    .getHeapSpaceStatistics()
    .find((s) => s.space_name === 'new_space');
  if (!young || young.space_size < YOUNG_GENERATION_HOLD) return;
  // Read by V8 when it next considers growing the young generation (Heap::ResizeNewSpace).
  v8().setFlagsFromString('--semi-space-growth-factor=1');
  holding = false;
}
