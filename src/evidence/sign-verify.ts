/**
 * A signed release read back, for `dossier verify`: the signature found through the AcroForm,
 * its byte range (the whole file but /Contents, so nothing may follow it), /Contents holding
 * nothing but the CMS and zeros, the CMS checked over the signed bytes (sign-cms.ts), and the
 * signature's revision compared with the one sign-placeholder.ts makes. There is no trust
 * store: a valid signature says the file is what the holder of that certificate signed, not
 * who that is; the certificate's fingerprint is printed to compare.
 */
import { certificateFacts, type CertificateFacts } from './sign-cert.js';
import { checkCms } from './sign-cms.js';
import { readElement } from './sign-der.js';
import { addSignaturePlaceholder, BYTE_RANGE_PLACEHOLDER } from './sign-placeholder.js';
import { PdfName, textOf, type PdfDict, type PdfValue } from './pdf-syntax.js';
import type { PdfFile } from './read-pdf.js';

export interface SignatureReport {
  /** True when the CMS signature is valid over the byte range and the range is the whole file but /Contents. */
  valid: boolean;
  certificate?: CertificateFacts;
  /** The claimed signing time (/M), as an ISO date when it reads as a PDF date, else as written. */
  signedAt?: string;
  subFilter?: string;
  /** Where the signature's revision starts: the bytes before it are the unsigned PDF. */
  byteRange: number[];
  /** The room for the CMS in bytes (the /Contents hex string holds twice as many digits). */
  contentsBytes: number;
  /** Problems, each with the hint to print. */
  problems: { message: string; hint: string }[];
}

/** A PDF date (D:YYYYMMDDHHmmSS with Z or +HH'mm') as ISO 8601; anything else as it is. */
function isoDate(pdfDate: string | undefined): string | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(pdfDate ?? '');
  if (!m) return pdfDate;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', sec = '00', tz = 'Z'] = m;
  const zone = tz === 'Z' ? 'Z' : `${tz.slice(0, 3)}:${tz.replace(/'/g, '').slice(3, 5)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${sec}${zone}`);
  return Number.isNaN(date.getTime()) ? pdfDate : date.toISOString();
}

const RESTORE = 'restore the PDF from the release; the signature covers only the bytes the release wrote';

/** The signature dictionary of the first signed signature field, if any. */
function signatureDict(pdf: PdfFile): PdfDict | undefined {
  const form = pdf.dict(pdf.catalog?.get('AcroForm'));
  const fields = pdf.get(form?.get('Fields'));
  if (!Array.isArray(fields)) return undefined;
  for (const f of fields) {
    const field = pdf.dict(f);
    const ft = pdf.get(field?.get('FT'));
    const v = pdf.dict(field?.get('V'));
    if (ft instanceof PdfName && ft.name === 'Sig' && v) return v;
  }
  return undefined;
}

