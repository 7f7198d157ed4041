/**
 * THE ONLY MODULE THAT TOUCHES PDFMAKE INTERNALS.
 *
 * pdfmake has no bidirectional text: it places the words of a line left to right in logical
 * order. We give every inline an embedding level (typeset/runs.ts) and here, when pdfmake has
 * placed a line and before it aligns it, reorder the line's inlines by rule L2 of UAX #9 and
 * recompute their x positions. The hook is ElementWriter.prototype.alignLine, which pdfmake
 * calls once for every line it adds to a page (body, tables, headers and footers alike).
 *
 * We also use pdfmake's Printer directly (not its global singleton) so that fonts and access
 * policies are per build, and add a named destination at every citation marker.
 *
 * These are internals, so the exact pdfmake version is pinned in package.json and checked
 * here; tests/unit/pdfmake-pin.test.ts fails if it moves. Re-read ElementWriter.alignLine,
 * Line, Renderer.renderLine and Printer.createPdfKitDocument before changing the pin.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { prepareForFontkit, reorderByLevels } from '../typeset/bidi.js';
import { FONTS_DIR, pdfmakeFontTable } from '../typeset/fonts.js';

const require = createRequire(import.meta.url);

export const PINNED_PDFMAKE_VERSION = '0.3.11';

export function installedPdfmakeVersion(): string {
  return (require('pdfmake/package.json') as { version: string }).version;
}

interface PdfInline {
  text: string;
  width: number;
  x: number;
  leadingCut?: number;
  trailingCut?: number;
  _level?: number;
  _shapeLevel?: number;
  _cite?: number;
  _shaped?: boolean;
  font: unknown;
  fontSize: number;
}

interface PdfLine {
  inlines: PdfInline[];
  leadingCut: number;
  trailingCut: number;
  x?: number;
  _visual?: boolean;
}

type Ctor = { prototype: Record<string, unknown> };
let installed = false;

/** Reorder one placed line by rule L2 and lay its inlines out left to right in that order. */
export function reorderLine(line: PdfLine): void {
  if (line._visual || !line.inlines.length) return;
  line._visual = true;
  const levels = line.inlines.map((i) => i._level ?? 0);
  for (const inline of line.inlines) {
    // fontkit picks the direction of a run from its script; where that disagrees with the
    // resolved level (digits or neutrals in right-to-left text, Arabic-Indic digits in a
    // left-to-right number), hand it the text pre-reversed so it comes out in visual order.
    if (!inline._shaped) {
      inline.text = prepareForFontkit(inline.text, inline._shapeLevel ?? inline._level ?? 0);
      inline._shaped = true;
    }
  }
  if (levels.every((l) => l === 0)) return;
  const order = reorderByLevels(levels);
  const logicalFirst = line.inlines[0];
  const logicalLast = line.inlines[line.inlines.length - 1];
  const visual = order.map((i) => line.inlines[i]);
  // The cut white space at the line's logical start and end hangs outside the line: find on
  // which visual edge it now stands.
  let x = 0;
  if (visual[0] === logicalFirst && (logicalFirst._level ?? 0) % 2 === 0) x = -line.leadingCut;
  else if (visual[0] === logicalLast && (logicalLast._level ?? 0) % 2 === 1) x = -line.trailingCut;
  for (const inline of visual) {
    inline.x = x;
    x += inline.width;
  }
  line.inlines = visual;
}

/** Patches pdfmake once per process. Throws if the installed pdfmake is not the pinned one. */
export function installPdfmakeHooks(): void {
  if (installed) return;
  const version = installedPdfmakeVersion();
  if (version !== PINNED_PDFMAKE_VERSION) {
    throw new Error(`pdfmake ${version} is installed but ${PINNED_PDFMAKE_VERSION} is pinned: src/pdf/pdfmake-internals.ts depends on its internals`);
  }
  const ElementWriter = (require('pdfmake/js/ElementWriter.js') as { default: Ctor }).default;
  const Renderer = (require('pdfmake/js/Renderer.js') as { default: Ctor }).default;

  const alignLine = ElementWriter.prototype.alignLine as (this: unknown, line: PdfLine) => void;
  if (typeof alignLine !== 'function') throw new Error('pdfmake internals moved: ElementWriter.prototype.alignLine');
  ElementWriter.prototype.alignLine = function (this: unknown, line: PdfLine) {
    reorderLine(line);
    return alignLine.call(this, line);
  };

  const renderLine = Renderer.prototype.renderLine as (this: { pdfDocument: { addNamedDestination(name: string, ...args: unknown[]): void; page: { height: number } } }, line: PdfLine, x: number, y: number) => void;
  if (typeof renderLine !== 'function') throw new Error('pdfmake internals moved: Renderer.prototype.renderLine');
  Renderer.prototype.renderLine = function (this: Parameters<typeof renderLine>[0] extends never ? never : any, line: PdfLine, x: number, y: number) {
    renderLine.call(this, line, x, y);
    for (const inline of line.inlines) {
      // Marker destinations fnref-K, so notes can link back and outside checks can find them.
      if (inline._cite !== undefined) this.pdfDocument.addNamedDestination(`fnref-${inline._cite}`, 'XYZ', (x || 0) + inline.x, y || 0, null);
    }
  };
  installed = true;
}

/** A virtual file system that holds nothing: fonts come from files, nothing is downloaded. */
const emptyVfs = {
  existsSync: () => false,
  readFileSync: () => {
    throw new Error('no virtual files');
  },
  writeFileSync: () => {
    throw new Error('no virtual files');
  },
};

export interface RenderOptions {
  /** Folders pdfmake may read from (fonts, and the workspace). */
  allowedRoots: string[];
}

/** Lays out and renders a pdfmake document definition to PDF bytes. */
export async function renderPdf(docDefinition: Record<string, unknown>, options: RenderOptions): Promise<Buffer> {
  installPdfmakeHooks();
  const Printer = (require('pdfmake/js/Printer.js') as { default: new (...args: unknown[]) => { createPdfKitDocument(d: unknown, o?: unknown): Promise<NodeJS.ReadableStream & { end(): void }> } }).default;
  const URLResolver = (require('pdfmake/js/URLResolver.js') as { default: new (fs: unknown) => { setUrlAccessPolicy(cb: (url: string) => boolean): void } }).default;
  const urlResolver = new URLResolver(emptyVfs);
  urlResolver.setUrlAccessPolicy(() => false); // never fetch anything
  const roots = [FONTS_DIR, ...options.allowedRoots].map((r) => path.resolve(r) + path.sep);
  const localPolicy = (p: string) => roots.some((r) => path.resolve(p).startsWith(r));
  const printer = new Printer(pdfmakeFontTable(), emptyVfs, urlResolver, localPolicy);
  const doc = await printer.createPdfKitDocument(docDefinition);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
