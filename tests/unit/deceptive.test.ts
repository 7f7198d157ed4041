/**
 * The classification of deceptive characters (workspace/deceptive.ts), the identity of
 * publishers (cite/publisher.ts) and the placing of a character inside a YAML scalar.
 */
import { describe, expect, it } from 'vitest';
import { isScalar, isMap } from 'yaml';
import { Diagnostics } from '../../src/diagnostics.js';
import { publisherKey, skeleton } from '../../src/cite/publisher.js';
import { earnedStatus } from '../../src/cite/status.js';
import { describeChar, findSuspects, visible } from '../../src/workspace/deceptive.js';
import type { Claim, Source } from '../../src/workspace/types.js';
import { charPosition, parseYaml } from '../../src/workspace/yaml.js';

const kinds = (s: string) => findSuspects(s).map((x) => `${x.kind} ${x.cp.toString(16)}`);

describe('findSuspects', () => {
  it.each([
    ['\u202A', 'bidi-control 202a'],
    ['\u202E', 'bidi-control 202e'],
    ['\u2066', 'bidi-control 2066'],
    ['\u2069', 'bidi-control 2069'],
    ['\u200E', 'bidi-mark 200e'],
    ['\u200F', 'bidi-mark 200f'],
    ['\u061C', 'bidi-mark 61c'],
    ['\u200B', 'invisible 200b'],
    ['\u2060', 'invisible 2060'],
    ['\uFEFF', 'invisible feff'],
    ['\u180E', 'invisible 180e'],
    ['\u00AD', 'invisible ad'],
    ['\u{E0041}', 'tag e0041'],
    ['\uFE0F', 'variation-selector fe0f'],
    ['\u{E0100}', 'variation-selector e0100'],
    ['\u200D', 'joiner 200d'],
    ['\u200C', 'joiner 200c'],
  ])('flags %j inside a Latin word', (c, want) => {
    expect(kinds(`Reu${c}ters`)).toEqual([want]);
  });

  it.each([
    ['ZWNJ in Persian', 'می\u200Cخواهم'],
    ['ZWJ in a Devanagari conjunct', 'क्\u200Dष'],
    ['ZWJ in an emoji sequence', '👩\u200D💻 and 👨\u200D👩\u200D👧'],
    ['ZWJ after a skin tone', '👋🏽\u200D❤'],
    ['VS16 after an emoji, a keycap', '❤\uFE0F 1\uFE0F\u20E3'],
    ['an ideographic variation selector after a Han character', '葛\u{E0100}'],
    ['the flag of Scotland', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'],
    ['ZWSP between Thai words', 'ภาษาไทย\u200Bง่าย'],
    ['plain text', 'The company raised $101 million.'],
  ])('leaves %s alone', (_, s) => {
    expect(kinds(s)).toEqual([]);
  });

  it('names what it finds', () => {
    expect(describeChar(0x202e)).toBe('U+202E RIGHT-TO-LEFT OVERRIDE');
    expect(describeChar(0xe0041)).toBe('U+E0041 TAG LATIN CAPITAL LETTER A');
    expect(describeChar(0xfe0f)).toBe('U+FE0F VARIATION SELECTOR-16');
    expect(describeChar(0xe0100)).toBe('U+E0100 VARIATION SELECTOR-17');
  });
});

describe('visible', () => {
  it('writes controls and deceptive characters as <U+XXXX>, keeps legitimate ones', () => {
    expect(visible('a\u200Bb\u202Ec\u001B[2Jd')).toBe('a<U+200B>b<U+202E>c<U+001B>[2Jd');
    expect(visible('tag\u{E0041}')).toBe('tag<U+E0041>');
    expect(visible('می\u200Cخواهم 👩\u200D💻')).toBe('می\u200Cخواهم 👩\u200D💻');
  });
});

describe('publisher identity', () => {
  it('one publisher after NFKC, case folding, default ignorables and confusable skeletons', () => {
    const key = publisherKey('Reuters');
    for (const spelling of ['Reuters\u200B', 'Reu\u200Bters', 'R\u0435uters', 'REUTERS', 'Ｒｅｕｔｅｒｓ', ' Reuters  ', 'Reu\u00ADters']) {
      expect(publisherKey(spelling), spelling).toBe(key);
    }
    expect(publisherKey('Reuter')).not.toBe(key);
    expect(publisherKey('Al Jazeera')).not.toBe(publisherKey('Al Arabiya'));
    expect(skeleton('rn')).toBe(skeleton('m'));
  });

  it('counts look-alike spellings once for the status', () => {
    const src = (id: string, publisher: string) => [id, { id, publisher } as Source] as const;
    const sources = new Map([src('a', 'Reuters'), src('b', 'R\u0435uters'), src('c', 'Reuters\u200B'), src('d', 'Associated Press')]);
    const claim = (...ids: string[]) => ({ evidence: ids.map((source) => ({ source, quote: 'x', stance: 'supports' })) }) as unknown as Claim;
    expect(earnedStatus(claim('a', 'b'), sources)).toBe('single-source');
    expect(earnedStatus(claim('a', 'c'), sources)).toBe('single-source');
    expect(earnedStatus(claim('a', 'd'), sources)).toBe('corroborated');
  });
});

describe('charPosition', () => {
  const at = (yaml: string, key: string, index: number) => {
    const yf = parseYaml('f.yaml', yaml, new Diagnostics())!;
    const map = yf.doc.contents;
    if (!isMap(map)) throw new Error('not a map');
    const node = map.items.find((p) => isScalar(p.key) && p.key.value === key)!.value;
    if (!isScalar(node)) throw new Error('not a scalar');
    const { line, col } = charPosition(yf, node, String(node.value), index);
    return `${line}:${col}`;
  };
  it('finds a character written literally, as an escape, in a folded block, after an escaped backslash', () => {
    expect(at('a: x\nb: plain \u200B here\n', 'b', 6)).toBe('2:10');
    expect(at('b: "esc \\u200B and \\u200B"\n', 'b', 10)).toBe('1:20');
    expect(at('b: "\\\\u200B \\u200B"\n', 'b', 7)).toBe('1:13');
    expect(at("b: 'it''s \u202E'\n", 'b', 5)).toBe('1:11');
    expect(at('b: >\n  one\n  two \u200F three\n', 'b', 8)).toBe('3:7');
  });
});
