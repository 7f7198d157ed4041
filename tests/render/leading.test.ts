/**
 * Leading by line: a line is as tall as the fonts on it need. In a paragraph that opens with an
 * Arabic phrase, the Arabic line keeps the room Naskh needs for its marks, and the Latin lines
 * after it are set at Latin leading (pdf.js baselines), not spread to the Arabic font's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier } from '../../src/build.js';
import { lineHeightEm } from '../../src/typeset/fonts.js';
import { copyWorkspace } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';

const ARABIC = 'الوضع المالي لشركة';
const LATIN = Array.from(
  { length: 6 },
  (_, i) => `Sentence ${i + 1} of the summary runs on in plain English words so that the paragraph takes several lines.`,
).join(' ');

describe('leading', () => {
  it('Latin lines keep Latin leading in a paragraph whose first line holds Arabic', async () => {
    const ws = copyWorkspace();
    const file = path.join(ws, 'brief.yaml');
    fs.writeFileSync(file, `${fs.readFileSync(file, 'utf8')}summary: "${ARABIC} ${LATIN}"\n`);
    const cw = checkWorkspace(ws);
    expect(cw.diags.errorCount, JSON.stringify(cw.diags.items)).toBe(0);
    const built = await renderDossier(cw, cw.ws.dossiers.get('brief')!);
    const { pages } = await readPdf(built.pdf);
    // The summary's lines: the line with the Arabic phrase, then the lines of its English.
    const items = pages[0].items.filter((i) => i.str.trim() && Math.abs(i.fontSize - 11) < 0.01);
    const all = [...new Set(items.map((i) => Math.round(i.y * 100) / 100))].sort((a, b) => b - a);
    const textAt = (y: number) =>
      items
        .filter((i) => Math.abs(i.y - y) < 0.01)
        .map((i) => i.str)
        .join('');
    // From the line holding the Arabic phrase down, while the lines follow at a line's distance.
    const start = all.findIndex((y) => textAt(y).includes('الوضع'));
    expect(start).toBeGreaterThanOrEqual(0);
    const baselines = [all[start]!];
    for (const y of all.slice(start + 1)) if (baselines[baselines.length - 1]! - y < 30) baselines.push(y);
    expect(baselines.length).toBeGreaterThanOrEqual(4);
    expect(textAt(baselines[0]!)).toMatch(/[\u0600-\u06ff]/u);
    for (const y of baselines.slice(1)) expect(textAt(y)).not.toMatch(/[\u0600-\u06ff]/u);
    const gaps = baselines.slice(1).map((y, k) => baselines[k]! - y);
    // summary: 11 pt, line height 1.25 (templates/briefing/styles.yaml), Noto Sans 1.362 em.
    const latinLeading = 11 * 1.25 * lineHeightEm('Latin');
    for (const gap of gaps.slice(1)) expect(gap).toBeCloseTo(latinLeading, 1);
    // The Arabic line stands further from the next: its own descent is Naskh's, deeper than Noto Sans's.
    expect(gaps[0]).toBeGreaterThan(latinLeading + 0.5);
    expect(gaps[0]).toBeLessThan(11 * 1.25 * lineHeightEm('Arabic'));
  });
});
