// UAX #9 conformance: src/typeset/bidi.ts against Unicode 15.0's own test and data files
// (tests/fixtures/unicode, see README.md there).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { layOutLine, visualOffsets } from '../helpers/line.js';
import {
  bidiClass,
  fontkitDirection,
  prepareForFontkit,
  isRtlLevel,
  mirroredChar,
  reorderByLevels,
  resolveParagraph,
  type BaseDirection,
} from '../../src/typeset/bidi.js';

function fixture(name: string): string {
  return gunzipSync(readFileSync(new URL(`../fixtures/unicode/${name}`, import.meta.url))).toString('utf8');
}

function dataLines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

const DIRECTIONS: BaseDirection[] = ['ltr', 'rtl', 'auto'];

// Through the PDF path: paragraphRuns (levels per run), runToInline, the engine's reorderLine (the
// alignLine hook) and each run's internal direction; see tests/helpers/line.ts.
describe('BidiCharacterTest-15.0.0, through the reordering the PDF path uses', () => {
  const lines = dataLines(fixture('BidiCharacterTest.txt.gz'));

  it('has all 91,707 cases', () => {
    expect(lines.length).toBe(91707);
  });

  it('every case: paragraph level, resolved levels and visual order', () => {
    const failures: string[] = [];
    let levelFailures = 0;
    let orderFailures = 0;
    let paraFailures = 0;
    for (const line of lines) {
      const [cpsField, dirField, paraField, levelsField, orderField] = line.split(';');
      const cps = cpsField!
        .trim()
        .split(/\s+/)
        .map((h) => parseInt(h, 16));
      const text = String.fromCodePoint(...cps);
      // code unit offset of each code point
      const cuOf: number[] = [];
      let cu = 0;
      for (const cp of cps) {
        cuOf.push(cu);
        cu += cp > 0xffff ? 2 : 1;
      }
      const cpOf = new Map(cuOf.map((u, k) => [u, k]));
      const direction = DIRECTIONS[Number(dirField)]!;

      const problems: string[] = [];
      const paragraphLevel = resolveParagraph(text, direction).paragraphLevel;
      if (paragraphLevel !== Number(paraField)) {
        paraFailures++;
        problems.push(`paragraph level ${paragraphLevel}, expected ${paraField}`);
      }
      const laid = layOutLine([{ text, lang: 'und', style: {} }], direction);
      const levelAt = new Map<number, number>();
      for (const inline of laid) for (let k = 0; k < inline.original.length; k++) levelAt.set(inline.offset + k, inline.dossierRun!.shapeLevel);
      const expectedLevels = levelsField!.trim().split(/\s+/);
      const gotLevels = cps.map((_, k) => (expectedLevels[k] === 'x' ? 'x' : String(levelAt.get(cuOf[k]!))));
      if (gotLevels.join(' ') !== expectedLevels.join(' ')) {
        levelFailures++;
        problems.push(`levels [${gotLevels.join(' ')}], expected [${expectedLevels.join(' ')}]`);
      }
      const expectedOrder = orderField!.trim() === '' ? [] : orderField!.trim().split(/\s+/).map(Number);
      // Characters removed by rule X9 (levels "x") are not in the expected order.
      const order = visualOffsets(laid)
        .filter((u) => cpOf.has(u) && expectedLevels[cpOf.get(u)!] !== 'x')
        .map((u) => cpOf.get(u)!);
      if (order.join(' ') !== expectedOrder.join(' ')) {
        orderFailures++;
        problems.push(`order [${order.join(' ')}], expected [${expectedOrder.join(' ')}]`);
      }
      if (problems.length > 0 && failures.length < 10) failures.push(`${line}\n    ${problems.join('\n    ')}`);
      else if (problems.length > 0) failures.push('');
    }
    if (failures.length > 0) {
      console.error(
        `${failures.length} of ${lines.length} cases fail (paragraph level ${paraFailures}, levels ${levelFailures}, ` +
          `order ${orderFailures}); first ones:\n${failures.filter(Boolean).join('\n')}`,
      );
    }
    expect(failures.length).toBe(0);
  }, 300_000);
});

