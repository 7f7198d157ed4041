/**
 * Right-to-left placement read back from the PDF: in the Arabic mini briefing the note marker
 * after "... مارس 2024." stands at the left end of the line (the end of a right-to-left
 * sentence), not between the number and the Arabic words; and the line reads in logical order
 * in pdf.js, whose own bidi code would give the words in another order were they misplaced.
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
    // The quote's line (pdf.js items within 20 pt of the marker, the marker's own item left
    // out): the marker stands left of all of it, and pdf.js, which reverses right-to-left text
    // with its own bidi code, reads the line in logical order, ending "في مارس 2024.»" (the quote closes in its own marks).
    const onLine = pages[0].items.filter((i) => Math.abs(i.y - markerY) < 20 && Math.abs(i.x - markerX) > 0.5);
    // Without the invisible direction marks for poppler (direction-marks.ts).
    const line = onLine
      .map((i) => i.str)
      .join('')
      .replace(/[\u200e\u200f\u061c]/g, '');
    expect(line).toMatch(/في مارس 2024\.»$/u);
    for (const i of onLine) expect(markerX, `marker left of "${i.str}"`).toBeLessThan(i.x);
  }, 30000);
});
