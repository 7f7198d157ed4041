/**
 * The engine seam: the only code that touches pdfmake and pdfkit internals (see
 * ARCHITECTURE.md, "The engine seam"). Everything outside src/pdf/engine/ uses this module.
 */
export { renderPdf, renderSettled, type EngineDocument, type RenderOptions } from './document.js';
export { installedVersion, PINNED } from './pin.js';
export type { FootnoteSpec, LayoutStats } from './state.js';
