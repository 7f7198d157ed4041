/**
 * Faults injected at the write (tests/io/fault-fs.mjs, loaded with `node --import` into the CLI
 * and its worker threads): every error code a file system can answer on output is a user
 * error (exit 1, `path: error: … (CODE)`, a hint, no stack trace), the earlier file stays byte
 * for byte as it was and no temporary file is left; a short write is finished, not lost.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyWorkspace } from '../helpers/cli.js';
import { checkSums, snapshotTree } from '../release/helpers.js';
import { expectOutputError, expectUntouched, FAULTS, goodBrief, prepare, runCliAsync, temps } from './helpers.js';

let good: Buffer;
beforeAll(async () => {
  good = await goodBrief();
}, 60000);

const fault = (rules: string) => ({ DOSSIER_FAULT: rules });

/** [rules, code, what the message says] for `dossier build`; the path named is out/brief.pdf. */
const BUILD_CASES: [string, string, RegExp][] = [
  ['write:1:short,write:2:ENOSPC', 'ENOSPC', /cannot write the PDF: no space left on the device/],
  ['write:1:EDQUOT', 'EDQUOT', /cannot write the PDF: disk quota exceeded/],
  ['write:1:EFBIG', 'EFBIG', /too large/],
  ['write:1:EIO', 'EIO', /input\/output error/],
  ['fsync:1:EIO', 'EIO', /input\/output error/],
  ['open:1:EROFS', 'EROFS', /the file system is read-only/],
  ['open:1:EACCES', 'EACCES', /permission denied/],
  ['open:1:EPERM', 'EPERM', /operation not permitted/],
  ['open:1:EEXIST', 'EEXIST', /a file is in the way/],
  ['open:1:ENOTDIR', 'ENOTDIR', /a file is in the way of a folder/],
  ['rename:1:EISDIR', 'EISDIR', /it is a folder, not a file/],
  ['rename:1:EACCES', 'EACCES', /permission denied/],
  ['open:1:EMFILE', 'EMFILE', /too many open files/],
  ['open:1:ENAMETOOLONG', 'ENAMETOOLONG', /the path is too long/],
  ['write:*:zero', 'EIO', /the file system took no bytes at byte 0/],
  ['read:1:flip', 'EIO', /reads back differently from byte 0/],
];

describe('dossier build with a failing file system', () => {
  describe.concurrent.each(BUILD_CASES)('%s', (rules, code, message) => {
    it(`exit 1, out/brief.pdf: error: … (${code}), a hint, the earlier PDF byte-identical, no temporary file`, async () => {
      const w = prepare(good);
      const r = await runCliAsync(['build', 'brief.yaml', '--out', 'out'], w.dir, fault(rules), FAULTS);
      expectOutputError(r, 'out/brief.pdf', message, code);
      expect(r.stderr).toMatch(/1 error, 0 warnings; the failed dossiers were not written/);
      expectUntouched(w);
    }, 60000);
  });

  it('a short write is finished: every writeSync writes at most 700 bytes, and the PDF is whole', async () => {
    const w = prepare(good);
    const plain = copyWorkspace();
    fs.copyFileSync(path.join(w.dir, 'brief.yaml'), path.join(plain, 'brief.yaml'));
    const [r, expected] = await Promise.all([
      runCliAsync(['build', 'brief.yaml', '--out', 'out'], w.dir, fault('write:*:short'), FAULTS),
      runCliAsync(['build', 'brief.yaml', '--out', 'out'], plain),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(expected.code, expected.stderr).toBe(0);
    const pdf = fs.readFileSync(w.pdf);
    expect(pdf.length).toBeGreaterThan(700 * 10);
    expect(pdf.equals(fs.readFileSync(path.join(plain, 'out/brief.pdf')))).toBe(true);
    expect(pdf.equals(good)).toBe(false);
    expect(temps(w.out)).toEqual([]);
  }, 60000);

  it('in this thread and a worker thread (--jobs 2) and with --json: each dossier fails with the diagnostic in its JSON line', async () => {
    const w = prepare(good);
    // Every write fails: either thread may build either dossier, or both.
    const r = await runCliAsync(['build', '--root', '.', '--out', 'out', '--jobs', '2', '--json'], w.dir, fault('write:*:EDQUOT'), FAULTS);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/\(this thread and 1 worker thread\)/);
    expect(r.stderr).not.toMatch(/^\s+at .+/m);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.id, l.ok])).toEqual([
      ['brief-ar', false],
      ['brief', false],
    ]);
    for (const l of lines) {
      expect(l.internal).toBeUndefined();
      expect(l.diagnostics).toEqual([
        { file: `out/${l.id}.pdf`, severity: 'error', message: 'cannot write the PDF: disk quota exceeded (EDQUOT)', hint: expect.stringMatching(/quota/) },
      ]);
    }
    expectOutputError(r, 'out/brief.pdf', /disk quota exceeded/, 'EDQUOT');
    expectUntouched(w);
  }, 60000);

  it('in the main thread with --json: the diagnostic is in the JSON line', async () => {
    const w = prepare(good);
    const r = await runCliAsync(['build', 'brief.yaml', '--out', 'out', '--json'], w.dir, fault('open:1:EROFS'), FAULTS);
    expect(r.code, r.stderr).toBe(1);
    const line = JSON.parse(r.stdout);
    expect(line.ok).toBe(false);
    expect(line.diagnostics[0]).toMatchObject({
      file: 'out/brief.pdf',
      severity: 'error',
      message: 'cannot write the PDF: the file system is read-only (EROFS)',
    });
    expect(line.diagnostics[0].line).toBeUndefined();
    expectUntouched(w);
  }, 60000);

  it("an error that is not the environment's (EBADF) is still an internal error, exit 3", async () => {
    const w = prepare(good);
    const r = await runCliAsync(['build', 'brief.yaml', '--out', 'out'], w.dir, fault('write:1:EBADF'), FAULTS);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/internal error/);
    expectUntouched(w);
  }, 60000);
});

