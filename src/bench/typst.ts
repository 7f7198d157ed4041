/**
 * The side-by-side figure of `npm run bench -- --typst DIR --workload GEN_PY --seeds DIR`: the
 * same document built by `dossier build` and compiled by Typst, alternating, in fresh processes,
 * on the same machine at the same moment. The speed issue's target: a cold build in at most 2.0
 * times Typst's time. A ratio measured this way holds on a shared machine; an absolute time does
 * not.
 *
 * Typst is no dependency of the project: DIR is a folder where the shared bench's
 * `typst-compile.js` and the npm package @myriaddreamin/typst-ts-node-compiler are installed, and
 * GEN_PY the shared bench's generator, which writes the workload in both forms (the README of
 * `../shared/bench/` says how). Without --typst the figure is left out.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, median } from './measure.js';

export const TYPST_RATIO = 2.0;

export interface TypstComparison {
  claims: number;
  runs: number;
  dossierMs: number;
  typstMs: number;
  /** Peak memory of each, from /usr/bin/time-like figures of the child (largest of the runs). */
  dossierPeakMiB: number;
  typstPeakMiB: number;
}

export interface TypstOptions {
  /** Folder with typst-compile.js and its node_modules. */
  typstDir: string;
  /** The shared bench's gen.py. */
  generator: string;
  /** The seed articles gen.py reads. */
  seeds: string;
  /** Font folders for Typst (Debian's Noto). */
  fontDirs: string[];
}

/** Runs a command to its end; resolves with its wall time and, where /usr/bin/time exists, its peak memory. */
function timed(cmd: string, args: string[], cwd: string): Promise<{ ms: number; peakMiB: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // /usr/bin/time -f %M gives the peak RSS of the child; fall back to no memory figure without it.
    const useTime = fs.existsSync('/usr/bin/time');
    const child = useTime
      ? spawn('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`${path.basename(args[0] ?? cmd)} failed (exit ${code}):\n${stderr}`));
      const kib = useTime ? Number(stderr.trim().split('\n').pop()) : NaN;
      resolve({ ms, peakMiB: kib / 1024 });
    });
  });
}

export async function compareWithTypst(base: string, claims: number, runs: number, o: TypstOptions): Promise<TypstComparison> {
  const dir = path.join(base, `typst-${claims}`);
  const gen = spawnSync('python3', [o.generator, o.seeds, dir, String(claims)], { encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(`the shared bench's generator failed: ${gen.stderr || gen.error?.message}`);
  const ours: { ms: number; peakMiB: number }[] = [];
  const theirs: { ms: number; peakMiB: number }[] = [];
  for (let r = 0; r < runs; r++) {
    ours.push(await timed(process.execPath, [CLI, 'build', path.join(dir, 'dossiers', 'bench.yaml'), '--out', path.join(dir, 'out')], dir));
    theirs.push(
      await timed(
        process.execPath,
        [path.join(o.typstDir, 'typst-compile.js'), path.join(dir, 'typst', 'main.typ'), path.join(dir, 'typst.pdf'), ...o.fontDirs],
        o.typstDir,
      ),
    );
  }
  return {
    claims,
    runs,
    dossierMs: median(ours.map((x) => x.ms)),
    typstMs: median(theirs.map((x) => x.ms)),
    dossierPeakMiB: Math.max(...ours.map((x) => x.peakMiB)),
    typstPeakMiB: Math.max(...theirs.map((x) => x.peakMiB)),
  };
}

export function typstSummary(t: TypstComparison): string {
  const ratio = t.dossierMs / t.typstMs;
  return [
    `Side by side with Typst (the shared bench's ${t.claims}-claim workload, alternating, median of ${t.runs}):`,
    `  dossier build ${(t.dossierMs / 1000).toFixed(2)} s, ${Math.round(t.dossierPeakMiB)} MiB; Typst ${(t.typstMs / 1000).toFixed(2)} s, ${Math.round(t.typstPeakMiB)} MiB`,
    `  ratio ${ratio.toFixed(2)}: ${ratio <= TYPST_RATIO ? 'ok' : 'MISSED'} (at most ${TYPST_RATIO} times Typst)`,
  ].join('\n');
}
