/**
 * The pdfmake node of a <qr> block (src/template/qr.ts): pdfmake's own QR code, drawn as
 * vectors (no image), and beside it, where lines end, the address as text. In a tagged PDF the
 * code's squares are Artifacts (every vector is: hooks/tagged-rendering.ts) and the address is
 * the block's paragraph, so a screen reader reads the address and a reader can copy it.
 */
import type { Block } from '../template/tree.js';
import { QR_ECC_LEVEL, qrModules } from '../template/qr.js';
import type { BlockStyle } from '../template/style-keys.js';

type QrBlock = Extract<Block, { kind: 'qr' }>;
/** A pdfmake node (content.ts's PdfNode; not imported from there, which imports this). */
type PdfNode = Record<string, unknown>;

/** Space between the code and its address, in points: part of the code's quiet zone. */
const QR_GAP = 8;

/**
 * `addressNode` is the address typeset as a paragraph of the block (content.ts's textNode);
 * `style` the block's style, whose margins go around the pair; `textWidth` the width they share.
 */
export function qrNode(b: QrBlock, addressNode: PdfNode, style: BlockStyle, textWidth: number): PdfNode {
  // pdfmake draws modules of whole points (floor(fit / modules)): the code is at most `size`,
  // and its column exactly as wide as it is drawn.
  const modules = qrModules(b.value);
  const drawn = modules * Math.floor(b.size / modules);
  const code: PdfNode = { qr: b.value, fit: b.size, eccLevel: QR_ECC_LEVEL, foreground: '#000000', background: '#ffffff', width: drawn };
  // A fixed width, not '*': pdfmake widens a star column to its longest word, and an address
  // may be one long word; in a fixed column pdfmake cuts a word too long for a line.
  const address: PdfNode = { width: Math.max(textWidth - drawn - QR_GAP, 1), stack: [addressNode] };
  const columns = b.dir === 'rtl' ? [address, code] : [code, address];
  return {
    columns,
    columnGap: QR_GAP,
    margin: [0, style.marginTop, 0, style.marginBottom],
    // The code and its address are one thing: never split over two pages.
    unbreakable: true,
  };
}
