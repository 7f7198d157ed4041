/**
 * The measured-widths hook (src/pdf/engine/hooks/measured-widths.ts) must give pdfkit's own
 * widths and layouts, and leave the font as pdfkit's own measuring leaves it. The oracle is
 * pdfkit's widthOfString and layout, taken before the hook patches the class, on a second
 * document measuring the same texts in the same order: every width the same number, the same
 * glyphs and positions, the same layout cache, the same glyph objects made (ids and code points,
 * which pdfkit writes into the ToUnicode map) and the same glyphs encoded afterwards.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FONTS_DIR } from '../../src/typeset/fonts.js';
import { pdfkitDocument } from '../../src/pdf/engine/pin.js';
import { installMeasuredWidths, measuredWidthCounts } from '../../src/pdf/engine/hooks/measured-widths.js';

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
interface Font {
  layoutCache: Record<string, unknown>;
  layout(text: string, features: unknown, onlyWidth?: boolean): { glyphs: { id: number }[]; positions: Position[]; advanceWidth: number };
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

/** pdfkit's own widthOfString and layout, taken before any test lets the hook patch the class (once per process). */
const pdfkitFont = Object.getPrototypeOf(fontOf('NotoSans-Regular.ttf')) as Font;
const { widthOfString, layout } = pdfkitFont;
const laidOut = (l: ReturnType<Font['layout']>) => ({ ids: l.glyphs.map((g) => g.id), positions: l.positions.map((p) => ({ ...p })), width: l.advanceWidth });

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
    // pdfkit's own methods on the oracle's font itself: the hook patches the class they share.
    const plain = Object.assign(fontOf(file, name), { layout, widthOfString });
    const hooked = fontOf(file, name);
    expect(installMeasuredWidths(hooked)).toBe(true);
    const before = measuredWidthCounts();
    const sizes = [9, 10.5, 7.1];
    for (const text of texts) for (const size of sizes) expect(hooked.widthOfString(text, size, null)).toBe(plain.widthOfString(text, size, null));
    const after = measuredWidthCounts();
    // Each distinct text laid out once by the hooked font; every other measurement reused.
    expect(after.misses - before.misses).toBe(new Set(texts).size);
    expect(after.hits - before.hits).toBe(texts.length * sizes.length - new Set(texts).size);
    expect(Object.keys(hooked.layoutCache)).toEqual(Object.keys(plain.layoutCache));
    expect(glyphsMade(hooked)).toEqual(glyphsMade(plain));
    // Laid out again (as encode does), the same glyphs and positions, in arrays of their own.
    for (const text of texts) {
      const ours = hooked.layout(text, null);
      expect(laidOut(ours)).toEqual(laidOut(plain.layout(text, null)));
      ours.positions.length = 0;
      expect(hooked.layout(text, null).positions.length).toBe(plain.layout(text, null).positions.length);
    }
    // And drawing afterwards encodes the same glyphs.
    for (const text of texts) expect(hooked.encode(text)[0]).toEqual(plain.encode(text)[0]);
    expect(Object.getPrototypeOf(hooked).widthOfString).not.toBe(widthOfString); // the hook was in place
    expect(Object.getPrototypeOf(hooked).layout).not.toBe(layout);
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
