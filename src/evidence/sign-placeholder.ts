/**
 * The signature's incremental update (ISO 32000-1 7.5.6 and 12.8), made after everything else
 * is final, so that the bytes before it are exactly those of the unsigned release:
 *   - a signature dictionary (/Filter /Adobe.PPKLite, /SubFilter /ETSI.CAdES.detached for PAdES,
 *     /M the release date) with a /ByteRange placeholder and a /Contents placeholder of zeros,
 *     which @signpdf/signpdf fills in (sign.ts);
 *   - an invisible signature field merged with its widget on page 1: /Rect [0 0 0 0] and
 *     /F 132 (Print and LockedContents: PDF/A wants every annotation printable and not hidden,
 *     and exempts zero-size ones from needing an appearance), /TU naming it (PDF/UA 7.18.4);
 *   - in a tagged PDF, the widget nested in a /Form structure element through an object
 *     reference and its /StructParent (PDF/UA-1 7.18.1 exempts only hidden annotations, and
 *     PDF/A forbids hiding it), with the page's /Tabs /S;
 *   - the catalog with /AcroForm /SigFlags 3 (signatures exist, append only).
 * Our own writer rather than @signpdf/placeholder-plain, which rewrites the catalog and page
 * with its own reader and knows nothing of the structure tree. The update depends only on the
 * unsigned PDF, the date and the placeholder's size: `dossier verify` makes it again and
 * compares, so anything else slipped into the last revision is caught.
 */
import { DEFAULT_BYTE_RANGE_PLACEHOLDER } from '@signpdf/utils';
import { pdfDate, serialize, updateTail } from './attach.js';
import { PdfName, PdfRef, stringText, type PdfDict, type PdfValue } from './pdf-syntax.js';
import { PdfFile } from './read-pdf.js';

export const FIELD_NAME = 'Signature';
export const FIELD_DESCRIPTION = 'Digital signature of this release (PAdES)';
/** Print (4) + LockedContents (128). */
const WIDGET_FLAGS = 132;

export interface Placeholder {
  pdf: Buffer;
  /** Where "/ByteRange [0 /*** /*** /***]" starts, and its length (the numbers are padded into it). */
  byteRangeAt: number;
  byteRangeLength: number;
  /** Where the /Contents hex string starts ("<"), and its length with the brackets. */
  contentsAt: number;
  contentsLength: number;
}

export const BYTE_RANGE_PLACEHOLDER = `/ByteRange [0 /${DEFAULT_BYTE_RANGE_PLACEHOLDER} /${DEFAULT_BYTE_RANGE_PLACEHOLDER} /${DEFAULT_BYTE_RANGE_PLACEHOLDER}]`;

/** The reference of the first page, walking /Kids from the catalog's /Pages. */
function firstPageRef(pdf: PdfFile, node: PdfValue | undefined, depth = 0): PdfRef | undefined {
  const d = pdf.dict(node);
  if (!d || depth > 64) return undefined;
  const kids = pdf.get(d.get('Kids'));
  if (!Array.isArray(kids)) return node instanceof PdfRef ? node : undefined;
  return kids.length ? firstPageRef(pdf, kids[0], depth + 1) : undefined;
}

/**
 * The unsigned PDF with the signature placeholder added. `contentsBytes` is the room for the
 * CMS signature in bytes (the hex string is twice as long).
 */
