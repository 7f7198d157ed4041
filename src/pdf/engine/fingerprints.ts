/**
 * Which functions of pdfmake, pdfkit and fontkit each hook replaces or relies on, and the
 * SHA-256 of their source as last read (fingerprints.json). When a pinned version moves, or
 * node_modules is patched, tests/unit/engine-fingerprint.test.ts fails naming the hooks whose
 * functions changed: re-read those hooks against the new source, then record the new
 * fingerprints with `npm run engine:fingerprints`.
 *
 * A function is found in its package's file by text: the line that opens its container (a
 * class, or an object of methods), then the method's first line at the next indentation, up to
 * the line that closes it. The fingerprint is of that text, so the test needs no hooks
 * uninstalled and loads no font.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { packageDir, type PinnedPackage } from './pin.js';

export interface ReliedFunction {
  pkg: PinnedPackage;
  /** File inside the package. */
  file: string;
  /** The whole line that opens the class or object holding it; none for a top-level function or const. */
  container?: string;
  /** The method's name (`constructor`, `static copyStyle`), or the top-level function's or const's. */
  name: string;
}

const pm = (file: string, container: string | undefined, name: string): ReliedFunction => ({ pkg: 'pdfmake', file: `js/${file}.js`, container, name });
const kit = (container: string | undefined, name: string): ReliedFunction => ({ pkg: 'pdfkit', file: 'js/pdfkit.js', container, name });
const fk = (container: string | undefined, name: string): ReliedFunction => ({ pkg: 'fontkit', file: 'dist/main.cjs', container, name });

