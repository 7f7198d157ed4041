/**
 * The <qr> markup element (src/template/qr.ts, markup.ts): what it accepts and refuses, and the
 * module count the size check relies on, against pdfmake's own encoder (what draws the code).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MarkupError, parseMarkup } from '../../src/template/markup.js';
import { QR_MAX_LENGTH, qrModules } from '../../src/template/qr.js';

const require = createRequire(import.meta.url);
const qrEnc = (require('pdfmake/js/qrEnc.js') as { default: { measure(node: Record<string, unknown>): { _width: number } } }).default;

const MM = 72 / 25.4;
const doc = (inner: string, lang = 'en') => `<document lang="${lang}">\n${inner}\n</document>`;
function parseError(markup: string): MarkupError {
  try {
    parseMarkup(markup);
  } catch (e) {
    if (e instanceof MarkupError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('<qr>', () => {
  it('is a block with its address, its size in points (25mm by default) and the direction around it', () => {
    const tree = parseMarkup(doc('<qr value="https://example.org/a?b=1&amp;c=2"/>\n<qr value="http://example.org/" size="3cm"/>', 'ar'));
    expect(tree.blocks).toEqual([
      { kind: 'qr', lang: 'ar', dir: 'rtl', cls: undefined, value: 'https://example.org/a?b=1&c=2', size: expect.closeTo(25 * MM, 6) },
      { kind: 'qr', lang: 'ar', dir: 'rtl', cls: undefined, value: 'http://example.org/', size: expect.closeTo(30 * MM, 6) },
    ]);
  });

  it.each([
    ['<qr/>', /<qr> needs value="\.\.\." with an http or https address/],
    ['<qr value="javascript:alert(1)"/>', /must be an http or https address, not javascript:/],
    ['<qr value="example.org/x"/>', /is not a web address/],
    ['<qr value="https://exämple.org/"/>', /printable ASCII characters/],
    [`<qr value="https://example.org/${'x'.repeat(QR_MAX_LENGTH)}"/>`, /characters long; at most 300 are encoded/],
    ['<qr value="https://example.org/" size="22"/>', /must be a length with its unit/],
    ['<qr value="https://example.org/" size="5mm"/>', /must lie between 12mm and 80mm/],
    ['<qr value="https://example.org/" size="81mm"/>', /must lie between 12mm and 80mm/],
    ['<qr value="https://example.org/">text</qr>', /<qr> holds nothing/],
    // 270 bytes need version 12 at level M: 65 modules of at least a point, 22.9mm.
    [`<qr value="https://example.org/${'x'.repeat(250)}" size="12mm"/>`, /is too small for an address of 270 characters: it needs 23mm at least/],
  ])('%s is refused at its line', (markup, message) => {
    const e = parseError(doc(markup));
    expect(e.message).toMatch(message);
    expect(e.message.startsWith('<qr> ')).toBe(true);
    expect(e.line).toBe(2);
    // A value or size problem says where a value from data is fixed; a misused element, how to write it.
    if (!markup.includes('</qr>')) expect(e.hint).toMatch(/archive_url/);
  });

  it('counts the modules of a code as pdfmake encodes it, for every length of address allowed', () => {
    for (let length = 1; length <= QR_MAX_LENGTH; length++) {
      const value = `https://e.org/${'a'.repeat(Math.max(0, length - 14))}`.slice(0, Math.max(length, 14));
      // Without `fit`, pdfmake draws 5 points a module.
      const width = qrEnc.measure({ qr: value, eccLevel: 'M' })._width;
      expect(qrModules(value), `${value.length} characters`).toBe(width / 5);
    }
  });
});
