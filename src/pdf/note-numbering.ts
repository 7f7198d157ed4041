/**
 * How the notes are numbered in print (settings.yaml, `notes: { numbering: ... }`).
 *
 * `continuous` (the default): note n is printed as n, by its marker and at the page foot; one
 * layout, as ever.
 *
 * `per-page`: the notes cited on a page are numbered 1, 2, 3... in the order of their notes at
 * its foot (the order their markers were placed). A page's notes are only known after layout,
 * and the numbers printed change the layout (a marker "12" is wider than "2", and a line that no
 * longer fits takes its marker to the next page), so the document is typeset and laid out again
 * until a layout shows on every page the numbers it was typeset with. The first layout numbers
 * every note 1 (per-page numbers are mostly one digit, so the second layout usually agrees with
 * itself); each next one takes the numbers the last showed. After MAX_NUMBERING_LAYOUTS layouts
 * that never agree (numbers that push their markers back and forth across a page break), the
 * notes are numbered through the document instead, which depends on no layout, and the build
 * warns: a marker and its note never disagree.
 *
 * Only the printed numbers change: links (fn-N, fnref-N) and tags (Note /ID fn-N) keep the
 * note's number in the document, N, which stays unique where printed numbers repeat.
 */
import { renderSettled, type EngineDocument } from './engine/index.js';
import type { NoteNumbering } from '../workspace/types.js';

/** Layouts of a document numbered per page before it falls back to continuous numbers. */
export const MAX_NUMBERING_LAYOUTS = 4;

/** The number printed for note n. */
export type NoteNumber = (n: number) => number;

/**
 * Per-page numbers from the notes each page cites, in the order placed: 1, 2, 3... on every
 * page. A note cited on more than one page keeps the number of its first.
 */
export function perPageNumbers(cited: readonly (readonly number[])[]): Map<number, number> {
  const numbers = new Map<number, number>();
  for (const page of cited) {
    let k = 0;
    for (const n of page) if (!numbers.has(n)) numbers.set(n, ++k);
  }
  return numbers;
}

/** The notes whose number as laid out is not the one they were typeset with. */
export function disagreeing(shown: ReadonlyMap<number, number>, typeset: NoteNumber): number[] {
  return [...shown].filter(([n, k]) => typeset(n) !== k).map(([n]) => n);
}

/**
 * Renders the document `make` typesets with the given note numbers (undefined: continuous),
 * numbered as `numbering` says; `settle` is the engine's layout loop (a stand-in in tests).
 * Resolves to the PDF, the document rendered (its options.footnotes holds the layout's
 * warnings and statistics) and the number of layouts.
 */
export async function renderNumbered(
  numbering: NoteNumbering,
  make: (noteNumber: NoteNumber | undefined) => EngineDocument,
  settle: typeof renderSettled = renderSettled,
): Promise<{ pdf: Buffer; document: EngineDocument; layouts: number }> {
  let layouts = 0;
  let typeset: NoteNumber | undefined = numbering === 'per-page' ? () => 1 : undefined;
  const { pdf, document } = await settle(make(typeset), (laidOut) => {
    layouts++;
    if (!typeset) return undefined; // continuous numbers: any layout shows them
    const shown = perPageNumbers(laidOut.options.footnotes?.cited ?? []);
    const wrong = disagreeing(shown, typeset);
    if (!wrong.length) return undefined;
    if (layouts >= MAX_NUMBERING_LAYOUTS) {
      typeset = undefined;
      const fallback = make(undefined);
      const pages = [...new Set(wrong.map((n) => (laidOut.options.footnotes?.cited ?? []).findIndex((p) => p.includes(n)) + 1))];
      fallback.options.footnotes?.warnings.push(
        `notes numbered per page did not settle after ${layouts} layouts (their numbers moved markers to another page: page${pages.length > 1 ? 's' : ''} ${pages.join(', ')}); the notes are numbered through the document instead`,
      );
      return fallback;
    }
    typeset = (n) => shown.get(n) ?? 1;
    return make(typeset);
  });
  const stats = document.options.footnotes?.stats;
  if (stats) stats.layouts = layouts;
  return { pdf, document, layouts };
}