/** Every function a hook touches, by a stable id. */
export const FUNCTIONS: Record<string, ReliedFunction> = {
  'pdfmake TextBreaker.getBreaks': pm('TextBreaker', 'class TextBreaker {', 'getBreaks'),
  'pdfmake TextInlines.buildInlines': pm('TextInlines', 'class TextInlines {', 'buildInlines'),
  'pdfmake TextInlines.measure': pm('TextInlines', 'class TextInlines {', 'measure'),
  'pdfmake StyleContextStack.copyStyle': pm('StyleContextStack', 'class StyleContextStack {', 'static copyStyle'),
  'pdfmake StyleContextStack.getStyleProperty': pm('StyleContextStack', 'class StyleContextStack {', 'static getStyleProperty'),
  'pdfmake StyleContextStack.autopush': pm('StyleContextStack', 'class StyleContextStack {', 'autopush'),
  'pdfmake StyleContextStack.getProperty': pm('StyleContextStack', 'class StyleContextStack {', 'getProperty'),
  'pdfmake TextInlines.widthOfText': pm('TextInlines', 'class TextInlines {', 'widthOfText'),
  'pdfmake Line.addInline': pm('Line', 'class Line {', 'addInline'),
  'pdfmake Line.getWidth': pm('Line', 'class Line {', 'getWidth'),
  'pdfmake ElementWriter.alignLine': pm('ElementWriter', 'class ElementWriter extends _events.EventEmitter {', 'alignLine'),
  'pdfmake ElementWriter.addLine': pm('ElementWriter', 'class ElementWriter extends _events.EventEmitter {', 'addLine'),
  'pdfmake ElementWriter.addFragment': pm('ElementWriter', 'class ElementWriter extends _events.EventEmitter {', 'addFragment'),
  'pdfmake PageElementWriter.addLine': pm('PageElementWriter', 'class PageElementWriter extends _ElementWriter.default {', 'addLine'),
  'pdfmake PageElementWriter.addFragment': pm('PageElementWriter', 'class PageElementWriter extends _ElementWriter.default {', 'addFragment'),
  'pdfmake PageElementWriter._fitOnPage': pm('PageElementWriter', 'class PageElementWriter extends _ElementWriter.default {', '_fitOnPage'),
  'pdfmake DocumentContext.addPage': pm('DocumentContext', 'class DocumentContext extends _events.EventEmitter {', 'addPage'),
  'pdfmake DocumentContext.beginColumnGroup': pm('DocumentContext', 'class DocumentContext extends _events.EventEmitter {', 'beginColumnGroup'),
  'pdfmake PageElementWriter.beginUnbreakableBlock': pm(
    'PageElementWriter',
    'class PageElementWriter extends _ElementWriter.default {',
    'beginUnbreakableBlock',
  ),
  'pdfmake PageElementWriter.commitUnbreakableBlock': pm(
    'PageElementWriter',
    'class PageElementWriter extends _ElementWriter.default {',
    'commitUnbreakableBlock',
  ),
  'pdfmake DocMeasure.measureDocument': pm('DocMeasure', 'class DocMeasure {', 'measureDocument'),
  'pdfmake LayoutBuilder.constructor': pm('LayoutBuilder', 'class LayoutBuilder {', 'constructor'),
  'pdfmake LayoutBuilder.layoutDocument': pm('LayoutBuilder', 'class LayoutBuilder {', 'layoutDocument'),
  'pdfmake LayoutBuilder.tryLayoutDocument': pm('LayoutBuilder', 'class LayoutBuilder {', 'tryLayoutDocument'),
  'pdfmake LayoutBuilder.processNode': pm('LayoutBuilder', 'class LayoutBuilder {', 'processNode'),
  'pdfmake LayoutBuilder.addHeadersAndFooters': pm('LayoutBuilder', 'class LayoutBuilder {', 'addHeadersAndFooters'),
  'pdfmake LayoutBuilder.addDynamicRepeatable': pm('LayoutBuilder', 'class LayoutBuilder {', 'addDynamicRepeatable'),
  'pdfmake Renderer.renderPages': pm('Renderer', 'class Renderer {', 'renderPages'),
  'pdfmake Renderer.renderLine': pm('Renderer', 'class Renderer {', 'renderLine'),
  'pdfmake Renderer.renderVector': pm('Renderer', 'class Renderer {', 'renderVector'),
  'pdfmake Renderer.renderImage': pm('Renderer', 'class Renderer {', 'renderImage'),
  'pdfmake Renderer.renderSVG': pm('Renderer', 'class Renderer {', 'renderSVG'),
  'pdfmake ElementWriter.addImage': pm('ElementWriter', 'class ElementWriter extends _events.EventEmitter {', 'addImage'),
  'pdfmake ElementWriter.addSVG': pm('ElementWriter', 'class ElementWriter extends _events.EventEmitter {', 'addSVG'),
  'pdfmake PDFDocument.constructor': pm('PDFDocument', 'class PDFDocument extends _pdfkit.default {', 'constructor'),
  'pdfmake PDFDocument.provideFont': pm('PDFDocument', 'class PDFDocument extends _pdfkit.default {', 'provideFont'),
  'pdfmake Printer.createPdfKitDocument': pm('Printer', 'class PdfPrinter {', 'createPdfKitDocument'),
  'pdfmake Printer createMetadata': pm('Printer', undefined, 'createMetadata'),
  'pdfkit EmbeddedFont.constructor': kit('class EmbeddedFont extends PDFFont {', 'constructor'),
  'pdfkit EmbeddedFont.encode': kit('class EmbeddedFont extends PDFFont {', 'encode'),
  'pdfkit EmbeddedFont.toUnicodeCmap': kit('class EmbeddedFont extends PDFFont {', 'toUnicodeCmap'),
  'pdfkit FontsMixin.font': kit('var FontsMixin = {', 'font'),
  'pdfkit TextMixin._fragment': kit('var TextMixin = {', '_fragment'),
  'pdfkit MarkingsMixin.markContent': kit('var MarkingsMixin = {', 'markContent'),
  'pdfkit MarkingsMixin.markStructureContent': kit('var MarkingsMixin = {', 'markStructureContent'),
  'pdfkit MarkingsMixin.endMarkedContent': kit('var MarkingsMixin = {', 'endMarkedContent'),
  'pdfkit MarkingsMixin.addStructure': kit('var MarkingsMixin = {', 'addStructure'),
  'pdfkit PDFStructureElement.constructor': kit('class PDFStructureElement {', 'constructor'),
  'pdfkit PDFStructureElement.add': kit('class PDFStructureElement {', 'add'),
  'pdfkit PDFStructureElement._flushChild': kit('class PDFStructureElement {', '_flushChild'),
  'pdfkit AnnotationsMixin.annotate': kit('var AnnotationsMixin = {', 'annotate'),
  'pdfkit AnnotationsMixin.goTo': kit('var AnnotationsMixin = {', 'goTo'),
  'pdfkit AnnotationsMixin.link': kit('var AnnotationsMixin = {', 'link'),
  'pdfkit MetadataMixin._addInfo': kit('var MetadataMixin = {', '_addInfo'),
  'pdfkit MetadataMixin.endMetadata': kit('var MetadataMixin = {', 'endMetadata'),
  'pdfkit PDFOutline.addItem': kit('class PDFOutline {', 'addItem'),
  'pdfkit PDFDocument.ref': kit('class PDFDocument extends stream.Readable {', 'ref'),
  'pdfkit PDFDocument.end': kit('class PDFDocument extends stream.Readable {', 'end'),
  'pdfkit PDFReference.end': kit('class PDFReference extends PDFAbstractReference {', 'end'),
  'pdfkit PDFReference.finalize': kit('class PDFReference extends PDFAbstractReference {', 'finalize'),
  'pdfkit PDFFontFactory.open': kit('class PDFFontFactory {', 'static open'),
  'fontkit create': fk(undefined, '$59aa4ed98453e1d4$export$185802fd694ee1f5'),
  'fontkit TTFFont.constructor': fk('class $0a8ef2660a6ce4b6$export$2e2bcd8739ae039 {', 'constructor'),
  'fontkit TTFFont._getBaseGlyph': fk('class $0a8ef2660a6ce4b6$export$2e2bcd8739ae039 {', '_getBaseGlyph'),
  'fontkit TTFFont.getGlyph': fk('class $0a8ef2660a6ce4b6$export$2e2bcd8739ae039 {', 'getGlyph'),
  'fontkit TrueTypeCollection.getFont': fk('class $e0b2de9958441c02$export$2e2bcd8739ae039 {', 'getFont'),
  'fontkit Script RTL table': fk(undefined, '$e38a1a895f6aeb54$var$RTL'),
  'fontkit Script direction': fk(undefined, '$e38a1a895f6aeb54$export$9fddb9d0dd7d8a54'),
  'fontkit LayoutEngine.layout': fk('class $9d641258c9d7180d$export$2e2bcd8739ae039 {', 'layout'),
  'fontkit OTLayoutEngine.position': fk('class $b2f26a32cb9ab2fa$export$2e2bcd8739ae039 {', 'position'),
  'pdfmake LayoutBuilder.buildNextLine': pm('LayoutBuilder', 'class LayoutBuilder {', 'buildNextLine'),
  'pdfkit EmbeddedFont.layoutRun': kit('class EmbeddedFont extends PDFFont {', 'layoutRun'),
  'pdfkit EmbeddedFont.layoutCached': kit('class EmbeddedFont extends PDFFont {', 'layoutCached'),
  'pdfkit EmbeddedFont.layout': kit('class EmbeddedFont extends PDFFont {', 'layout'),
  'pdfkit EmbeddedFont.widthOfString': kit('class EmbeddedFont extends PDFFont {', 'widthOfString'),
  'pdfkit TextMixin._line': kit('var TextMixin = {', '_line'),
  'pdfkit EmbeddedFont.embed': kit('class EmbeddedFont extends PDFFont {', 'embed'),
  'pdfkit PDFReference.write': kit('class PDFReference extends PDFAbstractReference {', 'write'),
  'fontkit TTFFont.glyphForCodePoint': fk('class $0a8ef2660a6ce4b6$export$2e2bcd8739ae039 {', 'glyphForCodePoint'),
  'fontkit TTFFont.glyphsForString': fk('class $0a8ef2660a6ce4b6$export$2e2bcd8739ae039 {', 'glyphsForString'),
  'fontkit LayoutEngine.position': fk('class $9d641258c9d7180d$export$2e2bcd8739ae039 {', 'position'),
  'fontkit LayoutEngine.hideDefaultIgnorables': fk('class $9d641258c9d7180d$export$2e2bcd8739ae039 {', 'hideDefaultIgnorables'),
  'fontkit OTLayoutEngine.setup': fk('class $b2f26a32cb9ab2fa$export$2e2bcd8739ae039 {', 'setup'),
  'fontkit OTLayoutEngine.substitute': fk('class $b2f26a32cb9ab2fa$export$2e2bcd8739ae039 {', 'substitute'),
  'fontkit GlyphRun.advanceWidth': fk('class $b19c79ec7a94fa39$export$2e2bcd8739ae039 {', 'get advanceWidth'),
  'fontkit TTFFont.layout': fk('class $0a8ef2660a6ce4b6$export$2e2bcd8739ae039 {', 'layout'),
  'fontkit LayoutEngine.isDefaultIgnorable': fk('class $9d641258c9d7180d$export$2e2bcd8739ae039 {', 'isDefaultIgnorable'),
  'fontkit GlyphRun.constructor': fk('class $b19c79ec7a94fa39$export$2e2bcd8739ae039 {', 'constructor'),
  'fontkit GlyphInfo.id': fk('class $f22bb23c9fd478d8$export$2e2bcd8739ae039 {', 'set id'),
  'fontkit GlyphInfo.constructor': fk('class $f22bb23c9fd478d8$export$2e2bcd8739ae039 {', 'constructor'),
  'fontkit GSUBProcessor.applyLookup': fk(
    'class $86bc1883359e094a$export$2e2bcd8739ae039 extends (0, $7b226e6bbeadedeb$export$2e2bcd8739ae039) {',
    'applyLookup',
  ),
  'fontkit TTFFont._cmapProcessor': fk('class $0a8ef2660a6ce4b6$export$2e2bcd8739ae039 {', 'get _cmapProcessor'),
  'fontkit CmapProcessor.lookup': fk('class $0d6e160064c86e50$export$2e2bcd8739ae039 {', 'lookup'),
  'fontkit Script forString': fk(undefined, '$e38a1a895f6aeb54$export$e5cb25e204fb8450'),
  'fontkit Subset.includeGlyph': fk('class $a8ac370803cb82cf$export$2e2bcd8739ae039 {', 'includeGlyph'),
  'fontkit TTFSubset._addGlyph': fk('class $fe042f4b88f46896$export$2e2bcd8739ae039 extends (0, $a8ac370803cb82cf$export$2e2bcd8739ae039) {', '_addGlyph'),
  'fontkit TTFSubset.encode': fk('class $fe042f4b88f46896$export$2e2bcd8739ae039 extends (0, $a8ac370803cb82cf$export$2e2bcd8739ae039) {', 'encode'),
  'fontkit CFFSubset.encode': fk('class $ec40f80c07a4e08a$export$2e2bcd8739ae039 extends (0, $a8ac370803cb82cf$export$2e2bcd8739ae039) {', 'encode'),
  'fontkit CFFIndex.size': fk('class $9eaea3754914a290$export$2e2bcd8739ae039 {', 'size'),
  'fontkit CFFIndex.encode': fk('class $9eaea3754914a290$export$2e2bcd8739ae039 {', 'encode'),
};

