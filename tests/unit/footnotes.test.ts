/**
 * The footnote planner on its own, with made-up geometry: pages 0..100 pt tall, 10 pt lines.
 * The adapter's side (pdfmake) is tested through real PDFs in tests/render/footnotes.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { FootnotePlanner, type NoteLines } from '../../src/pdf/footnotes.js';

const geometry = { top: () => 0, bottom: () => 100, separator: 5, gap: 1 };

/** Notes of `lines[n]` lines of 10 pt and 10 characters each; a continuation adds nothing. */
function planner(lines: Record<number, number>) {
  const measured: [number, number][] = [];
  const measure = (n: number, from: number): NoteLines => {
    measured.push([n, from]);
    const count = Math.max(1, lines[n] - from / 10);
    return { heights: new Array(count).fill(10), chars: new Array(count).fill(10) };
  };
  return { p: new FootnotePlanner(geometry, measure), measured };
}

/** Flows `count` body lines of 10 pt down the pages; line i holds the notes of notesAt[i]. */
function flow(p: FootnotePlanner, count: number, notesAt: Record<number, number[]> = {}) {
  const placed: { page: number; y: number; notes: number[] }[] = [];
  let page = 0;
  let y = 0;
  for (let i = 0; i < count; i++) {
    const notes = notesAt[i] ?? [];
    if (y + 10 > 100 || !p.fits(page, y, 10, notes)) {
      page++;
      y = 0;
    }
    placed.push({ page, y, notes });
    p.placedItem(page, y + 10, notes);
    y += 10;
  }
  return { placed, pages: page + 1 };
}

describe('footnote planner', () => {
  it('keeps body lines above the notes of their page', () => {
    const { p } = planner({ 1: 2, 2: 1 });
    p.beginPass();
    const { placed, pages } = flow(p, 20, { 2: [1], 3: [2] });
    const result = p.finish(pages);
    expect(result.settled).toBe(true);
    // Page 0 holds notes 1 and 2: 5 + 20 + 1 + 10 = 36 pt, so body lines end at 64.
    expect(result.pages[0].height).toBe(36);
    const lastOnFirst = placed.filter((l) => l.page === 0).at(-1)!;
    expect(lastOnFirst.y + 10).toBeLessThanOrEqual(100 - 36);
    expect(result.pages[0].parts.map((q) => q.n)).toEqual([1, 2]);
  });

  it('moves a line whose note does not fit to the next page', () => {
    const { p } = planner({ 1: 4 });
    p.beginPass();
    // Line 7 (y 70) with a 40 pt note needs 70 + 10 + 45 > 100: it goes to page 1.
    const { placed, pages } = flow(p, 12, { 7: [1] });
    expect(placed[7].page).toBe(1);
    const result = p.finish(pages);
    expect(result.settled).toBe(true);
    expect(result.pages[1].parts[0]).toMatchObject({ n: 1, from: 0, continued: false });
  });

  it('splits a note taller than the page and continues it, with character offsets', () => {
    const { p, measured } = planner({ 1: 15 });
    p.beginPass();
    // The first line is first on its page: it stays. The note fills the page, so the next
    // lines go to page 1.
    const { placed, pages } = flow(p, 3, { 0: [1] });
    expect(placed.map((l) => l.page)).toEqual([0, 1, 1]);
    const result = p.finish(pages);
    const [head] = result.pages[0].parts;
    // Room: 100 - 10 (body) - 5 (separator) = 85: eight lines of the note.
    expect(head).toMatchObject({ n: 1, from: 0, to: 80, continued: false, height: 80 });
    // What is carried takes at most half of the next page (50 pt); the rest goes on.
    expect(result.pages[1].parts[0]).toMatchObject({ n: 1, from: 80, to: 130, continued: true, height: 50 });
    expect(result.pages[2].parts[0]).toMatchObject({ n: 1, from: 130, continued: true, height: 20 });
    expect(result.pages.length).toBe(3);
    expect(measured).toContainEqual([1, 80]);
    expect(result.settled).toBe(true);
  });

  it('never lets a marker come back to an earlier page in a later pass', () => {
    const { p } = planner({ 1: 1 });
    p.beginPass();
    const first = flow(p, 14, { 12: [1] });
    expect(first.placed[12].page).toBe(1);
    p.finish(first.pages);
    p.beginPass();
    // Even with room on page 0, note 1 may not stand there now.
    expect(p.fits(0, 0, 10, [])).toBe(true);
    p.placedItem(0, 10, []);
    expect(p.fits(0, 10, 10, [1])).toBe(false);
  });

  it('gives a page’s own notes room before what is carried beyond half a page', () => {
    const { p } = planner({ 1: 25, 2: 2 });
    p.beginPass();
    p.placedItem(0, 10, [1]); // 250 pt of note from page 0
    p.placedItem(1, 10, []);
    expect(p.fits(1, 10, 10, [2])).toBe(true); // 20 + 5 + 50 carried + 1 + 20 <= 100
    p.placedItem(1, 20, [2]);
    const result = p.finish(2);
    expect(result.settled).toBe(true);
    expect(result.pages[1].parts.map((q) => [q.n, q.continued])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(result.pages[2].parts.map((q) => [q.n, q.continued])).toEqual([[1, true]]);
  });

  it('reports notes pushed off their marker page by notes carried in', () => {
    const { p } = planner({ 1: 15, 2: 1 });
    p.beginPass();
    // Note 1 overflows page 0; the planner reserves its carry on page 1 as soon as the body
    // reaches it. Simulate a body that ignored the reservation: lines placed without asking.
    p.placedItem(0, 10, [1]);
    p.placedItem(1, 90, [2]);
    const result = p.finish(2);
    expect(result.settled).toBe(false);
    expect(result.misplaced).toEqual([2]);
    // The next pass reserves the carry it learned: the body of page 1 must stop higher.
    p.beginPass();
    p.placedItem(0, 10, [1]);
    p.placedItem(1, 10, []);
    // 70 pt to carry, of which at most half a page (50 pt) here, + 5 pt separator: the body
    // of page 1 ends at 45.
    expect(p.fits(1, 30, 10, [])).toBe(true);
    expect(p.fits(1, 40, 10, [])).toBe(false);
  });
});
