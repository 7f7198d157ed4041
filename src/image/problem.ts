/** What is known of an image once it has been read and checked (src/image/). */

/** A reason an image file is refused: said of the file ("is an animated PNG"), with how to fix it. */
export class ImageProblem extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export type ImageFormat = 'png' | 'jpeg' | 'svg';

export interface RasterInfo {
  format: 'png' | 'jpeg';
  /** Pixels across and down, as the picture stands (EXIF orientation applied). */
  width: number;
  height: number;
}

/** An image file that passed every check: what the typesetter and the release need of it. */
export interface ImageAsset {
  format: ImageFormat;
  /** Absolute path of the file read. */
  file: string;
  /** The file as people name it: relative to the workspace (assets/logo.png) or the template (templates/x/logo.png). */
  shown: string;
  sha256: string;
  /** The file's bytes (PNG, JPEG); for SVG, the checked SVG text rewritten from what was checked. */
  bytes: Buffer;
  svg?: string;
  /** Natural size in points (a pixel, or an SVG user unit, is 0.75 pt, as in CSS). */
  widthPt: number;
  heightPt: number;
  /** Pixels of a PNG or JPEG (0 for SVG): what decoding it may cost. */
  pixels: number;
}
