/**
 * PNG and JPEG files read as far as needed to know they are safe to embed, before pdfkit sees
 * them: the format from the bytes (not the name), the pixel size from the header (PNG IHDR,
 * JPEG SOF) before anything is decoded, every chunk or segment inside the file, and for PNG
 * the image data inflated with a bound, so a damaged file or a decompression bomb is refused
 * here with a message instead of failing (or filling memory) in the middle of a build.
 * pdfkit embeds JPEG bytes as they are (DCTDecode) and PNG data as it is where it can, so what
 * is refused is what a PDF reader or PDF/A could not take: CMYK and 12-bit JPEG, arithmetic or
 * lossless JPEG, animated PNG.
 */
import zlib from 'node:zlib';
import { LIMITS } from '../workspace/limits.js';
import { ImageProblem, type RasterInfo } from './problem.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(bytes: Buffer): boolean {
  return bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE);
}

export function isJpeg(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

const damaged = (what: string) =>
  new ImageProblem(`is damaged or cut short (${what})`, 'open it in an image editor and save it again, or export it anew from its source');

function checkPixels(width: number, height: number): void {
  if (width < 1 || height < 1) throw damaged(`its header gives a size of ${width} x ${height} pixels`);
  if (width * height > LIMITS.imagePixels) {
    throw new ImageProblem(
      `is ${width} x ${height} pixels (${((width * height) / 1e6).toFixed(1)} million); at most ${LIMITS.imagePixels / 1e6} million pixels are allowed`,
      'scale it down: 3,000 pixels across print sharp at full page width',
    );
  }
}

/** Bits per pixel of each PNG colour type, per bit of depth: channels. */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const PNG_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** Bytes of the filtered image data of a PNG (one filter byte per row), interlaced by Adam7 or not. */
function pngDataBytes(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rowBytes = (w: number) => (w > 0 ? 1 + Math.ceil((w * bitsPerPixel) / 8) : 0);
  if (!interlaced) return height * rowBytes(width);
  // Adam7 passes: [x start, y start, x step, y step].
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ];
  let total = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const w = Math.ceil((width - x0) / dx);
    const h = Math.ceil((height - y0) / dy);
    if (w > 0 && h > 0) total += h * rowBytes(w);
  }
  return total;
}

export function inspectPng(bytes: Buffer): RasterInfo {
  let pos = 8;
  let header: { width: number; height: number; depth: number; colorType: number; interlaced: boolean } | undefined;
  let palette = false;
  let ended = false;
  const idat: Buffer[] = [];
  while (pos < bytes.length && !ended) {
    if (pos + 12 > bytes.length) throw damaged('a chunk is cut short');
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    if (length > bytes.length - pos - 12) throw damaged(`chunk ${JSON.stringify(type)} runs past the end of the file`);
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    const crc = bytes.readUInt32BE(pos + 8 + length);
    if (zlib.crc32(bytes.subarray(pos + 4, pos + 8 + length)) !== crc) throw damaged(`chunk ${JSON.stringify(type)} fails its checksum`);
    if (!header && type !== 'IHDR') throw damaged('it does not begin with an IHDR chunk');
    switch (type) {
      case 'IHDR': {
        if (header || length !== 13) throw damaged('its IHDR chunk is malformed');
        const [depth, colorType, compression, filter, interlace] = [data[8], data[9], data[10], data[11], data[12]];
        header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), depth, colorType, interlaced: interlace === 1 };
        if (!PNG_DEPTHS[colorType]?.includes(depth) || compression !== 0 || filter !== 0 || interlace > 1) {
          throw damaged(`its header names colour type ${colorType} at ${depth} bits, which PNG does not have`);
        }
        checkPixels(header.width, header.height);
        break;
      }
      case 'acTL':
        throw new ImageProblem('is an animated PNG', 'a page cannot move: export the one frame to print as an ordinary PNG');
      case 'PLTE':
        palette = true;
        break;
      case 'IDAT':
        idat.push(data);
        break;
      case 'IEND':
        ended = true;
        break;
    }
    pos += 12 + length;
  }
  if (!header) throw damaged('it has no IHDR chunk');
  if (!ended) throw damaged('it has no IEND chunk');
  if (!idat.length) throw damaged('it has no image data');
  if (header.colorType === 3 && !palette) throw damaged('a palette image without its palette');
  // The image data, inflated with a bound: a file of a few KiB must not inflate to gigabytes.
  const expected = pngDataBytes(header.width, header.height, PNG_CHANNELS[header.colorType] * header.depth, header.interlaced);
  let inflated: Buffer;
  try {
    inflated = zlib.inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw damaged('its image data is larger than its header says');
    throw damaged('its image data cannot be decompressed');
  }
  if (inflated.length < expected) throw damaged(`its image data holds ${inflated.length} of the ${expected} bytes its header calls for`);
  return { format: 'png', width: header.width, height: header.height };
}

