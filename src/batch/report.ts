/**
 * What a batch build prints: a progress line per dossier as it finishes, one JSON object
 * per dossier for machines (--json), and a summary. Paths are relative to the working
 * directory, like diagnostics.
 */
import path from 'node:path';
import { terminalSafe, type Diagnostic } from '../diagnostics.js';
import type { BuildResult } from './task.js';
import { plural } from '../plural.js';

const rel = (p: string, cwd: string) => path.relative(cwd, p) || p;

export function progressLine(r: BuildResult, k: number, n: number, cwd = process.cwd()): string {
  const head = `[${k}/${n}]`;
  if (r.ok) {
    return `${head} built ${rel(r.pdf!, cwd)}: ${plural(r.pages!, 'page')}, ${Math.round(r.bytes! / 1024)} KB, ${plural(r.claims!, 'claim')}, ${plural(r.notes!, 'note')}, ${r.ms} ms`;
  }
  const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
  const why = r.internal !== undefined ? 'internal error' : plural(errors, 'error');
  return `${head} failed ${r.id} (${rel(r.file, cwd)}): ${why}`;
}

/** A diagnostic about a path as a whole (an output file that cannot be written) has no line and column. */
export function jsonDiagnostic(d: Diagnostic, cwd = process.cwd()) {
  const at = d.line > 0 ? { line: d.line, col: d.col } : {};
  return { file: rel(d.file, cwd), ...at, severity: d.severity, message: terminalSafe(d.message), ...(d.hint ? { hint: terminalSafe(d.hint) } : {}) };
}

/** One line of JSON: the dossier, whether it was built, the PDF's facts, the diagnostics. */
export function jsonLine(r: BuildResult, cwd = process.cwd()): string {
  return JSON.stringify({
    id: r.id,
    file: rel(r.file, cwd),
    ok: r.ok,
    ...(r.ok
      ? { pdf: rel(r.pdf!, cwd), pages: r.pages, bytes: r.bytes, sha256: r.sha256, claims: r.claims, notes: r.notes, layoutPasses: r.layoutPasses }
      : {}),
    ms: r.ms,
    diagnostics: r.diagnostics.map((d) => jsonDiagnostic(d, cwd)),
    ...(r.internal !== undefined ? { internal: r.internal } : {}),
  });
}

/** `workers`: worker threads that built beside this thread, 0 for this thread alone. */
export function summaryLine(results: BuildResult[], ms: number, workers: number, shardNote = ''): string {
  const built = results.filter((r) => r.ok).length;
  const failed = results.length - built;
  const how = workers > 0 ? `this thread and ${plural(workers, 'worker thread')}` : 'in this thread';
  return `${shardNote}built ${built} of ${plural(results.length, 'dossier')}${failed ? `, ${failed} failed` : ''} in ${(ms / 1000).toFixed(1)} s (${how})`;
}

/** Prints results in batch order as soon as every earlier one is known. */
export class OrderedPrinter {
  private readonly pending = new Map<number, string>();
  private nextIndex = 0;

  constructor(private readonly write: (line: string) => void) {}

  add(index: number, line: string): void {
    this.pending.set(index, line);
    while (this.pending.has(this.nextIndex)) {
      this.write(this.pending.get(this.nextIndex)!);
      this.pending.delete(this.nextIndex++);
    }
  }
}
