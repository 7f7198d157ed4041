// Property tests for src/typeset/bidi.ts on random mixed-direction text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bidiClass,
  isRtlLevel,
  levelRuns,
  lineLevels,
  reorderByLevels,
  resolveParagraph,
  visualOrder,
  type BaseDirection,
} from '../../src/typeset/bidi.js';

const ARABIC = ['\u0627', '\u0644', '\u0645', '\u0633', '\u0628', '\u06CC', '\u067E', '\u064E', '\u0651']; // incl. harakat (NSM)
const HEBREW = ['\u05D0', '\u05D1', '\u05E9', '\u05B8'];
const LATIN = ['a', 'b', 'Z', '\u00E9', 'e\u0301'];
const DIGITS = ['0', '1', '9', '.', ',', '-', '+', '%', '$'];
const ARABIC_DIGITS = ['\u0660', '\u0661', '\u0669', '\u06F1', '\u06F4', '\u066B', '\u066C'];
const BRACKETS = ['(', ')', '[', ']', '{', '}', '\u00AB', '\u00BB', '\u300C', '\u300D', '"'];
const SPACES = [' ', ' ', ' ', '\u00A0', '\t'];
const OTHERS = ['\u200C', '\u200D', '\u00AD', '!', '?', '\u061F', '\u060C', '\u2066', '\u2067', '\u2068', '\u2069',
  '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u200E', '\u200F', '\u061C'];
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
  it('visualOrder is a permutation of the non-removed indices; with keepRemoved, of all indices', () => {
    fc.assert(fc.property(mixedText, direction, (text, dir) => {
      const p = resolveParagraph(text, dir);
      const order = visualOrder(p, 0, text.length);
      const expected = range(0, text.length).filter((i) => !isRemoved(text, i));
      expect([...order].sort((a, b) => a - b)).toEqual(expected);
      expect([...visualOrder(p, 0, text.length, { keepRemoved: true })].sort((a, b) => a - b)).toEqual(range(0, text.length));
      // surrogate pairs stay together, high half first: the visual string is well-formed
      expect(LONE_SURROGATE.test(order.map((i) => text[i]).join(''))).toBe(false);
    }), { numRuns: 500 });
  });

  it('reorderByLevels of all-equal levels is the identity (even) or the reverse (odd)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 125 }), fc.nat({ max: 60 }), (level, n) => {
      const order = reorderByLevels(new Array(n).fill(level));
      expect(order).toEqual(isRtlLevel(level) ? range(0, n).reverse() : range(0, n));
    }));
  });

  it('reorderByLevels returns a permutation for any levels', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 125 }), { maxLength: 50 }), (levels) => {
      expect([...reorderByLevels(levels)].sort((a, b) => a - b)).toEqual(range(0, levels.length));
    }));
  });

  it('breaking a paragraph into arbitrary lines and reordering each line loses no character', () => {
    fc.assert(fc.property(mixedText, direction, fc.array(fc.nat(), { maxLength: 6 }), (text, dir, raw) => {
      const p = resolveParagraph(text, dir);
      const bounds = cuts(text, raw);
      const seen: number[] = [];
      for (let k = 0; k + 1 < bounds.length; k++) {
        const [s, e] = [bounds[k]!, bounds[k + 1]!];
        const line = visualOrder(p, s, e, { keepRemoved: true });
        expect([...line].sort((a, b) => a - b)).toEqual(range(s, e));
        seen.push(...line);
      }
      expect(seen.sort((a, b) => a - b)).toEqual(range(0, text.length));
    }), { numRuns: 500 });
  });

  it('reordering runs (levelRuns, odd runs reversed inside) equals reordering characters', () => {
    // What the typesetter does: split each line into runs of one level, reorder the runs by L2, and lay out each
    // run's characters reversed when its level is odd.
    fc.assert(fc.property(mixedText, direction, fc.array(fc.nat(), { maxLength: 4 }), (text, dir, raw) => {
      const p = resolveParagraph(text, dir);
      const bounds = cuts(text, raw);
      for (let k = 0; k + 1 < bounds.length; k++) {
        const [s, e] = [bounds[k]!, bounds[k + 1]!];
        const levels = lineLevels(p, s, e);
        const runs = levelRuns(levels);
        const byRuns = reorderByLevels(runs.map((r) => r.level)).flatMap((ri) => {
          const r = runs[ri]!;
          const idx = range(s + r.start, s + r.end);
          return isRtlLevel(r.level) ? idx.reverse() : idx;
        });
        const byChars = reorderByLevels(levels).map((i) => s + i);
        expect(byRuns).toEqual(byChars);
      }
    }), { numRuns: 300 });
  });

  it('lines of a single direction: LTR text in an LTR paragraph stays in order, RTL letters reverse', () => {
    const ltr = fc.array(fc.constantFrom(...LATIN, ' ', '1'), { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(fc.property(ltr, (text) => {
      const p = resolveParagraph(text, 'ltr');
      expect(visualOrder(p, 0, text.length)).toEqual(range(0, text.length));
    }));
    const rtl = fc.array(fc.constantFrom('\u05D0', '\u05D1', '\u0627', '\u0644'), { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(fc.property(rtl, direction, (text, dir) => {
      const p = resolveParagraph(text, dir);
      expect(visualOrder(p, 0, text.length)).toEqual(range(0, text.length).reverse());
    }));
  });

  it('an astral character resolves like a BMP character of the same class', () => {
    // bidi-js alone types both surrogate halves as L; bidi.ts must not.
    const EQUIV: Record<string, string> = {
      '\u{10900}': '\u05D0', '\u{1E900}': '\u05D1', '\u{1EE00}': '\u0627', '\u{1D7CE}': '5', '\u{10E60}': '\u0661',
      '\u{1F600}': '!', '\u{1D167}': '\u0300', '\u{20000}': 'a',
    };
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), direction, (pieces, dir) => {
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
      expect(perCodePoint(text, lineLevels(a, 0, text.length))).toEqual(perCodePoint(bmp, lineLevels(b, 0, bmp.length)));
    }), { numRuns: 500 });
  });
});
