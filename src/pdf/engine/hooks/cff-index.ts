/**
 * Hook: a CFF INDEX of plain byte strings (subroutines, charstrings) sized and written in one
 * loop, not through restructure's per-entry types.
 *
 * Replaces: fontkit's CFFIndex.prototype.size and .encode (fontkit/dist/main.cjs, the class
 *   the CFF structures use for every INDEX) for indexes without an item type, whose items are
 *   byte arrays: the global and local subroutines and the charstrings of a CFF subset. Others
 *   (names, strings, dictionaries) keep fontkit's. fontkit does not export the class: it is
 *   found, once per process, on the CFF table structure (CFFTop) the first time a CFF subset
 *   is encoded (CFFSubset.encode calls CFFTop.toBuffer, restructure's, with CFFTop as `this`;
 *   its version 1 fields hold a CFFIndex as `globalSubrIndex`).
 * Why: encoding the subset of a CJK face goes through every subroutine of the font dicts its
 *   glyphs use (Noto Sans CJK: 1,246 global, 45,206 local in 18 font dicts) and sizes each INDEX
 *   several times (every pointer to it sizes it again): restructure's generic types, a
 *   template string and a dynamic method lookup per offset, were about a tenth of bench-60's
 *   time in ending the PDF.
 * Same bytes: for items without a type fontkit uses `new restructure.Buffer` (no length): an
 *   item's size is its length and it is written as it is; the count (uint16), the offset size
 *   (the smallest of 1 to 4 bytes holding the last offset, 1 + the sum of the lengths), the
 *   offsets from 1 big-endian, then the items. An empty INDEX is fontkit's. An item that is not
 *   a byte array goes to fontkit's code.
 * Relies on: CFFIndex.size(arr, parent) and encode(stream, arr, parent) as above (`this.type`
 *   undefined for byte items); restructure's EncodeStream writeUInt8, writeUInt16BE,
 *   writeUInt24BE, writeUInt32BE and writeBuffer; restructure's Base.toBuffer on the
 *   VersionedStruct class, and CFFTop being one whose `versions[1].globalSubrIndex` is a
 *   CFFIndex; CFFSubset.encode calling CFFTop.toBuffer.
 * Guarded by: the sample and bench PDFs' bytes (their CJK subsets; README, Performance),
 *   tests/unit/cff-index.test.ts, tests/unit/engine-fingerprint.test.ts.
 */
import { createRequire } from 'node:module';
import { pdfkitMainPath } from '../pin.js';

interface EncodeStream {
  writeUInt8(v: number): void;
  writeUInt16BE(v: number): void;
  writeUInt24BE(v: number): void;
  writeUInt32BE(v: number): void;
  writeBuffer(b: Uint8Array): void;
}
interface CffIndex {
  type?: unknown;
  size(arr: unknown[], parent?: unknown): number;
  encode(stream: EncodeStream, arr: unknown[], parent?: unknown): void;
}
interface Structure {
  versions?: Record<number, Record<string, unknown>>;
  toBuffer(value: unknown): Uint8Array;
}

let found = false;
let armed = false;

/** Arms the search for fontkit's CFFIndex class (once per process): it is patched when the first CFF subset is encoded. */
export function installCffIndex(): void {
  if (armed) return;
  armed = true;
  const fontkitRequire = createRequire(createRequire(pdfkitMainPath()).resolve('fontkit'));
  const restructure = fontkitRequire('restructure') as { VersionedStruct?: { prototype: Structure } };
  const proto = restructure.VersionedStruct?.prototype;
  if (!proto || typeof proto.toBuffer !== 'function' || Object.hasOwn(proto, 'toBuffer')) return;
  const toBuffer = proto.toBuffer;
  // An own toBuffer on VersionedStruct's prototype until the CFF table structure calls it.
  proto.toBuffer = function (this: Structure, value: unknown): Uint8Array {
    const index = this.versions?.[1]?.globalSubrIndex as CffIndex | undefined;
    if (!found && index && typeof index.encode === 'function' && typeof index.size === 'function') {
      found = true;
      delete (proto as Partial<Structure>).toBuffer; // back to restructure's own
      patchCffIndex(Object.getPrototypeOf(index) as CffIndex);
    }
    return toBuffer.call(this, value);
  };
}

/** Whether the hook found and patched fontkit's CFFIndex class (for tests). */
export function cffIndexPatched(): boolean {
  return found;
}

const isBytes = (items: unknown[]): items is Uint8Array[] => items.every((i) => i instanceof Uint8Array);

/** The offset size fontkit picks for an INDEX whose last offset is `last`; 0 if too large (fontkit throws). */
function offSizeOf(last: number): number {
  return last <= 0xff ? 1 : last <= 0xffff ? 2 : last <= 0xffffff ? 3 : last <= 0xffffffff ? 4 : 0;
}

function patchCffIndex(proto: CffIndex): void {
  const { size, encode } = proto;
  proto.size = function (this: CffIndex, arr: unknown[], parent?: unknown): number {
    if (this.type || !Array.isArray(arr) || arr.length === 0 || !isBytes(arr)) return size.call(this, arr, parent);
    let last = 1;
    for (const item of arr) last += item.length;
    const offSize = offSizeOf(last);
    if (!offSize) return size.call(this, arr, parent);
    return 2 + 1 + offSize * (arr.length + 1) + last - 1;
  };
  proto.encode = function (this: CffIndex, stream: EncodeStream, arr: unknown[], parent?: unknown): void {
    if (this.type || !Array.isArray(arr) || arr.length === 0 || !isBytes(arr)) return encode.call(this, stream, arr, parent);
    let last = 1;
    for (const item of arr) last += item.length;
    const offSize = offSizeOf(last);
    if (!offSize) return encode.call(this, stream, arr, parent);
    const write =
      offSize === 1
        ? (v: number) => stream.writeUInt8(v)
        : offSize === 2
          ? (v: number) => stream.writeUInt16BE(v)
          : offSize === 3
            ? (v: number) => stream.writeUInt24BE(v)
            : (v: number) => stream.writeUInt32BE(v);
    stream.writeUInt16BE(arr.length);
    stream.writeUInt8(offSize);
    let offset = 1;
    write(offset);
    for (const item of arr) write((offset += item.length));
    for (const item of arr) stream.writeBuffer(item);
  };
}
