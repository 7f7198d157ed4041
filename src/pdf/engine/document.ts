/**
 * The engine: lays out and renders a pdfmake document definition to PDF bytes.
 *
 * Replaces: Printer.prototype.createPdfKitDocument (pdfmake/js/Printer.js), which it follows
 *   step by step for the definitions we make (no URLs, named images, attachments, files or
 *   infinite page heights: images come as data: URIs in their nodes, checked in src/image/), so that the PDFDocument, LayoutBuilder and Renderer are the engine's own
 *   subclasses, holding the build's state. Those subclasses carry the hooks that override
 *   methods (mirrored-font, font-outside-q, footnote-layout, page-furniture, drawing-order);
 *   the hooks on classes pdfmake makes deep inside (TextBreaker, ElementWriter) are prototype
 *   patches installed once per process (install.ts).
 * Relies on: the PDFDocument constructor (fonts, images, patterns, attachments, pdfkit options,
 *   virtual fs, local access policy); LayoutBuilder(pageSize, margins, svgMeasure),
 *   registerTableLayouts, layoutDocument(content, doc, styles, defaultStyle, background, header,
 *   footer, watermark, pageBreakBefore); Renderer(doc).renderPages(pages); normalizePageSize and
 *   normalizePageMargin; the info keys as createMetadata writes them.
 * Guarded by: every rendering test; tests/unit/engine-fingerprint.test.ts; the sample PDFs'
 *   bytes (tests/release/determinism.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FONTS_DIR, fontFileBytes, isServedFont, pdfmakeFontTable, type FamilyName } from '../../typeset/fonts.js';
import { addNotesToPages, dropEmptyTrailingPages } from './hooks/page-furniture.js';
import { renderLineInOrder, type DrawTarget, type RenderLine } from './hooks/drawing-order.js';
import { lineEndMarked, withLineEndMark } from './hooks/line-end-mark.js';
import { pdfiumBracketGuards, pdfiumLeadGuards, withPdfiumBrackets } from './hooks/pdfium-brackets.js';
import { pdfiumSteering, withPdfiumOrder } from './hooks/pdfium-order.js';
import { directionMarks, drawWithMarks, lineIsRtl } from './hooks/direction-marks.js';
import { fontOutsideQ, type FragmentHost } from './hooks/font-outside-q.js';
import { FootnoteRun, layoutWithFootnotes, type Builder, type LayoutClasses } from './hooks/footnote-layout.js';
import { mirroredFamily, mirroredFont, type EmbeddedFont, type FontHost } from './hooks/mirrored-font.js';
import { installPrototypeHooks } from './install.js';
import { beginFaces, endFaces } from './hooks/shared-faces.js';
import { installSharedShaping } from './hooks/shared-shaping.js';
import { installMeasuredWidths } from './hooks/measured-widths.js';
import { installNominalWidths } from './hooks/nominal-widths.js';
import { installHiddenIgnorables } from './hooks/hidden-ignorables.js';
import { installInlineOffsets } from './hooks/inline-offsets.js';
import { raisedBy, withRaisedGlyphs } from './hooks/raised-runs.js';
import { installHarfBuzzShaping, loadHarfBuzz } from './hooks/harfbuzz-shaping.js';
import { shareSubsetsOf } from './hooks/shared-subsets.js';
import { installCffIndex } from './hooks/cff-index.js';
import { drawWithSpaceMarks, fragmentWithSpaceMarks, type MarkableFont } from './hooks/space-marks.js';
import { installStreamBytes } from './hooks/stream-bytes.js';
import type { DocumentContext, PlacedLine } from './model.js';
import { pdfmakeExports, pdfmakeModule } from './pin.js';
import type { FootnoteSpec } from './state.js';
import type { DocTree } from '../../template/tree.js';
import { TaggedRendering, type MarkingDoc } from './hooks/tagged-rendering.js';
import { xmpMetadata } from './hooks/xmp-metadata.js';
import { addOutputIntent, type IntentHost } from './hooks/pdfa.js';
import { StructureTree, type StructDoc, type TaggingLabels } from './tagging/structure.js';
import { imageMarkOf } from '../../typeset/contract.js';
import { holdYoungGeneration } from '../../short-run.js';

export interface RenderOptions {
  /** Folders pdfmake may read from (fonts, and the workspace). */
  allowedRoots: string[];
  /** Notes to set at the foot of the page that cites them. */
  footnotes?: FootnoteSpec;
  /** Tagged PDF (PDF/UA-1): the structure tree is built from this document tree. Untagged without. */
  tagging?: TaggingSpec;
  /** PDF/A-3 (level a when tagged, else b): pdfaid in the XMP, the sRGB output intent (hooks/pdfa.ts). */
  archive?: boolean;
  /**
   * House font families the content names (typeset/house-fonts.ts): their fonts were read and
   * checked when the template was loaded, and are served from memory like the built-in ones.
   */
  houseFamilies?: readonly FamilyName[];
}