/** Each hook's file (under src/pdf/engine/ unless it says otherwise) and the functions it replaces or relies on. */
/**
 * What a hook making second subset entries relies on (subset-entries.ts: afterEncode and
 * secondEntry): pdfkit's encode and what _fragment writes of it, the /W and ToUnicode that embed
 * makes by subset glyph id, and the subset encoders writing each entry of `glyphs`.
 */
const SECOND_ENTRIES: (keyof typeof FUNCTIONS)[] = [
  'pdfkit EmbeddedFont.encode',
  'pdfkit TextMixin._fragment',
  'pdfkit EmbeddedFont.embed',
  'fontkit Subset.includeGlyph',
  'fontkit TTFSubset.encode',
  'fontkit CFFSubset.encode',
];

export const HOOKS: Record<string, { file: string; relies: (keyof typeof FUNCTIONS)[] }> = {
  'line-breaks': {
    file: 'hooks/line-breaks.ts',
    relies: ['pdfmake TextBreaker.getBreaks', 'pdfmake TextInlines.buildInlines', 'pdfmake TextInlines.measure', 'pdfmake StyleContextStack.copyStyle'],
  },
  'inline-measure': {
    file: 'hooks/inline-measure.ts',
    relies: [
      'pdfmake TextInlines.measure',
      'pdfmake StyleContextStack.copyStyle',
      'pdfmake LayoutBuilder.buildNextLine',
      'pdfmake TextInlines.buildInlines',
      'pdfmake TextInlines.widthOfText',
      'pdfmake StyleContextStack.getStyleProperty',
      'pdfmake StyleContextStack.autopush',
      'pdfmake StyleContextStack.getProperty',
    ],
  },
  'line-order': {
    file: 'hooks/line-order.ts',
    relies: ['pdfmake ElementWriter.alignLine', 'pdfmake ElementWriter.addLine', 'pdfmake Line.addInline', 'pdfmake Line.getWidth'],
  },
  'body-placement': {
    file: 'hooks/body-placement.ts',
    relies: [
      'pdfmake ElementWriter.addLine',
      'pdfmake ElementWriter.addFragment',
      'pdfmake PageElementWriter.addLine',
      'pdfmake PageElementWriter.addFragment',
      'pdfmake PageElementWriter._fitOnPage',
    ],
  },
  'footnote-layout': {
    file: 'hooks/footnote-layout.ts',
    relies: [
      'pdfmake LayoutBuilder.layoutDocument',
      'pdfmake LayoutBuilder.tryLayoutDocument',
      'pdfmake LayoutBuilder.processNode',
      'pdfmake DocumentContext.addPage',
    ],
  },
  'kept-blocks': {
    file: 'hooks/kept-blocks.ts (with body-placement.ts, footnote-layout.ts)',
    relies: [
      'pdfmake LayoutBuilder.processNode',
      'pdfmake PageElementWriter.beginUnbreakableBlock',
      'pdfmake PageElementWriter.commitUnbreakableBlock',
      'pdfmake ElementWriter.addFragment',
      'pdfmake DocumentContext.beginColumnGroup',
    ],
  },
  'measure-reuse': { file: 'hooks/measure-reuse.ts', relies: ['pdfmake LayoutBuilder.tryLayoutDocument', 'pdfmake DocMeasure.measureDocument'] },
  'page-furniture': {
    file: 'hooks/page-furniture.ts',
    relies: ['pdfmake LayoutBuilder.addHeadersAndFooters', 'pdfmake LayoutBuilder.addDynamicRepeatable', 'pdfmake DocumentContext.addPage'],
  },
  'drawing-order': { file: 'hooks/drawing-order.ts', relies: ['pdfmake Renderer.renderLine', 'pdfmake Renderer.renderPages'] },
  'pdfium-order': {
    file: 'hooks/pdfium-order.ts',
    relies: ['pdfmake Renderer.renderLine', 'pdfkit EmbeddedFont.encode', 'pdfkit TextMixin._fragment', ...SECOND_ENTRIES],
  },
  'pdfium-brackets': {
    file: 'hooks/pdfium-brackets.ts',
    relies: ['pdfmake Renderer.renderLine', 'pdfkit EmbeddedFont.encode', 'pdfkit TextMixin._fragment', ...SECOND_ENTRIES],
  },
  'line-end-mark': {
    file: 'hooks/line-end-mark.ts',
    relies: ['pdfmake Renderer.renderLine', 'pdfkit EmbeddedFont.encode', 'pdfkit TextMixin._fragment', ...SECOND_ENTRIES],
  },
  'mirrored-font': {
    file: 'hooks/mirrored-font.ts',
    relies: ['pdfmake PDFDocument.provideFont', 'pdfkit EmbeddedFont.constructor', 'pdfkit EmbeddedFont.encode', 'pdfkit EmbeddedFont.toUnicodeCmap'],
  },
  'direction-marks': {
    file: 'hooks/direction-marks.ts',
    relies: [
      'pdfmake Renderer.renderLine',
      'pdfkit EmbeddedFont.encode',
      'pdfkit EmbeddedFont.widthOfString',
      'pdfkit TextMixin._line',
      'pdfkit EmbeddedFont.embed',
      'pdfkit EmbeddedFont.toUnicodeCmap',
      'fontkit Subset.includeGlyph',
      'fontkit TTFSubset.encode',
    ],
  },
  'font-outside-q': { file: 'hooks/font-outside-q.ts', relies: ['pdfkit TextMixin._fragment', 'pdfkit FontsMixin.font'] },
  'space-marks': {
    file: 'hooks/space-marks.ts',
    relies: ['pdfmake Renderer.renderLine', ...SECOND_ENTRIES],
  },
  'nominal-widths': { file: 'hooks/nominal-widths.ts', relies: SECOND_ENTRIES },
  'hidden-ignorables': {
    file: 'hooks/hidden-ignorables.ts',
    relies: ['fontkit LayoutEngine.hideDefaultIgnorables', ...SECOND_ENTRIES],
  },
  'inline-offsets': {
    file: 'hooks/inline-offsets.ts',
    relies: [...SECOND_ENTRIES, 'fontkit TTFSubset._addGlyph'],
  },
  'raised-runs': {
    file: 'hooks/raised-runs.ts',
    relies: [
      'pdfmake Renderer.renderLine',
      'pdfkit TextMixin._fragment',
      'pdfkit EmbeddedFont.encode',
      'pdfkit AnnotationsMixin.goTo',
      'pdfkit AnnotationsMixin.link',
      'fontkit TTFSubset._addGlyph',
    ],
  },
  document: {
    file: 'document.ts',
    relies: [
      'pdfmake Printer.createPdfKitDocument',
      'pdfmake Printer createMetadata',
      'pdfmake PDFDocument.constructor',
      'pdfmake LayoutBuilder.constructor',
      'pdfmake LayoutBuilder.layoutDocument',
      'pdfmake Renderer.renderPages',
    ],
  },
  'tagged-rendering': {
    file: 'hooks/tagged-rendering.ts (with tagging/structure.ts)',
    relies: [
      'pdfmake Renderer.renderLine',
      'pdfmake Renderer.renderVector',
      'pdfmake Renderer.renderImage',
      'pdfmake Renderer.renderSVG',
      'pdfmake ElementWriter.addImage',
      'pdfmake ElementWriter.addSVG',
      'pdfkit MarkingsMixin.markContent',
      'pdfkit MarkingsMixin.markStructureContent',
      'pdfkit MarkingsMixin.endMarkedContent',
      'pdfkit MarkingsMixin.addStructure',
      'pdfkit PDFStructureElement.constructor',
      'pdfkit PDFStructureElement.add',
      'pdfkit PDFStructureElement._flushChild',
      'pdfkit AnnotationsMixin.annotate',
      'pdfkit AnnotationsMixin.goTo',
      'pdfkit AnnotationsMixin.link',
      'pdfkit TextMixin._fragment',
      'pdfkit PDFOutline.addItem',
    ],
  },
  'xmp-metadata': { file: 'hooks/xmp-metadata.ts', relies: ['pdfkit MetadataMixin._addInfo', 'pdfkit MetadataMixin.endMetadata'] },
  pdfa: {
    file: 'hooks/pdfa.ts',
    relies: [
      'pdfkit MetadataMixin._addInfo',
      'pdfkit MetadataMixin.endMetadata',
      'pdfkit PDFDocument.end',
      'pdfkit PDFDocument.ref',
      'pdfkit PDFReference.end',
      'pdfkit PDFReference.finalize',
    ],
  },
  'shared-faces': {
    file: 'hooks/shared-faces.ts (with typeset/fonts.ts parsedFace)',
    relies: [
      'pdfkit PDFFontFactory.open',
      'fontkit create',
      'fontkit TTFFont.constructor',
      'fontkit TTFFont._getBaseGlyph',
      'fontkit TTFFont.getGlyph',
      'fontkit TrueTypeCollection.getFont',
    ],
  },
  'measured-widths': {
    file: 'hooks/measured-widths.ts',
    relies: [
      'pdfkit EmbeddedFont.widthOfString',
      'pdfkit EmbeddedFont.layout',
      'pdfkit EmbeddedFont.layoutCached',
      'pdfkit EmbeddedFont.encode',
      'pdfkit TextMixin._fragment',
      'pdfmake TextInlines.widthOfText',
    ],
  },
  'shared-shaping': {
    file: 'hooks/shared-shaping.ts',
    relies: [
      'pdfkit EmbeddedFont.layoutRun',
      'pdfkit EmbeddedFont.layoutCached',
      'pdfkit EmbeddedFont.layout',
      'pdfkit EmbeddedFont.encode',
      'fontkit TTFFont.getGlyph',
      'fontkit TTFFont.glyphForCodePoint',
      'fontkit TTFFont.glyphsForString',
      'fontkit LayoutEngine.layout',
      'fontkit LayoutEngine.position',
      'fontkit LayoutEngine.hideDefaultIgnorables',
      'fontkit OTLayoutEngine.setup',
      'fontkit OTLayoutEngine.substitute',
      'fontkit OTLayoutEngine.position',
      'fontkit GlyphRun.advanceWidth',
    ],
  },
  'harfbuzz-shaping': {
    file: 'hooks/harfbuzz-shaping.ts',
    relies: [
      'pdfkit EmbeddedFont.layoutRun',
      'fontkit TTFFont.layout',
      'fontkit TTFFont.getGlyph',
      'fontkit TTFFont.glyphForCodePoint',
      'fontkit TTFFont.glyphsForString',
      'fontkit TTFFont._cmapProcessor',
      'fontkit CmapProcessor.lookup',
      'fontkit LayoutEngine.layout',
      'fontkit LayoutEngine.position',
      'fontkit LayoutEngine.hideDefaultIgnorables',
      'fontkit LayoutEngine.isDefaultIgnorable',
      'fontkit OTLayoutEngine.setup',
      'fontkit OTLayoutEngine.substitute',
      'fontkit OTLayoutEngine.position',
      'fontkit GSUBProcessor.applyLookup',
      'fontkit GlyphInfo.id',
      'fontkit GlyphInfo.constructor',
      'fontkit GlyphRun.constructor',
      'fontkit GlyphRun.advanceWidth',
      'fontkit Script forString',
      'fontkit Script RTL table',
      'fontkit Script direction',
    ],
  },
  'cff-index': { file: 'hooks/cff-index.ts', relies: ['fontkit CFFIndex.size', 'fontkit CFFIndex.encode', 'fontkit CFFSubset.encode'] },
  'shared-subsets': {
    file: 'hooks/shared-subsets.ts',
    relies: ['pdfkit EmbeddedFont.embed', 'fontkit Subset.includeGlyph', 'fontkit TTFSubset.encode', 'fontkit CFFSubset.encode'],
  },
  'stream-bytes': {
    file: 'hooks/stream-bytes.ts',
    relies: ['pdfkit PDFReference.write', 'pdfkit PDFReference.end', 'pdfkit PDFReference.finalize'],
  },
  'fontkit-direction': {
    file: '../../typeset/bidi.ts (fontkitDirection, prepareForFontkit)',
    relies: ['fontkit Script RTL table', 'fontkit Script direction', 'fontkit LayoutEngine.layout', 'fontkit OTLayoutEngine.position'],
  },
};

