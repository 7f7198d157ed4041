/**
 * PDFium (the engine of Chrome's and Edge's PDF viewers), compiled to WebAssembly and published
 * on npm as @embedpdf/pdfium: the text a selection of each whole page copies (FPDFText_GetText).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

interface PdfiumModule {
  PDFiumExt_Init(): void;
  FPDF_LoadMemDocument(buf: number, size: number, password: string): number;
  FPDF_CloseDocument(doc: number): void;
  FPDF_GetPageCount(doc: number): number;
  FPDF_LoadPage(doc: number, i: number): number;
  FPDF_ClosePage(page: number): void;
  FPDFText_LoadPage(page: number): number;
  FPDFText_ClosePage(tp: number): void;
  FPDFText_CountChars(tp: number): number;
  FPDFText_GetText(tp: number, start: number, count: number, out: number): number;
  pdfium: { wasmExports: { malloc(n: number): number; free(p: number): void }; HEAPU8: Uint8Array; UTF16ToString(p: number): string };
}

let loaded: Promise<PdfiumModule> | undefined;

function pdfium(): Promise<PdfiumModule> {
  loaded ??= (async () => {
    const entry = require.resolve('@embedpdf/pdfium');
    const { init } = (await import(entry)) as { init(o: { wasmBinary: Buffer }): Promise<PdfiumModule> };
    const m = await init({ wasmBinary: fs.readFileSync(path.join(path.dirname(entry), 'pdfium.wasm')) });
    m.PDFiumExt_Init();
    return m;
  })();
  return loaded;
}

/** The text of each page as PDFium gives it. */
export async function pdfiumPageTexts(pdf: Buffer): Promise<string[]> {
  const m = await pdfium();
  const P = m.pdfium;
  const buf = P.wasmExports.malloc(pdf.length);
  P.HEAPU8.set(pdf, buf);
  const doc = m.FPDF_LoadMemDocument(buf, pdf.length, '');
  if (!doc) throw new Error('PDFium could not open the PDF');
  const pages: string[] = [];
  try {
    for (let i = 0; i < m.FPDF_GetPageCount(doc); i++) {
      const page = m.FPDF_LoadPage(doc, i);
      const tp = m.FPDFText_LoadPage(page);
      const count = m.FPDFText_CountChars(tp);
      const out = P.wasmExports.malloc((count + 1) * 2);
      m.FPDFText_GetText(tp, 0, count, out);
      pages.push(P.UTF16ToString(out));
      P.wasmExports.free(out);
      m.FPDFText_ClosePage(tp);
      m.FPDF_ClosePage(page);
    }
  } finally {
    m.FPDF_CloseDocument(doc);
    P.wasmExports.free(buf);
  }
  return pages;
}

interface PdfiumSignatureApi {
  FPDF_GetSignatureCount(doc: number): number;
  FPDF_GetSignatureObject(doc: number, i: number): number;
  FPDFSignatureObj_GetContents(sig: number, out: number, length: number): number;
  FPDFSignatureObj_GetByteRange(sig: number, out: number, length: number): number;
  FPDFSignatureObj_GetSubFilter(sig: number, out: number, length: number): number;
  FPDFSignatureObj_GetTime(sig: number, out: number, length: number): number;
}

export interface PdfiumSignature {
  contents: Buffer;
  byteRange: number[];
  subFilter: string;
  time: string;
}

/** The signatures PDFium finds (FPDF_GetSignatureObject): /Contents, /ByteRange, /SubFilter, /M. */
export async function pdfiumSignatures(pdf: Buffer): Promise<PdfiumSignature[]> {
  const m = (await pdfium()) as PdfiumModule & PdfiumSignatureApi;
  const P = m.pdfium;
  const buf = P.wasmExports.malloc(pdf.length);
  P.HEAPU8.set(pdf, buf);
  const doc = m.FPDF_LoadMemDocument(buf, pdf.length, '');
  if (!doc) throw new Error('PDFium could not open the PDF');
  const read = (get: (out: number, length: number) => number): Buffer => {
    const n = get(0, 0);
    const out = P.wasmExports.malloc(Math.max(n, 1));
    get(out, n);
    const bytes = Buffer.from(P.HEAPU8.slice(out, out + n));
    P.wasmExports.free(out);
    return bytes;
  };
  const sigs: PdfiumSignature[] = [];
  try {
    for (let i = 0; i < m.FPDF_GetSignatureCount(doc); i++) {
      const sig = m.FPDF_GetSignatureObject(doc, i);
      const range = read((o, n) => m.FPDFSignatureObj_GetByteRange(sig, o, n / 4) * 4);
      sigs.push({
        contents: read((o, n) => m.FPDFSignatureObj_GetContents(sig, o, n)),
        byteRange: [...new Int32Array(range.buffer, range.byteOffset, range.length / 4)],
        subFilter: read((o, n) => m.FPDFSignatureObj_GetSubFilter(sig, o, n))
          .toString('latin1')
          .replace(/\0+$/, ''),
        time: read((o, n) => m.FPDFSignatureObj_GetTime(sig, o, n))
          .toString('latin1')
          .replace(/\0+$/, ''),
      });
    }
  } finally {
    m.FPDF_CloseDocument(doc);
    P.wasmExports.free(buf);
  }
  return sigs;
}
