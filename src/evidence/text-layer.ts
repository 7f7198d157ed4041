/**
 * The text layer of a PDF: the text a reader copies out, from the pages' content streams
 * through each font's /ToUnicode map. For a tagged PDF the text is taken in the order of the
 * structure tree (each structure element's marked content, wherever on which page it lies),
 * so a quote continued on the next page, or a note split by a page break, reads as one passage;
 * running headers and footers (Artifacts) are left out. An untagged PDF is read page by page in
 * drawing order.
 *
 * This is the text of the drawn glyphs as the PDF maps them back to characters, not a rendering:
 * it proves that the quote's characters are what the pages show to copy and paste and to
 * assistive technology, which is what a reader of the file can check.
 */
import { fold, foldQuote } from '../cite/normalize.js';
import { Lexer, PdfName, PdfOp, PdfRef, type PdfDict, type PdfValue } from './pdf-syntax.js';
import type { PdfFile } from './read-pdf.js';

interface FontMap {
  bytesPerCode: number;
  map: Map<number, string>;
}

function parseCMap(text: Buffer): Map<number, string> {
  const map = new Map<number, string>();
  const lx = new Lexer(text);
  const toText = (s: string) => Buffer.from(s, 'latin1').swap16().toString('utf16le');
  const code = (s: string) => [...Buffer.from(s, 'latin1')].reduce((n, b) => n * 256 + b, 0);
  const stack: PdfValue[] = [];
  for (let t = lx.next(); t !== undefined; t = lx.next()) {
    if (!(t instanceof PdfOp)) {
      stack.push(t);
      continue;
    }
    if (t.op === 'endbfchar') {
      for (let i = 0; i + 1 < stack.length; i += 2)
        if (typeof stack[i] === 'string' && typeof stack[i + 1] === 'string') map.set(code(stack[i] as string), toText(stack[i + 1] as string));
    } else if (t.op === 'endbfrange') {
      for (let i = 0; i + 2 < stack.length; i += 3) {
        const [lo, hi, dst] = [stack[i], stack[i + 1], stack[i + 2]];
        if (typeof lo !== 'string' || typeof hi !== 'string') continue;
        for (let c = code(lo), k = 0; c <= code(hi) && k < 65536; c++, k++) {
          if (Array.isArray(dst)) {
            if (typeof dst[k] === 'string') map.set(c, toText(dst[k] as string));
          } else if (typeof dst === 'string') {
            const base = Buffer.from(dst, 'latin1');
            base.writeUInt16BE(base.readUInt16BE(base.length - 2) + k, base.length - 2);
            map.set(c, toText(base.toString('latin1')));
          }
        }
      }
    }
    stack.length = 0;
  }
  return map;
}

const RTL_BLOCKS = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const LETTER = /[\p{L}\p{N}]/u;
/** Digits, of every script: the Arabic-Indic ٠-٩ and Persian ۰-۹ of the right-to-left blocks too, which are written left to right (UAX #9: AN, EN). */
const DIGIT = /\p{Nd}/u;
const isRtl = (g: string) => RTL_BLOCKS.test(g) && !DIGIT.test(g);

/**
 * One line's glyphs, placed left to right, in the order they were written (UAX #9's rule L2
 * undone for the two levels a line of a dossier holds): in a line mostly of right-to-left
 * letters everything is reversed and the left-to-right stretches inside (digits, Latin words)
 * are put back; in a left-to-right line only the right-to-left stretches are reversed. A
 * ligature's glyph maps to its characters in logical order already. This is what pdf.js does
 * to a text item, and what copy and paste gives.
 */
