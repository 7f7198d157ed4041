/**
 * One dossier of a batch: build it and describe the outcome as plain data, so the same
 * function serves in the main thread (--jobs 1) and in worker threads (the result is posted
 * back as is). A content error fails this dossier only; nothing is thrown.
 */
import crypto from 'node:crypto';
import { buildToFile, type CheckedWorkspace } from '../build.js';
import { countPages } from '../pdf/pages.js';
import { DiagnosticError, type Diagnostic } from '../diagnostics.js';

export interface BuildTask {
  /** Position in the batch (definition file order). */
  index: number;
  id: string;
  /** The dossier definition (absolute). */
  file: string;
  out: string;
  /** Rough cost (the dossier's number of notes), to start the largest dossiers first. */
  weight: number;
  /** Tagged PDF (the default) or not (--no-tags). */
  tagged: boolean;
  archive?: boolean;
}

export interface BuildResult {
  index: number;
  id: string;
  file: string;
  ok: boolean;
  /** The PDF written (absolute), with its facts, when ok. */
  pdf?: string;
  pages?: number;
  bytes?: number;
  sha256?: string;
  claims?: number;
  notes?: number;
  /** Footnote layout passes (1 unless notes had to settle). */
  layoutPasses?: number;
  ms: number;
  diagnostics: Diagnostic[];
  /** A bug, not a content error: the message (exit code 3). */
  internal?: string;
}

export function failedResult(task: Pick<BuildTask, 'index' | 'id' | 'file'>, diagnostics: Diagnostic[], internal?: string, ms = 0): BuildResult {
  return { index: task.index, id: task.id, file: task.file, ok: false, ms, diagnostics, ...(internal !== undefined ? { internal } : {}) };
}

export async function runBuildTask(cw: CheckedWorkspace, task: BuildTask): Promise<BuildResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const dossier = cw.ws.dossiers.get(task.id);
  if (!dossier) return failedResult(task, [], `dossier "${task.id}" is not in the workspace the worker loaded`);
  try {
    const { file, built } = await buildToFile(cw, dossier, task.out, { tagged: task.tagged, archive: task.archive });
    return {
      index: task.index,
      id: task.id,
      file: task.file,
      ok: true,
      pdf: file,
      pages: countPages(built.pdf),
      bytes: built.pdf.length,
      sha256: crypto.createHash('sha256').update(built.pdf).digest('hex'),
      claims: built.cited.counts.claims,
      notes: built.cited.notes.length,
      ms: elapsed(),
      // Layout warnings (footnotes that did not settle): the PDF was written.
      diagnostics: built.warnings,
      ...(built.layout ? { layoutPasses: built.layout.passes } : {}),
    };
  } catch (e) {
    if (e instanceof DiagnosticError) return failedResult(task, e.diagnostics, undefined, elapsed());
    return failedResult(task, [], (e as Error).message ?? String(e), elapsed());
  }
}
