/**
 * pdfmake starts a new page when the last block's bottom margin does not fit on the page, and
 * leaves it empty: a blank page with only the running header and footer. The adapter drops
 * empty pages at the end. Read back with pdfjs-dist.
 */
import { describe, expect, it } from 'vitest';
import { renderPdf } from '../../src/pdf/engine/index.js';
import { readPdf } from '../helpers/pdf.js';

async function pagesOf(content: unknown[]) {
  const footer = (page: number, count: number) => ({ text: `Page ${page} of ${count}`, font: 'Latin' });
  const pdf = await renderPdf({ content, footer, defaultStyle: { font: 'Latin' }, pageMargins: [40, 40, 40, 40] }, { allowedRoots: [] });
  return readPdf(pdf);
}

describe('the last page', () => {
  it('is never an empty page made by an overflowing bottom margin', async () => {
    // "end" stands at the foot of page 1; its 30 pt bottom margin does not fit there.
    const { numPages, pages } = await pagesOf([
      { text: 'first', margin: [0, 0, 0, 705] },
      { text: 'end', margin: [0, 0, 0, 30] },
    ]);
    expect(numPages).toBe(1);
    expect(pages[0].text).toContain('end');
    expect(pages[0].text).toContain('Page 1 of 1');
  });

  it('is kept when it holds text', async () => {
    const { numPages, pages } = await pagesOf([
      { text: 'first', margin: [0, 0, 0, 740] },
      { text: 'end', margin: [0, 0, 0, 30] },
    ]);
    expect(numPages).toBe(2);
    expect(pages[1].text).toContain('end');
    expect(pages[1].text).toContain('Page 2 of 2');
  });
});