export interface TaggingSpec {
  tree: DocTree;
  labels: TaggingLabels;
}

/** What pdfmake's classes look like from here (only what the subclasses use). */
type Ctor<T> = new (...args: never[]) => T;
interface PdfmakeDocument extends FontHost, FragmentHost, DrawTarget, MarkingDoc, StructDoc, IntentHost {
  provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont;
  _fragment(...args: unknown[]): unknown;
  goTo(x: number, y: number, w: number, h: number, name: string, options?: Record<string, unknown>): unknown;
  link(x: number, y: number, w: number, h: number, url: string | number, options?: Record<string, unknown>): unknown;
  _addInfo(): void;
  appendXML(xml: string, newline?: boolean): void;
  info: Record<string, unknown>;
  archive: boolean;
  on(event: string, cb: (arg: never) => void): void;
  end(): void;
}
interface PdfmakeBuilder extends Builder {
  registerTableLayouts(layouts: unknown): void;
  layoutDocument(...args: unknown[]): unknown[];
  tryLayoutDocument(...args: unknown[]): { linearNodeList: { resetXY(): void }[] };
  addHeadersAndFooters(header: unknown, footer: unknown): void;
}
interface PdfmakeRenderer {
  pdfDocument: PdfmakeDocument;
  renderPages(pages: unknown[]): void;
  renderLine(line: PlacedLine, x: number, y: number): void;
  renderVector(vector: unknown): void;
  renderImage(image: unknown): void;
  renderSVG(svg: unknown): void;
}

interface EngineClasses {
  Document: new (
    fonts: unknown,
    images: Record<string, string>,
    options: Record<string, unknown>,
    vfs: unknown,
    policy: (p: string) => boolean,
  ) => PdfmakeDocument;
  Builder: new (pageSize: unknown, margins: unknown, footnotes: FootnoteSpec | undefined) => PdfmakeBuilder;
  Renderer: new (doc: PdfmakeDocument, tagged?: TaggedRendering) => PdfmakeRenderer;
  normalizePageSize(size: unknown, orientation: unknown): { width: number; height: number };
  normalizePageMargin(margin: unknown): unknown;
}

let classes: EngineClasses | undefined;
/** Whether the shared-shaping hook has seen pdfkit's embedded-font class (it is patched then). */
let sharedShapingSeen = false;
/** Whether the measured-widths hook has patched pdfkit's embedded-font class. */
let measuredWidthsSeen = false;
/** Whether the nominal-widths and hidden-ignorables hooks have patched pdfkit's embedded-font class. */
let nominalWidthsSeen = false;

