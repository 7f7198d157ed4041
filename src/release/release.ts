/**
 * `dossier release`: one dossier, at the version its definition gives, into
 * <out>/<id>/<version>/. The same content under an existing version changes nothing; different
 * content under an existing version is refused and the release there is left as it was. A new
 * release is compared with the previous one (the highest lower version, or --since): the
 * changes go into CHANGELOG.md and into the PDF, and a version step smaller than the changes
 * call for is warned about.
 */
import path from 'node:path';
import { renderDossier } from '../build.js';
import { creationDateOf, preparedOf, type CheckedWorkspace } from '../check.js';
import { countPages } from '../pdf/pages.js';
import { imageEntries } from '../image/attach.js';
import { renderTemplate } from '../template/render.js';
import { archivePdf } from '../evidence/archive.js';
import type { SigningKey } from '../evidence/sign-key.js';
import { DiagnosticError, fileStart, type Diagnostic, type Position } from '../diagnostics.js';
import { outputError } from '../io/errors.js';
import { UsageError } from '../usage.js';
import type { Dossier } from '../workspace/types.js';
import { positionOf } from '../workspace/validate.js';
import { changelogMarkdown, changesView, diffManifests, requiredBump, statementText, type Changes, type RequiredBump } from './changelog.js';
import { sha256 } from './hash.js';
import { completeManifest, contentHash, manifestInputs, manifestText, type Manifest, type ManifestInputs } from './manifest.js';
import { bumpBetween, bumpRank, compareSemver, nextVersion, parseSemver, type Bump } from './semver.js';
import {
  CHANGELOG_FILE,
  damageOf,
  listReleases,
  MANIFEST_FILE,
  NotAReleaseFolder,
  ReleaseExists,
  SUMS_FILE,
  sumsText,
  writeRelease,
  type ExistingRelease,
} from './store.js';
import { plural } from '../plural.js';

export interface ReleaseRequest {
  cw: CheckedWorkspace;
  dossier: Dossier;
  /** The folder that holds <id>/<version>/ (the command's default: releases). */
  out: string;
  /** Compare with this release instead of the previous one. */
  since?: string;
  /** Sign the PDF with this key (PAdES B-B, after everything else is final). */
  sign?: SigningKey;
}

export interface ReleaseResult {
  /** released: written now; unchanged: this version already holds exactly this content. */
  kind: 'released' | 'unchanged';
  dir: string;
  manifest: Manifest;
  changes?: Changes;
  bump?: { actual: Bump; required: RequiredBump };
  warnings: Diagnostic[];
}

function refuse(at: Position, message: string, hint?: string): DiagnosticError {
  return new DiagnosticError([{ ...at, severity: 'error', message, hint }]);
}

const rel = (p: string) => path.relative(process.cwd(), p) || '.';

/** The listing of <out>/<id>/, refusing a folder that holds anything but releases of this dossier. */
function existingReleases(idDir: string, dossier: Dossier): ExistingRelease[] {
  try {
    return listReleases(idDir, dossier.id);
  } catch (e) {
    if (!(e instanceof NotAReleaseFolder)) throw outputError(e, idDir, 'cannot read the release folder');
    throw refuse(
      positionOf(dossier, 'id'),
      `cannot release dossier "${dossier.id}" into ${rel(idDir)}: that folder is not a release folder of "${dossier.id}" (${e.message})`,
      'release into another folder with --out DIR, or give the dossier another id; release folders hold only <version>/ folders (dist/, say, is where a TypeScript build puts compiled code)',
    );
  }
}

function differences(prev: ManifestInputs, cur: ManifestInputs): string[] {
  const c = diffManifests(prev, cur);
  const list = [
    ...c.claimsAdded.map((id) => `claim ${id} added`),
    ...c.claimsRemoved.map((id) => `claim ${id} removed`),
    ...c.claimsChanged.map((ch) => `claim ${ch.id} changed`),
    ...c.sourcesAdded.map((id) => `source ${id} added`),
    ...c.sourcesRemoved.map((id) => `source ${id} no longer cited`),
    ...c.sourcesChanged.map((s) => `snapshot of ${s.id} changed`),
    ...c.sourcesDetails.map((id) => `metadata of source ${id} changed`),
    ...c.other.map((o) => `${o} changed`),
  ];
  return list.length ? list : ['the content hash differs'];
}

const short = (hex: string) => `${hex.slice(0, 12)}…`;

/**
 * The same version with the same content, released before: signing must not change a released
 * version's files either. Released unsigned, or signed with another certificate, and now asked
 * to sign: refused. Released signed and asked without --sign: unchanged (the signed release
 * stands). Same certificate: unchanged.
 */
