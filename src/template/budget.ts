/**
 * The memory budget of one build (workspace/limits.ts): estimated from the document tree, the
 * last cheap stage, before the typesetter takes the memory.
 */
import { DiagnosticError, type Position } from '../diagnostics.js';
import { estimatedBuildMiB, memoryBudgetMiB, plural } from '../workspace/limits.js';
import type { DocTree } from './tree.js';

/** Characters of text the document prints (notes included), without recursion. */
export function printedChars(tree: DocTree): number {
  let n = 0;
  const stack: unknown[] = [tree.blocks];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (v && typeof v === 'object') {
      const o = v as { kind?: string; text?: string; children?: unknown; items?: unknown; header?: unknown; rows?: unknown };
      if (o.kind === 'text' && typeof o.text === 'string') n += o.text.length;
      for (const k of ['children', 'items', 'header', 'rows'] as const) if (o[k]) stack.push(o[k]);
    }
  }
  return n;
}

/** Throws a diagnostic (at `at`, the dossier's id) when the build would exceed the budget. */
export function checkMemoryBudget(tree: DocTree, at: Position, env: NodeJS.ProcessEnv = process.env): void {
  const chars = printedChars(tree);
  const estimate = estimatedBuildMiB(chars);
  const budget = memoryBudgetMiB(env);
  if (estimate <= budget) return;
  throw new DiagnosticError([
    {
      ...at,
      severity: 'error',
      message: `this dossier prints ${plural(chars, 'character')}: building it would take about ${estimate.toLocaleString('en-US')} MiB of memory, over the budget of ${budget.toLocaleString('en-US')} MiB`,
      hint: 'split it into several dossiers (fewer claims or sections each); on a machine with more memory, raise the budget with DOSSIER_MEMORY_BUDGET_MIB',
    },
  ]);
}