/** [rules, code, message] for `dossier release`; the path named is the release folder. */
const RELEASE_CASES: [string, string, RegExp][] = [
  ['write:2:ENOSPC', 'ENOSPC', /cannot write manifest\.json: no space left on the device/],
  ['write:1:EDQUOT', 'EDQUOT', /cannot write brief-1\.0\.0\.pdf: disk quota exceeded/],
  ['mkdir:1:EROFS', 'EROFS', /cannot create the release folder: the file system is read-only/],
  ['open:3:EACCES', 'EACCES', /cannot write CHANGELOG\.md: permission denied/],
  ['fsync:4:EIO', 'EIO', /cannot write SHA256SUMS: input\/output error/],
  ['rename:1:EPERM', 'EPERM', /cannot put the release in place: operation not permitted/],
];

describe('dossier release with a failing file system', () => {
  describe.concurrent.each(RELEASE_CASES)('%s', (rules, code, message) => {
    it(`exit 1, rel/brief/1.0.0: error: … (${code}), no release and no temporary folder`, async () => {
      const dir = copyWorkspace();
      const r = await runCliAsync(['release', 'brief.yaml', '--out', 'rel'], dir, fault(rules), FAULTS);
      expectOutputError(r, 'rel/brief/1.0.0', message, code);
      expect(fs.readdirSync(path.join(dir, 'rel/brief'))).toEqual([]);
    }, 60000);
  });

  it('an earlier release stays byte for byte as it was when the next one fails', async () => {
    const dir = copyWorkspace();
    expect((await runCliAsync(['release', 'brief.yaml', '--out', 'rel'], dir)).code).toBe(0);
    const before = snapshotTree(path.join(dir, 'rel'));
    const def = path.join(dir, 'brief.yaml');
    fs.writeFileSync(def, fs.readFileSync(def, 'utf8').replace('version: 1.0.0', 'version: 1.0.1'));
    const r = await runCliAsync(['release', 'brief.yaml', '--out', 'rel'], dir, fault('write:*:short,write:5:ENOSPC'), FAULTS);
    expectOutputError(r, 'rel/brief/1.0.1', /no space left on the device/, 'ENOSPC');
    expect(snapshotTree(path.join(dir, 'rel'))).toEqual(before);
    expect(fs.readdirSync(path.join(dir, 'rel/brief'))).toEqual(['1.0.0']);
    expect(checkSums(path.join(dir, 'rel/brief/1.0.0'))).toHaveLength(3);
  }, 60000);
});

describe('dossier schema with a failing file system', () => {
  it.concurrent.each([
    ['write:1:ENOSPC', 'ENOSPC', /cannot write the schema: no space left on the device/],
    ['open:2:EROFS', 'EROFS', /cannot write the schema: the file system is read-only/],
  ] as const)(
    '%s: exit 1, a diagnostic naming the schema, the earlier schema byte-identical',
    async (rules, code, message) => {
      const dir = copyWorkspace();
      expect((await runCliAsync(['schema', '--root', '.'], dir)).code).toBe(0);
      const hashes = () => Object.fromEntries(Object.entries(snapshotTree(path.join(dir, 'schemas'))).map(([f, v]) => [f, v.sha256]));
      const before = hashes();
      const failed = path.join(dir, `schemas/${rules.startsWith('write') ? 'source' : 'claims'}.schema.json`);
      const mtimeMs = fs.statSync(failed).mtimeMs;
      const r = await runCliAsync(['schema', '--root', '.'], dir, fault(rules), FAULTS);
      expectOutputError(r, path.relative(dir, failed), message, code);
      expect(hashes()).toEqual(before);
      expect(fs.statSync(failed).mtimeMs).toBe(mtimeMs);
      expect(temps(path.join(dir, 'schemas'))).toEqual([]);
    },
    60000,
  );
});
