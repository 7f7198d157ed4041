/**
 * Hook: a font subset of the same glyphs as in an earlier document is not encoded again.
 *
 * Replaces: the `encode` of fontkit's subset classes (CFFSubset for the CJK collection,
 *   TTFSubset for the others; fontkit/dist/main.cjs), which pdfkit's EmbeddedFont.embed calls
 *   once per font and document (`fontFile.end(this.subset.encode())`). Patched once per
 *   process per subset class, on the first subset the engine's PDFDocument provides (fontkit
 *   does not export the classes).
 * Why: encoding the CJK subset walks all of the collection's global subroutines and parses
 *   every charstring of the subset: about a tenth of a warm rebuild, repeated for an unchanged
 *   glyph set after a one-claim edit.
 * Same bytes: a subset's encoding is a function of the face and of its glyph ids in order
 *   (pdfkit numbers glyphs by first use, so the order is part of the key): encode reads the
 *   face's tables and each glyph's outline, and nothing a document changed. What encode does
 *   besides returning bytes is not needed after it: it appends the components of composite
 *   glyphs to the subset's list and parses glyph outlines into the document's glyph objects,
 *   which pdfkit does not read afterwards (widths and ToUnicode come from its own tables, made
 *   as it drew). The bytes are handed out as a copy.
 * Keyed by: the face object (shared per process by shared-faces.ts) and the glyph ids; the
 *   last KEPT encodings per face are kept (a face can be embedded twice in a document: its
 *   mirrored instance, mirrored-font.ts).
 * Relies on: EmbeddedFont.embed calling `this.subset.encode()` once and using only its result;
 *   Subset keeping the face in `font` and the glyph ids in `glyphs` (Subset.includeGlyph); the
 *   encoders' output depending on nothing else.
 * Guarded by: tests/render/warm-build.test.ts and tests/cli/watch.test.ts (warm builds byte for
 *   byte those of a cold build), tests/unit/shared-subsets.test.ts, tests/unit/engine-fingerprint.test.ts.
 */

interface Subset {
  font: object;
  glyphs: number[];
  encode(): Uint8Array;
}

const KEPT = 3;
const encoded = new WeakMap<object, { key: string; bytes: Uint8Array }[]>();
const patched = new WeakSet<object>();
let reused = 0;

/** Patches the class of `subset` (a fontkit Subset) unless it already is. */
export function shareSubsetsOf(subset: unknown): void {
  if (!subset || typeof subset !== 'object') return;
  const proto = Object.getPrototypeOf(subset) as Subset;
  if (patched.has(proto) || typeof proto.encode !== 'function' || !Object.hasOwn(proto, 'encode')) return;
  patched.add(proto);
  const encode = proto.encode;
  proto.encode = function (this: Subset): Uint8Array {
    const key = this.glyphs.join(',');
    let kept = encoded.get(this.font);
    if (!kept) encoded.set(this.font, (kept = []));
    const hit = kept.find((e) => e.key === key);
    if (hit) {
      reused++;
      return Buffer.from(hit.bytes);
    }
    const bytes = encode.call(this);
    kept.unshift({ key, bytes: Buffer.from(bytes) });
    kept.length = Math.min(kept.length, KEPT);
    return bytes;
  };
}

/** How many subsets were reused in this process (for tests). */
export function subsetsReused(): number {
  return reused;
}
