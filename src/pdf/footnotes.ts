/**
 * Footnote placement: which notes stand at the foot of which page, and how much of the page
 * they take. Pure bookkeeping, no pdfmake: the engine (engine/hooks/body-placement.ts) asks `fits`
 * before it places a body line or block, reports what it placed, and draws what `finish`
 * returns.
 *
 * The rules, as in print:
 *   - a note stands at the foot of the page that holds its marker, notes in marker order;
 *   - if a line's notes do not fit below it, the line moves to the next page;
 *   - a note longer than the room left continues at the foot of the next page, marked; what is
 *     carried over takes at most half a page, before that page's own notes;
 *   - a line that is the first thing on its page is never moved (else a note taller than a
 *     page would push it forever), so its note is the one that gets split.
 *
 * One pass is enough when the body flows down the page in order. When it does not (table
 * cells that go back up, a page whose body grew after the next page began) the first pass can
 * leave a note on a later page than its marker; then the layout runs again with what the last
 * pass learned as floors: a marker never goes to an earlier page than before, and no page
 * reserves less room for its notes and for carried-over notes than before. Both only grow and are bounded by the
 * document, so the passes end; after MAX_PASSES the last layout is kept with a warning.
 */

export const MAX_PASSES = 5;

/** The lines of a note (or of its continuation), as laid out at the width of the text. */
export interface NoteLines {
  /** Height of each line, in points. */
  heights: number[];
  /**
   * UTF-16 length of the note text each line holds, in logical order. Labels (the note
   * number, "continued") are not note text and are not counted.
   */
  chars: number[];
}

/** A note, or the part of it that stands on one page. */
export interface NotePart {
  n: number;
  /** Offset in the note's text where this part starts; 0 for the note's start. */
  from: number;
  /** Offset where it ends (exclusive), or undefined for the note's end. */
  to?: number;
  /** True for the part that continues a note begun on an earlier page. */
  continued: boolean;
  height: number;
}

export interface PageNotes {
  parts: NotePart[];
  /** Height of the note area including the separator rule, 0 without notes. */
  height: number;
}

export interface FootnoteGeometry {
  /** y of the bottom of the body area of a page (the top of the footer margin). */
  bottom: (page: number) => number;
  /** y of the top of the body area. */
  top: (page: number) => number;
  /** Space above the notes taken by the separator rule and its gaps. */
  separator: number;
  /** Space between two notes. */
  gap: number;
}

/** Measures a note's lines; `from` > 0 measures the continuation starting at that offset. */
export type NoteMeasurer = (n: number, from: number) => NoteLines;

const EPSILON = 0.01;

export class FootnotePlanner {
  private readonly full = new Map<number, NoteLines>();
  private readonly continuation = new Map<string, NoteLines>();
  /** Floors learned from earlier passes. */
  private readonly minPage = new Map<number, number>();
  private readonly carryFloor = new Map<number, number>();
  private readonly areaFloor = new Map<number, number>();

  // State of the current pass.
  private placed: number[][] = [];
  private bodyBottom: (number | undefined)[] = [];
  private carryMemo = new Map<number, NotePart[]>();
  private markerPage = new Map<number, number>();
  passes = 0;

  constructor(
    private readonly geometry: FootnoteGeometry,
    private readonly measure: NoteMeasurer,
  ) {}

  /**
   * Forgets what earlier passes learned (their floors and count), keeping the measured notes:
   * the body itself changed (a kept block was let split, engine/hooks/kept-blocks.ts), so a
   * marker may now stand on an earlier page than before.
   */
  restart(): void {
    this.passes = 0;
    this.minPage.clear();
    this.carryFloor.clear();
    this.areaFloor.clear();
  }

  beginPass(): void {
    this.passes++;
    this.placed = [];
    this.bodyBottom = [];
    this.carryMemo = new Map();
    this.markerPage = new Map();
  }