export function logicalOrder(glyphs: string[]): string[] {
  const rtl = glyphs.filter(isRtl).length;
  if (rtl === 0) return glyphs;
  const letters = glyphs.filter((g) => LETTER.test(g)).length;
  const rtlLine = rtl * 2 >= letters;
  const out = rtlLine ? [...glyphs].reverse() : [...glyphs];
  // Stretches of the other direction: its glyphs, and neutral glyphs between two of them.
  const other = (g: string | undefined) => g !== undefined && (rtlLine ? LETTER.test(g) && !isRtl(g) : isRtl(g));
  const neutral = (g: string | undefined) => g !== undefined && !LETTER.test(g);
  for (let i = 0; i < out.length;) {
    if (!other(out[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < out.length && (other(out[j + 1]) || (neutral(out[j + 1]) && other(out[j + 2])))) j++;
    out.splice(i, j - i + 1, ...out.slice(i, j + 1).reverse());
    i = j + 1;
  }
  return out;
}

interface Chunk {
  mcid: number;
  x: number;
  y: number;
  glyphs: string[];
}

/** Chunks of one marked-content sequence as text: lines in drawing order, each left to right. */
function chunksText(chunks: Chunk[]): string {
  const lines = new Map<number, Chunk[]>();
  for (const c of chunks) {
    const key = Math.round(c.y * 10);
    const line = lines.get(key) ?? [];
    line.push(c);
    lines.set(key, line);
  }
  return [...lines.values()].map((line) => logicalOrder(line.sort((a, b) => a.x - b.x).flatMap((c) => c.glyphs)).join('')).join('\n');
}

export interface PageText {
  /** Text of each marked-content sequence with an MCID. */
  byMcid: Map<number, string>;
  /** All text outside Artifacts, line by line. */
  flow: string;
}

function pageText(pdf: PdfFile, page: PdfDict, fonts: Map<PdfValue, FontMap>): PageText {
  const resources = pdf.dict(page.get('Resources'));
  const fontRes = pdf.dict(resources?.get('Font'));
  const fontOf = (name: string): FontMap | undefined => {
    const ref = fontRes?.get(name);
    if (ref === undefined) return undefined;
    const key = ref instanceof PdfRef ? ref.num : ref;
    let f = fonts.get(key);
    if (!f) {
      const dict = pdf.dict(ref);
      const type0 = dict?.get('Subtype') instanceof PdfName && (dict.get('Subtype') as PdfName).name === 'Type0';
      const cmap = pdf.stream(dict?.get('ToUnicode'));
      f = { bytesPerCode: type0 ? 2 : 1, map: cmap ? parseCMap(pdf.decode(cmap)) : new Map() };
      fonts.set(key, f);
    }
    return f;
  };
  const contents = pdf.get(page.get('Contents'));
  const streams = (Array.isArray(contents) ? contents : [page.get('Contents')]).map((c) => pdf.stream(c)).filter((s) => s !== undefined);
  const chunks: Chunk[] = [];
  let font: FontMap | undefined;
  let x = 0;
  let y = 0;
  const marks: { artifact: boolean; mcid?: number }[] = [];
  const show = (s: string) => {
    if (!font || marks.some((m) => m.artifact)) return;
    const glyphs: string[] = [];
    for (let i = 0; i + font.bytesPerCode <= s.length; i += font.bytesPerCode) {
      let c = 0;
      for (let k = 0; k < font.bytesPerCode; k++) c = c * 256 + s.charCodeAt(i + k);
      glyphs.push(font.map.get(c) ?? '');
    }
    chunks.push({ mcid: [...marks].reverse().find((m) => m.mcid !== undefined)?.mcid ?? -1, x, y, glyphs });
  };
  for (const s of streams) {
    const lx = new Lexer(pdf.decode(s));
    const operands: PdfValue[] = [];
    for (let t = lx.next(); t !== undefined; t = lx.next()) {
      if (!(t instanceof PdfOp)) {
        operands.push(t);
        continue;
      }
      const [a, b] = operands;
      switch (t.op) {
        case 'BI': // inline image: skip to EI
          while ((t = lx.next()) !== undefined && !(t instanceof PdfOp && t.op === 'EI'));
          break;
        case 'Tm':
          if (typeof operands[4] === 'number' && typeof operands[5] === 'number') [x, y] = [operands[4], operands[5]];
          break;
        case 'Td':
        case 'TD':
          if (typeof a === 'number' && typeof b === 'number') [x, y] = [x + a, y + b];
          break;
        case 'Tf':
          font = a instanceof PdfName ? fontOf(a.name) : undefined;
          break;
        case 'Tj':
        case "'":
          if (typeof a === 'string') show(a);
          break;
        case '"':
          if (typeof operands[2] === 'string') show(operands[2]);
          break;
        case 'TJ':
          if (Array.isArray(a)) for (const x of a) if (typeof x === 'string') show(x);
          break;
        case 'BMC':
          marks.push({ artifact: a instanceof PdfName && a.name === 'Artifact' });
          break;
        case 'BDC': {
          const props = b instanceof Map ? b : b instanceof PdfName ? pdf.dict(pdf.dict(resources?.get('Properties'))?.get(b.name)) : undefined;
          const mcid = props?.get('MCID');
          marks.push({ artifact: a instanceof PdfName && a.name === 'Artifact', mcid: typeof mcid === 'number' ? mcid : undefined });
          break;
        }
        case 'EMC':
          marks.pop();
          break;
      }
      operands.length = 0;
    }
  }
  const byMcid = new Map<number, string>();
  const groups = new Map<number, Chunk[]>();
  for (const c of chunks) groups.set(c.mcid, [...(groups.get(c.mcid) ?? []), c]);
  for (const [mcid, list] of groups) if (mcid >= 0) byMcid.set(mcid, chunksText(list));
  return { byMcid, flow: chunksText(chunks) };
}

/** The document's text: in structure order when tagged, else page by page. */
export function textLayer(pdf: PdfFile): string {
  const pages = pdf.pages();
  const fonts = new Map<PdfValue, FontMap>();
  const texts = pages.map((p) => pageText(pdf, p, fonts));
  const root = pdf.dict(pdf.catalog?.get('StructTreeRoot'));
  if (!root) return texts.map((t) => t.flow).join('\n');
  const pageIndex = new Map<PdfDict, number>(pages.map((p, i) => [p, i]));
  const parts: string[] = [];
  const seen = new Set<number>();
  const walk = (k: PdfValue | undefined, pg: PdfDict | undefined, depth: number) => {
    if (depth > 256 || k === undefined) return;
    if (k instanceof PdfRef) {
      if (seen.has(k.num)) return;
      seen.add(k.num);
    }
    const v = pdf.get(k);
    if (typeof v === 'number') {
      const i = pg && pageIndex.get(pg);
      if (i !== undefined) parts.push(texts[i].byMcid.get(v) ?? '');
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, pg, depth + 1);
    } else if (v instanceof Map) {
      const type = v.get('Type');
      const ownPage = pdf.dict(v.get('Pg')) ?? pg;
      if (type instanceof PdfName && type.name === 'MCR') walk(v.get('MCID'), ownPage, depth + 1);
      else if (!(type instanceof PdfName && type.name === 'OBJR')) walk(v.get('K'), ownPage, depth + 1);
    }
  };
  walk(root.get('K'), undefined, 0);
  return parts.join('\n');
}

// White space, combining marks and format controls (ZWNJ, ZWJ: drawn as no glyph, or copied
// out as a space by some fonts) do not count when a quote is looked for in the pages' text.
const squeeze = (s: string) => s.normalize('NFD').replace(/[\s\p{M}\p{Cf}]+/gu, '');

/** The text layer as quotes are looked for in it (folded as quotes are matched, squeezed). */
export function comparableText(pdf: PdfFile): string {
  return squeeze(fold(textLayer(pdf)).text);
}

/** A quote as it is looked for in comparableText. */
export function comparableQuote(quote: string): string {
  return squeeze(foldQuote(quote));
}