/** The PDF's signature checked, or undefined for an unsigned PDF. Never throws. */
export function readSignature(pdf: PdfFile, bytes: Buffer): SignatureReport | undefined {
  let sig: PdfDict | undefined;
  try {
    sig = signatureDict(pdf);
  } catch {
    return undefined;
  }
  if (!sig) return undefined;
  const problems: SignatureReport['problems'] = [];
  const range = pdf.get(sig.get('ByteRange'));
  const contents = pdf.get(sig.get('Contents'));
  const sub = pdf.get(sig.get('SubFilter'));
  const report: SignatureReport = {
    valid: false,
    signedAt: isoDate(textOf(pdf.get(sig.get('M')) as PdfValue)),
    subFilter: sub instanceof PdfName ? sub.name : undefined,
    byteRange: [],
    contentsBytes: typeof contents === 'string' ? contents.length : 0,
    problems,
  };
  const br = Array.isArray(range) && range.length === 4 && range.every((n) => Number.isInteger(n) && (n as number) >= 0) ? (range as number[]) : undefined;
  if (!br || typeof contents !== 'string' || br[0] !== 0 || br[1] >= br[2] || br[2] + br[3] > bytes.length) {
    problems.push({ message: 'the signature is not valid: its /ByteRange or /Contents cannot be used', hint: RESTORE });
    return report;
  }
  report.byteRange = br;
  // The gap is exactly the /Contents hex string: nothing unsigned hides in the file.
  const gap = bytes.toString('latin1', br[1], br[2]);
  if (!/^<[0-9a-fA-F]*>$/.test(gap) || !Buffer.from(gap.slice(1, -1), 'hex').equals(Buffer.from(contents, 'latin1')))
    problems.push({ message: 'the signature is not valid: its byte range leaves out more than the signature itself', hint: RESTORE });
  // /Contents is not signed: after the CMS it must hold only the zeros of the placeholder.
  const raw = Buffer.from(contents, 'latin1');
  let cmsLength = raw.length;
  try {
    cmsLength = readElement(raw).der.length;
  } catch {
    // reported by checkCms below
  }
  if (raw.subarray(cmsLength).some((b) => b !== 0))
    problems.push({ message: 'the signature is not valid: its /Contents holds other bytes after the signature, which nothing signs', hint: RESTORE });
  if (report.subFilter !== 'ETSI.CAdES.detached')
    problems.push({ message: `the signature is not PAdES: /SubFilter is ${report.subFilter ?? 'missing'}, not ETSI.CAdES.detached`, hint: RESTORE });
  const end = br[2] + br[3];
  if (end < bytes.length)
    problems.push({
      message: `the PDF was changed after it was signed: ${bytes.length - end} bytes follow the signed bytes (a revision or other bytes added by another program)`,
      hint: RESTORE,
    });

  const signed = Buffer.concat([bytes.subarray(0, br[1]), bytes.subarray(br[2], end)]);
  const cms = checkCms(raw, signed);
  if (cms.certificate) {
    try {
      report.certificate = certificateFacts(cms.certificate);
    } catch {
      problems.push({ message: "the signature is not valid: its signer's certificate cannot be read", hint: RESTORE });
    }
  }
  for (const p of cms.problems)
    problems.push({
      message: cms.digestMismatch && p.startsWith('the signed bytes') ? `the signature does not match the PDF: ${p}` : `the signature is not valid: ${p}`,
      hint: RESTORE,
    });
  report.valid = problems.length === 0;
  return report;
}

/**
 * Whether `bytes` is `unsigned` followed by exactly the update sign-placeholder.ts makes for it
 * (same date and room), with the /ByteRange and /Contents @signpdf/signpdf fills in: then the
 * last revision adds a signature and nothing else.
 */
export function isSignatureUpdateOf(unsigned: Buffer, bytes: Buffer, date: Date, report: SignatureReport): boolean {
  if (bytes.length <= unsigned.length || !bytes.subarray(0, unsigned.length).equals(unsigned)) return false;
  let made;
  try {
    made = addSignaturePlaceholder(unsigned, date, report.contentsBytes);
  } catch {
    return false;
  }
  const { pdf, byteRangeAt, byteRangeLength, contentsAt, contentsLength } = made;
  if (pdf.length !== bytes.length) return false;
  if (!pdf.subarray(0, byteRangeAt).equals(bytes.subarray(0, byteRangeAt))) return false;
  if (!pdf.subarray(byteRangeAt + byteRangeLength, contentsAt).equals(bytes.subarray(byteRangeAt + byteRangeLength, contentsAt))) return false;
  if (!pdf.subarray(contentsAt + contentsLength).equals(bytes.subarray(contentsAt + contentsLength))) return false;
  const expectedRange = [0, contentsAt, contentsAt + contentsLength, bytes.length - contentsAt - contentsLength];
  const written = `/ByteRange [${expectedRange.join(' ')}]`;
  return bytes.toString('latin1', byteRangeAt, byteRangeAt + byteRangeLength) === written.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ');
}
