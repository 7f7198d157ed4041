import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold } from '../../src/cite/normalize.js';
import { isLocation, lineAndParagraph, lineAndParagraphOf, locateQuote } from '../../src/cite/verify.js';
import type { Source } from '../../src/workspace/types.js';

function source(snapshot: string): Source {
  return { id: 's', title: 't', publisher: 'p', language: 'ar', file: 'f', snapshotFile: 'sources/s.txt', snapshot, snapshotSha256: '' };
}

const SNAPSHOT = 'عنوان\nأعلن عماد مصطفى استقالته في مارس 2024.\nوكانت الشركة قد جمعت   101 مليون دولار\nفي جولة تمويل.\n';

describe('quote verification', () => {
  it('finds an exact quote and reports its offsets, line and paragraph', () => {
    const r = locateQuote(source(SNAPSHOT), 'أعلن عماد مصطفى استقالته');
    expect(isLocation(r)).toBe(true);
    if (!isLocation(r)) return;
    expect(SNAPSHOT.slice(r.start, r.end)).toBe('أعلن عماد مصطفى استقالته');
    expect(r.line).toBe(2);
    expect(r.paragraph).toBe(2);
  });

  it('forgives only whitespace: runs of spaces and line breaks fold to one space', () => {
    const r = locateQuote(source(SNAPSHOT), 'جمعت 101 مليون دولار في جولة');
    expect(isLocation(r)).toBe(true);
    if (isLocation(r)) expect(SNAPSHOT.slice(r.start, r.end)).toBe('جمعت   101 مليون دولار\nفي جولة');
  });

  it('compares after NFC: a decomposed é matches a composed one', () => {
    const r = locateQuote(source('Le café est fermé.'), 'cafe\u0301 est');
    expect(isLocation(r)).toBe(true);
  });

  it('fails on one changed character and shows the closest passage', () => {
    const r = locateQuote(source(SNAPSHOT), 'أعلن عماد مصطفى استقالته في مارس 2023');
    expect(isLocation(r)).toBe(false);
    if (isLocation(r)) return;
    expect(r.closest).toContain('مارس 202');
    expect(r.line).toBe(2);
    expect(r.firstDifference).toBe('أعلن عماد مصطفى استقالته في مارس 202'.length);
  });

  it('fails on a dropped word and on look-alike letters (Latin a vs Cyrillic а)', () => {
    expect(isLocation(locateQuote(source(SNAPSHOT), 'أعلن مصطفى استقالته'))).toBe(false);
    expect(isLocation(locateQuote(source('Zehra Qureshi'), 'Zehrа Qureshi'))).toBe(false);
  });

  it('fold keeps a map back to original offsets', () => {
    const f = fold('a  b\n\nc');
    expect(f.text).toBe('a b c');
    expect([0, 1, 2, 3, 4, 5].map((i) => f.offset(i))).toEqual([0, 1, 3, 4, 6, 7]);
  });
});

/** The folding as first written: one array entry per character (slow, plain to read). */
function referenceFold(original: string): { text: string; map: number[] } {
  const out: string[] = [];
  const map: number[] = [];
  // eslint-disable-next-line no-misleading-character-class -- lone invisible characters, each on its own
  const skipped = /[\u00AD\u115F\u1160\u17B4\u17B5\u180E\u200B\u2060-\u2064\u3164\uFEFF\uFFA0\u{E0000}-\u{E007F}]/u;
  let pendingSpace = -1;
  const chars = [...original];
  let offset = 0;
  for (let k = 0; k < chars.length;) {
    const ch = chars[k];
    if (/\s/u.test(ch) && ch !== '\uFEFF') {
      if (pendingSpace < 0) pendingSpace = offset;
      offset += ch.length;
      k++;
      continue;
    }
    if (skipped.test(ch)) {
      offset += ch.length;
      k++;
      continue;
    }
    if (pendingSpace >= 0) {
      if (out.length) {
        out.push(' ');
        map.push(pendingSpace);
      }
      pendingSpace = -1;
    }
    let seg = ch;
    let m = k + 1;
    while (m < chars.length && /\p{M}/u.test(chars[m])) seg += chars[m++];
    // An unchanged segment maps unit by unit (the end of a quote ending in an emoji falls
    // after its low surrogate); a recomposed one maps every unit to the segment's start.
    const nfc = seg.normalize('NFC');
    nfc.split('').forEach((c, u) => {
      out.push(c);
      map.push(nfc === seg ? offset + u : offset);
    });
    offset += seg.length;
    k = m;
  }
  map.push(original.length);
  return { text: out.join(''), map };
}