function signingConflict(existing: ExistingRelease, dossier: Dossier, sign: SigningKey | undefined): DiagnosticError | undefined {
  if (!sign) return undefined;
  const had = existing.manifest.signature?.certificate;
  const at = positionOf(dossier, 'version');
  const keep = `a released version's files never change; sign the next version (e.g. version: ${nextVersion(existing.version, 'patch')}), or, if ${rel(existing.dir)} was never published, delete it and release again`;
  if (!had)
    return refuse(
      at,
      `version ${existing.version} of "${dossier.id}" is already released unsigned (${rel(existing.dir)}); it cannot be signed afterwards`,
      keep,
    );
  if (had.sha256 !== sign.facts.sha256)
    return refuse(
      at,
      `version ${existing.version} of "${dossier.id}" is already released, signed by another certificate: ${had.subject} (SHA-256 ${short(had.sha256)}), not ${sign.facts.subject} (SHA-256 ${short(sign.facts.sha256)})`,
      keep,
    );
  return undefined;
}

/** The same version is released already: unchanged if the content is the same, else refused. */
function sameVersion(existing: ExistingRelease, inputs: ManifestInputs, dossier: Dossier, all: ExistingRelease[], sign?: SigningKey): ReleaseResult {
  const versionAt = positionOf(dossier, 'version');
  if (existing.manifest.contentSha256 !== contentHash(inputs)) {
    const diff = differences(existing.manifest, inputs);
    const { bump } = requiredBump(diffManifests(existing.manifest, inputs));
    const highest = all[all.length - 1].version;
    const suggestion = nextVersion(compareSemver(highest, existing.version) > 0 ? highest : existing.version, bump === 'none' ? 'patch' : bump);
    throw refuse(
      versionAt,
      `version ${existing.version} of "${dossier.id}" is already released (${rel(existing.dir)}) with different content: ${diff.slice(0, 6).join('; ')}${diff.length > 6 ? `; and ${diff.length - 6} more` : ''}`,
      `a released version never changes; give this content a new version, e.g. version: ${suggestion}`,
    );
  }
  const problems = damageOf(existing);
  if (problems.length) {
    throw refuse(
      fileStart(`${existing.dir}${path.sep}${SUMS_FILE}`),
      `release ${rel(existing.dir)} is damaged: ${problems.join('; ')}`,
      'restore it from where releases are kept (it was left as it is)',
    );
  }
  const conflict = signingConflict(existing, dossier, sign);
  if (conflict) throw conflict;
  return { kind: 'unchanged', dir: existing.dir, manifest: existing.manifest, warnings: [] };
}

function baselineFor(all: ExistingRelease[], version: string, since: string | undefined, idDir: string, id: string): ExistingRelease | undefined {
  if (since === undefined) return all.filter((r) => compareSemver(r.version, version) < 0).pop();
  if (!parseSemver(since)) throw new UsageError(`--since ${since}: not a semantic version (e.g. 1.2.0)`);
  if (compareSemver(since, version) >= 0) throw new UsageError(`--since ${since} must be a version earlier than the one being released (${version})`);
  const found = all.find((r) => compareSemver(r.version, since) === 0);
  if (!found) {
    const have = all.map((r) => r.version).join(', ') || 'none';
    throw new UsageError(`--since ${since}: there is no release ${since} of "${id}" in ${rel(idDir)} (releases there: ${have})`);
  }
  return found;
}

function bumpWarning(dossier: Dossier, since: string, actual: Bump, required: RequiredBump): Diagnostic | undefined {
  if (bumpRank(actual) >= bumpRank(required.bump)) return undefined;
  const version = dossier.version!;
  return {
    ...positionOf(dossier, 'version'),
    severity: 'warning',
    message: `version ${version} is a ${actual} step from ${since}, but the changes call for a ${required.bump} step: ${required.reasons.join('; ')}`,
    hint: `release it as ${nextVersion(since, required.bump)} or later (the changes are listed in ${CHANGELOG_FILE})`,
  };
}

