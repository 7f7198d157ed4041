/**
 * A small PDF reader over pdf-syntax.ts: cross-reference tables (following /Prev, so a file
 * with incremental updates reads as its last revision), indirect objects, Flate streams, name
 * trees and the attached files. It reads what pdfkit and attach.ts write (classic xref tables,
 * no object streams); when the table cannot be used, objects are found by scanning for
 * "n g obj", which is how a damaged file is still read far enough to say what is wrong.
 */
import zlib from 'node:zlib';
import { Lexer, PdfName, PdfOp, PdfRef, PdfSyntaxError, textOf, type PdfDict, type PdfValue } from './pdf-syntax.js';

export interface PdfStream {
  dict: PdfDict;
  /** The stream's bytes as stored (before filters). */
  raw: Buffer;
}

export interface AttachedFile {
  name: string;
  relationship?: string;
  mime?: string;
  description?: string;
  data: Buffer;
}

export class PdfFile {
  private readonly offsets = new Map<number, number>();
  private readonly cache = new Map<number, PdfValue | PdfStream>();
  readonly trailer: PdfDict;
  /** Offsets of the cross-reference sections, newest first: one per revision. */
  readonly revisions: number[] = [];

  constructor(readonly bytes: Buffer) {
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new PdfSyntaxError('the file does not start with %PDF-');
    let trailer: PdfDict | undefined;
    try {
      trailer = this.readXref();
    } catch {
      trailer = this.scanObjects();
    }
    this.trailer = trailer;
  }

  private readXref(): PdfDict {
    const tail = this.bytes.toString('latin1', Math.max(0, this.bytes.length - 1024));
    const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
    if (!m) throw new PdfSyntaxError('no startxref');
    let at: number | undefined = Number(m[1]);
    let newest: PdfDict | undefined;
    const seen = new Set<number>();
    while (at !== undefined) {
      if (seen.has(at)) throw new PdfSyntaxError('a loop in the cross-reference sections');
      seen.add(at);
      this.revisions.push(at);
      const lx: Lexer = new Lexer(this.bytes, at);
      const keyword = lx.next();
      if (!(keyword instanceof PdfOp) || keyword.op !== 'xref') throw new PdfSyntaxError('no xref table');
      for (;;) {
        const first = lx.next();
        if (first instanceof PdfOp && first.op === 'trailer') break;
        const count = lx.next();
        if (typeof first !== 'number' || typeof count !== 'number') throw new PdfSyntaxError('bad xref subsection');
        for (let i = 0; i < count; i++) {
          const off = lx.next();
          lx.next();
          const kind = lx.next();
          if (kind instanceof PdfOp && kind.op === 'n' && typeof off === 'number' && !this.offsets.has(first + i)) this.offsets.set(first + i, off);
        }
      }
      const t: PdfValue | undefined = lx.next();
      if (!(t instanceof Map)) throw new PdfSyntaxError('no trailer dictionary');
      newest ??= t;
      const prev: PdfValue | undefined = t.get('Prev');
      at = typeof prev === 'number' ? prev : undefined;
    }
    return newest!;
  }

  private scanObjects(): PdfDict {
    this.offsets.clear();
    const text = this.bytes.toString('latin1');
    for (const m of text.matchAll(/(?:^|[\r\n])(\d+) (\d+) obj\b/g)) this.offsets.set(Number(m[1]), m.index + m[0].indexOf(m[1]));
    const t = text.lastIndexOf('trailer');
    if (t < 0) throw new PdfSyntaxError('no trailer');
    const lx = new Lexer(this.bytes, t + 7);
    const dict = lx.next();
    if (!(dict instanceof Map)) throw new PdfSyntaxError('no trailer dictionary');
    return dict;
  }