/** The engine's subclasses of pdfmake's classes, made once (after the pins are checked). */
function engineClasses(): EngineClasses {
  if (classes) return classes;
  installPrototypeHooks();
  installCffIndex(); // fontkit's CFF INDEX encoding, patched when the first CFF subset is encoded
  const PDFDocument = pdfmakeModule<Ctor<PdfmakeDocument>>('PDFDocument');
  const LayoutBuilder = pdfmakeModule<Ctor<PdfmakeBuilder>>('LayoutBuilder');
  const Renderer = pdfmakeModule<Ctor<PdfmakeRenderer>>('Renderer');
  const layoutClasses: LayoutClasses = {
    DocumentContext: pdfmakeModule<new () => DocumentContext>('DocumentContext'),
    PageElementWriter: pdfmakeModule<LayoutClasses['PageElementWriter']>('PageElementWriter'),
  };
  const { SVGMeasure, tableLayouts, PageSize } = {
    SVGMeasure: pdfmakeModule<new () => unknown>('SVGMeasure'),
    // Named exports, not default ones.
    tableLayouts: pdfmakeExports<{ tableLayouts: unknown }>('tableLayouts').tableLayouts,
    PageSize: pdfmakeExports<Pick<EngineClasses, 'normalizePageSize' | 'normalizePageMargin'>>('PageSize'),
  };

  class Document extends (PDFDocument as unknown as new (...a: unknown[]) => PdfmakeDocument) {
    private readonly mirrored = new Map<EmbeddedFont, EmbeddedFont>();
    /** Fonts provideFont has handed out in this document (each looked at once). */
    private readonly fontsSeen = new WeakSet<EmbeddedFont>();
    constructor(fonts: unknown, images: Record<string, string>, options: Record<string, unknown>, vfs: unknown, policy: (p: string) => boolean) {
      super(fonts, images, {}, {}, options, vfs, policy);
    }
    override provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont {
      const base = mirroredFamily(family);
      const font = super.provideFont(base ?? family, bold, italics);
      // pdfkit does not export its font class: the shaping hook patches it on the first font seen.
      if (!sharedShapingSeen) sharedShapingSeen = installSharedShaping(font);
      if (!measuredWidthsSeen) measuredWidthsSeen = installMeasuredWidths(font);
      if (!nominalWidthsSeen) nominalWidthsSeen = installNominalWidths(font) && installHiddenIgnorables(font);
      // pdfmake asks for the font of every word it measures (some 170,000 times in bench-600)
      // and hands back the same object for the same face in a document: what follows patches
      // classes once, so it need only look at each font object once (DOSSIER_SHAPER is read
      // from the environment, which costs a call into Node each time).
      if (!this.fontsSeen.has(font)) {
        this.fontsSeen.add(font);
        // After nominal-widths and hidden-ignorables: it moves the entries they chose. Each
        // TrueType font, for fontkit's subset class.
        if (nominalWidthsSeen) installInlineOffsets(font);
        // fontkit's face class: HarfBuzz shapes its words where chosen (DOSSIER_SHAPER).
        installHarfBuzzShaping((font as { font?: object }).font);
        // Likewise fontkit's subset classes (one for CFF, one for TrueType faces).
        shareSubsetsOf((font as { subset?: unknown }).subset);
      }
      return base === undefined ? font : mirroredFont(this, font, this.mirrored);
    }
    override _fragment(...args: unknown[]): unknown {
      fontOutsideQ(this, args[0]);
      return fragmentWithSpaceMarks(this, this._font as MarkableFont | undefined, args[0], () => super._fragment(...args));
    }
    override goTo(x: number, y: number, w: number, h: number, name: string, options: Record<string, unknown> = {}): unknown {
      // In a tagged document a link annotation belongs to its Link element and says where it goes.
      const link = this.pendingLink;
      if (link) Object.assign(options, { structParent: link.elem, Contents: new String(link.contents) });
      // Over a citation marker drawn from its baseline (hooks/raised-runs.ts): up to where its glyphs stand.
      const rise = raisedBy(this._font, this._fontSize);
      return super.goTo(x, y - rise, w, h + rise, name, options);
    }
    override link(x: number, y: number, w: number, h: number, url: string | number, options: Record<string, unknown> = {}): unknown {
      // Likewise a link out of the document (`<a href>`): its Link element, and its address as /Contents.
      const link = this.pendingLink;
      if (link) Object.assign(options, { structParent: link.elem, Contents: new String(link.contents) });
      const rise = raisedBy(this._font, this._fontSize);
      return super.link(x, y - rise, w, h + rise, url, options);
    }
    /** Set by renderPdf for an archival build. */
    override archive = false;
    override _addInfo(): void {
      const tagged = Boolean(this._root.data.StructTreeRoot);
      if (!tagged && !this.archive) return super._addInfo();
      if (this.archive) addOutputIntent(this);
      this.appendXML(
        xmpMetadata(
          this.info,
          String((this._root.data.Lang as string | undefined) ?? ''),
          this.archive ? { conformance: tagged ? 'A' : 'B' } : undefined,
          tagged,
        ),
      );
    }
  }

  class EngineBuilder extends (LayoutBuilder as unknown as new (...a: unknown[]) => PdfmakeBuilder) {
    private run: FootnoteRun | undefined;
    constructor(
      pageSize: unknown,
      margins: unknown,
      private readonly footnotes: FootnoteSpec | undefined,
    ) {
      super(pageSize, margins, new SVGMeasure());
      this.registerTableLayouts(tableLayouts);
    }
    override tryLayoutDocument(...args: unknown[]) {
      // Also without notes: the run watches kept blocks (hooks/kept-blocks.ts), and its passes
      // lay out exactly what pdfmake would when there is no note to place.
      if (!this.footnotes) return super.tryLayoutDocument(...args);
      const run = (this.run = new FootnoteRun(this, this.footnotes, layoutClasses));
      try {
        return layoutWithFootnotes(run, () => super.tryLayoutDocument(...args));
      } finally {
        this.run = undefined;
      }
    }
    override processNode(...args: unknown[]): void {
      // The body writer is made inside pdfmake's tryLayoutDocument: tell it whose it is.
      const run = this.run;
      if (run && this.writer && this.writer.footnotes !== run) this.writer.footnotes = run;
      if (run?.phase !== 'body' || !run.isBodyWriter(this.writer)) return super.processNode(...args);
      // A kept block of the body: remember whether it moved to the next page (hooks/kept-blocks.ts).
      run.keeps.around(args[0] as Record<string, unknown>, this.writer.context(), () => super.processNode(...args));
    }
    override addHeadersAndFooters(header: unknown, footer: unknown): void {
      dropEmptyTrailingPages(this);
      const run = this.run;
      if (run?.phase === 'body' && !addNotesToPages(this, run)) return; // another pass follows; draw nothing yet
      return super.addHeadersAndFooters(header, footer);
    }
  }

  class EngineRenderer extends (Renderer as unknown as new (...a: unknown[]) => PdfmakeRenderer) {
    constructor(
      doc: PdfmakeDocument,
      private readonly tagged?: TaggedRendering,
    ) {
      super(doc);
    }
    override renderLine(line: PlacedLine, x: number, y: number): void {
      // Each drawn piece of a line: direction marks for poppler in its texts (hooks/direction-marks.ts),
      // the spaces at its ends kept for pdf.js (hooks/space-marks.ts), some words after a blank
      // glyph that sets where PDFium sorts them (hooks/pdfium-order.ts), a mark after a hyphen
      // that ends the line (hooks/line-end-mark.ts). Outermost first: the
      // later ones see the texts the earlier ones made.
      const marks = directionMarks(line);
      const rtl = lineIsRtl(line);
      const steering = pdfiumSteering(line.inlines);
      const guards = pdfiumBracketGuards(line.inlines);
      const leads = pdfiumLeadGuards(line.inlines);
      const hyphen = lineEndMarked(line);
      const draw: RenderLine = (l, lx, ly) =>
        drawWithMarks(marks, rtl, l, () =>
          drawWithSpaceMarks(this.pdfDocument, line, l, () =>
            super.renderLine(withRaisedGlyphs(withLineEndMark(withPdfiumBrackets(withPdfiumOrder(l, steering), l, guards, leads), l, hyphen)), lx, ly),
          ),
        );
      if (this.tagged) this.tagged.renderLine(draw, line, x, y);
      else renderLineInOrder(this.pdfDocument, draw, line, x, y);
    }
    override renderVector(vector: unknown): void {
      if (this.tagged) this.tagged.renderArtifact(() => super.renderVector(vector));
      else super.renderVector(vector);
    }
    override renderImage(image: unknown): void {
      // An image of the document tree is drawn in its Figure; any other is decoration.
      if (this.tagged) this.tagged.renderFigure(imageMarkOf(image), () => super.renderImage(image), this.placed(image));
      else super.renderImage(image);
    }
    override renderSVG(svg: unknown): void {
      if (this.tagged) this.tagged.renderFigure(imageMarkOf(svg), () => super.renderSVG(svg), this.placed(svg));
      else super.renderSVG(svg);
    }
    /** Where pdfmake places an image or svg node (its x, y and measured size), on the page drawn. */
    private placed(item: unknown) {
      const { x, y, _width, _height } = item as { x: number; y: number; _width: number; _height: number };
      return { x, y, width: _width, height: _height, pageHeight: (this.pdfDocument as unknown as { page: { height: number } }).page.height };
    }
  }

  classes = {
    Document: Document as unknown as EngineClasses['Document'],
    Builder: EngineBuilder as unknown as EngineClasses['Builder'],
    Renderer: EngineRenderer as unknown as EngineClasses['Renderer'],
    normalizePageSize: PageSize.normalizePageSize,
    normalizePageMargin: PageSize.normalizePageMargin,
  };
  return classes;
}