const fileCache = new Map<string, string[]>();

/** The source text of a relied-on function, or undefined if it cannot be found. */
export function functionSource(f: ReliedFunction): string | undefined {
  const file = path.join(packageDir(f.pkg), f.file);
  let lines = fileCache.get(file);
  if (!lines) {
    lines = fs.readFileSync(file, 'utf8').split('\n');
    fileCache.set(file, lines);
  }
  let from = 0;
  let indent = '';
  if (f.container) {
    from = lines.indexOf(f.container);
    if (from < 0) return undefined;
    const next = lines.slice(from + 1).find((l) => l.trim() !== '');
    indent = next?.match(/^\s*/)?.[0] ?? '  ';
  }
  // A method may open on the line that closes its doc comment (`   */ getGlyph(...) {`).
  const opener = new RegExp(`^(?:${indent}(?:/\\*.*\\*/ )?|\\s*\\*/ )(?:async )?(?:function |const |var |let )?${f.name.replace(/\$/g, '\\$')}\\b`);
  let start = -1;
  for (let i = from + (f.container ? 1 : 0); i < lines.length; i++) {
    if (f.container && /^[}\]]/.test(lines[i])) break; // the container closed
    if (opener.test(lines[i])) {
      start = i;
      break;
    }
  }
  if (start < 0) return undefined;
  for (let i = start + 1; i < lines.length; i++) if (new RegExp(`^${indent}}[;,]?$`).test(lines[i])) return lines.slice(start, i + 1).join('\n');
  return undefined;
}

