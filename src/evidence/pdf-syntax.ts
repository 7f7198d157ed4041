/**
 * PDF object syntax (ISO 32000-1, 7.2-7.3), read and written: enough to read the PDFs this tool
 * writes and the files attached to them, without a PDF library in the dependencies (pdfjs-dist,
 * which the tests use, is 30 MB and a devDependency). Anything it cannot parse is reported as
 * "not a dossier PDF" by its callers, never as a crash.
 */

export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
/** A keyword: an operator in a content stream, or obj/endobj/stream/R where they belong. */
export class PdfOp {
  constructor(readonly op: string) {}
}
export type PdfDict = Map<string, PdfValue>;
/** Strings are kept as bytes (latin1 code units); text is decoded where it is used. */
export type PdfValue = number | boolean | null | string | PdfName | PdfRef | PdfOp | PdfValue[] | PdfDict | { bytes: Buffer };

export class PdfSyntaxError extends Error {}

const WS = new Set([0, 9, 10, 12, 13, 32]);
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

export class Lexer {
  constructor(
    readonly buf: Buffer,
    public pos = 0,
  ) {}

  skipSpace(): void {
    const b = this.buf;
    while (this.pos < b.length) {
      const c = b[this.pos];
      if (WS.has(c)) this.pos++;
      else if (c === 0x25) while (this.pos < b.length && b[this.pos] !== 10 && b[this.pos] !== 13) this.pos++;
      else break;
    }
  }

  private regular(): string {
    const start = this.pos;
    while (this.pos < this.buf.length && !WS.has(this.buf[this.pos]) && !DELIM.has(this.buf[this.pos])) this.pos++;
    return this.buf.toString('latin1', start, this.pos);
  }

  private literalString(): string {
    const b = this.buf;
    let depth = 1;
    let out = '';
    this.pos++;
    while (this.pos < b.length) {
      const c = b[this.pos++];
      if (c === 0x5c) {
        const e = b[this.pos++];
        const simple: Record<number, string> = { 110: '\n', 114: '\r', 116: '\t', 98: '\b', 102: '\f', 40: '(', 41: ')', 92: '\\' };
        if (simple[e] !== undefined) out += simple[e];
        else if (e >= 0x30 && e <= 0x37) {
          let oct = String.fromCharCode(e);
          while (oct.length < 3 && b[this.pos] >= 0x30 && b[this.pos] <= 0x37) oct += String.fromCharCode(b[this.pos++]);
          out += String.fromCharCode(parseInt(oct, 8) & 0xff);
        } else if (e === 13) {
          if (b[this.pos] === 10) this.pos++;
        } else if (e !== 10) out += String.fromCharCode(e);
      } else if (c === 0x28) {
        depth++;
        out += '(';
      } else if (c === 0x29) {
        if (--depth === 0) return out;
        out += ')';
      } else out += String.fromCharCode(c);
    }
    throw new PdfSyntaxError('unterminated string');
  }

  private hexString(): string {
    const end = this.buf.indexOf(0x3e, this.pos);
    if (end < 0) throw new PdfSyntaxError('unterminated hex string');
    let hex = this.buf.toString('latin1', this.pos + 1, end).replace(/\s+/g, '');
    this.pos = end + 1;
    if (!/^[0-9a-fA-F]*$/.test(hex)) throw new PdfSyntaxError('bad hex string');
    if (hex.length % 2) hex += '0';
    return Buffer.from(hex, 'hex').toString('latin1');
  }

  /** The next object (a whole array or dictionary), an operator, or undefined at the end. */
  next(): PdfValue | undefined {
    this.skipSpace();
    const b = this.buf;
    if (this.pos >= b.length) return undefined;
    const c = b[this.pos];
    if (c === 0x2f) {
      this.pos++;
      return new PdfName(this.regular().replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
    }
    if (c === 0x28) return this.literalString();
    if (c === 0x3c && b[this.pos + 1] === 0x3c) {
      this.pos += 2;
      const dict: PdfDict = new Map();
      for (;;) {
        this.skipSpace();
        if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
          this.pos += 2;
          return dict;
        }
        const key = this.next();
        if (!(key instanceof PdfName)) throw new PdfSyntaxError('a dictionary key is not a name');
        dict.set(key.name, this.value());
      }
    }
    if (c === 0x3c) return this.hexString();
    if (c === 0x5b) {
      this.pos++;
      const arr: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return arr;
        }
        arr.push(this.value());
      }
    }
    if (c === 0x5d || c === 0x3e || c === 0x29 || c === 0x7b || c === 0x7d) {
      this.pos++;
      return new PdfOp(String.fromCharCode(c));
    }
    const word = this.regular();
    if (word === '') throw new PdfSyntaxError(`unexpected byte ${c}`);
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      // "n g R" is a reference: look ahead without consuming anything else.
      if (/^\d+$/.test(word)) {
        const save = this.pos;
        this.skipSpace();
        const gen = this.regular();
        this.skipSpace();
        if (/^\d+$/.test(gen) && this.buf[this.pos] === 0x52 && (this.pos + 1 >= b.length || WS.has(b[this.pos + 1]) || DELIM.has(b[this.pos + 1]))) {
          this.pos++;
          return new PdfRef(Number(word), Number(gen));
        }
        this.pos = save;
      }
      return Number(word);
    }
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    return new PdfOp(word);
  }

  /** A value inside an array or dictionary: operators there are syntax errors. */
  value(): PdfValue {
    const v = this.next();
    if (v === undefined || v instanceof PdfOp) throw new PdfSyntaxError('unexpected end of an array or dictionary');
    return v;
  }
}

/** PDF text strings: UTF-16BE with a byte-order mark, else PDFDocEncoding (ASCII here). */
export function textOf(v: PdfValue | undefined): string | undefined {
  if (typeof v !== 'string') return undefined;
  if (v.charCodeAt(0) === 0xfe && v.charCodeAt(1) === 0xff) return Buffer.from(v.slice(2), 'latin1').swap16().toString('utf16le');
  return v;
}

// ---- writing ----

const nameChars = /^[!-~]$/;
export function nameText(name: string): string {
  return `/${[...name].map((ch) => (nameChars.test(ch) && !'()<>[]{}/%#'.includes(ch) ? ch : `#${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)).join('')}`;
}

/** A text string: ASCII as a literal, anything else as UTF-16BE with a byte-order mark, in hex. */
export function stringText(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  return `<feff${Buffer.from(s, 'utf16le').swap16().toString('hex')}>`;
}
