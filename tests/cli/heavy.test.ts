/**
 * Heavy input: a generated 1,000-claim dossier (the samples' Arabic, Chinese and Japanese
 * quotes, 1,100 notes, about 260 pages) builds in a fresh process with peak memory under 1 GiB.
 * Not timed here: `npm run bench` measures time and its growth with the number of claims.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureBuild, writeHook } from '../../src/bench/bench.js';
import { countPages } from '../../src/pdf/pages.js';
import { generateWorkspace } from '../../src/bench/generate.js';
import { readPdf } from '../helpers/pdf.js';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-heavy-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('a 1,000-claim dossier', () => {
  it('builds with peak memory under 1 GiB, every claim and note in the PDF', async () => {
    const gen = generateWorkspace(path.join(base, 'ws'), 1000);
    expect(gen.notes).toBe(1100);
    const out = path.join(base, 'out');
    const m = await measureBuild(gen.dossierFile, out, writeHook(base));
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    const peakMiB = m.report.maxRssKiB / 1024;
    expect(peakMiB).toBeGreaterThan(50); // the report is real
    console.log(`1,000 claims: peak ${peakMiB.toFixed(0)} MiB`);
    expect(peakMiB).toBeLessThan(1024);
    const pdf = fs.readFileSync(path.join(out, 'bench.pdf'));
    expect(countPages(pdf)).toBeGreaterThan(200);
    const { pages, destinations } = await readPdf(pdf);
    const text = pages.map((p) => p.text).join(' ');
    for (const id of ['claim-0001', 'claim-0500', 'claim-1000']) expect(text).toContain(id);
    for (const n of [1, 550, 1100]) expect(destinations[`fn-${n}`], `note ${n}`).toBeDefined();
  }, 300000);
});
