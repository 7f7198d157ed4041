import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPool } from '../../src/batch/pool.js';
import { inShard, parseJobs, parseShard, shardKey, shardOf } from '../../src/batch/shard.js';
import { copyWorkspace, REPO, runCli } from '../helpers/cli.js';

const SAMPLES = fs.readdirSync(path.join(REPO, 'dossiers')).filter((f) => f.endsWith('.yaml'));

describe('sharding', () => {
  const names = [...SAMPLES, ...Array.from({ length: 200 }, (_, i) => `dossier-${i}.yaml`)];

  it('for N = 1..4 the shards cover every dossier exactly once', () => {
    for (let n = 1; n <= 4; n++) {
      const shards = Array.from({ length: n }, (_, i) => names.filter((f) => inShard(f, { index: i + 1, count: n })));
      expect(shards.flat().sort()).toEqual([...names].sort());
      expect(new Set(shards.flat()).size).toBe(names.length); // pairwise disjoint
      if (n > 1) for (const s of shards) expect(s.length).toBeGreaterThan(names.length / n / 2); // roughly even
    }
  });

  it('a dossier keeps its shard when others are added, and across machines (a fixed hash)', () => {
    const before = SAMPLES.map((f) => shardOf(shardKey(f), 3));
    const grown = [...SAMPLES, 'new-one.yaml', 'another.yaml'];
    expect(grown.slice(0, SAMPLES.length).map((f) => shardOf(shardKey(f), 3))).toEqual(before);
    expect(shardKey('dossiers/openai-founding.yaml')).toBe('openai-founding');
    expect(shardOf('openai-founding', 4)).toBe(shardOf('openai-founding', 4));
    // Pinned: the first four bytes of SHA-256("mostaque-profile") are 0xcd60680e (3445647374).
    expect([1, 2, 3, 4].map((n) => shardOf('mostaque-profile', n))).toEqual([1, 1, 3, 3]);
  });

  it('parses --jobs and --shard strictly', () => {
    expect(parseJobs('3')).toBe(3);
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0', '-1', '1.5', 'two', '']) expect(() => parseJobs(bad)).toThrow(/--jobs takes a whole number/);
    for (const bad of ['0/2', '3/2', '1', '1/0', 'a/b', '1/2/3']) expect(() => parseShard(bad)).toThrow(/--shard/);
  });
});

describe('worker pool', () => {
  const worker = new URL('./fixtures/flaky-worker.mjs', import.meta.url);

  it('a task whose worker dies fails alone; the others finish, results in task order', async () => {
    const seen: number[] = [];
    const tasks = [1, 2, 13, 4, 5, 99, 7, 8];
    const pool = startPool<number, number | string>({ size: 3, worker, workerData: null, onCrash: (t, e) => `task ${t}: ${e.message}` });
    const results = await pool.run(tasks, (_r, t) => seen.push(t));
    expect(results).toEqual([2, 4, 'task 13: unlucky', 8, 10, 'task 99: worker thread stopped (exit code 7)', 14, 16]);
    expect(seen.sort((a, b) => a - b)).toEqual([...tasks].sort((a, b) => a - b));
  });

  it('more workers than tasks, no tasks, or closed without running: no hang', async () => {
    const onCrash = () => -1;
    expect(await startPool<number, number>({ size: 4, worker, workerData: null, onCrash }).run([3])).toEqual([6]);
    expect(await startPool<number, number>({ size: 2, worker, workerData: null, onCrash }).run([])).toEqual([]);
    startPool<number, number>({ size: 2, worker, workerData: null, onCrash }).close();
  });

  it('the calling thread builds beside the workers, claiming from the same list: each task once, results in task order', async () => {
    // Not 13 or 99, which the fixture worker fails on purpose: whichever thread claims a task is
    // a matter of timing, and this case checks claiming, not crashes (the next case does).
    const tasks = Array.from({ length: 42 }, (_, i) => i + 1).filter((n) => n !== 13 && n !== 99);
    const byHere: number[] = [];
    const here = async (n: number) => {
      byHere.push(n);
      await new Promise((resolve) => setTimeout(resolve, 15));
      return -n; // told apart from a worker's n * 2
    };
    const pool = startPool<number, number | string>({ size: 1, worker, workerData: null, onCrash: (t, e) => `task ${t}: ${e.message}` });
    const results = await pool.run(tasks, undefined, here);
    expect(results).toHaveLength(tasks.length);
    results.forEach((r, i) => expect([-tasks[i], tasks[i] * 2]).toContain(r));
    // Both built: the calling thread started at once, the worker once it had started (150 ms).
    expect(byHere.length).toBeGreaterThan(0);
    expect(byHere.length).toBeLessThan(tasks.length);
    expect(byHere).toEqual([...byHere].sort((a, b) => a - b)); // claimed in list order
    expect(results.filter((r) => typeof r === 'number' && r > 0)).toHaveLength(tasks.length - byHere.length);
  });

  it('with the calling thread building, a task whose worker dies fails alone; a fresh worker or the calling thread takes the rest', async () => {
    const tasks = [1, 13, 2, 99, 3, 4, 5, 6, 7, 8];
    // The calling thread holds its first task until both crashes are reported: the workers claim 13 and 99.
    let crashes = 0;
    let bothCrashed = () => {};
    const crashed = new Promise<void>((resolve) => (bothCrashed = resolve));
    const onResult = (r: number | string) => {
      if (typeof r === 'string' && ++crashes === 2) bothCrashed();
    };
    const here = async (n: number) => {
      await crashed;
      return -n;
    };
    const pool = startPool<number, number | string>({ size: 1, worker, workerData: null, onCrash: (t, e) => `task ${t}: ${e.message}` });
    const results = await pool.run(tasks, onResult, here);
    expect(results[0]).toBe(-1);
    results.forEach((r, i) => {
      if (tasks[i] === 13) expect(r).toBe('task 13: unlucky');
      else if (tasks[i] === 99) expect(r).toBe('task 99: worker thread stopped (exit code 7)');
      else expect([-tasks[i], tasks[i] * 2]).toContain(r);
    });
  });

  it('a worker that dies while starting is not replaced: the calling thread builds all, or, with no builder left, the tasks fail', async () => {
    const onCrash = (t: number, e: Error) => `task ${t}: ${e.message}`;
    const alone = startPool<number, number | string>({ size: 1, worker, workerData: 'die-on-start', onCrash });
    expect(await alone.run([1, 2, 3])).toEqual(['task 1: cannot start', 'task 2: cannot start', 'task 3: cannot start']);
    const withHere = startPool<number, number | string>({ size: 1, worker, workerData: 'die-on-start', onCrash });
    expect(await withHere.run([1, 2, 3], undefined, async (n) => -n)).toEqual([-1, -2, -3]);
  });
});

