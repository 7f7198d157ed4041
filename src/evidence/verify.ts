/**
 * `dossier verify` on a PDF: the PDF alone, offline. From its attached files (archive.ts):
 *   - every attached file against the attached manifest's hashes, and none missing or extra;
 *   - the rendered PDF (the file's first bytes) against the manifest's `pdf.rendered` hash, and
 *     the rest of the file against what attach.ts makes of the attached files: a page edited,
 *     or a revision appended, after the release is caught;
 *   - every quote against its attached snapshot, with the matching rules of `dossier check`
 *     (src/cite/verify.ts), and every claim's status recomputed (src/cite/status.ts);
 *   - every quote's text in the PDF's text layer (text-layer.ts), white space and combining
 *     marks aside (squeeze);
 *   - a signed release (sign.ts): the CMS signature over its byte range, the byte range the
 *     whole file but /Contents (nothing appended after signing), and the signature's revision
 *     exactly the one `release --sign` makes, after exactly the unsigned release's bytes.
 * A PDF without a dossier-press manifest attached is "not a dossier" (exit 2 at the command).
 */
import type { Diagnostic } from '../diagnostics.js';
import { isLocation, locateQuote } from '../cite/verify.js';
import { earnedStatus } from '../cite/status.js';
import { hashOf, sha256 } from '../release/hash.js';
import type { Claim, Dossier, Source } from '../workspace/types.js';
import { visible } from '../workspace/deceptive.js';
import { attachFiles } from './attach.js';
import { CLAIMS_ATTACHMENT, DOSSIER_ATTACHMENT, MANIFEST_ATTACHMENT, metadataName, snapshotName } from './attachments.js';
import type { AttachedManifest } from './archive.js';
import { PdfFile, type AttachedFile } from './read-pdf.js';
import { isSignatureUpdateOf, readSignature } from './sign-verify.js';
import { comparableQuote, comparableText } from './text-layer.js';

export interface VerifySummary {
  dossier: string;
  version: string;
  claims: number;
  quotes: number;
  /** Of those, quotes the template does not print (checked in their snapshots, not looked for in the pages). */
  unprinted?: number;
  sources: number;
  /** null for an unsigned PDF. */
  signature?: SignatureSummary | null;
}

/** What verify says about a signed PDF. No trust store: the signer is named, not vouched for. */
export interface SignatureSummary {
  valid: boolean;
  subject?: string;
  /** SHA-256 of the signer's certificate (its fingerprint), lowercase hex. */
  sha256?: string;
  issuer?: string;
  /** /M: the claimed signing time (the release date). */
  signedAt?: string;
  trust: 'not checked against a trust list';
  /** The unsigned release: the file's first `bytes` bytes, when they are exactly that. */
  unsigned?: { bytes: number; sha256: string };
}

export type PdfVerdict =
  { kind: 'not-a-dossier'; reason: string } | { kind: 'checked'; manifest: AttachedManifest; diagnostics: Diagnostic[]; summary: VerifySummary };

function parseJson(data: Buffer | undefined): unknown {
  if (!data) return undefined;
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
}

function isManifest(v: unknown): v is AttachedManifest {
  const m = v as AttachedManifest;
  return Boolean(
    m &&
    typeof m === 'object' &&
    typeof m.dossier?.id === 'string' &&
    Array.isArray(m.claims) &&
    Array.isArray(m.sources) &&
    Array.isArray(m.attachments) &&
    typeof m.pdf?.rendered?.sha256 === 'string',
  );
}

/**
 * The text-layer comparison leaves out white space (lines break anywhere, and CJK lines join
 * without a space) and combining marks (Arabic vowel signs are drawn as glyphs of their own,
 * placed above or below the line, so they do not come out in their letter's place).
 */

