/**
 * Which dossiers a change concerns. After every change the workspace is checked again (a claim
 * edit can change what a section selects); then each dossier's inputs are taken from the check:
 *
 * - the files it is made from (its definition, the files of its selected claims, of its cited
 *   sources and their snapshots, every file of its template folder): to say which change
 *   touched no dossier ("no dossier uses it");
 * - a fingerprint of what its PDF is made from: the definition, the cited sources as loaded
 *   (snapshots by their hash), the cited dossier the template is filled from (each selected
 *   claim as printed: statement and translations in the dossier's language, status, notes),
 *   and the template folder's files. A dossier is rebuilt when its fingerprint differs
 *   from that of its last good PDF: editing a claim that it does not select, a comment, or a
 *   key that no dossier reads rebuilds nothing, even in a file it uses.
 *
 * With --archive the selected claims count whole, since the PDF carries them as attachments.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { preparedOf, type CheckedWorkspace } from '../check.js';
import { DiagnosticError } from '../diagnostics.js';
import type { Dossier } from '../workspace/types.js';

export interface DossierInputs {
  fingerprint: string;
  /** Every file the dossier is made from (absolute). */
  files: Set<string>;
}

/** Every file below a folder (not hidden), as sorted absolute paths. */
function filesBelow(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesBelow(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

function bytesOf(file: string): string {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return 'unreadable';
  }
}

/**
 * The inputs of a dossier that checked, or undefined when its template cannot be used.
 * `archive` (build --archive): the PDF carries its claims whole, so every field of a selected
 * claim counts, also a translation into a language the dossier does not print.
 */
export function dossierInputs(cw: CheckedWorkspace, dossier: Dossier, archive = false): DossierInputs | undefined {
  const { selection, cited, template } = preparedOf(cw, dossier);
  if (template instanceof DiagnosticError) return undefined;
  const files = new Set<string>([dossier.file]);
  const claims = new Map<string, unknown>();
  for (const section of selection.sections) {
    for (const { claim } of section.claims) {
      files.add(claim.file);
      const { file: _f, ...content } = claim;
      if (archive) claims.set(claim.id, content);
    }
  }
  const sources = cited.sources.map((view) => {
    const s = cw.ws.sources.get(view.id)!;
    files.add(s.file);
    files.add(s.snapshotFile);
    const { file: _f, snapshotFile: _sf, snapshot: _t, ...content } = s;
    return content;
  });
  const templateFiles = filesBelow(template.dir).map((f) => {
    files.add(f);
    return [path.relative(template.dir, f), bytesOf(f)];
  });
  const { file: _f, ...definition } = dossier;
  // JSON.stringify keeps the order keys were written in: a reordering rebuilds, which is safe.
  const fingerprint = crypto
    .createHash('sha256')
    .update(JSON.stringify({ definition, claims: [...claims], sources, cited, template: { dir: template.dir, files: templateFiles } }))
    .digest('hex');
  return { fingerprint, files };
}

/** What a build keeps from one round to the next, per definition file. */
export interface DossierState {
  id: string;
  /** The PDF (absolute). */
  pdf?: string;
  /** Fingerprint of the inputs of the PDF on disk, when this process wrote it. */
  good?: string;
  /** Fingerprint of inputs whose build failed for a content reason: not tried again until they change. */
  failed?: string;
  /** The last round reported an error for this dossier. */
  erred: boolean;
  /** The diagnostics last printed for it (JSON), so that the same errors are not printed again each round. */
  shown?: string;
  /** The files its last check named as its inputs: still watched while the workspace has errors. */
  inputs?: string[];
}