describe('fold with a compact offset map', () => {
  it('agrees with the one-entry-per-character folding on random text', () => {
    const alphabet = [
      'a',
      'b',
      'é',
      'e\u0301',
      ' ',
      ' ',
      '  ',
      '\n',
      '\r\n',
      '\t',
      '\u00AD',
      '\u200B',
      '\uFEFF',
      '\u{E0041}',
      'ب',
      'ك',
      '\u064E',
      '字',
      '😀',
      '\u0301',
      '\u00A0',
      'Å',
    ];
    let seed = 7;
    const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % k);
    for (let t = 0; t < 2000; t++) {
      let s = '';
      const len = rand(30);
      for (let i = 0; i < len; i++) s += alphabet[rand(alphabet.length)];
      const got = fold(s);
      const want = referenceFold(s);
      expect(got.text, JSON.stringify(s)).toBe(want.text);
      expect(
        want.map.map((_, i) => got.offset(i)),
        JSON.stringify(s),
      ).toEqual(want.map);
    }
  });

  it('agrees with it on characters NFC changes alone or only beside others', () => {
    // Singletons (Ohm sign, a CJK compatibility ideograph), a character NFC always decomposes
    // (U+0344), Hangul jamo that compose into a syllable, marks of different combining classes,
    // a spacing mark that composes with the one before it (Bengali), a variation selector.
    const alphabet = [
      '\u2126',
      '\uF900',
      '\u0344',
      '\u1100',
      '\u1161',
      '\u11A8',
      '\uAC00',
      '\u0316',
      '\u0301',
      '\u09C7',
      '\u09BE',
      '\uFE0F',
      'a',
      '字',
      ' ',
      '\u00AD',
    ];
    let seed = 11;
    const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % k);
    for (let t = 0; t < 2000; t++) {
      let s = '';
      const len = rand(12);
      for (let i = 0; i < len; i++) s += alphabet[rand(alphabet.length)];
      const got = fold(s);
      const want = referenceFold(s);
      expect(got.text, JSON.stringify(s)).toBe(want.text);
      expect(
        want.map.map((_, i) => got.offset(i)),
        JSON.stringify(s),
      ).toEqual(want.map);
    }
  });

  it('skips characters that print as nothing, in snapshot and quote alike', () => {
    const r = locateQuote(source('Reuters said: the Reu\uFEFFters office closed.'), 'the Reuters office');
    expect(isLocation(r)).toBe(true);
    expect(fold('Reu\u00ADters \u200B agency').text).toBe('Reuters agency');
  });
});

describe('line and paragraph of an offset', () => {
  /** Counted from the lines before the offset, as split by "\n": the lines with text other than spaces, tabs and CR are paragraphs. */
  function byLines(text: string, offset: number): { line: number; paragraph: number } {
    const lines = text.slice(0, offset).split('\n');
    const ended = lines.slice(0, -1).filter((l) => /[^ \t\r]/.test(l)).length;
    return { line: lines.length, paragraph: ended + 1 };
  }

  it('the index made once per source gives what counting the lines gives, at every offset', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'ب', ' ', '\t', '\r', '\n', '\n', '字'), { maxLength: 60 }), (chars) => {
        const text = chars.join('');
        const src = source(text);
        for (let offset = 0; offset <= text.length; offset++) {
          expect(lineAndParagraphOf(src, offset)).toEqual(byLines(text, offset));
          expect(lineAndParagraph(text, offset)).toEqual(byLines(text, offset));
        }
      }),
      { numRuns: 300 },
    );
  });
});
