/**
 * Hook: pdfkit opens our fonts from faces parsed once per process, not afresh for each document.
 *
 * Replaces: the `create` pdfkit calls on fontkit (PDFFontFactory.open in pdfkit/js/pdfkit.js calls
 *   `fontkit.create(src, family)` for every face a document opens). pdfkit holds the module object
 *   it required; fontkit's exports are fixed getters, so the hook puts a forwarding copy of that
 *   object, with its own `create`, into the require cache before pdfkit is first loaded.
 * Why: fontkit parses a face's tables lazily on first use (cmap, GSUB, GPOS, hmtx, CFF): in a
 *   long-lived process (watch, batch workers, the programmatic API) every build paid for it again,
 *   about a third of a warm rebuild. Parsed faces come from typeset/fonts.ts (parsedFace), one
 *   copy per opening within a document, as when parsed afresh.
 * What must not leak: fontkit caches glyph objects per face, and a glyph keeps the code points of
 *   the text it was first made for; pdfkit writes those into the ToUnicode map. A glyph first
 *   made by an earlier document would copy out that document's text ("شخص" as "شخ"). So each face
 *   handed to a document has its glyph cache emptied first: the document starts from what a
 *   freshly parsed face holds, and the bytes are those of a cold build
 *   (tests/render/warm-build.test.ts).
 * Only inside a document: the faces are handed out between beginFaces() and endFaces(), which
 *   renderPdf (document.ts) calls around its synchronous layout-render-end; pdfkit's own fonts, any
 *   bytes not read through fontFileBytes, and a second document begun while one is open get
 *   fontkit's create as before.
 * Relies on: pdfkit PDFFontFactory.open calling `fontkit.create(src, family)` on the module object
 *   it required; fontkit TTFFont keeping its glyph cache in `_glyphs` (getGlyph, _getBaseGlyph)
 *   and TrueTypeCollection.getFont making a TTFFont; typeset/fonts.ts (which loads fontkit lazily)
 *   holding fontkit's own module object from before the replacement (fontkitModule(), called
 *   here first).
 * Guarded by: tests/render/warm-build.test.ts (byte-identical warm builds, ToUnicode per
 *   document), tests/unit/engine-fingerprint.test.ts.
 */
import { createRequire } from 'node:module';
import { fontFileOfBytes, fontkitModule, parsedFace } from '../../../typeset/fonts.js';
import { pdfkitMainPath } from '../pin.js';

interface FontkitModule {
  create(src: Uint8Array, family?: string): unknown;
}

/** Copies handed out in the open document, per face. */
let open: Map<string, number> | undefined;
let installed: 'shared' | 'not-shared' | undefined;

/**
 * Installs the forwarding fontkit module for pdfkit. Must run before pdfkit is first required;
 * if pdfkit is already loaded (something loaded it directly), faces are simply not shared.
 */
export function installSharedFaces(): void {
  if (installed) return;
  const pdfkitMain = pdfkitMainPath();
  const fromPdfkit = createRequire(pdfkitMain);
  const fontkitPath = fromPdfkit.resolve('fontkit');
  if (fromPdfkit.cache[pdfkitMain]) {
    installed = 'not-shared';
    return;
  }
  // typeset/fonts.ts loads fontkit on first use: it must hold fontkit's own module before the
  // forwarding copy replaces it in the require cache (its faces are parsed with the original
  // `create`; the copy's `create` calls back into parsedFace).
  fontkitModule();
  const original = fromPdfkit('fontkit') as FontkitModule & Record<string, unknown>;
  const forward: Record<string, unknown> = {};
  for (const key of Object.keys(original)) if (key !== 'create') Object.defineProperty(forward, key, { enumerable: true, get: () => original[key] });
  Object.defineProperty(forward, 'create', {
    enumerable: true,
    value: (src: Uint8Array, family?: string) => sharedFace(src, family) ?? original.create(src, family),
  });
  fromPdfkit.cache[fontkitPath]!.exports = forward;
  installed = 'shared';
}

/** Whether pdfkit gets shared faces in this process (for tests and the bench). */
export function facesShared(): boolean {
  return installed === 'shared';
}

function sharedFace(src: Uint8Array, family: string | undefined): unknown {
  const file = fontFileOfBytes(src);
  if (!open || !file) return undefined;
  const key = `${file}\0${family ?? ''}`;
  const copy = open.get(key) ?? 0;
  open.set(key, copy + 1);
  const face = parsedFace(file, family, copy) as unknown as { _glyphs: Record<number, unknown> };
  face._glyphs = {};
  return face;
}

/** A document starts opening fonts. False if another is open (it then parses its own faces). */
export function beginFaces(): boolean {
  if (open) return false;
  open = new Map();
  return true;
}

export function endFaces(): void {
  open = undefined;
}
