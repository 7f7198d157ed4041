/**
 * An image block as pdfmake content: the picture (an image node for PNG and JPEG, an svg node
 * for SVG) and its caption below, as one unbreakable stack, so the image moves to the next
 * page with its caption when they do not fit, and the footnote layout places it like any kept
 * block (body-placement.ts: a caption's notes go on the page of the caption).
 *
 * Size: the width asked for (mm, pt, or % of the column), else the natural size (a pixel is
 * 0.75 pt, as in CSS); never wider than its column (the text area, a table cell, a list item), never taller than the page body
 * less the caption; the aspect ratio kept. It stands at the start of its line (left in
 * left-to-right text, right in right-to-left text) unless the markup says center or end.
 */
import type { ImageBlock } from '../template/tree.js';
import type { BlockStyle } from '../template/style-keys.js';
import { IMAGE_MARK } from './contract.js';

/** A pdfmake content node (content.ts has the same; not imported from there, which imports this). */
type PdfNode = Record<string, unknown>;

const PT_PER_MM = 72 / 25.4;

export function imageSize(b: ImageBlock, textWidth: number, maxHeight: number): { width: number; height: number } {
  const asset = b.asset;
  if (!asset) throw new Error(`image ${b.src} was not attached before typesetting`);
  const ratio = asset.heightPt / asset.widthPt;
  const asked = b.width && (b.width.unit === 'mm' ? b.width.value * PT_PER_MM : b.width.unit === 'pt' ? b.width.value : (b.width.value / 100) * textWidth);
  let width = Math.min(asked ?? asset.widthPt, textWidth);
  let height = width * ratio;
  if (height > maxHeight) {
    height = maxHeight;
    width = height / ratio;
  }
  return { width, height };
}

export function imageContent(
  b: ImageBlock,
  style: BlockStyle,
  caption: PdfNode | undefined,
  captionHeight: number,
  /** Width and height of the text area, in points. */
  opts: { textWidth: number; textHeight: number; columnWidth?: number },
): { node: PdfNode; height: number } {
  // The column it stands in: the text area, or a table cell or list item inside it.
  const textWidth = Math.max(1, Math.min(opts.textWidth, opts.columnWidth ?? Infinity) - style.indent);
  // The page body less the caption and the block's margins, and a little for rounding.
  const maxHeight = Math.max(opts.textHeight / 4, opts.textHeight - captionHeight - style.marginTop - style.marginBottom - 4);
  const { width, height } = imageSize(b, textWidth, maxHeight);
  const rtl = b.dir === 'rtl';
  const side = b.align === 'center' ? 'center' : (b.align === 'start') !== rtl ? 'left' : 'right';
  const asset = b.asset!;
  const picture: PdfNode =
    asset.format === 'svg'
      ? // svg-to-pdfkit would print its warnings (an attribute value it cannot parse) on the console.
        { svg: asset.svg, width, height, alignment: side, options: { warningCallback: () => undefined }, [IMAGE_MARK]: b }
      : { image: `data:image/${asset.format};base64,${asset.bytes.toString('base64')}`, width, height, alignment: side, [IMAGE_MARK]: b };
  const stack: PdfNode[] = [picture];
  if (caption) {
    (caption as { margin: number[] }).margin[1] += 3;
    if (side === 'center') (caption as { alignment: string }).alignment = 'center';
    stack.push(caption);
  }
  return {
    node: {
      stack,
      unbreakable: true,
      margin: rtl ? [0, style.marginTop, style.indent, style.marginBottom] : [style.indent, style.marginTop, 0, style.marginBottom],
    },
    height: height + captionHeight + style.marginTop + style.marginBottom + 3,
  };
}
