/**
 * The measured-widths hook (src/pdf/engine/hooks/measured-widths.ts) must give pdfkit's own
 * widths, and leave the font as pdfkit's own measuring leaves it. The oracle is pdfkit's
 * widthOfString, taken before the hook patches the class, on a second document measuring the
 * same texts in the same order: every width the same number, the same layout cache, the same
 * glyph objects made (ids and code points, which pdfkit writes into the ToUnicode map) and the
 * same glyphs encoded afterwards.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FONTS_DIR } from '../../src/typeset/fonts.js';
import { pdfkitDocument } from '../../src/pdf/engine/pin.js';
import { installMeasuredWidths, measuredWidthCounts } from '../../src/pdf/engine/hooks/measured-widths.js';

interface Font {
  layoutCache: Record<string, unknown>;
  font: { _glyphs: Record<number, { id: number; codePoints: number[] } | undefined> };
  widthOfString(text: string, size: number, features?: unknown): number;
  encode(text: string): [string[], unknown[]];
}
interface Doc {
  font(src: string, family?: string): Doc;
  _font: Font;
}
const PDFDocument = pdfkitDocument<new (o: object) => Doc>();

function fontOf(file: string, name?: string): Font {
  const doc = new PDFDocument({ fontLayoutCache: true, autoFirstPage: false });
  return doc.font(path.join(FONTS_DIR, file), name)._font;
}

/** pdfkit's own widthOfString, taken before any test lets the hook patch the class (once per process). */
const widthOfString = Object.getPrototypeOf(fontOf('NotoSans-Regular.ttf')).widthOfString as Font['widthOfString'];

const glyphsMade = (f: Font) =>
  Object.values(f.font._glyphs)
    .filter((g) => g)
    .map((g) => `${g!.id}:${g!.codePoints.join(',')}`);

/** Words as pdfmake measures them: words with their spaces, bare spaces, and each again. */
const TEXTS: [string, string | undefined, string[]][] = [
  ['NotoSans-Regular.ttf', undefined, ['affluent ', 'office, ', '“quoted” ', 'fi—ffl ', ' ', '2024.', 'affluent ', 'office,', 'a  b\tc ', '', 'office, ']],
  ['NotoNaskhArabic-Regular.ttf', undefined, ['بالله ', 'لإعلان ', '٢٠٢٤، ', 'بالله ', 'نمی\u200cخواهم', 'لإعلان ']],
  ['NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular', ['人', '工', '智', '能', '，', '人', '“开源”。', '工']],
];

describe('measured widths', () => {
  it.each(TEXTS)('%s %s: the widths, glyphs and layout cache pdfkit makes', (file, name, texts) => {
    const plain = fontOf(file, name);
    const hooked = fontOf(file, name);
    expect(installMeasuredWidths(hooked)).toBe(true);
    const before = measuredWidthCounts();
    const sizes = [9, 10.5, 7.1];
    for (const text of texts) for (const size of sizes) expect(hooked.widthOfString(text, size, null)).toBe(widthOfString.call(plain, text, size, null));
    const after = measuredWidthCounts();
    // Each distinct text laid out once by the hooked font; every other measurement reused.
    expect(after.misses - before.misses).toBe(new Set(texts).size);
    expect(after.hits - before.hits).toBe(texts.length * sizes.length - new Set(texts).size);
    expect(Object.keys(hooked.layoutCache)).toEqual(Object.keys(plain.layoutCache));
    expect(glyphsMade(hooked)).toEqual(glyphsMade(plain));
    // And drawing afterwards encodes the same glyphs.
    for (const text of texts) expect(hooked.encode(text)[0]).toEqual(plain.encode(text)[0]);
    expect(Object.getPrototypeOf(hooked).widthOfString).not.toBe(widthOfString); // the hook was in place
  });

  it('leaves texts measured with OpenType features to pdfkit', () => {
    const font = fontOf('NotoSans-Regular.ttf');
    installMeasuredWidths(font);
    const before = measuredWidthCounts();
    font.widthOfString('office', 10, ['smcp']);
    font.widthOfString('office', 10, ['smcp']);
    expect(measuredWidthCounts()).toEqual(before);
  });
});
