/**
 * A release's PDF/A-3 file: the rendered PDF with its evidence attached (attachments.ts), and
 * the two manifests that describe it: the one attached to the PDF, which names the rendered
 * bytes (`pdf.rendered`) and the attachments, and the one in the release folder, which adds the
 * final file's hash and size.
 */
import { creationDateOf, type CheckedWorkspace } from '../check.js';
import { sha256 } from '../release/hash.js';
import { manifestText, type Manifest } from '../release/manifest.js';
import type { Dossier } from '../workspace/types.js';
import { attachFiles } from './attach.js';
import { evidenceFiles, MANIFEST_ATTACHMENT } from './attachments.js';

/** The manifest as attached: the final file's hash and size cannot be in the file itself. */
export type AttachedManifest = Omit<Manifest, 'pdf'> & { pdf: { file: string; pages: number; rendered: NonNullable<Manifest['pdf']['rendered']> } };

export function archivePdf(cw: CheckedWorkspace, dossier: Dossier, rendered: Buffer, manifest: Manifest): { pdf: Buffer; manifest: Manifest } {
  const { files, listed } = evidenceFiles(cw, dossier, manifest);
  const renderedFacts = { sha256: sha256(rendered), bytes: rendered.length };
  const attached: AttachedManifest = { ...manifest, attachments: listed, pdf: { file: manifest.pdf.file, pages: manifest.pdf.pages, rendered: renderedFacts } };
  files.push({ name: MANIFEST_ATTACHMENT, mime: 'application/json', relationship: 'Data', description: 'The release manifest: hashes of the inputs, of these files and of the rendered PDF', data: Buffer.from(attachedManifestText(attached)) });
  const pdf = attachFiles(rendered, files, creationDateOf(dossier));
  return { pdf, manifest: { ...manifest, attachments: listed, pdf: { ...manifest.pdf, sha256: sha256(pdf), bytes: pdf.length, rendered: renderedFacts } } };
}

export function attachedManifestText(m: AttachedManifest): string {
  return manifestText(m as unknown as Manifest);
}
