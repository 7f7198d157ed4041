/**
 * Interrupted work leaves nothing behind. The CLI is paused in the middle of writing (the fault
 * module's "pause" action hangs in fsync while the temporary file or folder exists), then
 * signalled: SIGTERM and SIGINT end it with 143 and 130, the temporary files removed and the
 * earlier file untouched, in the main thread, in the main thread and a worker thread, and in a release. SIGKILL
 * cannot be handled: the temporary file stays, and the next build or release of the same
 * target removes it with a warning, leaving alone those of a process that still runs.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyWorkspace } from '../helpers/cli.js';
import { checkSums } from '../release/helpers.js';
import { expectUntouched, FAULTS, goodBrief, prepare, runCliAsync, startCli, temps, waitFor, type Run } from './helpers.js';

let good: Buffer;
beforeAll(async () => {
  good = await goodBrief();
}, 60000);

/**
 * Starts the CLI paused at the Nth fsync of a temporary file, waits until `ready` holds, sends
 * `signal`, lets the pause end, and returns how it ended.
 */
async function interrupt(
  args: string[],
  dir: string,
  rule: string,
  signal: NodeJS.Signals,
  ready: () => boolean,
  endPause = true,
  env: Record<string, string> = {},
): Promise<Run & { pid: number; ms: number }> {
  const marker = path.join(dir, 'paused');
  const go = path.join(dir, 'go');
  const { child, done } = startCli(args, dir, { DOSSIER_FAULT: rule, DOSSIER_FAULT_MARKER: marker, DOSSIER_FAULT_GO: go, ...env }, FAULTS);
  await waitFor(() => fs.existsSync(marker) && ready(), 'the CLI to pause while writing');
  const sent = Date.now();
  child.kill(signal);
  // The signal is pending before the pause ends: a main thread handles it right after the write.
  // (Worker threads are left hanging: only being terminated can end their pause early.)
  if (endPause) fs.writeFileSync(go, '');
  const r = await done;
  return { ...r, pid: child.pid!, ms: Date.now() - sent };
}

describe('SIGTERM and SIGINT during a build or release', () => {
  it('build in the main thread, SIGTERM while the PDF is written: exit 143, no temporary file, the earlier PDF untouched', async () => {
    const w = prepare(good);
    const r = await interrupt(['build', 'brief.yaml', '--out', 'out', '--jobs', '1'], w.dir, 'fsync:1:pause', 'SIGTERM', () => temps(w.out).length === 1);
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toMatch(/^interrupted \(SIGTERM\): removed 1 temporary file or folder; what it was to replace is as it was$/m);
    expect(r.stderr).not.toMatch(/^\s+at .+/m);
    expectUntouched(w);
  }, 60000);

  it('build in the main thread, SIGINT: exit 130, the same', async () => {
    const w = prepare(good);
    const r = await interrupt(['build', 'brief.yaml', '--out', 'out'], w.dir, 'fsync:1:pause', 'SIGINT', () => temps(w.out).length === 1);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/^interrupted \(SIGINT\)/m);
    expectUntouched(w);
  }, 60000);

  it("build in this thread and a worker thread, both writing: SIGTERM after this thread's write stops the worker at once, exit 143, no temporary file", async () => {
    const w = prepare(good);
    // Each thread pauses at its first fsync: this one handles the signal once its pause ends
    // (as with --jobs 1), the worker ignores the go and stays paused until it is terminated.
    const r = await interrupt(
      ['build', '--root', '.', '--out', 'out', '--jobs', '2'],
      w.dir,
      'fsync:1:pause',
      'SIGTERM',
      () => temps(w.out).length === 2,
      true,
      { DOSSIER_FAULT_GO_MAIN: '1' },
    );
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toMatch(/^interrupted \(SIGTERM\): removed 2 temporary files or folders; what they were to replace is as it was$/m);
    expect(r.ms).toBeLessThan(15000); // the worker hangs for 30 s unless terminated
    expectUntouched(w); // and no brief-ar.pdf
  }, 60000);

  it('release, SIGINT while the second file is written: exit 130, no temporary folder, no release', async () => {
    const dir = copyWorkspace();
    const idDir = path.join(dir, 'rel/brief');
    const r = await interrupt(['release', 'brief.yaml', '--out', 'rel'], dir, 'fsync:2:pause', 'SIGINT', () => temps(idDir).length === 1);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/^interrupted \(SIGINT\): removed 1 temporary file or folder; what it was to replace is as it was$/m);
    expect(fs.readdirSync(idDir)).toEqual([]);
  }, 60000);
});

