/**
 * Diagnostics: every user-facing problem is a Diagnostic with a file, line and column, never a
 * thrown stack trace. Stages collect them and keep going where they safely can, so one run
 * reports every error it finds.
 */
import path from 'node:path';
import { visible } from './workspace/deceptive.js';

export type Severity = 'error' | 'warning';

export interface Position {
  file: string; // absolute path
  line: number; // 1-based
  col: number; // 1-based
}

export interface Diagnostic extends Position {
  severity: Severity;
  message: string;
  /** How to fix it, printed on the following line. */
  hint?: string;
}

/** Thrown only for conditions that stop a stage entirely; carries diagnostics to print. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('; '));
  }
}

/** The result of f, or the DiagnosticError it threw (anything else it throws goes on). */
export function caught<T>(f: () => T): T | DiagnosticError {
  try {
    return f();
  } catch (e) {
    if (e instanceof DiagnosticError) return e;
    throw e;
  }
}

export class Diagnostics {
  readonly items: Diagnostic[] = [];

  // Messages quote ids and passages from files written by anyone: what is invisible in them
  // is written out (<U+200B>) here, so every output (terminal, --json) shows it.
  error(pos: Position, message: string, hint?: string): void {
    this.items.push({ ...pos, severity: 'error', message: visible(message), hint: hint === undefined ? undefined : visible(hint) });
  }

  warning(pos: Position, message: string, hint?: string): void {
    this.items.push({ ...pos, severity: 'warning', message: visible(message), hint: hint === undefined ? undefined : visible(hint) });
  }

  get errorCount(): number {
    return this.items.filter((d) => d.severity === 'error').length;
  }

  get warningCount(): number {
    return this.items.filter((d) => d.severity === 'warning').length;
  }
}

/**
 * Characters that must never reach a terminal from a workspace file: control characters
 * (escape sequences can rewrite the screen), the bidi controls that reorder a line ("Trojan
 * Source") and the invisible characters of workspace/deceptive.ts, each written as <U+XXXX>.
 */
export function terminalSafe(s: string): string {
  return visible(s);
}

/**
 * `path:line:col: error: message`, path relative to the working directory; `path: error: message`
 * for a problem with a path as a whole (line 0, see wholePath).
 */
export function formatDiagnostic(d: Diagnostic, cwd = process.cwd()): string {
  const rel = path.relative(cwd, d.file) || d.file;
  const at = d.line > 0 ? `${rel}:${d.line}:${d.col}` : rel;
  const head = terminalSafe(`${at}: ${d.severity}: ${d.message}`);
  return d.hint ? `${head}\n  hint: ${terminalSafe(d.hint)}` : head;
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}

/** Position at the start of a file, for problems that concern the file as a whole. */
export function fileStart(file: string): Position {
  return { file, line: 1, col: 1 };
}

/**
 * Position 0:0: the problem is with the path itself, not with a place in its text (an output
 * file that cannot be written, a leftover removed). Printed as `path: error: message`.
 */
export function wholePath(file: string): Position {
  return { file, line: 0, col: 0 };
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

const SUGGEST_MAX = 100;

/** The closest candidate within a small edit distance, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  // The distance costs length times length per candidate: no guess for a word that long.
  if (word.length > SUGGEST_MAX) return undefined;
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    if (c.length > SUGGEST_MAX) continue;
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDist <= limit ? best : undefined;
}