  private lines(n: number): NoteLines {
    let l = this.full.get(n);
    if (!l) {
      l = this.measure(n, 0);
      this.full.set(n, l);
    }
    return l;
  }

  private continuationLines(n: number, from: number): NoteLines {
    const key = `${n}:${from}`;
    let l = this.continuation.get(key);
    if (!l) {
      l = this.measure(n, from);
      this.continuation.set(key, l);
    }
    return l;
  }

  noteHeight(n: number): number {
    return sum(this.lines(n).heights);
  }

  /** Height of the note area of a page holding its carried parts, the notes placed so far and `extra`. */
  private areaHeight(page: number, extra: number[]): number {
    const carried = this.carryInto(page);
    const notes = [...(this.placed[page] ?? []), ...extra];
    const count = carried.length + notes.length;
    if (!count) return this.areaFloor.get(page) ?? 0;
    const carriedHeight = Math.min(Math.max(sum(carried.map((p) => p.height)), this.carryFloor.get(page) ?? 0), this.carryCap(page));
    const height = this.geometry.separator + carriedHeight + sum(notes.map((n) => this.noteHeight(n))) + this.geometry.gap * (count - 1);
    return Math.max(height, this.areaFloor.get(page) ?? 0);
  }

  /**
   * May a body item of height h, starting at y on the page, holding markers `notes`, be placed
   * there? False asks the caller to move it to the next page.
   */
  fits(page: number, y: number, h: number, notes: number[]): boolean {
    if (this.bodyBottom[page] === undefined) return true; // first on its page: never moved
    if (notes.some((n) => (this.minPage.get(n) ?? 0) > page)) return false;
    // The notes stand below everything on the page, also below body placed further down
    // before this item (a table's first column that reached the page foot).
    const bottom = Math.max(y + h, notes.length ? this.bodyBottom[page]! : y + h);
    return bottom + this.areaHeight(page, notes) <= this.geometry.bottom(page) + EPSILON;
  }

  /** Records a body item placed on a page. */
  placedItem(page: number, bottomY: number, notes: number[]): void {
    this.bodyBottom[page] = Math.max(this.bodyBottom[page] ?? -Infinity, bottomY);
    if (!notes.length) return;
    (this.placed[page] ??= []).push(...notes);
    for (const n of notes) this.markerPage.set(n, page);
  }

  /**
   * The notes whose markers each page holds, in the order they were placed (the order of their
   * notes at the page foot), as the current or last pass placed them. A note numbering that
   * depends on the page reads it (note-numbering.ts).
   */
  citedOnPages(): number[][] {
    return Array.from(this.placed, (notes) => (notes ?? []).slice());
  }

  /** The note parts carried onto a page from the pages before it (memoised per pass). */
  private carryInto(page: number): NotePart[] {
    if (page <= 0) return [];
    let carried = this.carryMemo.get(page);
    if (!carried) {
      carried = this.pack(page - 1, this.carryInto(page - 1)).carry;
      this.carryMemo.set(page, carried);
    }
    return carried;
  }

