/**
 * Right-to-left placement read back from the PDF: in the Arabic mini briefing the note marker
 * after "... مارس 2024." stands at the left end of the line (the end of a right-to-left
 * sentence), not between the number and the Arabic words; and the Arabic words of the line
 * stand to the right of the number.
 */
import { describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier } from '../../src/build.js';
import { MINI } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';

describe('right-to-left placement in the PDF', () => {
  it('the citation marker ends the right-to-left sentence on its left', async () => {
    const cw = checkWorkspace(MINI);
    const built = await renderDossier(cw, cw.ws.dossiers.get('brief-ar')!);
    const { pages, destinations } = await readPdf(built.pdf);
    const dest = destinations['fnref-1'] as [unknown, unknown, number, number];
    const markerX = dest[2];
    const markerY = dest[3];
    // the quote's line: the item holding 2024 closest to the marker's height
    const onLine = pages[0].items.filter((i) => Math.abs(i.y - markerY) < 20);
    const year = onLine.find((i) => i.str.includes('2024'));
    const arabic = onLine.filter((i) => /[\u0600-\u06ff]/.test(i.str));
    expect(year, 'the year 2024 on the marker line').toBeDefined();
    expect(arabic.length).toBeGreaterThan(0);
    expect(markerX).toBeLessThan(year!.x);
    for (const a of arabic) expect(a.x).toBeGreaterThan(year!.x);
  }, 30000);
});