describe('a signal while nothing is being written', () => {
  it('ends the process at once, as by default (a long layout in the main thread does not delay Ctrl-C)', async () => {
    const w = prepare(good);
    // Paused while reading a font, that is while laying out, before anything is written.
    const env = { DOSSIER_FAULT_PATH: '\\.(ttf|otf|ttc)$', DOSSIER_FAULT_PAUSE_MS: '20000' };
    const r = await interrupt(['build', 'brief.yaml', '--out', 'out'], w.dir, 'readfile:1:pause', 'SIGTERM', () => true, false, env);
    expect(r.signal).toBe('SIGTERM');
    expect(r.ms).toBeLessThan(5000);
    expectUntouched(w);
  }, 60000);
});

/** A process id that is surely not running: that of a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('leftovers of a process killed with SIGKILL', () => {
  it('the build leaves its temporary file; the next build of that PDF removes it with a warning', async () => {
    const w = prepare(good);
    const killed = await interrupt(['build', 'brief.yaml', '--out', 'out'], w.dir, 'fsync:1:pause', 'SIGKILL', () => temps(w.out).length === 1);
    expect(killed.signal).toBe('SIGKILL');
    const [left] = temps(w.out);
    expect(left).toMatch(new RegExp(`^\\.brief\\.pdf\\.${killed.pid}-[0-9a-f]{8}\\.tmp$`));

    // Leftovers of another PDF, and of a process that still runs (this one), are not its to remove.
    const dead = deadPid();
    const others = [`.brief-ar.pdf.${dead}-0123abcd.tmp`, `.brief.pdf.${process.pid}-0123abcd.tmp`];
    for (const n of others) fs.writeFileSync(path.join(w.out, n), 'partial');
    // The name this tool used before, without the random part, is recognised too.
    fs.writeFileSync(path.join(w.out, `.brief.pdf.${dead}.tmp`), 'partial');

    const r = await runCliAsync(['build', 'brief.yaml', '--out', 'out'], w.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `out/${left}: warning: removed a temporary file of brief.pdf left behind by an interrupted run (process ${killed.pid}, no longer running)\n`,
    );
    expect(r.stderr).toContain(`out/.brief.pdf.${dead}.tmp: warning: removed a temporary file of brief.pdf`);
    expect(r.stderr.match(/warning: removed/g)).toHaveLength(2);
    expect(fs.readdirSync(w.out).sort()).toEqual(['brief.pdf', ...others].sort());
    expect(fs.readFileSync(w.pdf).equals(good)).toBe(false);
  }, 60000);

  it('the notice is in the JSON line with --json', async () => {
    const w = prepare(good);
    fs.writeFileSync(path.join(w.out, `.brief.pdf.${deadPid()}-0123abcd.tmp`), 'partial');
    const r = await runCliAsync(['build', 'brief.yaml', '--out', 'out', '--json'], w.dir);
    expect(r.code, r.stderr).toBe(0);
    const line = JSON.parse(r.stdout);
    expect(line.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/^removed a temporary file of brief\.pdf/) }),
    ]);
    expect(temps(w.out)).toEqual([]);
  }, 60000);

  it('the release leaves its temporary folder; the next release of the dossier removes it with a warning', async () => {
    const dir = copyWorkspace();
    const idDir = path.join(dir, 'rel/brief');
    const killed = await interrupt(['release', 'brief.yaml', '--out', 'rel'], dir, 'fsync:3:pause', 'SIGKILL', () => temps(idDir).length === 1);
    expect(killed.signal).toBe('SIGKILL');
    const [left] = temps(idDir);
    expect(left).toMatch(new RegExp(`^\\.tmp-1\\.0\\.0-${killed.pid}-[0-9a-f]{8}$`));
    expect(fs.readdirSync(path.join(idDir, left)).length).toBeGreaterThan(0);

    const r = await runCliAsync(['release', 'brief.yaml', '--out', 'rel'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `rel/brief/${left}: warning: removed a temporary folder of release 1.0.0 left behind by an interrupted run (process ${killed.pid}, no longer running)\n`,
    );
    expect(fs.readdirSync(idDir)).toEqual(['1.0.0']);
    expect(checkSums(path.join(idDir, '1.0.0'))).toHaveLength(3);
  }, 60000);
});