export async function releaseDossier(req: ReleaseRequest): Promise<ReleaseResult> {
  const { cw, dossier } = req;
  if (!dossier.version) {
    throw refuse(
      positionOf(dossier, 'id'),
      `dossier "${dossier.id}" has no version; a release needs one`,
      'add a semantic version to the dossier, e.g. version: 1.0.0',
    );
  }
  const version = dossier.version;
  const idDir = path.resolve(req.out, dossier.id);
  const all = existingReleases(idDir, dossier);

  const { cited, template } = preparedOf(cw, dossier);
  if (template instanceof DiagnosticError) throw template;
  // The images the PDF will print count in the content (the template's tree, made without layout).
  const images = imageEntries(renderTemplate(template, cited));
  const inputs = manifestInputs({ cw, dossier: { ...dossier, version }, cited, template, images });

  const same = all.find((r) => compareSemver(r.version, version) === 0);
  if (same) return sameVersion(same, inputs, dossier, all, req.sign);

  const warnings: Diagnostic[] = [];
  if (!dossier.date && !process.env.SOURCE_DATE_EPOCH) {
    warnings.push({
      ...positionOf(dossier, 'id'),
      severity: 'warning',
      message: `dossier "${dossier.id}" has no date; the release is dated ${inputs.dossier.date}`,
      hint: 'add date: YYYY-MM-DD to the dossier (or set SOURCE_DATE_EPOCH)',
    });
  }
  const base = baselineFor(all, version, req.since, idDir, dossier.id);
  const changes = base && diffManifests(base.manifest, inputs);
  const bump = base && changes ? { actual: bumpBetween(base.version, version), required: requiredBump(changes) } : undefined;
  if (base && bump) {
    const w = bumpWarning(dossier, base.version, bump.actual, bump.required);
    if (w) warnings.push(w);
  }

  const built = await renderDossier(cw, dossier, { changes: changes && changesView(changes, cited) }, { archive: true });
  const pdfName = `${dossier.id}-${version}.pdf`;
  // PDF/A-3 with the evidence attached (src/evidence/archive.ts); the manifest names both files.
  const archived = archivePdf(
    cw,
    dossier,
    built.pdf,
    completeManifest(
      inputs,
      { file: pdfName, bytes: built.pdf, pages: countPages(built.pdf) },
      base && bump ? { since: base.version, bump: bump.actual, required: bump.required.bump } : null,
    ),
  );
  // Signed last, as one more incremental update: the bytes before it are the unsigned release.
  const { pdf, manifest } = req.sign ? await signRelease(archived, req.sign, creationDateOf(dossier)) : archived;
  const files = [
    { name: pdfName, data: pdf },
    { name: MANIFEST_FILE, data: Buffer.from(manifestText(manifest)) },
    { name: CHANGELOG_FILE, data: Buffer.from(changelogMarkdown({ manifest, changes, bump, statementOf: statementText(cited) })) },
  ];
  files.push({ name: SUMS_FILE, data: Buffer.from(sumsText(files)) });
  try {
    const { dir, notes } = await writeRelease(idDir, version, files);
    return { kind: 'released', dir, manifest, changes, bump, warnings: [...warnings, ...notes] };
  } catch (e) {
    if (!(e instanceof ReleaseExists)) throw e;
    // Another run released this version meanwhile: judge its content like any existing release.
    const now = existingReleases(idDir, dossier);
    return sameVersion(
      now.find((r) => compareSemver(r.version, version) === 0)!,
      inputs,
      dossier,
      now,
      req.sign,
    );
  }
}

/** The archived PDF signed, and the folder's manifest saying by whom and what the unsigned bytes are. */
async function signRelease(archived: { pdf: Buffer; manifest: Manifest }, key: SigningKey, date: Date): Promise<{ pdf: Buffer; manifest: Manifest }> {
  const { signPdf } = await import('../evidence/sign.js');
  const pdf = await signPdf(archived.pdf, key, date);
  const m = archived.manifest;
  return {
    pdf,
    manifest: {
      ...m,
      pdf: { ...m.pdf, sha256: sha256(pdf), bytes: pdf.length, unsigned: { sha256: m.pdf.sha256, bytes: m.pdf.bytes } },
      signature: { profile: 'PAdES-B-B', signedAt: date.toISOString(), certificate: key.facts },
    },
  };
}

const signerText = (m: Manifest) => m.signature && `${m.signature.certificate.subject} (certificate SHA-256 ${short(m.signature.certificate.sha256)})`;

/** What `dossier release` prints about a result. */
export function describeRelease(r: ReleaseResult): string[] {
  const dir = rel(r.dir);
  const signer = signerText(r.manifest);
  if (r.kind === 'unchanged')
    return [
      `unchanged: ${dir} already holds this content (content ${r.manifest.contentSha256.slice(0, 12)}${signer ? `, signed by ${signer}` : ''}); nothing was written`,
    ];
  const m = r.manifest;
  const lines = [
    `released ${dir}: ${m.pdf.file} (${plural(m.pdf.pages, 'page')}, ${Math.round(m.pdf.bytes / 1024)} KB), ${MANIFEST_FILE}, ${CHANGELOG_FILE}, ${SUMS_FILE}`,
  ];
  if (signer && m.pdf.unsigned)
    lines.push(
      `signed by ${signer}, PAdES B-B; its first ${plural(m.pdf.unsigned.bytes, 'byte')} are the unsigned release (SHA-256 ${short(m.pdf.unsigned.sha256)})`,
    );
  if (r.changes && r.bump) {
    const c = r.changes;
    const parts = [
      [c.claimsAdded.length, 'claim', ' added'],
      [c.claimsRemoved.length, 'claim', ' removed'],
      [c.claimsChanged.length, 'claim', ' changed'],
      [c.sourcesAdded.length, 'source', ' added'],
      [c.sourcesChanged.length, 'new snapshot', ''],
      [c.other.length, 'other change', ''],
    ] as const;
    const said = parts.filter(([n]) => n > 0).map(([n, word, what]) => `${plural(n, word)}${what}`);
    lines.push(`changes since ${c.since}: ${said.join(', ') || 'none'} (a ${r.bump.actual} step; the changes call for ${r.bump.required.bump})`);
  }
  return lines;
}
