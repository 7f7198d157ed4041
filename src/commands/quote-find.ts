/**
 * `dossier quote find SOURCE TEXT`: the passage of a source's snapshot that TEXT was meant to
 * quote (src/cite/find.ts), where it stands, how TEXT differs from it, and the evidence item to
 * paste. Exit 0 when a passage is close, 1 (with the nearest passages) when none is. Only the
 * one source is loaded, not the workspace: the answer must come while the editor waits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { didYouMean, Diagnostics, formatDiagnostic, sortDiagnostics, terminalSafe, wholePath } from '../diagnostics.js';
import { codeOf } from '../workspace/deceptive.js';
import { loadSource } from '../workspace/load.js';
import type { Source } from '../workspace/types.js';
import { UsageError } from '../usage.js';
import { charName } from '../cite/char-names.js';
import { evidenceYaml, nameDifferences } from '../cite/differences.js';
import { findQuote, type FindResult, type Passage } from '../cite/find.js';
import { plural } from '../plural.js';

export interface QuoteFindOptions {
  root?: string;
  json?: boolean;
}

const ID = /^[a-z0-9][a-z0-9-]*$/;

export function quoteFindCommand(sourceId: string, text: string, opts: QuoteFindOptions): number {
  const root = opts.root ?? 'dossiers';
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`workspace folder not found: ${root}`);
  if (!ID.test(sourceId) || !fs.existsSync(path.join(root, 'sources', `${sourceId}.yaml`))) {
    let known: string[] = [];
    try {
      known = fs
        .readdirSync(path.join(root, 'sources'))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => f.slice(0, -5))
        .sort();
    } catch {
      known = [];
    }
    const guess = didYouMean(sourceId, known);
    throw new UsageError(
      `no source "${terminalSafe(sourceId)}" in ${path.join(root, 'sources')}/${guess ? `; did you mean "${guess}"?` : `; sources: ${known.join(', ') || 'none'}`}`,
    );
  }
  const diags = new Diagnostics();
  const source = loadSource(root, sourceId, diags);
  for (const d of sortDiagnostics(diags.items)) process.stderr.write(`${formatDiagnostic(d)}\n`);
  if (!source) return 1;
  if (!text.trim()) throw new UsageError('TEXT is empty: give the words to look for');
  const result = findQuote(source, text);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(asJson(source, text, result))}\n`);
    return result.found ? 0 : 1;
  }
  if (result.found) {
    process.stdout.write(`${describeFound(source, result.found).join('\n')}\n`);
    return 0;
  }
  const d = new Diagnostics();
  d.error(
    wholePath(source.snapshotFile),
    notCloseMessage(source, result),
    result.tooLong ? 'look for a shorter part of the text first' : 'check that the text comes from this source, or look for a shorter part of it',
  );
  process.stderr.write(`${formatDiagnostic(d.items[0])}\n`);
  if (result.nearest.length) {
    const lines = ['nearest passages:'];
    for (const p of result.nearest.slice(0, 3)) lines.push(`  ${where(source, p)}, ${plural(p.edits, 'typo')}: ${terminalSafe(JSON.stringify(p.text))}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 1;
}

function notCloseMessage(source: Source, r: FindResult): string {
  if (r.tooLong) return `the text is too long to look for approximately in the snapshot of source "${source.id}" (it does not occur as it is)`;
  const best = r.nearest[0];
  return best
    ? `nothing in the snapshot of source "${source.id}" is close to the text: the nearest passage differs by ${plural(best.edits, 'typo')}, and close means at most ${r.allowed} (one per five characters of the text)`
    : `nothing in the snapshot of source "${source.id}" resembles the text`;
}

function where(source: Source, p: Passage): string {
  return `${path.relative(process.cwd(), source.snapshotFile) || source.snapshotFile}:${p.line}:${p.col} (paragraph ${p.paragraph})`;
}

const STAGE_WORDS = {
  exact: 'exactly',
  folded: 'after NFC and white-space folding (the quote verifies as typed)',
  approximate: 'approximately',
} as const;

function describeFound(source: Source, p: Passage): string[] {
  const named = nameDifferences(p.differences ?? [], 'text');
  const typos = named.filter((n) => n.kind === 'typo').reduce((k, n) => k + n.count, 0);
  const forgiven = named.length ? `; ${plural(typos, 'typo')}, ${plural(named.reduce((k, n) => k + n.count, 0) - typos, 'other difference')}` : '';
  const out = [`found ${STAGE_WORDS[p.stage]} at ${where(source, p)}${forgiven}`, '', `  ${terminalSafe(p.text).replace(/\n/g, '\n  ')}`, ''];
  if (named.length) {
    out.push('differences:');
    for (const n of named) out.push(`  ${lineCol(source, n.at)} ${n.kind}: ${n.message}${n.count > 1 ? ` (${n.count} times)` : ''}`);
    out.push('');
  } else if (p.differences === undefined) {
    out.push('differences: white space and Unicode normalization only (the text is too long to list them)', '');
  }
  out.push(
    "evidence (ready to paste under a claim's evidence:):",
    '',
    ...evidenceYaml(source.id, p.quote)
      .split('\n')
      .map((l) => `    ${l}`),
  );
  return out;
}

function lineCol(source: Source, at: number): string {
  const before = source.snapshot.slice(0, at);
  const line = before.split('\n').length;
  return `${line}:${at - before.lastIndexOf('\n')}`;
}

function charJson(cp: number | undefined) {
  return cp === undefined ? null : { code: codeOf(cp), name: charName(cp), char: String.fromCodePoint(cp) };
}

function passageJson(source: Source, p: Passage) {
  return {
    stage: p.stage,
    file: source.snapshotFile,
    line: p.line,
    col: p.col,
    paragraph: p.paragraph,
    start: p.start,
    end: p.end,
    text: p.text,
    quote: p.quote,
    edits: p.edits,
  };
}

function asJson(source: Source, text: string, r: FindResult) {
  const p = r.found;
  const differences = (p?.differences ?? []).map((d) => {
    const [line, col] = lineCol(source, d.at).split(':').map(Number);
    return { kind: d.kind, line, col, text: charJson(d.text), source: charJson(d.source), message: nameDifferences([d], 'text')[0].message };
  });
  return {
    source: source.id,
    text,
    found: Boolean(p),
    allowed: r.allowed,
    ...(p ? { passage: passageJson(source, p), differences, evidence: evidenceYaml(source.id, p.quote) } : {}),
    nearest: r.nearest.slice(0, 3).map((x) => passageJson(source, x)),
  };
}
