/**
 * What changed between two releases of a dossier, worked out from their manifests alone:
 * claims added, removed and changed (statement, evidence, status, details), sources added,
 * removed and changed (snapshot), and anything else that makes the content differ. Also the
 * smallest version step the changes call for, CHANGELOG.md, and the view the PDF's "Changes
 * since X" section is filled from.
 */
import type { CitedDossier, Localized } from '../cite/cited.js';
import type { Status } from '../workspace/types.js';
import type { ClaimEntry, ManifestInputs, Manifest } from './manifest.js';
import { bumpRank, largerBump, type Bump } from './semver.js';
import { shortHash } from './hash.js';

export interface ClaimChange {
  id: string;
  statement: boolean;
  evidence: boolean;
  /** Translations, translators, tags or confidence. */
  details: boolean;
  status?: { from: Status; to: Status; reversed: boolean };
}

export interface SourceChange {
  id: string;
  from: string;
  to: string;
}

export interface Changes {
  since: string;
  claimsAdded: string[];
  claimsRemoved: string[];
  claimsChanged: ClaimChange[];
  sourcesAdded: string[];
  sourcesRemoved: string[];
  /** New snapshot (its hash changed). */
  sourcesChanged: SourceChange[];
  /** Only the metadata changed (title, dates, urls...). */
  sourcesDetails: string[];
  /** Other differences in content: the definition, template, tool, pdfmake, fonts, date. */
  other: string[];
}

/**
 * A status reversal: a claim that becomes disputed, or stops being disputed. A claim moving
 * between corroborated and single-source gains or loses support but keeps its direction.
 */
export function isReversal(from: Status, to: Status): boolean {
  return from !== to && (from === 'disputed' || to === 'disputed');
}

function byId<T extends { id: string }>(list: T[]): Map<string, T> {
  return new Map(list.map((x) => [x.id, x]));
}

function claimChange(a: ClaimEntry, b: ClaimEntry): ClaimChange | undefined {
  if (a.sha256 === b.sha256 && a.status === b.status) return undefined;
  const statement = a.statementSha256 !== b.statementSha256;
  const evidence = a.evidenceSha256 !== b.evidenceSha256;
  const change: ClaimChange = { id: b.id, statement, evidence, details: a.sha256 !== b.sha256 && !statement && !evidence };
  if (a.status !== b.status) change.status = { from: a.status, to: b.status, reversed: isReversal(a.status, b.status) };
  return change;
}

function otherChanges(prev: ManifestInputs, cur: ManifestInputs): string[] {
  const other: string[] = [];
  if (prev.dossier.definitionSha256 !== cur.dossier.definitionSha256) other.push('dossier definition (title, sections, summary or layout)');
  if (prev.dossier.date !== cur.dossier.date) other.push(`date ${prev.dossier.date} -> ${cur.dossier.date}`);
  if (prev.template.name !== cur.template.name || prev.template.sha256 !== cur.template.sha256) other.push(`template ${cur.template.name}`);
  if (prev.tool.version !== cur.tool.version) other.push(`${cur.tool.name} ${prev.tool.version} -> ${cur.tool.version}`);
  if (prev.pdfmake.version !== cur.pdfmake.version) other.push(`pdfmake ${prev.pdfmake.version} -> ${cur.pdfmake.version}`);
  const prevFonts = new Map(prev.fonts.map((f) => [f.file, f.sha256]));
  const fonts = cur.fonts.filter((f) => prevFonts.get(f.file) !== f.sha256).map((f) => f.file);
  if (fonts.length || prev.fonts.length !== cur.fonts.length) other.push(`fonts${fonts.length ? `: ${fonts.join(', ')}` : ''}`);
  const prevImages = new Map((prev.images ?? []).map((i) => [i.file, i.sha256]));
  const images = (cur.images ?? []).filter((i) => prevImages.get(i.file) !== i.sha256).map((i) => i.file);
  if (images.length || (prev.images ?? []).length !== (cur.images ?? []).length) other.push(`images${images.length ? `: ${images.join(', ')}` : ''}`);
  return other;
}

