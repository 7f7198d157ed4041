/**
 * Where a kept block may be cut (kept-blocks.ts unitsOf), checked against the rules as stated:
 * every cut has at least two lines of the block and of a cut paragraph on each side, and none
 * follows a keep-with-next paragraph; every place that obeys them is a cut.
 */
import { describe, expect, it } from 'vitest';
import { unitsOf, type LaidLine } from '../../src/pdf/engine/hooks/kept-blocks.js';
import type { Block } from '../../src/template/tree.js';
import type { PlacedLine } from '../../src/pdf/engine/model.js';

const LINE = 12;

/** A block of paragraphs, given as [line count, kept with next] pairs, laid out line after line. */
function laid(paragraphs: [number, boolean][]): LaidLine[] {
  const out: LaidLine[] = [];
  for (const [count, keepWithNext] of paragraphs) {
    const block = { kind: 'para', children: [] } as unknown as Block;
    for (let i = 0; i < count; i++) {
      const top = out.length * LINE;
      out.push({ block, keepWithNext, top, bottom: top + LINE, line: { inlines: [] } as unknown as PlacedLine });
    }
  }
  return out;
}

/** The cuts by the rules: after line i (0-based) of the block. */
function expectedCuts(paragraphs: [number, boolean][]): number[] {
  const lines = paragraphs.flatMap(([count, kwn], p) => Array.from({ length: count }, (_, k) => ({ p, k, count, kwn })));
  const cuts: number[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const here = lines[i];
    const next = lines[i + 1];
    if (i + 1 < 2 || lines.length - (i + 1) < 2) continue;
    if (here.p === next.p ? here.k + 1 >= 2 && here.count - here.k - 1 >= 2 : !here.kwn) cuts.push(i);
  }
  return cuts;
}

function cutsOf(paragraphs: [number, boolean][]): number[] {
  const units = unitsOf(laid(paragraphs))!;
  const cuts: number[] = [];
  let end = -1;
  for (const u of units.slice(0, -1)) cuts.push((end += u.lines.length));
  return cuts;
}

describe('where a kept block may be cut', () => {
  it('a claim: statement (3 lines) and status kept with next, stance label kept with next, a quote of 2 lines: nowhere', () => {
    expect(
      cutsOf([
        [3, true],
        [1, true],
        [1, true],
        [2, false],
      ]),
    ).toEqual([]);
  });

  it('a quote of 8 lines: after its second to sixth lines', () => {
    expect(cutsOf([[8, false]])).toEqual([1, 2, 3, 4, 5]);
  });

  it('a quote and its translation of 2 lines each, after a label: between them', () => {
    expect(
      cutsOf([
        [1, true],
        [2, false],
        [2, false],
      ]),
    ).toEqual([2]);
  });

  it('units measure from their first line to their last', () => {
    const units = unitsOf(
      laid([
        [1, true],
        [2, false],
        [2, false],
      ]),
    )!;
    expect(units.map((u) => u.height)).toEqual([3 * LINE, 2 * LINE]);
    expect(units.map((u) => u.lineNumber)).toEqual([0, 0]);
  });

  it('matches the rules on every block of up to four paragraphs of 1 to 5 lines', () => {
    const paragraphs: [number, boolean][] = [];
    for (let n = 1; n <= 5; n++) for (const kwn of [false, true]) paragraphs.push([n, kwn]);
    let shapes: [number, boolean][][] = [[]];
    let checked = 0;
    for (let depth = 1; depth <= 4; depth++) {
      shapes = shapes.flatMap((shape) => paragraphs.map((p) => [...shape, p]));
      for (const shape of shapes) {
        expect(cutsOf(shape), JSON.stringify(shape)).toEqual(expectedCuts(shape));
        checked++;
      }
    }
    expect(checked).toBe(10 + 100 + 1000 + 10000);
  });
});