/** SOF markers: C0 baseline, C1 extended, C2 progressive (Huffman): what every PDF reader decodes. */
const SOF_ACCEPTED = new Set([0xc0, 0xc1, 0xc2]);
const SOF_REFUSED = new Set([0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

export function inspectJpeg(bytes: Buffer): RasterInfo {
  let pos = 2;
  let frame: { width: number; height: number } | undefined;
  let orientation = 1;
  let scanAt = -1;
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) throw damaged(`no segment marker at byte ${pos}`);
    const marker = bytes[pos + 1];
    if (marker === undefined) throw damaged('a segment is cut short');
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0xd9) throw damaged('it ends before its image data');
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    if (pos + 4 > bytes.length) throw damaged('a segment is cut short');
    const length = bytes.readUInt16BE(pos + 2);
    if (length < 2 || pos + 2 + length > bytes.length) throw damaged('a segment runs past the end of the file');
    const seg = bytes.subarray(pos + 4, pos + 2 + length);
    if (SOF_REFUSED.has(marker)) {
      throw new ImageProblem(
        'is a lossless, hierarchical or arithmetic-coded JPEG, which PDF readers do not all show',
        'save it again as an ordinary (baseline or progressive) JPEG, or as PNG',
      );
    }
    if (SOF_ACCEPTED.has(marker)) {
      if (seg.length < 6) throw damaged('its frame header is cut short');
      const precision = seg[0];
      const height = seg.readUInt16BE(1);
      const width = seg.readUInt16BE(3);
      const components = seg[5];
      if (precision !== 8) throw new ImageProblem(`is a ${precision}-bit JPEG`, 'save it again as an ordinary 8-bit JPEG');
      if (components === 4) {
        throw new ImageProblem(
          'is a CMYK JPEG: the PDF is made for screens and archives in sRGB, and CMYK colours would print wrong in many readers',
          'convert it to RGB (sRGB) in an image editor and save it again',
        );
      }
      if (components !== 1 && components !== 3) throw damaged(`its frame header names ${components} colour components`);
      if (height === 0)
        throw new ImageProblem('leaves its height to be found in the image data (DNL), which PDF does not support', 'save it again as an ordinary JPEG');
      checkPixels(width, height);
      frame = { width, height };
    }
    if (marker === 0xe1 && seg.subarray(0, 6).toString('latin1') === 'Exif\0\0') orientation = exifOrientation(seg.subarray(6)) ?? orientation;
    if (marker === 0xda) {
      scanAt = pos;
      break;
    }
    pos += 2 + length;
  }
  if (!frame) throw damaged('it has no frame header');
  if (scanAt < 0) throw damaged('it has no image data');
  if (bytes.lastIndexOf(Buffer.from([0xff, 0xd9])) < scanAt) throw damaged('its image data has no end marker');
  // EXIF orientations 5 to 8 turn the picture a quarter: pdfkit draws it turned, so its width is the stored height.
  return orientation > 4 ? { format: 'jpeg', width: frame.height, height: frame.width } : { format: 'jpeg', width: frame.width, height: frame.height };
}

/** The orientation tag (0x0112) of IFD0 of an EXIF block (a TIFF structure), if it is there and readable. */
function exifOrientation(tiff: Buffer): number | undefined {
  if (tiff.length < 8) return undefined;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const le = order === 'II';
  const u16 = (at: number) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (u16(entry) === 0x0112) {
      const v = u16(entry + 8);
      return v >= 1 && v <= 8 ? v : undefined;
    }
  }
  return undefined;
}