  /** Fills the foot of one page with the parts carried in and the notes of its markers. */
  private pack(page: number, carriedIn: NotePart[]): { notes: PageNotes; carry: NotePart[] } {
    const fresh = (this.placed[page] ?? []).map((n): NotePart => ({ n, from: 0, continued: false, height: this.noteHeight(n) }));
    if (!carriedIn.length && !fresh.length) return { notes: { parts: [], height: 0 }, carry: [] };
    const { separator, gap } = this.geometry;
    const bodyEnd = this.bodyBottom[page] ?? this.geometry.top(page);
    let room = this.geometry.bottom(page) - bodyEnd - separator;
    const parts: NotePart[] = [];
    const carry: NotePart[] = [];
    // Fills `limit` points with the queue in order; once one part waits, the rest wait too.
    const fill = (queue: NotePart[], limit: number): number => {
      let left = limit;
      for (const part of queue) {
        if (carry.length) {
          carry.push(part);
          continue;
        }
        const spacing = parts.length ? gap : 0;
        if (part.height + spacing <= left + EPSILON) {
          parts.push(part);
          left -= part.height + spacing;
          continue;
        }
        const [head, rest] = this.split(part, left - spacing);
        if (head) {
          parts.push(head);
          left -= head.height + spacing;
        }
        carry.push(rest);
      }
      return limit - left;
    };
    // Notes carried in come first but take at most half the page, so that the markers of
    // this page still find room for their notes here; what is left of them goes on.
    room -= fill(carriedIn, Math.min(room, this.carryCap(page)));
    const waiting = carry.splice(0);
    fill(fresh, room);
    carry.unshift(...waiting);
    const height = parts.length ? separator + sum(parts.map((p) => p.height)) + gap * (parts.length - 1) : 0;
    return { notes: { parts, height }, carry };
  }

  /** At most this much of a page goes to notes carried over from earlier pages. */
  private carryCap(page: number): number {
    return (this.geometry.bottom(page) - this.geometry.top(page)) / 2;
  }

  /** Splits a part after the lines that fit in `room`; head is undefined when no line fits. */
  private split(part: NotePart, room: number): [NotePart | undefined, NotePart] {
    const lines = part.from === 0 ? this.lines(part.n) : this.continuationLines(part.n, part.from);
    let height = 0;
    let chars = 0;
    let k = 0;
    // Leave at least one line for the next page: a part that fits whole was not split.
    while (k < lines.heights.length - 1 && height + lines.heights[k] <= room + EPSILON) {
      height += lines.heights[k];
      chars += lines.chars[k];
      k++;
    }
    const restFrom = part.from + chars;
    if (k === 0) return [undefined, part];
    const head: NotePart = { ...part, to: restFrom, height };
    const restLines = this.continuationLines(part.n, restFrom);
    return [head, { n: part.n, from: restFrom, to: part.to, continued: true, height: sum(restLines.heights) }];
  }

  /**
   * Ends a pass: lays out every page's notes, with `pageCount` pages of body. Returns the
   * notes per page (extra pages at the end when notes outrun the body) and whether the
   * layout is settled: every note starts on its marker's page.
   */
  finish(pageCount: number): { pages: PageNotes[]; settled: boolean; misplaced: number[] } {
    const pages: PageNotes[] = [];
    let carry: NotePart[] = [];
    const noteStart = new Map<number, number>();
    for (let page = 0; page < pageCount || carry.length; page++) {
      const packed = this.pack(page, carry);
      // Remember what this pass had to carry, so the next one reserves at least as much.
      const carriedHeight = sum(carry.map((p) => p.height));
      if (carriedHeight > (this.carryFloor.get(page) ?? 0)) this.carryFloor.set(page, carriedHeight);
      pages.push(packed.notes);
      // And the room its own notes needed: a body that went back up the page (table cells)
      // filled it before their markers came; next time it is kept from the start.
      const own = (this.placed[page] ?? []).map((n) => this.noteHeight(n));
      if (own.length) {
        const needed = this.geometry.separator + sum(own) + this.geometry.gap * (own.length - 1);
        if (needed > (this.areaFloor.get(page) ?? 0)) this.areaFloor.set(page, needed);
      }
      for (const part of packed.notes.parts) if (!part.continued) noteStart.set(part.n, page);
      carry = packed.carry;
      if (page > pageCount + 10_000) break; // cannot happen: every page takes at least a line
    }
    const misplaced: number[] = [];
    for (const [n, page] of this.markerPage) {
      if (noteStart.get(n) !== page) misplaced.push(n);
      this.minPage.set(n, Math.max(this.minPage.get(n) ?? 0, page));
    }
    return { pages, settled: misplaced.length === 0, misplaced: misplaced.sort((a, b) => a - b) };
  }
}

function sum(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
