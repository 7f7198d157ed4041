/**
 * Hook: the text written to a PDF stream is turned into bytes once per stream, not once per
 * write; a stream whose bytes were compressed before in this process is not compressed again.
 *
 * Replaces: pdfkit's PDFReference.prototype.write and wraps PDFReference.prototype.finalize
 *   (pdfkit/js/pdfkit.js). Patched once per process on the class of a document's root
 *   reference (pdfkit does not export the class).
 * Why: pdfkit writes a page's content stream one operator at a time, and made a Buffer of each
 *   (`Buffer.from(chunk + '\n', 'binary')`): tens of thousands of small Buffers a build, about
 *   a twentieth of a warm rebuild with the garbage they leave.
 * Same bytes: text chunks are kept as strings, in order, and made into one Buffer (latin1, as
 *   'binary' is) before any byte chunk is written after them and when the stream is finalized;
 *   Buffer.concat of the per-chunk Buffers and the Buffer of the joined strings are the same
 *   bytes. The Length and Filter entries and uncompressedLength move exactly as before (a
 *   latin1 Buffer has one byte per UTF-16 unit of its string).
 * Relies on: PDFReference.write(chunk) turning a chunk that is not a Uint8Array into
 *   `Buffer.from(chunk + '\n', 'binary')`, counting uncompressedLength and data.Length, setting
 *   data.Filter when compressing, and pushing to `buffer`; `buffer` read only by finalize.
 * Compressing: pdfkit's finalize compresses each stream with zlib.deflateSync(bytes) (default
 *   options). Between documents most streams are the same bytes again: the font subsets reused
 *   by shared-subsets.ts, the pages a one-claim edit did not move, the ToUnicode maps. While
 *   finalize runs, deflateSync is one that looks the bytes up (SHA-256 and length) among those
 *   compressed before and gives a copy of the same output; zlib is deterministic for the same
 *   input and options, so the bytes are those it would make. Bounded by the bytes kept.
 * Guarded by: every rendering test and the sample PDFs' bytes (tests/release/determinism.test.ts),
 *   tests/render/warm-build.test.ts, tests/unit/engine-fingerprint.test.ts.
 */

import crypto from 'node:crypto';
import zlib from 'node:zlib';

interface Reference {
  data: { Length?: number; Filter?: string };
  compress: boolean;
  uncompressedLength: number;
  buffer: Uint8Array[];
  /** Text written since the last byte chunk, not yet made into a Buffer. */
  pendingText?: string[];
  write(chunk: unknown): void;
  finalize(): void;
}

let installed = false;

/** Compressed streams by the SHA-256 and length of their bytes. */
const compressed = new Map<string, Buffer>();
let keptBytes = 0;
const MAX_KEPT_BYTES = 16 * 1024 * 1024;
const deflateSync = zlib.deflateSync;
let reused = 0;
let compressedAnew = 0;

/** Streams compressed and reused in this process (for tests and the bench). */
export function streamCounts(): { reused: number; compressed: number } {
  return { reused, compressed: compressedAnew };
}

function deflateReusing(bytes: zlib.InputType, options?: zlib.ZlibOptions): Buffer {
  if (options !== undefined || !(bytes instanceof Uint8Array)) return deflateSync(bytes, options);
  const key = `${crypto.createHash('sha256').update(bytes).digest('base64')}:${bytes.length}`;
  const before = compressed.get(key);
  if (before) {
    reused++;
    return Buffer.from(before);
  }
  compressedAnew++;
  const out = deflateSync(bytes);
  if (keptBytes + out.length > MAX_KEPT_BYTES) {
    compressed.clear();
    keptBytes = 0;
  }
  compressed.set(key, Buffer.from(out));
  keptBytes += out.length;
  return out;
}

/** Patches the class of `reference` (pdfkit's PDFReference) once per process. */
export function installStreamBytes(reference: object): void {
  if (installed) return;
  const proto = Object.getPrototypeOf(reference) as Reference;
  if (typeof proto.write !== 'function' || typeof proto.finalize !== 'function') return;
  installed = true;
  const write = proto.write;
  const finalize = proto.finalize;
  proto.write = function (this: Reference, chunk: unknown): void {
    if (chunk instanceof Uint8Array) {
      flush(this);
      return write.call(this, chunk);
    }
    const text = (chunk as string) + '\n'; // as pdfkit converts it (not a template string: valueOf first)
    (this.pendingText ??= []).push(text);
    this.uncompressedLength += text.length;
    if (this.data.Length == null) this.data.Length = 0;
    this.data.Length += text.length;
    if (this.compress) this.data.Filter = 'FlateDecode';
  };
  proto.finalize = function (this: Reference): void {
    flush(this);
    if (!this.compress) return finalize.call(this);
    // pdfkit calls zlib.deflateSync on the module object it required, the one imported here.
    const zlibModule = zlib as { deflateSync: typeof deflateSync };
    zlibModule.deflateSync = deflateReusing as typeof deflateSync;
    try {
      return finalize.call(this);
    } finally {
      zlibModule.deflateSync = deflateSync;
    }
  };
}

function flush(ref: Reference): void {
  const pending = ref.pendingText;
  if (!pending?.length) return;
  ref.buffer.push(Buffer.from(pending.length === 1 ? pending[0]! : pending.join(''), 'binary'));
  ref.pendingText = undefined;
}
