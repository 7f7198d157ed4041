/**
 * `dossier verify FILE.pdf | RELEASE-FOLDER [--json]`, offline. A PDF is checked against the
 * evidence attached to it (src/evidence/verify.ts). A release folder is checked against its
 * SHA256SUMS and its manifest.json (the PDF's hash and size), and its PDF as above, whose
 * attached manifest must be the folder's (the same content). Exit 0 verified, with one summary
 * line; 1 with one diagnostic per problem; 2 for a PDF that is not a dossier or a folder that
 * is not a release. A signed release's signer is named (subject, certificate fingerprint) and
 * must be the one the folder's manifest records; `--unsigned-out FILE` writes the unsigned
 * release (the bytes before the signature) to compare with an unsigned build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { verifyPdf, type VerifySummary } from '../evidence/verify.js';
import { writeFileAtomic } from '../io/write.js';
import { sha256 } from '../release/hash.js';
import { readManifest, type Manifest } from '../release/manifest.js';
import { MANIFEST_FILE, SUMS_FILE, verifySums } from '../release/store.js';
import { UsageError } from '../usage.js';
import { plural } from '../plural.js';

export interface VerifyResult {
  /** undefined: not a dossier (exit 2), with the reason. */
  summary?: VerifySummary;
  notADossier?: string;
  diagnostics: Diagnostic[];
}

const pathError = (file: string, message: string, hint?: string): Diagnostic => ({ file, line: 0, col: 0, severity: 'error', message, hint });

export function verifyTarget(target: string): VerifyResult {
  const abs = path.resolve(target);
  if (!fs.existsSync(abs)) throw new UsageError(`no such file or folder: ${target}`);
  if (!fs.statSync(abs).isDirectory()) {
    const v = verifyPdf(abs, fs.readFileSync(abs));
    return v.kind === 'not-a-dossier' ? { notADossier: v.reason, diagnostics: [] } : { summary: v.summary, diagnostics: v.diagnostics };
  }
  const manifestFile = path.join(abs, MANIFEST_FILE);
  if (!fs.existsSync(manifestFile)) return { notADossier: `it is not a release folder (no ${MANIFEST_FILE})`, diagnostics: [] };
  let manifest: Manifest;
  try {
    manifest = readManifest(manifestFile);
  } catch (e) {
    return { notADossier: (e as Error).message, diagnostics: [] };
  }
  const diagnostics: Diagnostic[] = verifySums(abs).map((p) =>
    pathError(path.join(abs, SUMS_FILE), p, 'restore the release folder from where releases are kept'),
  );
  const pdfFile = path.join(abs, manifest.pdf.file);
  const summary: VerifySummary = {
    dossier: manifest.dossier.id,
    version: manifest.dossier.version,
    claims: manifest.claims.length,
    quotes: 0,
    sources: manifest.sources.length,
  };
  if (!fs.existsSync(pdfFile)) {
    diagnostics.push(pathError(pdfFile, `the release's PDF is missing`));
    return { summary, diagnostics };
  }
  const bytes = fs.readFileSync(pdfFile);
  if (sha256(bytes) !== manifest.pdf.sha256 || bytes.length !== manifest.pdf.bytes) {
    diagnostics.push(
      pathError(
        pdfFile,
        `the PDF does not match ${MANIFEST_FILE}: SHA-256 ${sha256(bytes).slice(0, 12)}… (${bytes.length} bytes), the manifest says ${manifest.pdf.sha256.slice(0, 12)}… (${manifest.pdf.bytes} bytes)`,
        'restore the PDF from the release',
      ),
    );
  }
  if (!manifest.attachments) {
    // A release made before PDFs carried their evidence: hashes only.
    diagnostics.push({ ...pathError(pdfFile, 'this release predates attached evidence: its quotes cannot be re-verified from the PDF'), severity: 'warning' });
    return { summary, diagnostics };
  }
  const v = verifyPdf(pdfFile, bytes);
  if (v.kind === 'not-a-dossier') {
    diagnostics.push(pathError(pdfFile, `the release's PDF carries no evidence: ${v.reason}`, 'restore the PDF from the release'));
    return { summary, diagnostics };
  }
  diagnostics.push(...v.diagnostics);
  diagnostics.push(...signatureAgainstManifest(manifest, v.summary, pdfFile, manifestFile));
  if (v.manifest.contentSha256 !== manifest.contentSha256 || v.manifest.pdf.rendered.sha256 !== manifest.pdf.rendered?.sha256) {
    diagnostics.push(
      pathError(
        manifestFile,
        `${MANIFEST_FILE} and the manifest attached to the PDF describe different releases`,
        'restore the release folder from where releases are kept',
      ),
    );
  }
  return { summary: v.summary, diagnostics };
}

