/**
 * The bundled command line (dist/bundle/, scripts/bundle.mjs) and the installed bin
 * (dist/cli-launcher.js) against tsc's dist/cli.js, the oracle: each command is run through all
 * three in fresh processes, and standard output, standard error and the exit code must be the
 * same bytes, and a built PDF byte-identical. The cases: help and version, usage errors, `check`
 * and `list` of the samples, every case of the error corpus (tests/errors/) under `check` (compiled
 * and bundle only), and a
 * build of the mini workspace in the main thread and in worker threads (the bundle starts its
 * own worker). The other CLI tests can be run through the bundle or the bin with
 * DOSSIER_TEST_CLI=bundle or =launcher (tests/helpers/cli.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINI, REPO, startEntry, type Run } from '../helpers/cli.js';

const ENTRIES = {
  compiled: path.join(REPO, 'dist/cli.js'),
  bundle: path.join(REPO, 'dist/bundle/cli.js'),
  launcher: path.join(REPO, 'dist/cli-launcher.js'),
};

type Outcome = Run;

/** `entry` run with a fixed date, so that the PDFs of the entries can be compared byte for byte. */
const run = (entry: string, args: string[], cwd: string): Promise<Outcome> => startEntry(entry, args, cwd, { SOURCE_DATE_EPOCH: '1767225600' }).done;

/** The same command through each entry (at once); every outcome must equal the compiled one's. */
async function expectSame(args: string[], cwd = REPO, others = [ENTRIES.bundle, ENTRIES.launcher]): Promise<Outcome> {
  const [compiled, ...rest] = await Promise.all([ENTRIES.compiled, ...others].map((entry) => run(entry, args, cwd)));
  rest.forEach((r, i) => expect(r, `${path.relative(REPO, others[i]!)} ${args.join(' ')}`).toEqual(compiled));
  return compiled!;
}

const temp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `dossier-bundle-${name}-`));

describe('the bundled command line', () => {
  it('is there and not older than the compiled one (npm run build makes both)', () => {
    const fresh = fs.existsSync(ENTRIES.bundle) && fs.statSync(ENTRIES.bundle).mtimeMs >= fs.statSync(ENTRIES.compiled).mtimeMs;
    expect(fresh, 'dist/bundle/ is missing or older than dist/cli.js: run npm run build (npm test does)').toBe(true);
    expect(fs.existsSync(path.join(REPO, 'dist/bundle/worker.js'))).toBe(true);
  });

  it('the bin picks the bundle unless it is missing or, in a source tree, older than the output of tsc', () => {
    // The launcher in a stand-in package whose two entries say which one ran.
    const pkg = temp('launcher');
    fs.mkdirSync(path.join(pkg, 'dist/bundle'), { recursive: true });
    fs.copyFileSync(ENTRIES.launcher, path.join(pkg, 'dist/cli-launcher.js'));
    fs.writeFileSync(path.join(pkg, 'package.json'), '{"type":"module"}');
    const write = (file: string, said: string, at: number) => {
      fs.writeFileSync(path.join(pkg, file), `process.stdout.write('${said}');`);
      fs.utimesSync(path.join(pkg, file), at, at);
    };
    const ran = () => spawnSync(process.execPath, [path.join(pkg, 'dist/cli-launcher.js')], { encoding: 'utf8' }).stdout;
    const t = Date.now() / 1000;
    write('dist/cli.js', 'compiled', t - 100);
    write('dist/bundle/cli.js', 'bundle', t - 50);
    expect(ran()).toBe('bundle'); // installed: no src/
    write('dist/cli.js', 'compiled', t);
    expect(ran()).toBe('bundle'); // installed, unpacked in another order
    fs.mkdirSync(path.join(pkg, 'src'));
    fs.writeFileSync(path.join(pkg, 'src/cli.ts'), '');
    expect(ran()).toBe('compiled'); // a source tree where tsc ran after the bundle
    write('dist/bundle/cli.js', 'bundle', t + 10);
    expect(ran()).toBe('bundle'); // npm run build: the bundle after tsc
    fs.rmSync(path.join(pkg, 'dist/bundle'), { recursive: true });
    expect(ran()).toBe('compiled'); // no bundle
  });

  it('prints the same help, version and usage errors', async () => {
    expect((await expectSame(['--help'])).stdout).toContain('Usage: dossier');
    await expectSame(['--version']);
    await expectSame(['build', '--help']);
    expect((await expectSame(['no-such-command'])).code).toBe(2);
    expect((await expectSame(['build', '--jobs', 'many'])).code).toBe(2);
    expect((await expectSame(['check', '--root', 'no/such/folder'])).code).toBe(2);
  });

  it('checks and lists the samples alike', async () => {
    expect((await expectSame(['check', '--root', 'dossiers'])).code).toBe(0);
    await expectSame(['check', '--root', 'dossiers', '--json']);
    await expectSame(['list', '--root', 'dossiers', '--json']);
    await expectSame(['schema', '--out', temp('schema')]);
  });

  it('reports the same diagnostics for every case of the error corpus', async () => {
    const corpus = path.join(REPO, 'tests/errors');
    const cases = fs.readdirSync(corpus).filter((n) => !n.startsWith('_'));
    expect(cases.length).toBeGreaterThan(20);
    let failed = 0;
    for (const name of cases) {
      const dir = temp(name);
      fs.cpSync(path.join(corpus, name, 'workspace'), dir, { recursive: true });
      // The bin only adds the choice of entry, run through in the other cases: the bundle alone here.
      if ((await expectSame(['check', '--root', '.'], dir, [ENTRIES.bundle])).code !== 0) failed++;
    }
    // Most cases fail under check too (a few only when a build writes: an output folder that is a file).
    expect(failed).toBeGreaterThan(cases.length * 0.8);
  }, 600_000);

  it('builds the same bytes, in this thread and in worker threads', async () => {
    const work = temp('build');
    fs.cpSync(MINI, work, { recursive: true });
    const pdfs: Buffer[][] = [];
    for (const entry of Object.values(ENTRIES)) {
      for (const jobs of ['1', '2']) {
        const out = path.join(work, `out-${path.basename(entry)}-${jobs}`);
        const r = await run(entry, ['build', '--root', '.', '--out', out, '--jobs', jobs, '--quiet'], work);
        expect(r.code, r.stderr).toBe(0);
        pdfs.push(['brief.pdf', 'brief-ar.pdf'].map((f) => fs.readFileSync(path.join(out, f))));
      }
    }
    expect(pdfs[0]![0]!.subarray(0, 5).toString()).toBe('%PDF-');
    for (const p of pdfs.slice(1)) expect(p.map((b, i) => b.equals(pdfs[0]![i]!))).toEqual([true, true]);
  }, 300_000);
});