  /** The object a value refers to (the value itself when it is no reference). */
  get(v: PdfValue | undefined): PdfValue | PdfStream | undefined {
    if (!(v instanceof PdfRef)) return v;
    if (this.cache.has(v.num)) return this.cache.get(v.num);
    const at = this.offsets.get(v.num);
    if (at === undefined) return undefined;
    const lx = new Lexer(this.bytes, at);
    const [num, , obj] = [lx.next(), lx.next(), lx.next()];
    if (num !== v.num || !(obj instanceof PdfOp) || obj.op !== 'obj') throw new PdfSyntaxError(`object ${v.num} is not where the xref table says`);
    let value: PdfValue | PdfStream = lx.value();
    lx.skipSpace();
    if (value instanceof Map && this.bytes.toString('latin1', lx.pos, lx.pos + 6) === 'stream') {
      let start = lx.pos + 6;
      if (this.bytes[start] === 13) start++;
      if (this.bytes[start] === 10) start++;
      const length = this.get(value.get('Length'));
      if (typeof length !== 'number' || start + length > this.bytes.length) throw new PdfSyntaxError(`stream ${v.num} has no usable /Length`);
      value = { dict: value, raw: this.bytes.subarray(start, start + length) };
    }
    this.cache.set(v.num, value);
    return value;
  }

  dict(v: PdfValue | undefined): PdfDict | undefined {
    const o = this.get(v);
    return o instanceof Map ? o : undefined;
  }

  stream(v: PdfValue | undefined): PdfStream | undefined {
    const o = this.get(v);
    return o && typeof o === 'object' && 'raw' in o ? (o as PdfStream) : undefined;
  }

  /** A stream's data with its filters undone (Flate, or none). */
  decode(s: PdfStream): Buffer {
    const f = this.get(s.dict.get('Filter'));
    const filters = (Array.isArray(f) ? f : f === undefined ? [] : [f]).map((x) => (x instanceof PdfName ? x.name : '?'));
    let data = s.raw;
    for (const name of filters) {
      if (name !== 'FlateDecode') throw new PdfSyntaxError(`unsupported stream filter ${name}`);
      data = zlib.inflateSync(data);
    }
    return data;
  }

  get catalog(): PdfDict | undefined {
    return this.dict(this.trailer.get('Root'));
  }

  /** Entries of a name tree, in key order as stored. */
  nameTree(node: PdfValue | undefined, depth = 0): [string, PdfValue][] {
    const d = this.dict(node);
    if (!d || depth > 32) return [];
    const out: [string, PdfValue][] = [];
    const names = this.get(d.get('Names'));
    if (Array.isArray(names)) for (let i = 0; i + 1 < names.length; i += 2) out.push([textOf(names[i] as PdfValue) ?? '', names[i + 1]]);
    const kids = this.get(d.get('Kids'));
    if (Array.isArray(kids)) for (const k of kids) out.push(...this.nameTree(k, depth + 1));
    return out;
  }

  /** The page dictionaries, in order. */
  pages(): PdfDict[] {
    const out: PdfDict[] = [];
    const walk = (node: PdfValue | undefined, depth: number) => {
      const d = this.dict(node);
      if (!d || depth > 64) return;
      const kids = this.get(d.get('Kids'));
      if (Array.isArray(kids)) kids.forEach((k) => walk(k, depth + 1));
      else out.push(d);
    };
    walk(this.catalog?.get('Pages'), 0);
    return out;
  }

  /**
   * The files of the document's /AF array (PDF/A-3 associated files), each with its
   * relationship; files only in the EmbeddedFiles name tree are included too, so that a file
   * slipped in without being associated is still seen.
   */
  attachments(): AttachedFile[] {
    const specs: PdfValue[] = [];
    const af = this.get(this.catalog?.get('AF'));
    if (Array.isArray(af)) specs.push(...af);
    const names = this.dict(this.catalog?.get('Names'));
    for (const [, spec] of this.nameTree(names?.get('EmbeddedFiles'))) {
      if (!specs.some((s) => s instanceof PdfRef && spec instanceof PdfRef && s.num === spec.num)) specs.push(spec);
    }
    const out: AttachedFile[] = [];
    for (const s of specs) {
      const spec = this.dict(s);
      const ef = this.dict(spec?.get('EF'));
      const file = this.stream(ef?.get('F'));
      if (!spec || !file) continue;
      const rel = this.get(spec.get('AFRelationship'));
      const mime = this.get(file.dict.get('Subtype'));
      out.push({
        name: textOf(this.get(spec.get('UF')) as PdfValue) ?? textOf(this.get(spec.get('F')) as PdfValue) ?? '',
        relationship: rel instanceof PdfName ? rel.name : undefined,
        mime: mime instanceof PdfName ? mime.name : undefined,
        description: textOf(this.get(spec.get('Desc')) as PdfValue),
        data: this.decode(file),
      });
    }
    return out;
  }
}
