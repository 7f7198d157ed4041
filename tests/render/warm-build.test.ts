/**
 * A long-lived process (watch, batch workers, the API) builds from faces parsed once
 * (src/pdf/engine/hooks/shared-faces.ts). Each document must still come out as a cold build
 * makes it: the same bytes (so a ToUnicode map made from its own text only: a glyph first made
 * for an earlier document's text would copy out that text). The warm process
 * builds every sample and the mixed-script fixture in turn, then the first again; each PDF is
 * compared with a build of the same dossier alone in a fresh process.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyWorkspace, REPO, runCli } from '../helpers/cli.js';

const WORKSPACES = [path.join(REPO, 'dossiers'), path.join(REPO, 'tests/fixtures/mixed')];

/** Builds the given dossiers one after another in one process; prints whether faces were shared. */
const WARM_SCRIPT = `
import fs from 'node:fs';
import path from 'node:path';
const dist = process.argv[1];
const { checkWorkspace, buildToFile } = await import(dist + '/build.js');
const { facesShared } = await import(dist + '/pdf/engine/hooks/shared-faces.js');
const jobs = JSON.parse(process.argv[2]);
for (const [root, id, out] of jobs) {
  const cw = checkWorkspace(root);
  const dossier = [...cw.ws.dossiers.values()].find((d) => d.id === id);
  fs.mkdirSync(out, { recursive: true });
  await buildToFile(cw, dossier, out);
}
console.log(JSON.stringify({ shared: facesShared() }));
`;

function dossiersOf(root: string): { root: string; id: string; file: string }[] {
  const r = runCli(['list', '--root', root, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { dossiers: { id: string; file: string }[] }).dossiers.map((d) => ({ root, id: d.id, file: path.resolve(REPO, d.file) }));
}

describe('warm builds', () => {
  it('a process that built other dossiers first writes the bytes of a cold build, sharing parsed faces', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-warm-'));
    const all = WORKSPACES.flatMap(dossiersOf);
    expect(all.length).toBeGreaterThanOrEqual(4);
    // Warm: all in turn, then the first again (after the others, its faces hold their glyphs).
    const order = [...all, all[0]!];
    const jobs = order.map((d, i) => [d.root, d.id, path.join(tmp, `warm-${i}`)]);
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', WARM_SCRIPT, path.join(REPO, 'dist'), JSON.stringify(jobs)], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({ shared: true });
    for (const [i, d] of order.entries()) {
      const cold = path.join(tmp, `cold-${d.id}`);
      if (!fs.existsSync(cold)) {
        const c = runCli(['build', '--root', d.root, '--out', cold, '--jobs', '1', d.file]);
        expect(c.code, c.stderr).toBe(0);
      }
      const warmPdf = fs.readFileSync(path.join(tmp, `warm-${i}`, `${d.id}.pdf`));
      const coldPdf = fs.readFileSync(path.join(cold, `${d.id}.pdf`));
      expect(warmPdf.equals(coldPdf), `${d.id} built warm (position ${i}) differs from its cold build`).toBe(true);
    }
  }, 300_000);

  it("a glyph made for an earlier document's text does not copy out that text in the next one", () => {
    // One glyph, two texts: the presentation form U+FEFB and the letters lam, alef that shape
    // to it. Without the glyph cache emptied per document, the second dossier's ToUnicode map
    // says U+FEFB where it printed لا (and its bytes differ from its cold build).
    const ws = copyWorkspace();
    const retitle = (file: string, id: string, title: string) =>
      fs.writeFileSync(
        path.join(ws, file),
        fs
          .readFileSync(path.join(ws, file), 'utf8')
          .replace(/^id: .*$/m, `id: ${id}`)
          .replace(/^title: .*$/m, `title: "${title}"`),
      );
    retitle('brief.yaml', 'form', 'Mini \uFEFB briefing');
    retitle('brief-ar.yaml', 'letters', 'Mini \u0644\u0627 briefing');
    expectWarmSecondAsCold(ws, ['form', 'letters'], 'brief-ar.yaml');
  }, 120_000);

  it('a word shaped in an earlier document is shaped again when this document made one of its glyphs for other text', () => {
    // Noto Naskh Arabic draws U+06CC (Farsi yeh) and its presentation form U+FBFC with one
    // glyph. fontkit shapes from the code points a glyph was first made with in the document:
    // after U+FBFC, "بی" is shaped unjoined. The first dossier shapes "بی" joined; the second
    // prints U+FBFC in its title first, so its "بی" in the same heading must not be the first
    // dossier's replayed (engine hook shared-shaping), but shaped as a cold build shapes it.
    const ws = copyWorkspace();
    const rewrite = (file: string, to: string, id: string, title: string) =>
      fs.writeFileSync(
        path.join(ws, to),
        fs
          .readFileSync(path.join(ws, file), 'utf8')
          .replace(/^id: .*$/m, `id: ${id}`)
          .replace(/^title: .*$/m, `title: "${title}"`)
          .replace('title: Departure', 'title: "Departure \u0628\u06CC"'),
      );
    rewrite('brief.yaml', 'brief.yaml', 'joined', 'Mini briefing');
    rewrite('brief.yaml', 'brief-form.yaml', 'form-first', 'Mini \uFBFC briefing');
    fs.rmSync(path.join(ws, 'brief-ar.yaml'));
    expectWarmSecondAsCold(ws, ['joined', 'form-first'], 'brief-form.yaml');
  }, 120_000);
});

/**
 * Builds the dossiers `ids` of `ws` one after the other in one process, then the second alone in
 * a fresh process (`file`, its definition): the second warm PDF must be the cold one, byte for byte.
 */
function expectWarmSecondAsCold(ws: string, ids: [string, string], file: string): void {
  const jobs = ids.map((id) => [ws, id, path.join(ws, 'warm')]);
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', WARM_SCRIPT, path.join(REPO, 'dist'), JSON.stringify(jobs)], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const c = runCli(['build', '--root', ws, '--out', path.join(ws, 'cold'), '--jobs', '1', path.join(ws, file)]);
  expect(c.code, c.stderr).toBe(0);
  const warm = fs.readFileSync(path.join(ws, 'warm', `${ids[1]}.pdf`));
  expect(warm.equals(fs.readFileSync(path.join(ws, 'cold', `${ids[1]}.pdf`)))).toBe(true);
}