export function diffManifests(prev: ManifestInputs, cur: ManifestInputs): Changes {
  const prevClaims = byId(prev.claims);
  const curClaims = byId(cur.claims);
  const prevSources = byId(prev.sources);
  const curSources = byId(cur.sources);
  const changed: ClaimChange[] = [];
  for (const c of cur.claims) {
    const before = prevClaims.get(c.id);
    const change = before && claimChange(before, c);
    if (change) changed.push(change);
  }
  const sourcesChanged: SourceChange[] = [];
  const sourcesDetails: string[] = [];
  for (const s of cur.sources) {
    const before = prevSources.get(s.id);
    if (!before) continue;
    if (before.snapshotSha256 !== s.snapshotSha256) sourcesChanged.push({ id: s.id, from: before.snapshotSha256, to: s.snapshotSha256 });
    else if (before.metadataSha256 !== s.metadataSha256) sourcesDetails.push(s.id);
  }
  return {
    since: prev.dossier.version,
    claimsAdded: cur.claims.filter((c) => !prevClaims.has(c.id)).map((c) => c.id),
    claimsRemoved: prev.claims.filter((c) => !curClaims.has(c.id)).map((c) => c.id),
    claimsChanged: changed,
    sourcesAdded: cur.sources.filter((s) => !prevSources.has(s.id)).map((s) => s.id),
    sourcesRemoved: prev.sources.filter((s) => !curSources.has(s.id)).map((s) => s.id),
    sourcesChanged,
    sourcesDetails,
    other: otherChanges(prev, cur),
  };
}

export function isUnchanged(c: Changes): boolean {
  return (
    !c.claimsAdded.length &&
    !c.claimsRemoved.length &&
    !c.claimsChanged.length &&
    !c.sourcesAdded.length &&
    !c.sourcesRemoved.length &&
    !c.sourcesChanged.length &&
    !c.sourcesDetails.length &&
    !c.other.length
  );
}

export interface RequiredBump {
  bump: Bump;
  /** Why, one phrase per change that calls for the largest step. */
  reasons: string[];
}

/**
 * The smallest version step the changes call for: a removed claim or a reversed status is
 * major; an added claim, changed evidence, a status that gains or loses support, or a new
 * source is minor; wording, details, new snapshots and anything else is patch.
 */
export function requiredBump(c: Changes): RequiredBump {
  const found: { bump: Bump; reason: string }[] = [];
  const add = (bump: Bump, reason: string) => found.push({ bump, reason });
  for (const id of c.claimsRemoved) add('major', `claim ${id} removed`);
  for (const id of c.claimsAdded) add('minor', `claim ${id} added`);
  for (const ch of c.claimsChanged) {
    if (ch.status)
      add(ch.status.reversed ? 'major' : 'minor', `status of ${ch.id} ${ch.status.reversed ? 'reversed' : 'changed'} (${ch.status.from} -> ${ch.status.to})`);
    if (ch.evidence) add('minor', `evidence of ${ch.id} changed`);
    if (ch.statement) add('patch', `statement of ${ch.id} reworded`);
    if (ch.details) add('patch', `details of ${ch.id} changed`);
  }
  for (const id of c.sourcesAdded) add('minor', `source ${id} added`);
  for (const id of c.sourcesRemoved) add('patch', `source ${id} no longer cited`);
  for (const s of c.sourcesChanged) add('patch', `snapshot of ${s.id} changed`);
  for (const id of c.sourcesDetails) add('patch', `metadata of source ${id} changed`);
  for (const o of c.other) add('patch', `${o} changed`);
  const bump = found.reduce<Bump>((b, f) => largerBump(b, f.bump), 'none');
  return { bump, reasons: found.filter((f) => bumpRank(f.bump) === bumpRank(bump) && bump !== 'none').map((f) => f.reason) };
}

// --- CHANGELOG.md ---------------------------------------------------------------------------

/** Escapes text for Markdown so a statement cannot turn into links, emphasis or HTML. */
function md(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~!]/g, (ch) => `\\${ch}`).replace(/\s+/g, ' ');
}

export interface ChangelogInput {
  manifest: Pick<Manifest, 'dossier' | 'claims' | 'sources'>;
  changes?: Changes;
  bump?: { actual: Bump; required: RequiredBump };
  /** Statement of a claim (in the dossier's language), for readers of the changelog. */
  statementOf: (id: string) => string | undefined;
}