/**
 * The fonts folder and the house fonts served from memory (typeset/fonts.ts reads each file once
 * per process, for its coverage queries and for pdfkit alike): pdfmake reads a font through its
 * virtual file system when the file is there, else from disk (under the access policy). House
 * fonts are named in the font table by the key their checked bytes are registered under, never
 * by a path, so the engine never reads one from disk.
 */
const fontVfs = {
  existsSync: (p: unknown) => isServedFont(p),
  readFileSync: (p: string) => fontFileBytes(p),
  writeFileSync: () => {
    throw new Error('no virtual files');
  },
};

/**
 * Local reads: only files whose real path (links resolved) lies under the fonts folder or one
 * of `allowed`; anything that cannot be resolved is denied. Nothing is ever fetched: the
 * definitions we make name no URL, and pdfmake's URL resolver is not used at all.
 */
function localAccessPolicy(allowed: string[]): (p: string) => boolean {
  const real = (p: string): string | undefined => {
    try {
      return fs.realpathSync(p);
    } catch {
      return undefined;
    }
  };
  const roots = [FONTS_DIR, ...allowed].map((r) => (real(r) ?? path.resolve(r)) + path.sep);
  return (p: string) => {
    const resolved = real(p);
    return resolved !== undefined && roots.some((r) => resolved.startsWith(r));
  };
}

