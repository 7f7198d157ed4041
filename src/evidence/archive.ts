/**
 * A release's PDF/A-3 file: the rendered PDF with its evidence attached (attachments.ts), and
 * the two manifests that describe it: the one attached to the PDF, which names the rendered
 * bytes (`pdf.rendered`) and the attachments, and the one in the release folder, which adds the
 * final file's hash and size.
 */
import { creationDateOf, preparedOf, type CheckedWorkspace } from '../check.js';
import { DiagnosticError } from '../diagnostics.js';
import { countPages } from '../pdf/pages.js';
import { sha256 } from '../release/hash.js';
import { completeManifest, manifestInputs, manifestText, type Manifest } from '../release/manifest.js';
import type { Dossier } from '../workspace/types.js';
import { attachFiles } from './attach.js';
import { PdfFile } from './read-pdf.js';
import { comparableQuote, comparableText } from './text-layer.js';
import { evidenceFiles, MANIFEST_ATTACHMENT } from './attachments.js';

/** The manifest as attached: the final file's hash and size cannot be in the file itself. */
export type AttachedManifest = Omit<Manifest, 'pdf'> & { pdf: { file: string; pages: number; rendered: NonNullable<Manifest['pdf']['rendered']> } };

export function archivePdf(cw: CheckedWorkspace, dossier: Dossier, rendered: Buffer, complete: Manifest): { pdf: Buffer; manifest: Manifest } {
  const unprinted = unprintedQuotes(cw, complete, rendered);
  const manifest: Manifest = unprinted.length ? { ...complete, unprinted } : complete;
  const { files, listed } = evidenceFiles(cw, dossier, manifest);
  const renderedFacts = { sha256: sha256(rendered), bytes: rendered.length };
  const attached: AttachedManifest = { ...manifest, attachments: listed, pdf: { file: manifest.pdf.file, pages: manifest.pdf.pages, rendered: renderedFacts } };
  files.push({
    name: MANIFEST_ATTACHMENT,
    mime: 'application/json',
    relationship: 'Data',
    description: 'The release manifest: hashes of the inputs, of these files and of the rendered PDF',
    data: Buffer.from(attachedManifestText(attached)),
  });
  const pdf = attachFiles(rendered, files, creationDateOf(dossier));
  return { pdf, manifest: { ...manifest, attachments: listed, pdf: { ...manifest.pdf, sha256: sha256(pdf), bytes: pdf.length, rendered: renderedFacts } } };
}

/**
 * The released claims' quotes that the rendered pages do not show, read with the same reader
 * and comparison `dossier verify` uses: what it must not look for.
 */
function unprintedQuotes(cw: CheckedWorkspace, manifest: Manifest, rendered: Buffer): NonNullable<Manifest['unprinted']> {
  const layer = comparableText(new PdfFile(rendered));
  return manifest.claims.flatMap((entry) =>
    (cw.ws.claims.get(entry.id)?.evidence ?? []).flatMap((e, i) => (layer.includes(comparableQuote(e.quote)) ? [] : [{ claim: entry.id, quote: i + 1 }])),
  );
}

/** `build --archive`: the built PDF with its evidence, described by a manifest as a release would be. */
export function archiveBuilt(cw: CheckedWorkspace, dossier: Dossier, built: { pdf: Buffer }): Buffer {
  const { cited, template } = preparedOf(cw, dossier);
  if (template instanceof DiagnosticError) throw template;
  const version = dossier.version ?? '0.0.0';
  const inputs = manifestInputs({ cw, dossier: { ...dossier, version }, cited, template });
  const manifest = completeManifest(inputs, { file: `${dossier.id}.pdf`, bytes: built.pdf, pages: countPages(built.pdf) }, null);
  return archivePdf(cw, dossier, built.pdf, manifest).pdf;
}

export function attachedManifestText(m: AttachedManifest): string {
  return manifestText(m as unknown as Manifest);
}
