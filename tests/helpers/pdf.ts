/**
 * Reading PDFs back in tests, with oracles we did not write: pdfjs-dist for text and
 * destinations, zlib for the raw content streams (to find glyph id 0, .notdef, the empty box).
 */
import zlib from 'node:zlib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PageText {
  page: number;
  items: { str: string; x: number; y: number; dir: string; width: number; height: number; fontSize: number }[];
  text: string;
  /** Page size in points. */
  width: number;
  height: number;
}

/** A named destination: the page (from 1) and point it goes to. */
export interface Destination {
  page: number;
  x: number;
  y: number;
}

const DIRECTION_MARKS = /[\u200e\u200f\u061c]/g;

export async function readPdf(
  bytes: Buffer,
): Promise<{ pages: PageText[]; destinations: Record<string, unknown>; places: Map<string, Destination>; numPages: number }> {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const pages: PageText[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    const items = content.items
      .filter((i): i is typeof i & { str: string; transform: number[]; dir: string; width: number; height: number } => 'str' in i)
      .map((i) => ({
        // Without the invisible direction marks the engine writes beside some spaces and runs
        // for pdf.js, PDFium and poppler (hooks/space-marks.ts, nominal-widths.ts,
        // direction-marks.ts): the oracles' measure leaves them out too; the spaces they come
        // with stay.
        str: i.str.replace(DIRECTION_MARKS, ''),
        x: i.transform[4],
        y: i.transform[5],
        dir: i.dir,
        width: i.width,
        height: i.height,
        fontSize: Math.hypot(i.transform[2], i.transform[3]),
      }));
    const [, , width, height] = page.view;
    pages.push({ page: p, items, text: items.map((i) => i.str).join(''), width, height });
  }
  const destinations = (await doc.getDestinations()) as Record<string, unknown>;
  const places = new Map<string, Destination>();
  for (const [name, dest] of Object.entries(destinations)) {
    const [ref, , x, y] = dest as [{ num: number; gen: number }, unknown, number, number];
    places.set(name, { page: (await doc.getPageIndex(ref)) + 1, x, y });
  }
  const numPages = doc.numPages;
  await doc.destroy();
  return { pages, destinations, places, numPages };
}

/** Content streams of the PDF, inflated. */
export function contentStreams(bytes: Buffer): string[] {
  const out: string[] = [];
  const src = bytes.toString('latin1');
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    const start = m.index + m[0].length;
    const end = src.indexOf('endstream', start);
    if (end < 0) break;
    const dict = src.slice(Math.max(0, m.index - 300), m.index);
    const raw = bytes.subarray(start, end);
    if (/FlateDecode/.test(dict.slice(dict.lastIndexOf('<<')))) {
      try {
        out.push(zlib.inflateSync(raw).toString('latin1'));
      } catch {
        // not a content stream we can read (e.g. a font program): skip
      }
    } else {
      out.push(raw.toString('latin1'));
    }
    re.lastIndex = end;
  }
  return out;
}

/**
 * Glyph ids shown by text operators (Identity-H: four hex digits each). Glyph 0 is .notdef,
 * which prints as an empty box.
 */
export function shownGlyphIds(bytes: Buffer): number[] {
  const ids: number[] = [];
  for (const s of contentStreams(bytes)) {
    if (!/\bBT\b/.test(s)) continue;
    for (const m of s.matchAll(/\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes = m[1] ? [...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]) : [m[2]];
      for (const h of hexes) for (let i = 0; i + 4 <= h.length; i += 4) ids.push(parseInt(h.slice(i, i + 4), 16));
    }
  }
  return ids;
}

/** Remove bidi marks (LRM, RLM, ALM, embeddings, isolates) and fold white space, to compare extracted text with source text. */
export function foldText(s: string): string {
  return s
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
