/**
 * Diagnostics: every user-facing problem is a Diagnostic with a file, line and column, never a
 * thrown stack trace. Stages collect them and keep going where they safely can, so one run
 * reports every error it finds.
 */
import path from 'node:path';

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

export class Diagnostics {
  readonly items: Diagnostic[] = [];

  error(pos: Position, message: string, hint?: string): void {
    this.items.push({ ...pos, severity: 'error', message, hint });
  }

  warning(pos: Position, message: string, hint?: string): void {
    this.items.push({ ...pos, severity: 'warning', message, hint });
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
 * (escape sequences can rewrite the screen) and the bidi controls that reorder a line
 * ("Trojan Source"). Diagnostics quote keys, ids and passages from files written by anyone.
 */
const UNSAFE_FOR_TERMINAL = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function terminalSafe(s: string): string {
  return s.replace(UNSAFE_FOR_TERMINAL, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
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
  return [...list].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col,
  );
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

/** The closest candidate within a small edit distance, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDist <= limit ? best : undefined;
}