/**
 * Named images of a definition, refusing every URL: pdfmake would fetch it (its URL resolver),
 * and a build never touches the network. Local paths are checked by the access policy when read.
 */
function imagesOf(definition: Record<string, unknown>): Record<string, string> {
  const images = (definition.images as Record<string, string> | undefined) ?? {};
  for (const src of Object.values(images)) {
    if (typeof src === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(src)) throw new Error(`Access to URL denied by resource access policy: ${src}`);
  }
  return images;
}

/** pdfmake's document-info keys as its createMetadata writes them (in this order). */
function infoOf(definition: Record<string, unknown>): Record<string, unknown> {
  const info: Record<string, unknown> = { Producer: 'pdfmake', Creator: 'pdfmake' };
  for (const [key, value] of Object.entries((definition.info as Record<string, unknown>) ?? {})) {
    if (value) info[key.charAt(0).toUpperCase() + key.slice(1)] = value;
  }
  return info;
}

/** A document for the engine: its pdfmake definition and how to render it. */
export interface EngineDocument {
  definition: Record<string, unknown>;
  options: RenderOptions;
}

/** Lays out and renders a pdfmake document definition to PDF bytes. */
export async function renderPdf(definition: Record<string, unknown>, options: RenderOptions): Promise<Buffer> {
  return (await renderSettled({ definition, options }, () => undefined)).pdf;
}

