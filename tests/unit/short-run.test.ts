/**
 * A one-shot build holds V8's young generation once it has grown to 2 x 8 MiB (short-run.ts).
 * V8's flags are the process's, so each case runs in a child process of its own: it tunes V8 as
 * `dossier build` does and allocates objects that survive a while (as a build's layout objects
 * do), which makes V8 grow the young generation; the oracle is V8's own heap statistics.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

const SCRIPT = `
import v8 from 'node:v8';
const { tuneForOneShotBuild, holdYoungGeneration, leaveYoungGeneration } = await import(process.argv[1]);
const checkpoints = process.argv[2] !== 'none';
const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
tuneForOneShotBuild();
// A batch with worker threads: this thread's own checkpoints must then hold nothing.
if (process.argv[2] === 'with-workers') leaveYoungGeneration();
let kept = [];
let most = 0;
for (let i = 0; i < 3000000; i++) {
  kept.push({ i, s: 'x' + i });
  if (kept.length > 400000) kept = [];
  if (i % 1000 === 0) {
    if (checkpoints) holdYoungGeneration();
    most = Math.max(most, young());
  }
}
process.stdout.write(JSON.stringify({ mostMiB: most / 1048576 }));
`;

function mostYoungMiB(mode: 'checkpoints' | 'with-workers' | 'none'): number {
  const module = pathToFileURL(path.join(REPO, 'dist/short-run.js')).href;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT, module, mode], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { mostMiB: number }).mostMiB;
}

describe('one-shot build: young generation', () => {
  it('grows to V8’s most without checkpoints (so the allocation pattern makes it grow)', () => {
    expect(mostYoungMiB('none')).toBeGreaterThan(16);
  });

  it('stays at 2 x 8 MiB once a checkpoint has seen it there', () => {
    expect(mostYoungMiB('checkpoints')).toBeLessThanOrEqual(16);
  });

  it('grows as V8 wants, checkpoints or not, once a batch has started worker threads (the flag would hold theirs too)', () => {
    expect(mostYoungMiB('with-workers')).toBeGreaterThan(16);
  });
});