describe('Unicode 15.0 character data', () => {
  it('bidiClass matches DerivedBidiClass-15.0.0 for every code point', () => {
    const LONG: Record<string, string> = {
      Left_To_Right: 'L',
      Right_To_Left: 'R',
      Arabic_Letter: 'AL',
      European_Terminator: 'ET',
      Boundary_Neutral: 'BN',
    };
    const expected: string[] = new Array(0x110000);
    const text = fixture('DerivedBidiClass.txt.gz');
    for (const m of text.matchAll(/^# @missing: ([0-9A-F]+)\.\.([0-9A-F]+); (\w+)/gm)) {
      const cls = LONG[m[3]!] ?? m[3]!;
      for (let cp = parseInt(m[1]!, 16); cp <= parseInt(m[2]!, 16); cp++) expected[cp] = cls;
    }
    for (const m of text.matchAll(/^([0-9A-F]+)(?:\.\.([0-9A-F]+))?\s*;\s*(\w+)/gm)) {
      const first = parseInt(m[1]!, 16);
      const last = m[2] ? parseInt(m[2], 16) : first;
      for (let cp = first; cp <= last; cp++) expected[cp] = m[3]!;
    }
    const wrong: string[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      const got = bidiClass(cp);
      if (got !== expected[cp]) wrong.push(`U+${cp.toString(16).toUpperCase()} ${got} (expected ${expected[cp]})`);
    }
    expect(wrong.slice(0, 20)).toEqual([]);
  });

  it('mirroredChar: parentheses, brackets, braces, guillemets, angle brackets', () => {
    const pairs: [string, string][] = [
      ['(', ')'],
      ['[', ']'],
      ['{', '}'],
      ['<', '>'],
      ['\u00AB', '\u00BB'],
      ['\u2039', '\u203A'],
      ['\u3008', '\u3009'],
      ['\u300A', '\u300B'],
      ['\u300C', '\u300D'],
      ['\u3010', '\u3011'],
      ['\uFF08', '\uFF09'],
      ['\u2E55', '\u2E56'], // added in Unicode 14, missing from bidi-js's data
    ];
    for (const [a, b] of pairs) {
      expect(mirroredChar(a)).toBe(b);
      expect(mirroredChar(b)).toBe(a);
    }
    for (const ch of ['a', '"', '\u201C', '\u05D0', '!', '-', '\u0627', '\u{1F600}']) expect(mirroredChar(ch)).toBeNull();
  });

  it('mirroredChar matches BidiMirroring-15.0.0 exactly (all mappings, no others)', () => {
    const expected = new Map<string, string>();
    for (const m of fixture('BidiMirroring.txt.gz').matchAll(/^([0-9A-F]+); ([0-9A-F]+)/gm)) {
      expected.set(String.fromCodePoint(parseInt(m[1]!, 16)), String.fromCodePoint(parseInt(m[2]!, 16)));
    }
    expect(expected.size).toBe(428);
    const wrong: string[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      const got = mirroredChar(ch);
      if (got !== (expected.get(ch) ?? null)) wrong.push(`U+${cp.toString(16)} -> ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  it('paired brackets of BidiBrackets-15.0.0 all pair like ( ) do', () => {
    // For each pair (o, c) the case "R o L c" in an RTL paragraph must resolve like "R ( L )", and "o R c" in LTR
    // must be reversed as a unit; an unpaired bracket would not be.
    const pairs: [string, string][] = [];
    for (const m of fixture('BidiBrackets.txt.gz').matchAll(/^([0-9A-F]+); ([0-9A-F]+); o/gm)) {
      pairs.push([String.fromCodePoint(parseInt(m[1]!, 16)), String.fromCodePoint(parseInt(m[2]!, 16))]);
    }
    expect(pairs.length).toBe(64);
    const ref = (o: string, c: string) => {
      const cases = [
        [`a ${o}\u05D0${c} b`, 'ltr'],
        [`\u05D0 ${o}a${c} \u05D1`, 'rtl'],
        [`a ${o}b \u05D0${c}\u05D1`, 'rtl'],
        [`\u05D0${o}b${c}\u0300\u0300 \u05D1`, 'rtl'],
      ] as const;
      return cases.map(([t, d]) => Array.from(resolveParagraph(t, d).levels).join(''));
    };
    const expected = ref('(', ')');
    for (const [o, c] of pairs) expect({ pair: o + c, levels: ref(o, c) }).toEqual({ pair: o + c, levels: expected });
  });
});

describe('fixes over bidi-js', () => {
  it('astral characters get their own class (bidi-js typed every surrogate L)', () => {
    // U+10900 PHOENICIAN LETTER ALF (R), U+1E900 ADLAM CAPITAL LETTER ALIF (R), U+1EE00 ARABIC MATHEMATICAL ALEF (AL),
    // U+1D7CE MATHEMATICAL BOLD DIGIT ZERO (EN), U+10E60 RUMI DIGIT ONE (AN)
    const text = 'abc \u{10900}\u{10901} def';
    const p = resolveParagraph(text, 'ltr');
    expect(Array.from(p.levels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect(resolveParagraph('\u{1E900}abc', 'auto').paragraphLevel).toBe(1);
    expect(resolveParagraph('\u{1EE00} \u{1D7CE}', 'auto').levels[3]).toBe(2); // EN after AL becomes AN: level 2
    // visual order (through the PDF path) keeps each pair together, high surrogate first
    const order = visualOffsets(layOutLine([{ text, lang: 'und', style: {} }], 'ltr'));
    expect(order).toEqual([0, 1, 2, 3, 6, 7, 4, 5, 8, 9, 10, 11]);
    expect(order.map((i) => text[i]).join('')).toBe('abc \u{10901}\u{10900} def');
  });

  it('N0: every NSM after a bracket that changed direction follows it (bidi-js changed only the first)', () => {
    expect(Array.from(resolveParagraph('a(b)\u0300\u0300\u05D0', 'rtl').levels)).toEqual([2, 2, 2, 2, 2, 2, 1]);
    expect(Array.from(resolveParagraph('\u05D0(\u05D1)\u0300\u0300\u0300a', 'ltr').levels)).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    // with a boundary neutral between the marks, and with an astral mark (U+1D167 MUSICAL SYMBOL COMBINING TREMOLO-1)
    expect(Array.from(resolveParagraph('a(b)\u0300\u200B\u0300\u05D0', 'rtl').levels)).toEqual([2, 2, 2, 2, 2, 2, 2, 1]);
    expect(Array.from(resolveParagraph('a(b)\u0300\u{1D167}\u05D0', 'rtl').levels)).toEqual([2, 2, 2, 2, 2, 2, 2, 1]);
  });

  it('Unicode 14 brackets U+2E55..U+2E5C pair, even when the stand-ins occur in the text', () => {
    const asSquare = resolveParagraph('\u05D0 [a] \u2045b\u2046', 'rtl').levels;
    const asStroke = resolveParagraph('\u05D0 \u2E55a\u2E56 \u2045b\u2046', 'rtl').levels;
    expect(Array.from(asStroke)).toEqual(Array.from(asSquare));
    // an opening U+2E55 must not pair with a closing U+2E58
    const mixed = resolveParagraph('a \u2E55\u05D0\u2E58 b', 'rtl').levels;
    const unpaired = resolveParagraph('a !\u05D0! b', 'rtl').levels;
    expect(Array.from(mixed)).toEqual(Array.from(unpaired));
    // every stand-in pair already in the text: no crash, the brackets just go unpaired
    const crowded =
      '\u2045\u2046\u207D\u207E\u208D\u208E\u2308\u2309\u230A\u230B\u2768\u2769\u276A\u276B\u276C\u276D' +
      '\u276E\u276F\u2770\u2771\u2772\u2773\u2774\u2775\u27C5\u27C6\u27E6\u27E7\u2983\u2984\u2985\u2986 \u2E5B\u05D0\u2E5C';
    expect(resolveParagraph(crowded, 'ltr').levels.length).toBe(crowded.length);
  });

  it('several paragraphs: each has its own level; L1 does not leak across the separator', () => {
    const text = '\u05D0 \u2029  ';
    const p = resolveParagraph(text, 'auto');
    expect(p.paragraphs).toEqual([
      { start: 0, end: 3, level: 1 },
      { start: 3, end: 5, level: 0 },
    ]);
    expect(Array.from(p.levels)).toEqual([1, 1, 1, 0, 0]);
    const q = resolveParagraph('abc\r\n\u05D0\u05D1', 'auto');
    expect(q.paragraphs).toEqual([
      { start: 0, end: 5, level: 0 },
      { start: 5, end: 7, level: 1 },
    ]);
    expect(Array.from(q.levels)).toEqual([0, 0, 0, 0, 0, 1, 1]);
  });
});

describe('API behaviour', () => {
  it('resolveParagraph: empty text and explicit directions', () => {
    expect(resolveParagraph('', 'auto')).toMatchObject({ paragraphLevel: 0, levels: new Uint8Array(0) });
    expect(resolveParagraph('', 'rtl').paragraphLevel).toBe(1);
    expect(resolveParagraph('abc', 'rtl').paragraphLevel).toBe(1);
    expect(resolveParagraph('123 \u05D0', 'auto').paragraphLevel).toBe(1);
    expect(resolveParagraph('!!', 'auto').paragraphLevel).toBe(0);
  });

  it('reorderByLevels: L2 on characters or on runs', () => {
    expect(reorderByLevels([])).toEqual([]);
    expect(reorderByLevels([0, 0, 0])).toEqual([0, 1, 2]);
    expect(reorderByLevels([1, 1, 1])).toEqual([2, 1, 0]);
    expect(reorderByLevels([0, 1, 1, 0])).toEqual([0, 2, 1, 3]);
    expect(reorderByLevels([1, 2, 2, 1, 1])).toEqual([4, 3, 1, 2, 0]);
    expect(reorderByLevels([2, 2])).toEqual([0, 1]); // no odd level at or above the lowest: nothing reverses
    // runs: [LTR "abc"][RTL "אב"][LTR "12"] inside an RTL paragraph
    expect(reorderByLevels([2, 1, 2])).toEqual([2, 1, 0]);
  });

  it('X9-removed characters keep a level and a place on the line; isRtlLevel', () => {
    const text = '\u05D0\u200C\u05D1 \u202Aab\u202C'; // ZWNJ is BN, LRE/PDF are removed too
    const laid = layOutLine([{ text, lang: 'und', style: {} }], 'ltr');
    expect(visualOffsets(laid)).toEqual([2, 1, 0, 3, 4, 5, 6, 7]);
    expect([0, 1, 2, 3].map(isRtlLevel)).toEqual([false, true, false, true]);
  });
});

describe('prepareForFontkit: glyphs come out of fontkit in visual order', () => {
  const font = (name: string) => fontkit.openSync(new URL(`../../fonts/${name}`, import.meta.url).pathname) as fontkit.Font;
  const naskh = font('NotoNaskhArabic-Regular.ttf');
  const hebrew = font('NotoSansHebrew-Regular.ttf');
  const latin = font('NotoSans-Regular.ttf');
  const glyphCodePoints = (f: fontkit.Font, text: string) => f.layout(text).glyphs.flatMap((g) => g.codePoints);
  /** Code points in visual order with L4 mirroring, from our own reordering. */
  const visual = (text: string, level: number) => {
    const cps = Array.from(text, (ch) => (isRtlLevel(level) ? (mirroredChar(ch) ?? ch) : ch).codePointAt(0)!);
    return isRtlLevel(level) ? cps.reverse() : cps;
  };

  it.each([
    ['Arabic word, level 1 (fontkit reverses it itself)', naskh, '\u0633\u0644\u0645', 1],
    ['Hebrew word, level 1', hebrew, '\u05E9\u05DC\u05D5\u05DD', 1],
    ['Arabic-Indic digits, level 2 (fontkit would reverse them)', naskh, '\u0661\u0662\u0663', 2],
    ['Persian digits, level 2', naskh, '\u06F1\u06F4\u06F0\u06F3', 2],
    ['punctuation only, level 1 (fontkit sees no RTL letter)', latin, '\u00AB!?\u00BB', 1],
    ['bracket, level 1', latin, '[!', 1],
    ['Latin, level 2', latin, 'abc', 2],
    ['European digits, level 2', latin, '2024', 2],
  ] as const)('%s', (_name, f, text, level) => {
    expect(glyphCodePoints(f, prepareForFontkit(text, level))).toEqual(visual(text, level));
  });

  it('without it, fontkit reverses Arabic-Indic digits and leaves RTL punctuation unreversed and unmirrored', () => {
    expect(glyphCodePoints(naskh, '\u0661\u0662\u0663')).toEqual([0x663, 0x662, 0x661]);
    expect(glyphCodePoints(latin, '[!')).toEqual([0x5b, 0x21]);
    expect(fontkitDirection('\u0661')).toBe('rtl');
    expect(fontkitDirection('12 !')).toBe('ltr');
    expect(fontkitDirection('(\u05D0')).toBe('rtl');
    expect(fontkitDirection('\u{1E900}')).toBe('ltr'); // Adlam is RTL but unknown to fontkit as such
  });
});