/**
 * Lays out `first`; then `next`, shown the document as laid out (its `options.footnotes.cited`
 * says which notes each page cites), either accepts it (undefined), and it is rendered, or
 * hands another document to lay out instead (the notes numbered per page anew:
 * pdf/note-numbering.ts, which bounds how often). A document not accepted is never drawn, and
 * each layout is a build of its own (a fresh PDFDocument, faces as a cold build has them), so
 * the bytes are those of the accepted document built alone. Resolves to the PDF and the
 * document it is.
 */
export async function renderSettled(
  first: EngineDocument,
  next: (laidOut: EngineDocument) => EngineDocument | undefined,
): Promise<{ pdf: Buffer; document: EngineDocument }> {
  const engine = engineClasses();
  await loadHarfBuzz();
  for (let current = first; ;) {
    // Faces parsed in earlier builds, their glyph caches emptied (hooks/shared-faces.ts); every
    // font use of this document lies between here and doc.end(), which returns synchronously.
    holdYoungGeneration(); // a one-shot build's checkpoint (short-run.ts)
    const sharing = beginFaces();
    let rendered: Promise<Buffer> | undefined;
    try {
      const laidOut = layOut(engine, current);
      const other = next(current);
      if (other) current = other;
      else rendered = laidOut.render();
    } finally {
      if (sharing) endFaces();
    }
    if (rendered) return { pdf: await rendered, document: current };
  }
}

/** Lays a document out; `render` draws it (synchronously up to doc.end(), which resolves later). */
function layOut(engine: EngineClasses, { definition, options }: EngineDocument): { render(): Promise<Buffer> } {
  const pageSize = engine.normalizePageSize(definition.pageSize, definition.pageOrientation);
  const doc = new engine.Document(
    pdfmakeFontTable(options.houseFamilies),
    imagesOf(definition),
    {
      size: [pageSize.width, pageSize.height],
      // Tagged: PDF 1.7 (XMP metadata is written from 1.4 on), /MarkInfo, the title shown.
      pdfVersion: options.tagging || options.archive ? '1.7' : '1.3',
      subset: undefined,
      tagged: Boolean(options.tagging),
      displayTitle: Boolean(options.tagging),
      compress: true,
      lang: definition.language,
      fontLayoutCache: true,
      bufferPages: false,
      autoFirstPage: false,
      info: infoOf(definition),
      font: null,
    },
    fontVfs,
    localAccessPolicy(options.allowedRoots),
  );
  doc.archive = Boolean(options.archive);
  // pdfkit does not export its reference class: the stream-bytes hook patches it on the root's.
  installStreamBytes(doc._root);
  // pdfmake's defaults where the definition gives none (Printer.createPdfKitDocument).
  const margins = engine.normalizePageMargin(definition.pageMargins ?? 40);
  const defaultStyle = definition.defaultStyle ?? { fontSize: 12, font: 'Roboto' };
  const builder = new engine.Builder(pageSize, margins, options.footnotes);
  const pages = builder.layoutDocument(
    definition.content,
    doc,
    definition.styles ?? {},
    defaultStyle,
    undefined,
    definition.header,
    definition.footer,
    undefined,
    undefined,
  );
  return {
    render() {
      const tagged = options.tagging && new TaggedRendering(new StructureTree(doc, options.tagging.tree, options.tagging.labels), doc);
      new engine.Renderer(doc, tagged).renderPages(pages);
      tagged?.tree.root.end();
      return new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        doc.on('data', (c: Buffer) => chunks.push(c));
        doc.on('end', () => resolve(Buffer.concat(chunks)));
        doc.on('error', reject);
        doc.end();
      });
    },
  };
}
