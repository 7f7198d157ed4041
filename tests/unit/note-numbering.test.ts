/**
 * Notes numbered per page (src/pdf/note-numbering.ts), the loop without the engine: a stand-in
 * layout puts each note on a page by a rule of the test's own, which may depend on the printed
 * numbers (a two-digit marker that no longer fits its line), and the loop must end with numbers
 * that the last layout shows, or with continuous numbers and a warning after its bound.
 */
import { describe, expect, it } from 'vitest';
import type { EngineDocument } from '../../src/pdf/engine/index.js';
import { MAX_NUMBERING_LAYOUTS, perPageNumbers, renderNumbered, type NoteNumber } from '../../src/pdf/note-numbering.js';

const NOTES = Array.from({ length: 12 }, (_, i) => i + 1);

/** A document as the stand-in layout sees it: the printed number of each note (undefined: n). */
function make(noteNumber: NoteNumber | undefined): EngineDocument {
  return {
    definition: { noteNumber },
    options: { allowedRoots: [], footnotes: { notes: new Map(), dir: 'ltr', warnings: [] } },
  };
}
const printed = (doc: EngineDocument, n: number) => (doc.definition.noteNumber as NoteNumber | undefined)?.(n) ?? n;

/** The engine's renderSettled, with `pageOf` for a layout; fails rather than loop for ever. */
function standIn(pageOf: (doc: EngineDocument, n: number) => number, laidOut: EngineDocument[] = []) {
  return async (first: EngineDocument, next: (d: EngineDocument) => EngineDocument | undefined) => {
    for (let current = first; laidOut.length < 20;) {
      laidOut.push(current);
      const cited: number[][] = [];
      for (const n of NOTES) (cited[pageOf(current, n)] ??= []).push(n);
      current.options.footnotes!.cited = Array.from(cited, (p) => p ?? []);
      const other = next(current);
      if (!other) return { pdf: Buffer.from(`pdf of layout ${laidOut.length}`), document: current };
      current = other;
    }
    throw new Error('the loop did not end');
  };
}

describe('numbering notes per page', () => {
  it('numbers each page from 1, in the order placed; a note cited twice keeps its first number', () => {
    expect([...perPageNumbers([[3, 1, 2], [], [4, 5, 4]])]).toEqual([
      [3, 1],
      [1, 2],
      [2, 3],
      [4, 1],
      [5, 2],
    ]);
  });

  it('continuous: one layout, the notes their own numbers', async () => {
    const laidOut: EngineDocument[] = [];
    const r = await renderNumbered(
      'continuous',
      make,
      standIn((_, n) => (n <= 5 ? 0 : 1), laidOut),
    );
    expect(r.layouts).toBe(1);
    expect(NOTES.map((n) => printed(r.document, n))).toEqual(NOTES);
  });

  it('per page, pages that do not depend on the numbers: the second layout shows its own numbers and is kept', async () => {
    const r = await renderNumbered(
      'per-page',
      make,
      standIn((_, n) => (n <= 5 ? 0 : n <= 11 ? 1 : 2)),
    );
    expect(r.layouts).toBe(2);
    expect(NOTES.map((n) => printed(r.document, n))).toEqual([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 6, 1]);
    expect(r.document.options.footnotes!.warnings).toEqual([]);
  });

  it('per page, a marker that moves when its number changes: laid out again until the numbers agree', async () => {
    // Note 12 follows note 11 on page 0 only while note 11's marker is one digit wide: the first
    // layout (every note 1) keeps it there, the second (note 11 printed 11) moves it to page 1,
    // the third shows the numbers it was typeset with.
    const r = await renderNumbered(
      'per-page',
      make,
      standIn((doc, n) => (n < 12 ? 0 : printed(doc, 11) >= 10 ? 1 : 0)),
    );
    expect(r.layouts).toBe(3);
    expect(NOTES.map((n) => printed(r.document, n))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1]);
  });

  it('per page, numbers that push a marker back and forth: continuous numbers after the bound, with a warning', async () => {
    // Note 10 fits on page 0 only when it is printed with one digit; on page 0 it is number 10.
    // The last layout put it (and 11, 12, numbered after it) on page 2, counted from 1.
    const laidOut: EngineDocument[] = [];
    const r = await renderNumbered(
      'per-page',
      make,
      standIn((doc, n) => (n < 10 ? 0 : n === 10 && printed(doc, 10) < 10 ? 0 : 1), laidOut),
    );
    expect(r.layouts).toBe(MAX_NUMBERING_LAYOUTS + 1);
    expect(laidOut).toHaveLength(MAX_NUMBERING_LAYOUTS + 1);
    expect(NOTES.map((n) => printed(r.document, n))).toEqual(NOTES);
    expect(r.document.options.footnotes!.warnings).toEqual([
      `notes numbered per page did not settle after ${MAX_NUMBERING_LAYOUTS} layouts (their numbers moved markers to another page: page 2); the notes are numbered through the document instead`,
    ]);
  });
});