/** The folder's manifest and the PDF must agree on whether, and by whom, the PDF is signed. */
function signatureAgainstManifest(manifest: Manifest, summary: VerifySummary, pdfFile: string, manifestFile: string): Diagnostic[] {
  const recorded = manifest.signature?.certificate;
  const found = summary.signature;
  const hint = 'restore the release folder from where releases are kept';
  if (recorded && !found) return [pathError(pdfFile, `${MANIFEST_FILE} says the PDF is signed by ${recorded.subject}, but the PDF carries no signature`, hint)];
  if (!recorded && found) return [pathError(manifestFile, `the PDF is signed, but ${MANIFEST_FILE} records no signature`, hint)];
  if (!recorded || !found) return [];
  const out: Diagnostic[] = [];
  if (found.sha256 !== recorded.sha256)
    out.push(
      pathError(
        pdfFile,
        `the PDF is signed by another certificate than ${MANIFEST_FILE} records: SHA-256 ${found.sha256?.slice(0, 12) ?? 'unknown'}…, the manifest says ${recorded.sha256.slice(0, 12)}…`,
        hint,
      ),
    );
  const unsigned = manifest.pdf.unsigned;
  if (unsigned && found.unsigned && (found.unsigned.sha256 !== unsigned.sha256 || found.unsigned.bytes !== unsigned.bytes))
    out.push(pathError(pdfFile, `the unsigned bytes of the PDF are not those ${MANIFEST_FILE} records (pdf.unsigned)`, hint));
  return out;
}

/** The summary line's words about a signature. */
function signatureWords(s: VerifySummary): string {
  const sig = s.signature;
  if (!sig) return '';
  return `; signed by ${sig.subject} (certificate SHA-256 ${sig.sha256?.slice(0, 12)}…): signature valid, signer not checked against a trust list`;
}

export async function verifyCommand(target: string, opts: { json?: boolean; unsignedOut?: string }): Promise<void> {
  const r = verifyTarget(target);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ target, ok: !r.notADossier && errors.length === 0, notADossier: r.notADossier, ...r.summary, diagnostics: r.diagnostics })}\n`,
    );
  } else {
    for (const d of sortDiagnostics(r.diagnostics)) process.stderr.write(`${formatDiagnostic(d)}\n`);
  }
  if (r.notADossier) {
    if (!opts.json)
      process.stderr.write(
        `${target}: error: not a dossier: ${r.notADossier}\n  hint: dossier verify reads the PDFs and release folders that dossier release writes\n`,
      );
    process.exitCode = 2;
    return;
  }
  const s = r.summary!;
  if (errors.length) {
    if (!opts.json) process.stderr.write(`not verified: ${s.dossier} ${s.version}: ${plural(errors.length, 'problem')}\n`);
    process.exitCode = 1;
    return;
  }
  if (opts.unsignedOut !== undefined) {
    const unsigned = s.signature?.unsigned;
    if (!unsigned) throw new UsageError(`--unsigned-out: ${target} is not signed; the whole PDF is the unsigned release`);
    const abs = path.resolve(target);
    const pdf = fs.statSync(abs).isDirectory() ? path.join(abs, readManifest(path.join(abs, MANIFEST_FILE)).pdf.file) : abs;
    for (const d of await writeFileAtomic(path.resolve(opts.unsignedOut), fs.readFileSync(pdf).subarray(0, unsigned.bytes), 'the unsigned PDF'))
      process.stderr.write(`${formatDiagnostic(d)}\n`);
    if (!opts.json) process.stderr.write(`wrote ${opts.unsignedOut}: the first ${plural(unsigned.bytes, 'byte')} (SHA-256 ${unsigned.sha256})\n`);
  }
  if (!opts.json)
    process.stdout.write(
      `verified ${s.dossier} ${s.version}: ${plural(s.claims, 'claim')}, ${plural(s.quotes, 'quote')}${s.unprinted ? ` (${plural(s.unprinted, 'quote')} not printed by the template, checked in their snapshots)` : ''}, ${plural(s.sources, 'source')}${signatureWords(s)}\n`,
    );
}
