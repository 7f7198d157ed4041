// Property tests for src/typeset/bidi.ts on random mixed-direction text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layOutLine, layOutLines, visualOffsets } from '../helpers/line.js';
import { bidiClass, isRtlLevel, reorderByLevels, resolveParagraph, type BaseDirection } from '../../src/typeset/bidi.js';
import type { Piece } from '../../src/typeset/runs.js';

/** One paragraph of text, as typesetting sees it. */
const para = (text: string): Piece[] => [{ text, lang: 'und', style: {} }];
/** Its characters in visual order on one line, through the PDF path (tests/helpers/line.ts). */
const visual = (text: string, dir: BaseDirection): number[] => visualOffsets(layOutLine(para(text), dir));

const ARABIC = ['\u0627', '\u0644', '\u0645', '\u0633', '\u0628', '\u06CC', '\u067E', '\u064E', '\u0651']; // incl. harakat (NSM)
const HEBREW = ['\u05D0', '\u05D1', '\u05E9', '\u05B8'];
const LATIN = ['a', 'b', 'Z', '\u00E9', 'e\u0301'];
const DIGITS = ['0', '1', '9', '.', ',', '-', '+', '%', '$'];
const ARABIC_DIGITS = ['\u0660', '\u0661', '\u0669', '\u06F1', '\u06F4', '\u066B', '\u066C'];
const BRACKETS = ['(', ')', '[', ']', '{', '}', '\u00AB', '\u00BB', '\u300C', '\u300D', '"'];
const SPACES = [' ', ' ', ' ', '\u00A0', '\t'];
const OTHERS = [
  '\u200C',
  '\u200D',
  '\u00AD',
  '!',
  '?',
  '\u061F',
  '\u060C',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u200E',
  '\u200F',
  '\u061C',
];
const ASTRAL = ['\u{10900}', '\u{1E900}', '\u{1EE00}', '\u{1D7CE}', '\u{10E60}', '\u{1F600}', '\u{1D167}', '\u{20000}'];

const piece = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...ARABIC) },
  { weight: 4, arbitrary: fc.constantFrom(...HEBREW) },
  { weight: 5, arbitrary: fc.constantFrom(...LATIN) },
  { weight: 3, arbitrary: fc.constantFrom(...DIGITS) },
  { weight: 3, arbitrary: fc.constantFrom(...ARABIC_DIGITS) },
  { weight: 3, arbitrary: fc.constantFrom(...BRACKETS) },
  { weight: 4, arbitrary: fc.constantFrom(...SPACES) },
  { weight: 1, arbitrary: fc.constantFrom(...OTHERS) },
  { weight: 1, arbitrary: fc.constantFrom(...ASTRAL) },
);
const mixedText = fc.array(piece, { maxLength: 40 }).map((a) => a.join(''));
const direction = fc.constantFrom<BaseDirection>('ltr', 'rtl', 'auto');

const REMOVED = new Set(['BN', 'LRE', 'RLE', 'LRO', 'RLO', 'PDF']);
function isRemoved(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const cp = c >= 0xdc00 && c <= 0xdfff && i > 0 ? text.codePointAt(i - 1)! : text.codePointAt(i)!;
  return REMOVED.has(bidiClass(cp));
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A visual order with each surrogate pair counted once (at its high half), for comparing orders. */
function dedupePairs(text: string, order: number[]): number[] {
  return order.map((i) => (text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff ? i - 1 : i)).filter((v, k, a) => a.indexOf(v) === k);
}
function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, k) => start + k);
}
/** Cut points that never split a surrogate pair. */
function cuts(text: string, raw: number[]): number[] {
  const set = new Set<number>();
  for (const r of raw) {
    let c = r % (text.length + 1);
    if (c > 0 && c < text.length && text.charCodeAt(c) >= 0xdc00 && text.charCodeAt(c) <= 0xdfff) c--;
    set.add(c);
  }
  set.add(0);
  set.add(text.length);
  return [...set].sort((a, b) => a - b);
}

