/**
 * Attaches files to a finished PDF as an incremental update (ISO 32000-1, 7.5.6): the bytes
 * the engine wrote stay, unchanged, at the start of the file, and after them come the embedded
 * files, their file specifications (/AFRelationship, PDF/A-3's associated files), a new
 * /Names dictionary with /EmbeddedFiles, a new catalog with /AF, and a cross-reference section
 * pointing back to the first one.
 *
 * Why an update and not pdfkit's doc.file() inside the engine: the manifest attached to the PDF
 * can then name the SHA-256 of those first bytes (the pages, fonts, structure tree, metadata),
 * which a file cannot do for itself; `dossier verify` checks that hash and that the rest of the
 * file is exactly what this function makes from the attached files, so a page edited after the
 * release, or a later revision appended by another program, is caught. The update is made from
 * the inputs alone (no clock, dates given), so releases stay byte-reproducible.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { PdfFile } from './read-pdf.js';
import { nameText, PdfName, PdfOp, PdfRef, stringText, type PdfDict, type PdfValue } from './pdf-syntax.js';

export type Relationship = 'Source' | 'Data' | 'Alternative' | 'Supplement' | 'Unspecified';

export interface Attachment {
  /** The file's name in the PDF (what a reader's attachment panel shows). */
  name: string;
  mime: string;
  description: string;
  relationship: Relationship;
  data: Buffer;
}

/** PDF date string, UTC. */
export function pdfDate(d: Date): string {
  return `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/** A value as PDF syntax; strings as hex so that any bytes survive the copy. */
export function serialize(v: PdfValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return `<${Buffer.from(v, 'latin1').toString('hex')}>`;
  if (v instanceof PdfName) return nameText(v.name);
  if (v instanceof PdfRef) return `${v.num} ${v.gen} R`;
  if (v instanceof PdfOp) throw new Error(`cannot write the operator ${v.op} as a value`);
  if (Array.isArray(v)) return `[${v.map(serialize).join(' ')}]`;
  if (v instanceof Map) return `<<\n${[...v].map(([k, x]) => `${nameText(k)} ${serialize(x)}`).join('\n')}\n>>`;
  throw new Error('cannot write a stream as a value');
}

/** The base PDF with the attachments added in one incremental update. */
export function attachFiles(base: Buffer, files: Attachment[], date: Date): Buffer {
  const pdf = new PdfFile(base);
  const catalogRef = pdf.trailer.get('Root');
  const catalog = pdf.catalog;
  const size = pdf.trailer.get('Size');
  if (!(catalogRef instanceof PdfRef) || !catalog || typeof size !== 'number' || pdf.revisions.length === 0)
    throw new Error('the PDF to attach files to has no catalog or xref table');

  const chunks: Buffer[] = [base[base.length - 1] === 10 ? Buffer.alloc(0) : Buffer.from('\n')];
  let offset = base.length + chunks[0].length;
  const xref = new Map<number, number>();
  const write = (num: number, body: string | Buffer[]) => {
    const parts =
      typeof body === 'string'
        ? [Buffer.from(`${num} 0 obj\n${body}\nendobj\n`, 'latin1')]
        : [Buffer.from(`${num} 0 obj\n`), ...body, Buffer.from('\nendobj\n')];
    xref.set(num, offset);
    for (const p of parts) {
      chunks.push(p);
      offset += p.length;
    }
  };

  let next = size;
  const when = pdfDate(date);
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const specs: { name: string; ref: number }[] = [];
  for (const f of sorted) {
    const fileNum = next++;
    const packed = zlib.deflateSync(f.data);
    const md5 = crypto.createHash('md5').update(f.data).digest('hex');
    const dict = `<<\n/Type /EmbeddedFile\n/Subtype ${nameText(f.mime)}\n/Filter /FlateDecode\n/Length ${packed.length}\n/Params <<\n/Size ${f.data.length}\n/CheckSum <${md5}>\n/CreationDate ${stringText(when)}\n/ModDate ${stringText(when)}\n>>\n>>\nstream\n`;
    write(fileNum, [Buffer.from(dict, 'latin1'), packed, Buffer.from('\nendstream')]);
    const specNum = next++;
    write(
      specNum,
      `<<\n/Type /Filespec\n/F ${stringText(f.name)}\n/UF ${stringText(f.name)}\n/Desc ${stringText(f.description)}\n/AFRelationship /${f.relationship}\n/EF <<\n/F ${fileNum} 0 R\n/UF ${fileNum} 0 R\n>>\n>>`,
    );
    specs.push({ name: f.name, ref: specNum });
  }

  // The /Names dictionary, with the earlier entries (pdfkit's /Dests) and the files.
  const oldNames = pdf.dict(catalog.get('Names'));
  const names: PdfDict = new Map([...(oldNames ?? new Map<string, PdfValue>())].filter(([k]) => k !== 'EmbeddedFiles'));
  const namesNum = catalog.get('Names') instanceof PdfRef ? (catalog.get('Names') as PdfRef).num : next++;
  const tree = `<<\n/Names [${specs.map((s) => `${stringText(s.name)} ${s.ref} 0 R`).join(' ')}]\n>>`;
  write(namesNum, `${serialize(names).slice(0, -3)}\n/EmbeddedFiles ${tree}\n>>`);

  const newCatalog: PdfDict = new Map([...catalog].filter(([k]) => k !== 'AF' && k !== 'Names'));
  newCatalog.set('Names', new PdfRef(namesNum, 0));
  newCatalog.set(
    'AF',
    specs.map((s) => new PdfRef(s.ref, 0)),
  );
  write(catalogRef.num, serialize(newCatalog));

  chunks.push(Buffer.from(`${updateTail(pdf, xref, Math.max(next, size), offset)}\n`, 'latin1'));
  return Buffer.concat([base, ...chunks]);
}

/**
 * The end of an incremental update: its cross-reference section (one subsection per run of
 * consecutive object numbers, from `xref`: object number -> byte offset), and a trailer that
 * keeps the previous one's entries (/ID, /Info, /Root), points back to its cross-reference
 * (/Prev) and gives the new /Size; up to %%EOF, with no line break after it.
 */
export function updateTail(pdf: PdfFile, xref: Map<number, number>, size: number, xrefOffset: number): string {
  const nums = [...xref.keys()].sort((a, b) => a - b);
  let table = 'xref\n';
  for (let i = 0; i < nums.length;) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
    table += `${nums[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) table += `${String(xref.get(nums[k])).padStart(10, '0')} 00000 n \n`;
    i = j + 1;
  }
  const trailer: PdfDict = new Map([...pdf.trailer].filter(([k]) => k !== 'Prev' && k !== 'Size' && k !== 'XRefStm'));
  trailer.set('Size', size);
  trailer.set('Prev', pdf.revisions[0]!);
  return `${table}trailer\n${serialize(trailer)}\nstartxref\n${xrefOffset}\n%%EOF`;
}
