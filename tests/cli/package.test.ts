/**
 * The packed tarball installs and works in another folder, offline: `npm pack` into a temporary
 * folder, then an install into another one from the npm cache that `npm ci` filled. The cache
 * holds the dependencies' tarballs but not the registry's metadata, so the install folder gets
 * a lockfile made from this repository's (its entries for the production dependencies, the
 * tarball's own entry added) and `npm ci --offline` needs no registry. Where that fails
 * (a cache cleaned since), the install goes to the registry with --prefer-offline if it answers;
 * otherwise the test is skipped and says why. About 15 s.
 *
 * `npm pack` runs with --ignore-scripts: its `prepare` would delete and recompile dist/ while
 * other test files run the CLI from it (pretest has just compiled it).
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const MAX_TARBALL = 25 * 1000 * 1000;

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', ...env }, timeout: 120000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const temp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `dossier-${name}-`));

/** package.json and package-lock.json for a folder that depends on the tarball alone. */
function lockedProject(dir: string, tarball: string): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8'));
  const spec = `file:${path.relative(dir, tarball)}`;
  const integrity = `sha512-${crypto.createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`;
  const packages: Record<string, unknown> = {
    '': { name: 'install-check', dependencies: { 'dossier-press': spec } },
    'node_modules/dossier-press': {
      version: pkg.version,
      resolved: spec,
      integrity,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [k, v] of Object.entries(lock.packages as Record<string, { dev?: boolean }>)) if (k !== '' && !v.dev) packages[k] = v;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'install-check', private: true, dependencies: { 'dossier-press': spec } }));
  fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'install-check', lockfileVersion: 3, requires: true, packages }));
}

describe('the npm package', () => {
  it('packs under 25 MB with dist/, fonts and templates and no tests or outputs; installs offline; the dossier command and import work in another folder', (ctx) => {
    const packDir = temp('pack');
    const pack = run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], REPO);
    expect(pack.code, pack.stderr).toBe(0);
    const info = JSON.parse(pack.stdout)[0] as { filename: string; size: number; files: { path: string }[] };
    const files = info.files.map((f) => f.path);
    expect(info.size).toBeLessThanOrEqual(MAX_TARBALL);
    for (const f of [
      'dist/cli.js',
      'dist/cli-launcher.js',
      'dist/bundle/cli.js',
      'dist/bundle/worker.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/batch/worker.js',
      'fonts/OFL.txt',
      'fonts/README.md',
      'fonts/NotoSansCJK-Regular.ttc',
      'fonts/NotoSansCJKjp-Bold.subset.otf',
      'fonts/NotoSansCJKsc-Bold.subset.otf',
      'fonts/NotoSansCJKtc-Bold.subset.otf',
      'fonts/NotoSansCJKkr-Bold.subset.otf',
      'templates/briefing/document.hbs',
      'templates/briefing/labels.yaml',
      'package.json',
      'README.md',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => !/^(dist|fonts|templates)\/|^(package\.json|README\.md|ARCHITECTURE\.md)$/.test(f))).toEqual([]);
    expect(files.filter((f) => /^dist\/bench\/|record-fingerprints|\.test\.|fixtures/.test(f))).toEqual([]);
    const tarball = path.join(packDir, info.filename);

    const project = temp('install');
    lockedProject(project, tarball);
    let install = run(NPM, ['ci', '--offline', '--no-audit', '--no-fund'], project);
    if (install.code !== 0) {
      const offline = install.stderr.split('\n').find((l) => /ENOTCACHED|only-if-cached/.test(l)) ?? install.stderr.trim().split('\n').pop();
      if (run(NPM, ['ping'], project).code !== 0) ctx.skip(`the tarball's dependencies are not in the npm cache (${offline}) and the registry does not answer`);
      install = run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], project);
    }
    expect(install.code, install.stderr).toBe(0);

    const bin = path.join(project, 'node_modules/.bin/dossier');
    const pkgVersion = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
    expect(run(bin, ['--version'], project).stdout.trim()).toBe(pkgVersion);

    // The installed command, from a folder of its own: fonts and templates come from the package.
    const work = temp('installed-use');
    expect(run(bin, ['init'], work, { SOURCE_DATE_EPOCH: '1767225600' }).code).toBe(0);
    const built = run(bin, ['build', '--jobs', '1'], work);
    expect(built.code, built.stderr).toBe(0);
    expect(fs.readFileSync(path.join(work, 'out/example-briefing.pdf')).subarray(0, 5).toString()).toBe('%PDF-');

    // import('dossier-press') resolves through "exports" and the API answers.
    const script = `const m = await import('dossier-press'); const r = m.check({ root: ${JSON.stringify(path.join(work, 'dossiers'))} }); console.log(JSON.stringify({ keys: Object.keys(m).sort(), ok: r.ok, counts: r.counts, version: m.version }));`;
    const imported = run(process.execPath, ['--input-type=module', '-e', script], project);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({
      keys: ['build', 'check', 'formatDiagnostic', 'release', 'sortDiagnostics', 'version'],
      ok: true,
      counts: { sources: 1, claims: 2, quotes: 2, dossiers: 1 },
      version: pkgVersion,
    });

    // The type declarations: a TypeScript user of the API compiles (and a misuse does not).
    fs.writeFileSync(
      path.join(project, 'use.ts'),
      `import { build, check, release, formatDiagnostic, type Diagnostic, type BuildResult } from 'dossier-press';
const c = check({ root: 'dossiers' });
const first: Diagnostic | undefined = c.diagnostics[0];
if (first) console.log(formatDiagnostic(first), first.line, first.severity);
export async function go(): Promise<number> {
  const b = await build({ root: 'dossiers', out: 'out', jobs: 1 });
  const rs: BuildResult[] = b.results;
  const r = await release({ file: 'dossiers/a.yaml' });
  return rs.length + (r.release?.manifest.pdf.pages ?? 0) + c.counts.quotes;
}
`,
    );
    const tsc = path.join(REPO, 'node_modules/typescript/bin/tsc');
    const tscArgs = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--types',
      'node',
      '--typeRoots',
      path.join(REPO, 'node_modules/@types'),
    ];
    const typed = run(process.execPath, [tsc, ...tscArgs, 'use.ts'], project);
    expect(typed.stdout + typed.stderr).toBe('');
    expect(typed.code).toBe(0);
    fs.writeFileSync(path.join(project, 'misuse.ts'), `import { check } from 'dossier-press';\ncheck({ rot: 'dossiers' });\n`);
    expect(run(process.execPath, [tsc, ...tscArgs, 'misuse.ts'], project).stdout).toMatch(
      /misuse\.ts\(2,\d+\): error TS\d+: Object literal may only specify known properties, \w+ 'rot' does not exist in type 'CheckOptions'/,
    );
  }, 120000);
});
