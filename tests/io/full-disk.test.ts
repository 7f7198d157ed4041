/**
 * A real full file system and a real read-only one: a small tmpfs mounted for each test
 * (`mount -t tmpfs`), filled up or remounted read-only. `dossier build`, `release` and `schema`
 * must end with exit 1 and `path: error: … (ENOSPC|EROFS)` and a hint, leave the earlier file
 * byte for byte as it was and leave no temporary file behind. Mounting needs root (or
 * CAP_SYS_ADMIN); where it cannot mount, the tests are skipped and their name says why.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyWorkspace } from '../helpers/cli.js';
import { snapshotTree } from '../release/helpers.js';
import { expectOutputError, expectUntouched, goodBrief, prepare, runCliAsync } from './helpers.js';

const mounts: string[] = [];

function mount(args: string[]): { ok: boolean; why: string } {
  const r = spawnSync('mount', args, { encoding: 'utf8' });
  if (r.error) return { ok: false, why: `mount cannot run: ${r.error.message}` };
  return { ok: r.status === 0, why: (r.stderr || `mount exited ${r.status}`).trim() };
}

/** A fresh tmpfs of `size` bytes; its folder. */
function tmpfs(size: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-tmpfs-'));
  const m = mount(['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  if (!m.ok) throw new Error(`cannot mount a tmpfs on ${dir}: ${m.why}`);
  mounts.push(dir);
  return dir;
}

/** Whether a tmpfs can be mounted here, tried once; why not if not. */
function probe(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return `not root (uid ${process.getuid?.()}); mounting a tmpfs needs root`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-tmpfs-probe-'));
  const m = mount(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
  if (m.ok) spawnSync('umount', [dir]);
  fs.rmSync(dir, { recursive: true, force: true });
  return m.ok ? undefined : `cannot mount a tmpfs: ${m.why}`;
}

const cannot = probe();

afterAll(() => {
  for (const dir of mounts) {
    spawnSync('umount', [dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Fills the file system of dir so that only `left` bytes stay free. */
function fill(dir: string, left: number): void {
  const { bavail, bsize } = fs.statfsSync(dir);
  const free = bavail * bsize;
  if (free > left) fs.writeFileSync(path.join(dir, 'filler'), Buffer.alloc(free - left));
  expect(fs.statfsSync(dir).bavail * bsize).toBeLessThanOrEqual(left);
}

function remountReadOnly(dir: string): void {
  const m = mount(['-o', 'remount,ro', dir]);
  if (!m.ok) throw new Error(`cannot remount ${dir} read-only: ${m.why}`);
}

const title = cannot ? `on a real tmpfs (skipped: ${cannot})` : 'on a real tmpfs';
if (cannot) console.warn(`tests/io/full-disk.test.ts is skipped: ${cannot}`);

describe.skipIf(cannot !== undefined)(title, () => {
  let good: Buffer;
  const theGood = async () => (good ??= await goodBrief());

  it('full disk (8 KiB free): build exits 1 with ENOSPC, the earlier PDF byte-identical, no temporary file, the space given back', async () => {
    const disk = tmpfs(256 * 1024);
    const w = prepare(await theGood(), path.join(disk, 'out'));
    fill(disk, 8192);
    const free = fs.statfsSync(disk).bavail;
    const r = await runCliAsync(['build', 'brief.yaml', '--out', w.out], w.dir);
    expectOutputError(r, path.relative(w.dir, w.pdf), /^.*: error: cannot write the PDF: no space left on the device/, 'ENOSPC');
    expect(r.stderr).toMatch(/hint: free some space on that disk, or write elsewhere with --out DIR/);
    expectUntouched(w);
    expect(fs.statfsSync(disk).bavail).toBe(free);
  }, 60000);

  it('full disk: both dossiers, in this thread and a worker thread, with --json fail with ENOSPC in their JSON lines', async () => {
    const disk = tmpfs(256 * 1024);
    const w = prepare(await theGood(), path.join(disk, 'out'));
    fill(disk, 8192);
    const r = await runCliAsync(['build', '--root', '.', '--out', w.out, '--jobs', '2', '--json'], w.dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/\(this thread and 1 worker thread\)/);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const l of lines) {
      expect(l.ok).toBe(false);
      expect(l.diagnostics[0]).toMatchObject({
        file: path.relative(w.dir, path.join(w.out, `${l.id}.pdf`)),
        severity: 'error',
        message: 'cannot write the PDF: no space left on the device (ENOSPC)',
      });
    }
    expectUntouched(w);
  }, 60000);

  it('full disk: release exits 1 with ENOSPC naming the release folder; the earlier release and the folder are as they were', async () => {
    const disk = tmpfs(512 * 1024);
    const dir = copyWorkspace();
    const rel = path.join(disk, 'rel');
    expect((await runCliAsync(['release', 'brief.yaml', '--out', rel], dir)).code).toBe(0);
    const before = snapshotTree(rel);
    const def = path.join(dir, 'brief.yaml');
    fs.writeFileSync(def, fs.readFileSync(def, 'utf8').replace('version: 1.0.0', 'version: 1.1.0'));
    fill(disk, 8192);
    const r = await runCliAsync(['release', 'brief.yaml', '--out', rel], dir);
    expectOutputError(r, path.relative(dir, path.join(rel, 'brief/1.1.0')), /cannot write brief-1\.1\.0\.pdf: no space left on the device/, 'ENOSPC');
    expect(snapshotTree(rel)).toEqual(before);
    expect(fs.readdirSync(path.join(rel, 'brief'))).toEqual(['1.0.0']);
  }, 60000);

  it('full disk: schema exits 1 with ENOSPC, the earlier schemas byte-identical', async () => {
    const disk = tmpfs(128 * 1024);
    const dir = copyWorkspace();
    const out = path.join(disk, 'schemas');
    expect((await runCliAsync(['schema', '--out', out], dir)).code).toBe(0);
    const before = snapshotTree(out);
    fill(disk, 0);
    const r = await runCliAsync(['schema', '--out', out], dir);
    expectOutputError(r, path.relative(dir, path.join(out, 'source.schema.json')), /cannot write the schema: no space left on the device/, 'ENOSPC');
    expect(snapshotTree(out)).toEqual(before);
  }, 60000);

  it('read-only file system: build, release and schema exit 1 with EROFS; nothing there changes', async () => {
    const disk = tmpfs(512 * 1024);
    const w = prepare(await theGood(), path.join(disk, 'out'));
    const before = snapshotTree(disk);
    remountReadOnly(disk);
    const build = await runCliAsync(['build', 'brief.yaml', '--out', w.out], w.dir);
    expectOutputError(build, path.relative(w.dir, w.pdf), /cannot write the PDF: the file system is read-only/, 'EROFS');
    expect(build.stderr).toMatch(/hint: write elsewhere with --out DIR, or remount that file system read-write/);
    const release = await runCliAsync(['release', 'brief.yaml', '--out', path.join(disk, 'rel')], w.dir);
    expectOutputError(release, path.relative(w.dir, path.join(disk, 'rel/brief')), /cannot create the folder: the file system is read-only/, 'EROFS');
    const schema = await runCliAsync(['schema', '--out', path.join(disk, 'out')], w.dir);
    expectOutputError(schema, path.relative(w.dir, path.join(disk, 'out/source.schema.json')), /the file system is read-only/, 'EROFS');
    expect(snapshotTree(disk)).toEqual(before);
    expectUntouched(w);
  }, 60000);
});
