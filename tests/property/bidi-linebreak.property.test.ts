/**
 * Properties of the bidi and line-breaking code on random text of every script and plane,
 * unpaired surrogates and controls included: nothing throws, orders are permutations, reordering
 * twice gives the logical order back, breaks are in bounds, increasing and never split a
 * character, and the segments between breaks give back the text.
 * (tests/unit/bidi-property.test.ts checks more bidi properties on mixed-direction text.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitForLayout } from '../helpers/breaks.js';
import { layOutLine, visualOffsets } from '../helpers/line.js';
import { isRtlLevel, reorderByLevels, resolveParagraph, type BaseDirection } from '../../src/typeset/bidi.js';
import { breakOpportunities, typesetBreaks } from '../../src/typeset/linebreak.js';

/** PROPERTY_SCALE=10 npx vitest run tests/property runs ten times as many cases. */
const runs = (n: number) => Math.round(n * Number(process.env.PROPERTY_SCALE ?? 1));
const SCRIPTS = [
  'abc',
  'Zé',
  '\u0627\u0644\u0639\u0631\u0628\u064A\u0629',
  '\u05E9\u05DC\u05D5\u05DD',
  '\u4E2D\u6587\u5B57',
  '\u3072\u3089\u304C\u306A',
  '\u30AB\u30BF\u30AB\u30CA',
  '\uD55C\uAD6D',
  '0123',
  '\u0660\u0661\u06F2',
  '.,;:!?',
  '()[]{}\u00AB\u00BB\u300C\u300D\u3002\u3001',
  ' ',
  '\u00A0',
  '\t',
  '\n',
  '\u2028',
  '\u200B',
  '\u200D',
  '\u202E',
  '\u2067',
  '\u2069',
  '\u200F',
  '\u0301',
  '\uD83D\uDE00',
  '\u{20000}',
  '\uD800',
  '\uDC00',
  '\uFFFF',
  '\u0000',
];
const text = fc.oneof(
  fc.array(fc.constantFrom(...SCRIPTS), { maxLength: 30 }).map((a) => a.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const direction = fc.constantFrom<BaseDirection>('ltr', 'rtl', 'auto');
const lang = fc.constantFrom('en', 'ar', 'he', 'ja', 'zh-Hans', 'zh-Hant', 'ko', 'und');

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

describe('bidi on any text', () => {
  it('never throws; one level per code unit, at most 125; the whole line in visual order is a permutation', () => {
    fc.assert(
      fc.property(text, direction, (t, dir) => {
        const p = resolveParagraph(t, dir);
        expect(p.levels.length).toBe(t.length);
        for (const l of p.levels) expect(l).toBeLessThanOrEqual(125);
        // through the PDF path: runs, the engine's reorderLine, odd runs drawn reversed
        const order = visualOffsets(layOutLine([{ text: t, lang: 'und', style: {} }], dir));
        expect([...order].sort((a, b) => a - b)).toEqual(range(t.length));
      }),
      { numRuns: runs(400) },
    );
  });

  it('reordering twice, each item carrying its level, gives the logical order back', () => {
    const levels = fc.array(fc.integer({ min: 0, max: 125 }), { maxLength: 60 });
    fc.assert(
      fc.property(levels, (lv) => {
        const once = reorderByLevels(lv);
        const twice = reorderByLevels(once.map((i) => lv[i]!)).map((k) => once[k]!);
        expect(twice).toEqual(range(lv.length));
      }),
      { numRuns: runs(500) },
    );
  });

  it('reordering twice holds for resolved levels of real text, and a line of one odd level is reversed', () => {
    fc.assert(
      fc.property(text, direction, (t, dir) => {
        const lv = [...resolveParagraph(t, dir).levels];
        const once = reorderByLevels(lv);
        expect(reorderByLevels(once.map((i) => lv[i]!)).map((k) => once[k]!)).toEqual(range(t.length));
        if (lv.length && lv.every((l) => l === lv[0] && isRtlLevel(l))) expect(once).toEqual(range(t.length).reverse());
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('line breaking on any text', () => {
  it('break positions are in (0, length], strictly increasing, end at the end, and never split a surrogate pair', () => {
    fc.assert(
      fc.property(text, lang, (t, l) => {
        for (const breaks of [breakOpportunities(t), typesetBreaks(t, l)]) {
          let last = 0;
          for (const b of breaks) {
            expect(b.position).toBeGreaterThan(last);
            expect(b.position).toBeLessThanOrEqual(t.length);
            expect(isHigh(t.charCodeAt(b.position - 1)) && isLow(t.charCodeAt(b.position))).toBe(false);
            last = b.position;
          }
          if (t.length) expect(last).toBe(t.length);
        }
      }),
      { numRuns: runs(400) },
    );
  });

  it('typesetting keeps every mandatory break; after a line feed inside the text a break is mandatory', () => {
    fc.assert(
      fc.property(text, lang, (t, l) => {
        const base = breakOpportunities(t);
        const typeset = new Map(typesetBreaks(t, l).map((b) => [b.position, b.required]));
        for (const b of base) if (b.required) expect(typeset.get(b.position)).toBe(true);
        // (at the end of the text a break comes anyway, rule LB3; the flag says nothing there)
        for (let i = 0; i + 1 < t.length; i++) {
          if (t[i] === '\n') expect(typeset.get(i + 1), `after the line feed at ${i}`).toBe(true);
        }
      }),
      { numRuns: runs(400) },
    );
  });

  it('the segments between breaks are non-empty and give back the text; runs of Latin letters and digits stay whole', () => {
    const latinish = fc
      .array(fc.constantFrom('ab', 'Z', 'é', '12', ' ', '-', '\u4E2D', '\u3002', '\u0627', '\u0301'), { maxLength: 30 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(text, latinish), lang, (t, l) => {
        const segments = splitForLayout(t, l);
        expect(segments.join('')).toBe(t);
        for (const s of segments) expect(s.length).toBeGreaterThan(0);
        const latin = /[\p{Script=Latin}\p{Nd}]/u;
        for (const b of typesetBreaks(t, l)) {
          if (b.required || b.position >= t.length) continue;
          let j = b.position - 1;
          while (j > 0 && /\p{M}/u.test(t[j]!)) j--;
          expect(latin.test(t[j]!) && latin.test(t[b.position]!), `break inside a Latin run at ${b.position} of ${JSON.stringify(t)}`).toBe(false);
        }
      }),
      { numRuns: runs(400) },
    );
  });
});
