/**
 * Style classes chosen by data (`class="evidence-{{stance}}"`) cannot be checked in the
 * template's text (gates.ts checks the literal ones): they are checked in the document tree a
 * template made, by `check` and `build` alike, so that a value nobody styled is an error and
 * not a block silently printed in the default style.
 */
import { DiagnosticError, type Position } from '../diagnostics.js';
import type { StyleSheet } from './render.js';
import type { Block, DocTree } from './tree.js';

function classesOf(blocks: Block[], out: Set<string>): void {
  const stack: Block[] = [...blocks];
  while (stack.length) {
    const b = stack.pop()!;
    if ('cls' in b && b.cls) out.add(b.cls);
    if (b.kind === 'quote') stack.push(...b.children);
    else if (b.kind === 'list') for (const item of b.items) stack.push(...item);
    else if (b.kind === 'table') for (const cells of [...(b.header ?? []), ...b.rows.flat()]) stack.push(...cells);
    else if (b.kind === 'columns') for (const column of b.columns) stack.push(...column);
  }
}

/** Throws a diagnostic (at `at`, the dossier's template) for each class the tree uses that styles.yaml lacks. */
export function checkTreeClasses(tree: DocTree, styles: StyleSheet, templateName: string, at: Position): void {
  const used = new Set<string>();
  classesOf(tree.blocks, used);
  const missing = [...used].filter((cls) => !Object.hasOwn(styles, cls)).sort();
  if (!missing.length) return;
  throw new DiagnosticError(
    missing.map((cls) => ({
      ...at,
      severity: 'error' as const,
      message: `the template "${templateName}" gives a block the style class "${cls}", which its styles.yaml does not define (a class chosen by data, such as class="evidence-{{stance}}")`,
      hint: `define "${cls}" in the template's styles.yaml (an empty "${cls}: {}" takes the element's style), or give the data only values that have a class`,
    })),
  );
}