describe('bidi properties', () => {
  it('the visual order of a line is a permutation of all its characters, surrogate pairs kept whole', () => {
    fc.assert(
      fc.property(mixedText, direction, (text, dir) => {
        const order = visual(text, dir);
        expect([...order].sort((a, b) => a - b)).toEqual(range(0, text.length));
        // surrogate pairs stay together, high half first: the visual string is well-formed
        expect(LONE_SURROGATE.test(order.map((i) => text[i]).join(''))).toBe(false);
        // characters removed by rule X9 are there too (they print nothing but keep their place)
        expect(order.filter((i) => isRemoved(text, i)).length).toBe(range(0, text.length).filter((i) => isRemoved(text, i)).length);
      }),
      { numRuns: 500 },
    );
  });

  it('reorderByLevels of all-equal levels is the identity (even) or the reverse (odd)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 125 }), fc.nat({ max: 60 }), (level, n) => {
        const order = reorderByLevels(new Array(n).fill(level));
        expect(order).toEqual(isRtlLevel(level) ? range(0, n).reverse() : range(0, n));
      }),
    );
  });

  it('reorderByLevels returns a permutation for any levels', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 125 }), { maxLength: 50 }), (levels) => {
        expect([...reorderByLevels(levels)].sort((a, b) => a - b)).toEqual(range(0, levels.length));
      }),
    );
  });

  it('breaking a paragraph into arbitrary lines and reordering each line loses no character', () => {
    fc.assert(
      fc.property(mixedText, direction, fc.array(fc.nat(), { maxLength: 6 }), (text, dir, raw) => {
        const bounds = cuts(text, raw);
        const lines = layOutLines(para(text), dir, bounds.slice(1, -1));
        const seen: number[] = [];
        lines.forEach((line, k) => {
          const offsets = visualOffsets(line);
          expect([...offsets].sort((a, b) => a - b)).toEqual(range(bounds[k]!, bounds[k + 1]!));
          seen.push(...offsets);
        });
        expect(seen.sort((a, b) => a - b)).toEqual(range(0, text.length));
      }),
      { numRuns: 500 },
    );
  });

  it('reordering runs (reorderLine, odd runs drawn reversed) equals reordering characters by their levels', () => {
    // What the engine does: reorder a line's inlines by L2 and draw each inline's characters reversed when its
    // level is odd. That must equal L2 applied to the characters themselves.
    fc.assert(
      fc.property(mixedText, direction, fc.array(fc.nat(), { maxLength: 4 }), (text, dir, raw) => {
        const levels = resolveParagraph(text, dir).levels;
        const bounds = cuts(text, raw);
        layOutLines(para(text), dir, bounds.slice(1, -1)).forEach((line, k) => {
          const [s, e] = [bounds[k]!, bounds[k + 1]!];
          const byChars = reorderByLevels(Array.from(levels.slice(s, e))).map((i) => s + i);
          // surrogate pairs: the engine keeps them high half first, L2 on code units reverses them
          expect(dedupePairs(text, visualOffsets(line))).toEqual(dedupePairs(text, byChars));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('lines of a single direction: LTR text in an LTR paragraph stays in order, RTL letters reverse', () => {
    const ltr = fc.array(fc.constantFrom(...LATIN, ' ', '1'), { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(
      fc.property(ltr, (text) => {
        expect(visual(text, 'ltr')).toEqual(range(0, text.length));
      }),
    );
    const rtl = fc.array(fc.constantFrom('\u05D0', '\u05D1', '\u0627', '\u0644'), { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(
      fc.property(rtl, direction, (text, dir) => {
        expect(visual(text, dir)).toEqual(range(0, text.length).reverse());
      }),
    );
  });

  it('an astral character resolves like a BMP character of the same class', () => {
    // bidi-js alone types both surrogate halves as L; bidi.ts must not.
    const EQUIV: Record<string, string> = {
      '\u{10900}': '\u05D0',
      '\u{1E900}': '\u05D1',
      '\u{1EE00}': '\u0627',
      '\u{1D7CE}': '5',
      '\u{10E60}': '\u0661',
      '\u{1F600}': '!',
      '\u{1D167}': '\u0300',
      '\u{20000}': 'a',
    };
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), direction, (pieces, dir) => {
        const text = pieces.join('');
        const bmp = pieces.map((x) => EQUIV[x] ?? x).join('');
        const a = resolveParagraph(text, dir);
        const b = resolveParagraph(bmp, dir);
        expect(a.paragraphLevel).toBe(b.paragraphLevel);
        const perCodePoint = (t: string, levels: Uint8Array) => {
          const out: number[] = [];
          for (let i = 0; i < t.length; i++) {
            out.push(levels[i]!);
            if (t.codePointAt(i)! > 0xffff) {
              expect(levels[i + 1]).toBe(levels[i]); // both halves agree
              i++;
            }
          }
          return out;
        };
        expect(perCodePoint(text, a.levels)).toEqual(perCodePoint(bmp, b.levels));
      }),
      { numRuns: 500 },
    );
  });
});
