/**
 * Small image files made in the test, so that no binary fixture is committed: PNG (any colour
 * type, depth, interlaced or not, extra chunks) of one flat colour, and baseline JPEG of one
 * flat colour (grey, YCbCr, or a CMYK header). Written from the file formats' specifications
 * (PNG: W3C PNG 2nd edition; JPEG: ITU T.81), not from the code under test.
 */
import zlib from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export interface PngOptions {
  width: number;
  height: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colorType?: 0 | 2 | 3 | 4 | 6;
  depth?: 8 | 16;
  interlaced?: boolean;
  /** One sample value per channel (0-255), repeated over the image. */
  color?: number[];
  /** Chunks to add before IDAT, e.g. acTL for an animated PNG. */
  extra?: { type: string; data: Buffer }[];
  /** Replace the image data (to make it wrong). */
  idat?: Buffer;
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

export function png(o: PngOptions): Buffer {
  const colorType = o.colorType ?? 2;
  const depth = o.depth ?? 8;
  const channels = CHANNELS[colorType];
  const color = o.color ?? [51, 102, 153, 200].slice(0, channels);
  const pixel = Buffer.alloc(channels * (depth / 8));
  color.forEach((v, i) => (depth === 16 ? pixel.writeUInt16BE(v * 257, i * 2) : pixel.writeUInt8(colorType === 3 ? 0 : v, i)));
  const rows = (w: number, h: number) => {
    const row = Buffer.concat([Buffer.from([0]), ...new Array<Buffer>(w).fill(pixel)]);
    return new Array<Buffer>(h).fill(row);
  };
  let raw: Buffer[] = [];
  if (o.interlaced) {
    for (const [x0, y0, dx, dy] of [
      [0, 0, 8, 8],
      [4, 0, 8, 8],
      [0, 4, 4, 8],
      [2, 0, 4, 4],
      [0, 2, 2, 4],
      [1, 0, 2, 2],
      [0, 1, 1, 2],
    ]) {
      const w = Math.ceil((o.width - x0) / dx);
      const h = Math.ceil((o.height - y0) / dy);
      if (w > 0 && h > 0) raw = raw.concat(rows(w, h));
    }
  } else raw = rows(o.width, o.height);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(o.width, 0);
  ihdr.writeUInt32BE(o.height, 4);
  ihdr.set([depth, colorType, 0, 0, o.interlaced ? 1 : 0], 8);
  const chunks = [chunk('IHDR', ihdr)];
  if (colorType === 3) chunks.push(chunk('PLTE', Buffer.from(color.length === 3 ? color : [51, 102, 153])));
  for (const e of o.extra ?? []) chunks.push(chunk(e.type, e.data));
  chunks.push(chunk('IDAT', o.idat ?? zlib.deflateSync(Buffer.concat(raw))), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

/** The acTL chunk of an animated PNG (2 frames, looping). */
export const ANIMATION_CONTROL = { type: 'acTL', data: Buffer.from([0, 0, 0, 2, 0, 0, 0, 0]) };

function segment(marker: number, data: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

/**
 * A baseline JPEG of one flat colour, width and height multiples of 8, every component sampled
 * 1x1. Quantisation is all ones; a flat block has only its DC coefficient, 8 x (value - 128);
 * each component's own tiny Huffman tables code the first DC difference and zero (DC), and the
 * end of block (AC).
 */
export function jpeg(o: { width: number; height: number; components?: 1 | 3 | 4; values?: number[]; precision?: number; sof?: number }): Buffer {
  const n = o.components ?? 3;
  const values = o.values ?? [110, 140, 100, 0].slice(0, n);
  const dc = values.map((v) => 8 * (v - 128));
  const category = (d: number) => (d === 0 ? 0 : Math.floor(Math.log2(Math.abs(d))) + 1);
  const dqt = segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]));
  const sof = Buffer.alloc(6 + 3 * n);
  sof[0] = o.precision ?? 8;
  sof.writeUInt16BE(o.height, 1);
  sof.writeUInt16BE(o.width, 3);
  sof[5] = n;
  for (let c = 0; c < n; c++) sof.set([c + 1, 0x11, 0], 6 + 3 * c);
  const dht: Buffer[] = [];
  for (let c = 0; c < n; c++) {
    // DC table c: two codes of length 2: 00 -> category 0, 01 -> this component's category.
    const bits = Buffer.alloc(16);
    bits[1] = 2;
    dht.push(segment(0xc4, Buffer.concat([Buffer.from([0x00 | c]), bits, Buffer.from([0, category(dc[c]) || 1])])));
    // AC table c: one code of length 1: 0 -> end of block.
    const acBits = Buffer.alloc(16);
    acBits[0] = 1;
    dht.push(segment(0xc4, Buffer.concat([Buffer.from([0x10 | c]), acBits, Buffer.from([0])])));
  }
  const sos = Buffer.alloc(1 + 2 * n + 3);
  sos[0] = n;
  for (let c = 0; c < n; c++) sos.set([c + 1, (c << 4) | c], 1 + 2 * c);
  sos.set([0, 63, 0], 1 + 2 * n);
  // Entropy-coded data.
  const bitsOut: number[] = [];
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bitsOut.push((value >> i) & 1);
  };
  const blocks = (o.width / 8) * (o.height / 8);
  for (let b = 0; b < blocks; b++) {
    for (let c = 0; c < n; c++) {
      const diff = b === 0 ? dc[c] : 0;
      const cat = category(diff);
      if (cat === 0) put(0b00, 2);
      else {
        put(0b01, 2);
        put(diff > 0 ? diff : diff + (1 << cat) - 1, cat);
      }
      put(0, 1); // end of block
    }
  }
  while (bitsOut.length % 8) bitsOut.push(1);
  const data: number[] = [];
  for (let i = 0; i < bitsOut.length; i += 8) {
    const byte = parseInt(bitsOut.slice(i, i + 8).join(''), 2);
    data.push(byte);
    if (byte === 0xff) data.push(0);
  }
  return Buffer.concat([Buffer.from([0xff, 0xd8]), dqt, segment(o.sof ?? 0xc0, sof), ...dht, segment(0xda, sos), Buffer.from(data), Buffer.from([0xff, 0xd9])]);
}

/** A small SVG drawing: a rectangle and a circle in a 120 x 40 box. */
export function svg(
  inner = '<rect x="0" y="0" width="120" height="40" fill="#336699"/><circle cx="20" cy="20" r="12" fill="#ffcc00"/>',
  attrs = 'viewBox="0 0 120 40"',
): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" ${attrs}>${inner}</svg>\n`);
}