/** The mini workspace with four dossiers; the last has a template error. */
function fourDossiers(): string {
  const ws = copyWorkspace();
  const brief = fs.readFileSync(path.join(ws, 'brief.yaml'), 'utf8');
  fs.writeFileSync(path.join(ws, 'brief-2.yaml'), brief.replace('id: brief', 'id: brief-2'));
  fs.writeFileSync(path.join(ws, 'zz-broken.yaml'), `${brief.replace('id: brief', 'id: zz-broken')}template: nope\n`);
  return ws;
}

const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('dossier build --jobs --shard --json', () => {
  it('builds in this thread and a worker thread; one broken dossier fails alone (exit 1); JSON lines in dossier order', () => {
    const ws = fourDossiers();
    const r = runCli(['build', '--root', '.', '--out', 'out', '--jobs', '2', '--json'], ws);
    expect(r.code).toBe(1);
    const lines = jsonLines(r.stdout);
    // The order of the definition files (brief-2.yaml < brief-ar.yaml < brief.yaml), whatever finished first.
    expect(lines.map((l) => [l.id, l.ok])).toEqual([
      ['brief-2', true],
      ['brief-ar', true],
      ['brief', true],
      ['zz-broken', false],
    ]);
    const ok = lines.find((l) => l.id === 'brief');
    expect(ok).toMatchObject({ file: 'brief.yaml', pdf: 'out/brief.pdf', pages: 1, claims: 2, notes: 3, diagnostics: [] });
    expect(ok.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(path.join(ws, 'out/brief.pdf')).size).toBe(ok.bytes);
    const broken = lines.find((l) => l.id === 'zz-broken');
    expect(broken.diagnostics[0]).toMatchObject({ file: 'zz-broken.yaml', line: 12, col: 11, severity: 'error', message: 'unknown template "nope"' });
    expect(fs.existsSync(path.join(ws, 'out/zz-broken.pdf'))).toBe(false);
    // People read standard error: a progress line per dossier, the diagnostics, a summary.
    expect(r.stderr.match(/^\[\d\/4\] (built|failed) /gm)).toHaveLength(4);
    expect(r.stderr).toMatch(/^zz-broken\.yaml:12:11: error: unknown template "nope"/m);
    expect(r.stderr).toMatch(/^built 3 of 4 dossiers, 1 failed in [\d.]+ s \(this thread and 1 worker thread\)$/m);
    // The same bytes as this thread alone writes, whichever thread built which dossier.
    const alone = runCli(['build', '--root', '.', '--out', 'out-1', '--jobs', '1', '--json'], ws);
    expect(alone.stderr).toMatch(/\(in this thread\)$/m);
    const sums = (ls: { id: string; sha256?: string }[]) => ls.map((l) => [l.id, l.sha256]);
    expect(sums(jsonLines(alone.stdout))).toEqual(sums(lines));
    for (const id of ['brief', 'brief-2', 'brief-ar'])
      expect(fs.readFileSync(path.join(ws, `out/${id}.pdf`)).equals(fs.readFileSync(path.join(ws, `out-1/${id}.pdf`)))).toBe(true);
  }, 60000);

  it('--shard I/3 over the shards builds every dossier exactly once', () => {
    const ws = fourDossiers();
    fs.rmSync(path.join(ws, 'zz-broken.yaml'));
    const all = ['brief', 'brief-2', 'brief-ar'];
    const built: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const r = runCli(['build', '--root', '.', '--out', `out-${i}`, '--shard', `${i}/3`, '--json', '--jobs', '1'], ws);
      expect(r.code).toBe(0);
      const ids = jsonLines(r.stdout).map((l) => l.id);
      expect(ids).toEqual(all.filter((id) => shardOf(id, 3) === i));
      for (const id of ids) expect(fs.existsSync(path.join(ws, `out-${i}/${id}.pdf`))).toBe(true);
      expect(r.stderr).toMatch(new RegExp(`^shard ${i}/3: ${ids.length} of 3 dossiers$`, 'm'));
      built.push(...ids);
    }
    expect(built.sort()).toEqual(all);
  }, 60000);

  it('bad --jobs and --shard are usage errors (exit 2) with a clear message', () => {
    for (const [args, msg] of [
      [['--jobs', '0'], /--jobs takes a whole number of dossiers built at once, 1 or more \(got "0"\)/],
      [['--jobs', 'many'], /--jobs takes a whole number/],
      [['--shard', '4/3'], /--shard 4\/3: I must be from 1 to 3/],
      [['--shard', 'half'], /--shard takes I\/N with 1 <= I <= N/],
    ] as const) {
      const r = runCli(['build', '--root', 'tests/fixtures/mini', '--out', '/nonexistent/out', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
  });
});