export function fingerprintOf(f: ReliedFunction): string {
  const source = functionSource(f);
  return source === undefined ? 'missing' : crypto.createHash('sha256').update(source).digest('hex');
}

export const FINGERPRINTS_FILE = new URL('../../../src/pdf/engine/fingerprints.json', import.meta.url);

/** The fingerprints as installed now. */
export function currentFingerprints(): Record<string, string> {
  return Object.fromEntries(Object.entries(FUNCTIONS).map(([id, f]) => [id, fingerprintOf(f)]));
}

/** Recorded fingerprints (fingerprints.json). */
export function recordedFingerprints(): Record<string, string> {
  return JSON.parse(fs.readFileSync(FINGERPRINTS_FILE, 'utf8')) as Record<string, string>;
}

/** The hooks to re-read: those relying on a function whose source differs from the recorded one. */
export function hooksToReread(current = currentFingerprints(), recorded = recordedFingerprints()): { hook: string; file: string; changed: string[] }[] {
  const changed = new Set(Object.keys({ ...current, ...recorded }).filter((id) => current[id] !== recorded[id]));
  return Object.entries(HOOKS)
    .map(([hook, { file, relies }]) => ({ hook, file, changed: relies.filter((id) => changed.has(id)) }))
    .filter((h) => h.changed.length > 0);
}
