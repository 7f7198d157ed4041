/**
 * DER (ITU-T X.690), written and read: just what a CMS signature needs (sign-cms.ts). Small on
 * purpose: node-forge's pkcs7 writer cannot add the signing-certificate-v2 attribute PAdES
 * requires, and its reader re-encodes what it parses, while a signature is checked over the
 * bytes exactly as they were signed; here every element keeps its original bytes (`der`).
 */

export interface DerElement {
  /** The identifier octet (class, constructed bit, tag number below 31). */
  tag: number;
  /** The element's contents. */
  body: Buffer;
  /** The whole element as encoded: identifier, length, contents. */
  der: Buffer;
}

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
  SET: 0x31,
  /** [0] constructed, context-specific: explicit wrapping or IMPLICIT SET OF. */
  CONTEXT_0: 0xa0,
} as const;

export class DerError extends Error {}

function lengthOctets(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, body: Buffer | Buffer[]): Buffer {
  const content = Array.isArray(body) ? Buffer.concat(body) : body;
  return Buffer.concat([Buffer.from([tag]), lengthOctets(content.length), content]);
}

export const seq = (...items: Buffer[]) => tlv(TAG.SEQUENCE, items);
export const octets = (b: Buffer) => tlv(TAG.OCTET_STRING, b);
export const derNull = () => tlv(TAG.NULL, Buffer.alloc(0));
export const integer = (n: number) => tlv(TAG.INTEGER, Buffer.from([n]));

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  // The first two arcs share one subidentifier (X.690 8.19.4); each goes base 128, high bit "more".
  const out: number[] = [];
  for (const p of [parts[0] * 40 + parts[1], ...parts.slice(2)]) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(TAG.OID, Buffer.from(out));
}

/**
 * A SET OF in DER: the elements sorted by their encodings (X.690 11.6). A verifier may encode
 * the signed attributes again before checking the signature over them, so their order must be
 * the one DER prescribes.
 */
export function setOf(tag: number, items: Buffer[]): Buffer {
  const sorted = [...items].sort((a, b) => {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const d = (a[i] ?? 0) - (b[i] ?? 0);
      if (d) return d;
    }
    return 0;
  });
  return tlv(tag, sorted);
}

/** One element at `at`; throws DerError on anything malformed. */
export function readElement(buf: Buffer, at = 0): DerElement {
  if (at + 2 > buf.length) throw new DerError('truncated element');
  const tag = buf[at];
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not used here');
  let len = buf[at + 1];
  let head = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || at + 2 + n > buf.length) throw new DerError('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[at + 2 + i];
    head += n;
  }
  if (at + head + len > buf.length) throw new DerError('an element runs past the end of its container');
  return { tag, body: buf.subarray(at + head, at + head + len), der: buf.subarray(at, at + head + len) };
}

/** The elements inside a constructed element's contents. */
export function children(el: DerElement): DerElement[] {
  const out: DerElement[] = [];
  for (let at = 0; at < el.body.length;) {
    const c = readElement(el.body, at);
    out.push(c);
    at += c.der.length;
  }
  return out;
}

export function oidText(el: DerElement): string {
  if (el.tag !== TAG.OID || el.body.length === 0) throw new DerError('an object identifier was expected');
  const subids: number[] = [];
  let v = 0;
  for (const byte of el.body) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      subids.push(v);
      v = 0;
    }
  }
  const first = Math.min(2, Math.floor(subids[0] / 40));
  return [first, subids[0] - first * 40, ...subids.slice(1)].join('.');
}

/** The same element under another identifier octet (an IMPLICIT [0] SET OF read back as a SET). */
export function retag(el: DerElement, tag: number): Buffer {
  const copy = Buffer.from(el.der);
  copy[0] = tag;
  return copy;
}
