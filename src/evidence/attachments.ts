/**
 * What a release PDF carries inside (PDF/A-3 associated files), so that the PDF alone holds
 * everything `dossier verify` needs: each cited source's snapshot (its bytes as stored) and
 * metadata, the claims and the dossier definition as JSON, and the manifest. The JSON of a
 * source's metadata is the canonical JSON its manifest hash is taken of, and each claim and the
 * definition hash to the manifest's values, so every attached file is checked against the
 * manifest (attachments are listed there with their SHA-256 too).
 */
import fs from 'node:fs';
import type { CheckedWorkspace } from '../check.js';
import { canonicalJson, sha256 } from '../release/hash.js';
import type { Manifest } from '../release/manifest.js';
import type { Claim, Dossier, Source } from '../workspace/types.js';
import type { Attachment } from './attach.js';

export const MANIFEST_ATTACHMENT = 'manifest.json';
export const CLAIMS_ATTACHMENT = 'claims.json';
export const DOSSIER_ATTACHMENT = 'dossier.json';
export const snapshotName = (id: string) => `${id}.txt`;
export const metadataName = (id: string) => `${id}.source.json`;

/** A source's metadata as the manifest hashes it: everything but where it was read from. */
export function sourceMetadata(s: Source): Record<string, unknown> {
  const { file: _f, snapshotFile: _sf, snapshot: _t, snapshotSha256: _h, ...metadata } = s;
  return metadata;
}

export function claimContent(c: Claim): Omit<Claim, 'file'> {
  const { file: _f, ...content } = c;
  return content;
}

export function definitionContent(d: Dossier): Omit<Dossier, 'file'> {
  const { file: _f, ...content } = d;
  return content;
}

const json = (v: unknown) => Buffer.from(`${JSON.stringify(JSON.parse(canonicalJson(v)), null, 2)}\n`);

/** The attachments of a dossier's PDF, the manifest last (it lists the others). */
export function evidenceFiles(
  cw: CheckedWorkspace,
  dossier: Dossier,
  manifest: Manifest,
): { files: Attachment[]; listed: NonNullable<Manifest['attachments']> } {
  const files: Attachment[] = [];
  for (const entry of manifest.sources) {
    const s = cw.ws.sources.get(entry.id)!;
    files.push({
      name: snapshotName(s.id),
      mime: 'text/plain',
      relationship: 'Source',
      description: `Snapshot of source ${s.id}: ${s.title}`,
      data: fs.readFileSync(s.snapshotFile),
    });
    files.push({
      name: metadataName(s.id),
      mime: 'application/json',
      relationship: 'Source',
      description: `Metadata of source ${s.id} (canonical JSON)`,
      data: Buffer.from(canonicalJson(sourceMetadata(s))),
    });
  }
  const claims = manifest.claims.map((c) => claimContent(cw.ws.claims.get(c.id)!));
  files.push({
    name: CLAIMS_ATTACHMENT,
    mime: 'application/json',
    relationship: 'Data',
    description: 'The claims of this dossier with their evidence',
    data: json(claims),
  });
  files.push({
    name: DOSSIER_ATTACHMENT,
    mime: 'application/json',
    relationship: 'Data',
    description: `The definition of dossier ${dossier.id}`,
    data: json(definitionContent(dossier)),
  });
  const listed = files.map((f) => ({ name: f.name, sha256: sha256(f.data), bytes: f.data.length }));
  return { files, listed };
}
