/**
 * What `dossier check` and `dossier list` print: the check's one-line summary and its JSON
 * object (--json), the list's aligned columns and its JSON object. Pure functions of a checked
 * workspace, so that they are tested without running the command.
 */
import path from 'node:path';
import { jsonDiagnostic } from '../batch/report.js';
import type { CheckedWorkspace } from '../check.js';
import { sortDiagnostics } from '../diagnostics.js';
import { plural } from '../plural.js';

export interface Counts {
  sources: number;
  claims: number;
  quotes: number;
  dossiers: number;
}

export function countsOf(cw: CheckedWorkspace): Counts {
  const quotes = [...cw.checked.values()].reduce((n, c) => n + c.locations.length, 0);
  return { sources: cw.ws.sources.size, claims: cw.checked.size, quotes, dossiers: cw.ws.dossiers.size };
}

/** "1 error, 2 warnings". */
export function diagnosticSummary(list: { severity: string }[]): string {
  const errors = list.filter((d) => d.severity === 'error').length;
  return `${plural(errors, 'error')}, ${plural(list.length - errors, 'warning')}`;
}

/** `dossier check`'s line on success: "ok: 1 source, 2 claims, 2 quotes verified, 1 dossier; 0 errors, 0 warnings". */
export function checkLine(c: Counts, diagnostics: { severity: string }[]): string {
  return `ok: ${plural(c.sources, 'source')}, ${plural(c.claims, 'claim')}, ${plural(c.quotes, 'quote')} verified, ${plural(c.dossiers, 'dossier')}; ${diagnosticSummary(diagnostics)}`;
}

/** `dossier check --json`: one object; diagnostics as in `build --json`. */
export function checkJson(cw: CheckedWorkspace, cwd = process.cwd()): string {
  return JSON.stringify({
    ok: cw.diags.errorCount === 0,
    counts: countsOf(cw),
    diagnostics: sortDiagnostics(cw.diags.items).map((d) => jsonDiagnostic(d, cwd)),
  });
}

function titleOf(title: string | Record<string, string>): string {
  return typeof title === 'string' ? title : (Object.values(title)[0] ?? '');
}

/** Rows padded so that each column starts at the same place; the last column is not padded. */
export function alignRows(rows: string[][], indent = '  ', gap = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length))).join(gap));
}

/** `dossier list`: dossiers, claims with their status, sources, each section in aligned columns. */
export function listLines(cw: CheckedWorkspace): string[] {
  const dossiers = [...cw.ws.dossiers.values()].map((d) => [d.id, d.version ?? '-', d.language, titleOf(d.title)]);
  const claims = [...cw.checked.values()].map((c) => [c.claim.id, c.status, `(${plural(c.claim.evidence.length, 'evidence item')})`]);
  const sources = [...cw.ws.sources.values()].map((s) => [s.id, s.language, s.publisher]);
  return ['Dossiers:', ...alignRows(dossiers), 'Claims:', ...alignRows(claims), 'Sources:', ...alignRows(sources)];
}

/** `dossier list --json`: one object with the same facts, and the check's diagnostics. */
export function listJson(cw: CheckedWorkspace, cwd = process.cwd()): string {
  const rel = (f: string) => path.relative(cwd, f) || f;
  return JSON.stringify({
    ok: cw.diags.errorCount === 0,
    dossiers: [...cw.ws.dossiers.values()].map((d) => ({ id: d.id, file: rel(d.file), version: d.version ?? null, language: d.language, title: d.title })),
    claims: [...cw.checked.values()].map((c) => ({ id: c.claim.id, status: c.status, evidence: c.claim.evidence.length })),
    sources: [...cw.ws.sources.values()].map((s) => ({ id: s.id, language: s.language, publisher: s.publisher, title: s.title })),
    diagnostics: sortDiagnostics(cw.diags.items).map((d) => jsonDiagnostic(d, cwd)),
  });
}