export function verifyPdf(file: string, bytes: Buffer): PdfVerdict {
  let pdf: PdfFile;
  let files: AttachedFile[];
  try {
    pdf = new PdfFile(bytes);
    files = pdf.attachments();
  } catch (e) {
    return { kind: 'not-a-dossier', reason: `it cannot be read as a PDF (${(e as Error).message})` };
  }
  const manifest = parseJson(files.find((f) => f.name === MANIFEST_ATTACHMENT)?.data);
  if (!isManifest(manifest))
    return {
      kind: 'not-a-dossier',
      reason: files.length ? 'it has no dossier-press manifest attached' : 'it has no files attached (a release PDF carries its manifest and evidence)',
    };

  const diagnostics: Diagnostic[] = [];
  const error = (message: string, hint?: string) => diagnostics.push({ file, line: 0, col: 0, severity: 'error', message: visible(message), hint });
  const byName = new Map(files.map((f) => [f.name, f]));

  // The signature first: it covers every byte but its own, so it catches any edit at all.
  const sig = readSignature(pdf, bytes);
  for (const p of sig?.problems ?? []) error(p.message, p.hint);
  const signature: SignatureSummary | null = sig
    ? {
        valid: sig.valid,
        subject: sig.certificate?.subject,
        sha256: sig.certificate?.sha256,
        issuer: sig.certificate?.issuer,
        signedAt: sig.signedAt,
        trust: 'not checked against a trust list',
      }
    : null;

  // Attached files against the manifest.
  const listed = new Map(manifest.attachments!.map((a) => [a.name, a]));
  for (const a of listed.values()) {
    const f = byName.get(a.name);
    if (!f) error(`attachment ${a.name} is missing`, 'the manifest lists it; restore the PDF from the release');
    else if (sha256(f.data) !== a.sha256)
      error(
        `attachment ${a.name} was altered: its SHA-256 is ${sha256(f.data).slice(0, 12)}…, the manifest says ${a.sha256.slice(0, 12)}…`,
        'restore the PDF from the release',
      );
  }
  for (const f of files)
    if (f.name !== MANIFEST_ATTACHMENT && !listed.has(f.name)) error(`attachment ${f.name} is not in the manifest: it was added after the release`);

  // The rendered pages, and nothing after the attachments.
  const { rendered } = manifest.pdf;
  const base = bytes.subarray(0, rendered.bytes);
  if (bytes.length < rendered.bytes || sha256(base) !== rendered.sha256) {
    error(
      'the pages were changed after the release: the PDF as rendered (its first bytes) no longer has the SHA-256 the manifest gives',
      'restore the PDF from the release; a changed PDF is a new release',
    );
  } else {
    let expected: Buffer | undefined;
    try {
      const specs = files.map((f) => ({
        name: f.name,
        mime: f.mime ?? 'application/octet-stream',
        description: f.description ?? '',
        relationship: (f.relationship ?? 'Unspecified') as 'Data',
        data: f.data,
      }));
      expected = attachFiles(Buffer.from(base), specs, new Date(manifest.dossier.date));
    } catch {
      expected = undefined;
    }
    const signedUpdate = expected && sig && isSignatureUpdateOf(expected, bytes, new Date(manifest.dossier.date), sig);
    if (signedUpdate && signature) signature.unsigned = { bytes: expected!.length, sha256: sha256(expected!) };
    if (!expected || (!expected.equals(bytes) && !signedUpdate)) {
      error(
        'the PDF was changed after the release: it holds more than its pages and the attached files (another program saved it, or appended a revision)',
        'restore the PDF from the release',
      );
    }
  }

  // Sources from the attached snapshots and metadata.
  const sources = new Map<string, Source>();
  for (const entry of manifest.sources) {
    const snap = byName.get(snapshotName(entry.id));
    const meta = parseJson(byName.get(metadataName(entry.id))?.data) as Record<string, unknown> | undefined;
    if (!snap || !meta) continue; // reported above as missing
    if (sha256(snap.data) !== entry.snapshotSha256) error(`the snapshot of source ${entry.id} differs from the manifest's hash`);
    if (hashOf(meta) !== entry.metadataSha256) error(`the metadata of source ${entry.id} differs from the manifest's hash`);
    const text = snap.data.toString('utf8').replace(/^\uFEFF/, '');
    sources.set(entry.id, { ...(meta as unknown as Source), snapshot: text, snapshotSha256: entry.snapshotSha256, file: snap.name, snapshotFile: snap.name });
  }

  // The definition and the claims.
  const definition = parseJson(byName.get(DOSSIER_ATTACHMENT)?.data) as (Dossier & Record<string, unknown>) | undefined;
  if (definition) {
    const { version: _v, date: _d, ...rest } = definition;
    if (hashOf(rest) !== manifest.dossier.definitionSha256) error(`the attached dossier definition differs from the manifest's hash`);
  }
  const claims = parseJson(byName.get(CLAIMS_ATTACHMENT)?.data);
  const claimList = Array.isArray(claims) ? (claims as Claim[]) : [];
  const claimById = new Map(claimList.map((c) => [c.id, c]));
  const layer = comparableText(pdf);
  // Quotes the template does not print (a handout prints each claim's strongest), as released.
  const unprinted = new Set((manifest.unprinted ?? []).map((u) => `${u.claim}\0${u.quote}`));
  let quotes = 0;
  for (const entry of manifest.claims) {
    const claim = claimById.get(entry.id);
    if (!claim) {
      if (Array.isArray(claims)) error(`claim ${entry.id} is in the manifest but not in ${CLAIMS_ATTACHMENT}`);
      continue;
    }
    if (hashOf(claim) !== entry.sha256) error(`claim ${entry.id} differs from the manifest's hash`);
    claim.evidence.forEach((e, i) => {
      quotes++;
      const where = `quote ${i + 1} of claim ${entry.id}`;
      const source = sources.get(e.source);
      if (!source) {
        if (!manifest.sources.some((s) => s.id === e.source)) error(`${where} cites source ${e.source}, which the release does not hold`);
        return;
      }
      if (!isLocation(locateQuote(source, e.quote)))
        error(`${where} no longer occurs in the attached snapshot of source ${e.source}`, 'the snapshot or the quote was changed after the release');
      if (!unprinted.has(`${entry.id}\0${i + 1}`) && !layer.includes(comparableQuote(e.quote)))
        error(
          `${where} is not in the PDF's text: the pages do not show "${e.quote.length > 60 ? `${e.quote.slice(0, 60)}…` : e.quote}"`,
          'the pages were changed after the release, or the PDF is not the one the release made',
        );
    });
    const status = earnedStatus(claim, sources);
    if (status !== entry.status) error(`claim ${entry.id} is released as ${entry.status}, but its attached evidence earns ${status ?? 'no status'}`);
  }
  return {
    kind: 'checked',
    manifest,
    diagnostics,
    summary: {
      dossier: manifest.dossier.id,
      version: manifest.dossier.version,
      claims: manifest.claims.length,
      quotes,
      ...(unprinted.size ? { unprinted: unprinted.size } : {}),
      sources: manifest.sources.length,
      signature,
    },
  };
}
