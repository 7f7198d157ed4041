/**
 * HarfBuzz shapes the words by default (src/pdf/engine/hooks/harfbuzz-shaping.ts); the PDFs must
 * be byte for byte those fontkit's own shaping makes (DOSSIER_SHAPER=fontkit): the same glyphs,
 * positions, subsets and ToUnicode maps. The mixed-script fixture (Arabic, Persian with ZWNJ,
 * Hebrew, Chinese, Japanese, Korean, Vietnamese) and the Arabic sample are built both ways in
 * fresh processes. The verify mode (both shapers on every word) must report no difference.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';

const ENV = { SOURCE_DATE_EPOCH: '1700000000' };

function build(root: string, files: string[], shaper: string): { pdfs: Map<string, Buffer>; stderr: string } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `dossier-shaper-${shaper}-`));
  const r = runCli(['build', ...files, '--root', root, '--out', out, '--jobs', '1', '--quiet'], REPO, { ...ENV, DOSSIER_SHAPER: shaper });
  expect(r.code, r.stderr).toBe(0);
  const pdfs = new Map(
    fs
      .readdirSync(out)
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => [f, fs.readFileSync(path.join(out, f))]),
  );
  fs.rmSync(out, { recursive: true, force: true });
  return { pdfs, stderr: r.stderr };
}

describe('HarfBuzz shaping makes the PDFs fontkit shaping makes', () => {
  const cases = [
    { root: path.join(REPO, 'tests/fixtures/mixed'), files: [] as string[] },
    { root: path.join(REPO, 'dossiers'), files: [path.join(REPO, 'dossiers/stability-finances-ar.yaml')] },
  ];
  it.each(cases)('$root $files', ({ root, files }) => {
    const fontkit = build(root, files, 'fontkit');
    const harfbuzz = build(root, files, 'harfbuzz');
    expect(fontkit.pdfs.size).toBeGreaterThan(0);
    expect([...harfbuzz.pdfs.keys()]).toEqual([...fontkit.pdfs.keys()]);
    for (const [name, bytes] of fontkit.pdfs) expect(harfbuzz.pdfs.get(name)!.equals(bytes), name).toBe(true);
  });

  it('verify mode finds no word shaped differently in the mixed-script fixture', () => {
    const { stderr } = build(path.join(REPO, 'tests/fixtures/mixed'), [], 'verify');
    const summary = /harfbuzz-shaping: (\{.*\})/.exec(stderr);
    expect(summary, stderr).not.toBeNull();
    const counts = JSON.parse(summary![1]!) as { harfbuzz: number; fontkit: number; differences: number };
    expect(counts.differences, stderr).toBe(0);
    // Most words go through HarfBuzz (a few Arabic words with shadda and a haraka do not).
    expect(counts.harfbuzz).toBeGreaterThan(20 * counts.fontkit);
  });
});
