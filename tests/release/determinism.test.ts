import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { copyWorkspace } from '../helpers/cli.js';
import { nodeEval, runNode, snapshotTree } from './helpers.js';

const SHIFT = ['--import', pathToFileURL(path.join(import.meta.dirname, 'shift-clock.mjs')).href];

/** Three environments: time zone, locale, clock, working directory and workspace path all differ. */
function environments(): { ws: string; cwd: string; root: string; node: string[]; env: Record<string, string> }[] {
  const a = copyWorkspace();
  const b = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-other-')), 'deeper', 'workspace');
  fs.cpSync(a, b, { recursive: true });
  return [
    { ws: a, cwd: a, root: '.', node: [] as string[], env: { TZ: 'UTC', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } },
    { ws: b, cwd: os.tmpdir(), root: b, node: SHIFT, env: { TZ: 'Pacific/Kiritimati', LANG: 'ar_EG.UTF-8', LC_ALL: 'ar_EG.UTF-8' } },
    {
      ws: b,
      cwd: path.join(b, 'sources'),
      root: '..',
      node: SHIFT,
      env: { TZ: 'America/St_Johns', LANG: 'ja_JP.UTF-8', LC_ALL: 'ja_JP.UTF-8', DOSSIER_TEST_CLOCK_SHIFT_DAYS: '-7300' },
    },
  ];
}

async function pdfCreationDate(file: string): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), isEvalSupported: false, verbosity: 0 }).promise;
  const { info } = (await doc.getMetadata()) as unknown as { info: { CreationDate: string } };
  await doc.destroy();
  return info.CreationDate;
}

describe('determinism', () => {
  it('the environments really differ (clock, time zone, locale)', () => {
    const [, b, c] = environments();
    const year = new Date().getUTCFullYear();
    expect(Number(nodeEval(b.node, 'new Date().getUTCFullYear()', b.env))).toBeGreaterThanOrEqual(year + 7);
    expect(Number(nodeEval(c.node, 'new Date(Date.now()).getUTCFullYear()', c.env))).toBeLessThanOrEqual(year - 19);
    expect(nodeEval(b.node, 'Intl.DateTimeFormat().resolvedOptions().locale + " " + Intl.DateTimeFormat().resolvedOptions().timeZone', b.env)).toBe(
      'ar-EG Pacific/Kiritimati',
    );
    expect(nodeEval(c.node, 'Intl.DateTimeFormat().resolvedOptions().locale', c.env)).toBe('ja-JP');
  });

  it('builds give the same bytes in another time zone, locale, year and working directory, in this thread or in workers', async () => {
    const envs = environments();
    const outs = envs.map((e, i) => {
      const out = path.join(e.ws, `out-${i}`);
      const r = runNode(e.node, ['build', '--root', e.root, '--out', out, '--jobs', i === 0 ? '1' : '2'], e.cwd, e.env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return out;
    });
    for (const name of ['brief.pdf', 'brief-ar.pdf']) {
      const first = fs.readFileSync(path.join(outs[0], name));
      for (const out of outs.slice(1)) expect(fs.readFileSync(path.join(out, name)).equals(first), `${name} in ${out}`).toBe(true);
    }
    // The date printed into the PDF is the dossier's date, whatever the clock says.
    expect(await pdfCreationDate(path.join(outs[1], 'brief.pdf'))).toMatch(/^D:20261122000000/);
  }, 60000);

  it('without a date, SOURCE_DATE_EPOCH dates the PDF, never the clock', async () => {
    const [a, b] = environments();
    for (const e of [a, b]) fs.writeFileSync(path.join(e.ws, 'brief.yaml'), fs.readFileSync(path.join(e.ws, 'brief.yaml'), 'utf8').replace(/^date: .*\n/m, ''));
    const build = (e: typeof a, out: string, epoch: string) =>
      runNode(e.node, ['build', path.join(e.ws, 'brief.yaml'), '--out', out, '--jobs', '1'], e.cwd, { ...e.env, SOURCE_DATE_EPOCH: epoch });
    const outA = path.join(a.ws, 'epoch-a');
    const outB = path.join(b.ws, 'epoch-b');
    const outC = path.join(b.ws, 'epoch-c');
    expect(build(a, outA, '1700000000').code).toBe(0);
    expect(build(b, outB, '1700000000').code).toBe(0);
    expect(build(b, outC, '1800000000').code).toBe(0);
    const bytes = (out: string) => fs.readFileSync(path.join(out, 'brief.pdf'));
    expect(bytes(outA).equals(bytes(outB))).toBe(true);
    expect(bytes(outA).equals(bytes(outC))).toBe(false);
    expect(await pdfCreationDate(path.join(outA, 'brief.pdf'))).toMatch(/^D:20231114221320/);
  }, 60000);

  it('a release made in another environment is the same, file for file', () => {
    const [a, b] = environments();
    const made = [a, b].map((e, i) => {
      const out = path.join(e.ws, `releases-${i}`);
      const r = runNode(e.node, ['release', path.join(e.ws, 'brief-ar.yaml'), '--out', out], e.cwd, e.env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return Object.fromEntries(Object.entries(snapshotTree(out)).map(([f, v]) => [f, v.sha256]));
    });
    expect(Object.keys(made[0]).sort()).toEqual([
      'brief-ar/1.0.0/CHANGELOG.md',
      'brief-ar/1.0.0/SHA256SUMS',
      'brief-ar/1.0.0/brief-ar-1.0.0.pdf',
      'brief-ar/1.0.0/manifest.json',
    ]);
    expect(made[1]).toEqual(made[0]);
  }, 60000);
});