export function changelogMarkdown({ manifest, changes, bump, statementOf }: ChangelogInput): string {
  const d = manifest.dossier;
  const lines: string[] = [`# ${d.id} ${d.version}`, '', `${md(d.title)}. Dated ${d.date}.`, ''];
  const claimLine = (id: string, extra = '') => {
    const s = statementOf(id);
    return `- \`${id}\`${extra}${s ? `: ${md(s)}` : ''}`;
  };
  if (!changes) {
    lines.push(`First release: ${manifest.claims.length} claims from ${manifest.sources.length} sources.`, '');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`## Changes since ${changes.since}`, '');
  if (bump) {
    const { actual, required } = bump;
    lines.push(`Version step: ${actual}; the changes call for ${required.bump}${required.reasons.length ? ` (${required.reasons.join('; ')})` : ''}.`);
    if (bumpRank(actual) < bumpRank(required.bump)) lines.push('', `**Warning:** this release is a smaller step than its changes call for.`);
    lines.push('');
  }
  if (isUnchanged(changes)) lines.push('No claims or sources changed.', '');
  const section = (title: string, items: string[]) => {
    if (items.length) lines.push(`### ${title} (${items.length})`, '', ...items, '');
  };
  section(
    'Claims added',
    changes.claimsAdded.map((id) => claimLine(id)),
  );
  section(
    'Claims removed',
    changes.claimsRemoved.map((id) => `- \`${id}\``),
  );
  section(
    'Claims changed',
    changes.claimsChanged.map((c) => {
      const what = [
        c.statement && 'statement reworded',
        c.evidence && 'evidence changed',
        c.status && `status ${c.status.from} -> ${c.status.to}${c.status.reversed ? ' (reversed)' : ''}`,
        c.details && 'details changed',
      ].filter(Boolean);
      return claimLine(c.id, ` (${what.join(', ')})`);
    }),
  );
  section(
    'Sources added',
    changes.sourcesAdded.map((id) => `- \`${id}\``),
  );
  section(
    'Sources no longer cited',
    changes.sourcesRemoved.map((id) => `- \`${id}\``),
  );
  section(
    'Sources with a new snapshot',
    changes.sourcesChanged.map((s) => `- \`${s.id}\`: snapshot ${shortHash(s.from)} -> ${shortHash(s.to)}`),
  );
  section(
    'Sources with new metadata',
    changes.sourcesDetails.map((id) => `- \`${id}\``),
  );
  section(
    'Other',
    changes.other.map((o) => `- ${md(o)}`),
  );
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

// --- the view templates see -----------------------------------------------------------------

export interface ChangesView {
  since: string;
  none: boolean;
  added: { id: string; statement?: Localized }[];
  removed: { id: string }[];
  changed: { id: string; statement?: Localized; what: string[]; status?: { from: Status; to: Status } }[];
  sourcesAdded: { id: string; publisher: string }[];
  sourcesChanged: { id: string; publisher: string }[];
  sourcesRemoved: { id: string }[];
}

/** The "Changes since X" data for templates; label keys in `what` are looked up with {{t}}. */
export function changesView(changes: Changes, cited: CitedDossier): ChangesView {
  const claims = new Map(cited.sections.flatMap((s) => s.claims).map((c) => [c.id, c]));
  const sources = new Map(cited.sources.map((s) => [s.id, s]));
  const statement = (id: string) => claims.get(id)?.statement;
  const source = (id: string) => ({ id, publisher: sources.get(id)?.publisher ?? id });
  return {
    since: changes.since,
    none: isUnchanged(changes),
    added: changes.claimsAdded.map((id) => ({ id, statement: statement(id) })),
    removed: changes.claimsRemoved.map((id) => ({ id })),
    changed: changes.claimsChanged.map((c) => ({
      id: c.id,
      statement: statement(c.id),
      what: [c.statement && 'changes_statement', c.evidence && 'changes_evidence', c.details && 'changes_details'].filter((w): w is string => !!w),
      status: c.status && { from: c.status.from, to: c.status.to },
    })),
    sourcesAdded: changes.sourcesAdded.map(source),
    sourcesChanged: changes.sourcesChanged.map((s) => source(s.id)),
    sourcesRemoved: changes.sourcesRemoved.map((id) => ({ id })),
  };
}

/** A claim statement in a language, as CHANGELOG.md prints it. */
export function statementText(cited: CitedDossier): (id: string) => string | undefined {
  const claims = new Map(cited.sections.flatMap((s) => s.claims).map((c) => [c.id, c]));
  return (id) => claims.get(id)?.statement.text;
}