export function addSignaturePlaceholder(unsigned: Buffer, date: Date, contentsBytes: number): Placeholder {
  const pdf = new PdfFile(unsigned);
  const catalogRef = pdf.trailer.get('Root');
  const catalog = pdf.catalog;
  const size = pdf.trailer.get('Size');
  const pageRef = firstPageRef(pdf, catalog?.get('Pages'));
  const page = pdf.dict(pageRef);
  if (!(catalogRef instanceof PdfRef) || !catalog || typeof size !== 'number' || !pageRef || !page || pdf.revisions.length === 0)
    throw new Error('the PDF to sign has no catalog, page or xref table');

  const chunks: Buffer[] = [unsigned[unsigned.length - 1] === 10 ? Buffer.alloc(0) : Buffer.from('\n')];
  let offset = unsigned.length + chunks[0].length;
  const xref = new Map<number, number>();
  const write = (num: number, body: string) => {
    const b = Buffer.from(`${num} 0 obj\n${body}\nendobj\n`, 'latin1');
    xref.set(num, offset);
    chunks.push(b);
    offset += b.length;
  };

  let next = size;
  const sigNum = next++;
  const widgetNum = next++;

  // The signature dictionary: /ByteRange before /Contents, as @signpdf/signpdf looks for them.
  const head = `${sigNum} 0 obj\n<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n/M ${stringText(pdfDate(date))}\n`;
  const byteRangeAt = offset + head.length;
  const contentsAt = byteRangeAt + BYTE_RANGE_PLACEHOLDER.length + '\n/Contents '.length;
  const contents = `<${'0'.repeat(contentsBytes * 2)}>`;
  const sig = Buffer.from(`${head}${BYTE_RANGE_PLACEHOLDER}\n/Contents ${contents}\n>>\nendobj\n`, 'latin1');
  xref.set(sigNum, offset);
  chunks.push(sig);
  offset += sig.length;

  // The structure tree: a /Form element holding the widget, its key in the parent tree.
  const rootRef = catalog.get('StructTreeRoot');
  const structRoot = pdf.dict(rootRef);
  let structParent: number | undefined;
  const rewrites: [number, PdfValue][] = [];
  if (structRoot && rootRef instanceof PdfRef) {
    const kids = pdf.get(structRoot.get('K'));
    const docRef = Array.isArray(kids) ? kids[0] : structRoot.get('K');
    const doc = pdf.dict(docRef);
    const treeRef = structRoot.get('ParentTree');
    const tree = pdf.dict(treeRef);
    if (doc && docRef instanceof PdfRef && tree) {
      const nums = pdf.get(tree.get('Nums'));
      const keys = Array.isArray(nums) ? nums.filter((_, i) => i % 2 === 0).filter((k): k is number => typeof k === 'number') : [];
      const nextKey = structRoot.get('ParentTreeNextKey');
      structParent = typeof nextKey === 'number' ? nextKey : keys.length ? Math.max(...keys) + 1 : 0;
      const formNum = next++;
      write(
        formNum,
        serialize(
          new Map<string, PdfValue>([
            ['Type', new PdfName('StructElem')],
            ['S', new PdfName('Form')],
            ['P', docRef],
            ['Pg', pageRef],
            [
              'K',
              new Map<string, PdfValue>([
                ['Type', new PdfName('OBJR')],
                ['Obj', new PdfRef(widgetNum, 0)],
                ['Pg', pageRef],
              ]),
            ],
          ]),
        ),
      );
      const docKids = pdf.get(doc.get('K'));
      const newDoc: PdfDict = new Map(doc);
      newDoc.set('K', [...(Array.isArray(docKids) ? docKids : docKids === undefined ? [] : [doc.get('K')!]), new PdfRef(formNum, 0)]);
      rewrites.push([docRef.num, newDoc]);

      // Parent tree: a flat /Nums gets the new pair; a tree of /Kids gets a new leaf.
      const newTree: PdfDict = new Map(tree);
      if (Array.isArray(nums)) {
        newTree.set('Nums', [...nums, structParent, new PdfRef(formNum, 0)]);
        const limits = pdf.get(tree.get('Limits'));
        if (Array.isArray(limits)) newTree.set('Limits', [limits[0], structParent]);
      } else {
        const leafNum = next++;
        write(
          leafNum,
          serialize(
            new Map<string, PdfValue>([
              ['Limits', [structParent, structParent]],
              ['Nums', [structParent, new PdfRef(formNum, 0)]],
            ]),
          ),
        );
        const treeKids = pdf.get(tree.get('Kids'));
        newTree.set('Kids', [...(Array.isArray(treeKids) ? treeKids : []), new PdfRef(leafNum, 0)]);
      }
      const newRoot: PdfDict = new Map(structRoot);
      newRoot.set('ParentTreeNextKey', structParent + 1);
      if (treeRef instanceof PdfRef) rewrites.push([treeRef.num, newTree]);
      else newRoot.set('ParentTree', newTree);
      rewrites.push([rootRef.num, newRoot]);
    }
  }

  const widget = new Map<string, PdfValue>([
    ['Type', new PdfName('Annot')],
    ['Subtype', new PdfName('Widget')],
    ['FT', new PdfName('Sig')],
    ['T', FIELD_NAME],
    ['TU', FIELD_DESCRIPTION],
    ['F', WIDGET_FLAGS],
    ['Rect', [0, 0, 0, 0]],
    ['P', pageRef],
    ['V', new PdfRef(sigNum, 0)],
  ]);
  if (structParent !== undefined) widget.set('StructParent', structParent);
  write(widgetNum, serialize(widget));

  // Page 1 lists the widget among its annotations (in its own array object, if it has one).
  const annotsValue = page.get('Annots');
  const annots = pdf.get(annotsValue);
  const listed = [...(Array.isArray(annots) ? annots : []), new PdfRef(widgetNum, 0)];
  const newPage: PdfDict = new Map(page);
  if (annotsValue instanceof PdfRef && Array.isArray(annots)) rewrites.push([annotsValue.num, listed]);
  else newPage.set('Annots', listed);
  if (structRoot) newPage.set('Tabs', new PdfName('S'));
  rewrites.push([pageRef.num, newPage]);

  const newCatalog: PdfDict = new Map(catalog);
  const oldForm = pdf.dict(catalog.get('AcroForm'));
  const oldFields = pdf.get(oldForm?.get('Fields'));
  const form: PdfDict = new Map(oldForm ?? []);
  form.set('Fields', [...(Array.isArray(oldFields) ? oldFields : []), new PdfRef(widgetNum, 0)]);
  form.set('SigFlags', 3);
  newCatalog.set('AcroForm', form);
  rewrites.push([catalogRef.num, newCatalog]);

  for (const [num, value] of rewrites) write(num, serialize(value));

  // The trailer keeps /ID (PDF/A wants it in the last trailer) and /Info; no line break after
  // %%EOF, since @signpdf/signpdf drops one and the byte range must end where the file does.
  chunks.push(Buffer.from(updateTail(pdf, xref, Math.max(next, size), offset), 'latin1'));
  return {
    pdf: Buffer.concat([unsigned, ...chunks]),
    byteRangeAt,
    byteRangeLength: BYTE_RANGE_PLACEHOLDER.length,
    contentsAt,
    contentsLength: contents.length,
  };
}
