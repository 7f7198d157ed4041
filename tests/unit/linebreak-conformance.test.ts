// UAX #14 conformance of src/typeset/linebreak.ts against Unicode 15.0's LineBreakTest.txt, and the typesetting
// tailoring (kinsoku) on Japanese/Chinese samples.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import LineBreaker from 'linebreak';
import { splitForLayout } from '../helpers/breaks.js';
import { describe, expect, it } from 'vitest';
import { breakOpportunities, rawReducedClass, typesetBreaks } from '../../src/typeset/linebreak.js';

function fixture(name: string): string {
  return gunzipSync(readFileSync(new URL(`../fixtures/unicode/${name}`, import.meta.url))).toString('utf8');
}

interface Case {
  line: string;
  cps: number[];
  text: string;
  expected: number[]; // UTF-16 positions of ÷ (excluding the one before the first character)
  rules: string[]; // rule number at each boundary after code point k (k = 0..n-1)
}

function parseCases(): Case[] {
  const cases: Case[] = [];
  for (const line of fixture('LineBreakTest.txt.gz').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [body, comment = ''] = line.split('#');
    const tokens = body!.trim().split(/\s+/);
    const cps: number[] = [];
    const expected: number[] = [];
    let text = '';
    for (let t = 1; t < tokens.length; t += 2) {
      const cp = parseInt(tokens[t]!, 16);
      cps.push(cp);
      text += String.fromCodePoint(cp);
      if (tokens[t + 1] === '÷') expected.push(text.length);
    }
    const rules = [...comment.matchAll(/[×÷] \[([\d.]+)\]/g)].map((m) => m[1]!).slice(1);
    cases.push({ line, cps, text, expected, rules });
  }
  return cases;
}

/** Rules (from the test's comments) at the boundaries where `got` differs from the expectation. */
function differingRules(c: Case, got: number[]): string[] {
  const exp = new Set(c.expected);
  const have = new Set(got);
  const rules: string[] = [];
  let pos = 0;
  c.cps.forEach((cp, k) => {
    pos += cp > 0xffff ? 2 : 1;
    if (exp.has(pos) !== have.has(pos)) rules.push(c.rules[k] ?? '?');
  });
  return rules;
}

/**
 * The cases the product cares most about: only CJK ideographs, kana, CJK punctuation, Latin letters, digits,
 * spaces and common punctuation.
 */
function isCjkLatinCommon(cp: number): boolean {
  return (
    (cp >= 0x20 && cp <= 0x7e) || // ASCII letters, digits, space, punctuation
    (cp >= 0xa0 && cp <= 0xff) || // Latin-1 letters and punctuation
    (cp >= 0x100 && cp <= 0x17f) || // Latin Extended-A
    (cp >= 0x2000 && cp <= 0x206f) || // General Punctuation
    (cp >= 0x3000 && cp <= 0x30ff) || // CJK Symbols and Punctuation, Hiragana, Katakana
    (cp >= 0x31f0 && cp <= 0x31ff) || // Katakana Phonetic Extensions (small kana)
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xff00 && cp <= 0xffef) || // Halfwidth and Fullwidth Forms
    (cp >= 0x20000 && cp <= 0x3fffd)
  ); // CJK Extension B and later
}

/**
 * Ratchet. Measured with linebreak 1.1.0 alone: 59 of 7,654 cases fail (99.23 % pass):
 *   - 36 LB25 cases: the test file uses UAX #14's number tailoring (section 8.2, Example 7), the package the
 *     plain LB25 pairs ("a.2", "}%", "$(" and "code\(s\)" get no break);
 *   - 22 LB30 cases: no break between AL/HL/NU and a WIDE opening bracket (U+2329, U+FF08 ...), which LB30
 *     excludes since it gained its East_Asian_Width condition;
 *   - 1 LB30b case (below).
 * 20 of the 59 are in the CJK/Latin/common-punctuation subset tested below (e.g. "ab（ク", "る。dog（犬）").
 * breakOpportunities corrects LB25 and LB30 (see src/typeset/linebreak.ts). What remains is 1 case:
 *   × 1F02C × 1F3FF ÷  — LB30b "[\p{Extended_Pictographic}&\p{Cn}] × EM": the package only knows EB × EM,
 *   and the rule is about an UNASSIGNED code point (reserved Mahjong-tile slot) before a skin-tone modifier;
 *   not worth a table of Extended_Pictographic.
 */
const MAX_FAILURES = 1;
const KNOWN_FAILING_RULES = new Set(['30.22']);

describe('LineBreakTest-15.0.0', () => {
  const cases = parseCases();

  it('has all 7,654 cases', () => {
    expect(cases.length).toBe(7654);
  });

  it('breakOpportunities passes every case but the known LB30b one', () => {
    const failures: { c: Case; got: number[]; rules: string[] }[] = [];
    for (const c of cases) {
      const got = breakOpportunities(c.text).map((b) => b.position);
      if (got.join(',') !== c.expected.join(',')) failures.push({ c, got, rules: differingRules(c, got) });
    }
    const pass = cases.length - failures.length;
    console.info(`LineBreakTest: ${pass}/${cases.length} pass (${((100 * pass) / cases.length).toFixed(2)} %)`);
    const report = failures
      .slice(0, 10)
      .map((f) => `${f.c.line}\n    got ÷ at ${f.got.join(',')}, expected ${f.c.expected.join(',')}; rules ${f.rules.join(',')}`);
    if (failures.length > MAX_FAILURES) console.error(report.join('\n'));
    expect(failures.length).toBeLessThanOrEqual(MAX_FAILURES);
    for (const f of failures) for (const r of f.rules) expect(KNOWN_FAILING_RULES.has(r), report.join('\n')).toBe(true);
  });

  it('every case of only CJK, kana, Latin, digits, spaces and common punctuation passes', () => {
    const subset = cases.filter((c) => c.cps.every(isCjkLatinCommon));
    expect(subset.length).toBe(1157); // 20 of them fail with the linebreak package alone
    const failing = subset.filter(
      (c) =>
        breakOpportunities(c.text)
          .map((b) => b.position)
          .join(',') !== c.expected.join(','),
    );
    expect(failing.map((c) => c.line)).toEqual([]);
  });

  it('the linebreak package alone still fails the cases documented above (so the corrections are needed)', () => {
    let failures = 0;
    for (const c of cases) {
      const got: number[] = [];
      const breaker = new LineBreaker(c.text);
      for (let b = breaker.nextBreak(); b; b = breaker.nextBreak()) got.push(b.position);
      if (got.join(',') !== c.expected.join(',')) failures++;
    }
    console.info(`linebreak 1.1.0 alone: ${cases.length - failures}/${cases.length} pass`);
    expect(failures).toBeLessThanOrEqual(59);
  });

  it('required breaks: after LF, CR LF, CR, NEL, LS, FF, VT', () => {
    expect(breakOpportunities('a\nb\r\nc\rd\u0085e\u2028f')).toEqual([
      { position: 2, required: true },
      { position: 5, required: true },
      { position: 7, required: true },
      { position: 9, required: true },
      { position: 11, required: true },
      { position: 12, required: false },
    ]);
    expect(breakOpportunities('')).toEqual([]);
  });
});

describe('Unicode 15.0 Line_Break table in linebreak.ts', () => {
  it('matches LineBreak-15.0.0.txt and EastAsianWidth-15.0.0.txt for every code point', () => {
    const load = (name: string, dflt: string): string[] => {
      const text = fixture(name);
      const values: string[] = new Array(0x110000).fill(dflt);
      for (const m of text.matchAll(/^# @missing: ([0-9A-F]+)\.\.([0-9A-F]+); (\w+)/gm)) {
        for (let cp = parseInt(m[1]!, 16); cp <= parseInt(m[2]!, 16); cp++) values[cp] = m[3]!;
      }
      for (const m of text.matchAll(/^([0-9A-F]+)(?:\.\.([0-9A-F]+))?\s*;\s*(\w+)/gm)) {
        const first = parseInt(m[1]!, 16);
        const last = m[2] ? parseInt(m[2], 16) : first;
        for (let cp = first; cp <= last; cp++) values[cp] = m[3]!;
      }
      return values;
    };
    const lb = load('LineBreak.txt.gz', 'XX');
    const ea = load('EastAsianWidth.txt.gz', 'N');
    const MAP: Record<string, string> = {
      AL: 'A',
      HL: 'A',
      AI: 'A',
      SG: 'A',
      XX: 'A',
      SA: 'T',
      NU: 'N',
      SY: 'Y',
      IS: 'I',
      CL: 'C',
      CP: 'P',
      PO: 'O',
      PR: 'R',
      CM: 'M',
      ZWJ: 'Z',
      BK: 'B',
      CR: 'B',
      LF: 'B',
      NL: 'B',
      SP: 'S',
      ZW: 'V',
    };
    const reduced = (cp: number) => (lb[cp] === 'OP' ? (['F', 'W', 'H'].includes(ea[cp]!) ? 'W' : 'Q') : (MAP[lb[cp]!] ?? 'X'));
    let wrong = 0;
    for (let cp = 0; cp < 0x110000; cp++) if (rawReducedClass(cp) !== reduced(cp)) wrong++;
    if (wrong > 0) {
      let table = '';
      let prev = reduced(0);
      let len = 1;
      for (let cp = 1; cp < 0x110000; cp++) {
        const r = reduced(cp);
        if (r === prev) len++;
        else {
          table += len.toString(36) + prev;
          prev = r;
          len = 1;
        }
      }
      table += len.toString(36) + prev;
      console.error(`LB_TABLE differs at ${wrong} code points; regenerated:\n${table}`);
    }
    expect(wrong).toBe(0);
  });
});

describe('typesetBreaks (kinsoku) and splitForLayout', () => {
  const positions = (text: string, lang: string) => typesetBreaks(text, lang).map((b) => b.position);
  const charsAround = (text: string, lang: string) =>
    typesetBreaks(text, lang)
      .filter((b) => b.position < text.length)
      .map((b) => text.slice(b.position - 1, b.position + 1));

  it('「東京」は、日本の首都です。', () => {
    const text = '「東京」は、日本の首都です。';
    const breaks = positions(text, 'ja');
    for (const p of breaks) {
      if (p === text.length) continue;
      expect('、。」'.includes(text[p]!), `break before ${text[p]}`).toBe(false);
      expect(text[p - 1], 'break after 「').not.toBe('「');
    }
    expect(splitForLayout(text, 'ja')).toEqual(['「東', '京」', 'は、', '日', '本', 'の', '首', '都', 'で', 'す。']);
  });

  it('no break before small kana, the prolonged sound mark, iteration marks, middle dot; none after opening brackets', () => {
    const text = 'キャッシュ・メモリーを『々木』（とっても）【速い】〔注〕ぁぃ';
    for (const pair of charsAround(text, 'ja')) {
      expect('ャッュー・々』）】〕ぃ、。'.includes(pair[1]!), `break before ${pair[1]} in ${pair}`).toBe(false);
      expect('「『（〔【'.includes(pair[0]!), `break after ${pair[0]} in ${pair}`).toBe(false);
    }
    expect(splitForLayout('キャッシュ', 'ja')).toEqual(['キャッ', 'シュ']);
    expect(splitForLayout('コーヒー', 'ja')).toEqual(['コー', 'ヒー']);
  });

  it('Latin words and numbers inside Japanese stay whole; spaces may break', () => {
    const text = 'Stable Diffusionは2022年に公開されたGPT4やＡＩモデル';
    const segments = splitForLayout(text, 'ja');
    expect(segments.join('')).toBe(text);
    expect(segments).toContain('Stable ');
    expect(segments.some((s) => s.startsWith('Diffusion'))).toBe(true);
    for (const word of ['Stable', 'Diffusion', '2022', 'GPT4', 'ＡＩ']) {
      const start = text.indexOf(word);
      for (const p of positions(text, 'ja')) expect(p > start && p < start + word.length, `break inside ${word}`).toBe(false);
    }
  });

  it('Chinese: no line-start 。，、；：？！）》」』, no line-end （《「『', () => {
    const text = '他说：“我们明天去北京（首都）。”《红楼梦》很好看，对吗？「是的」！';
    for (const pair of charsAround(text, 'zh-Hans')) {
      expect('。，、；：？！）》」』”'.includes(pair[1]!), `break before ${pair[1]}`).toBe(false);
      expect('（《「『“'.includes(pair[0]!), `break after ${pair[0]}`).toBe(false);
    }
  });

  it('CJK: a break may come before “ and after ” next to East Asian text (UAX #14 15.0 forbids it)', () => {
    const text = '彼は“東京”と言った';
    expect(breakOpportunities(text).map((b) => b.position)).not.toContain(2);
    expect(positions(text, 'ja')).toContain(2); // は|“
    expect(positions(text, 'ja')).toContain(6); // ”|と
    expect(positions(text, 'ja')).not.toContain(3); // “|東
    expect(positions(text, 'ja')).not.toContain(5); // 京|”
    expect(positions(text, 'en')).not.toContain(2); // only for CJK languages
  });

  it('fullwidth brackets after Latin text may break before them (LB30), not after them', () => {
    expect(breakOpportunities('ab（ク）').map((b) => b.position)).toEqual([2, 5]);
    expect(breakOpportunities('ab(c)').map((b) => b.position)).toEqual([5]);
  });

  it('non-CJK languages get plain UAX #14 (Latin runs are already whole there)', () => {
    const text = 'The \u0627\u0644\u0633\u0644\u0627\u0645 (peace), 3.5% e-mail';
    expect(typesetBreaks(text, 'en')).toEqual(breakOpportunities(text));
    expect(typesetBreaks(text, 'ar')).toEqual(breakOpportunities(text));
    expect(splitForLayout(text, 'en')).toEqual(['The ', '\u0627\u0644\u0633\u0644\u0627\u0645 ', '(peace), ', '3.5% ', 'e-', 'mail']);
  });

  it('required breaks survive the tailoring; splitForLayout concatenates back to the input', () => {
    expect(typesetBreaks('「あ\nい」', 'ja')).toEqual([
      { position: 3, required: true },
      { position: 5, required: false },
    ]);
    const alphabet = [...'「」『』（）【】、。・ーゃっ東京日本はのですAbc12 .,!?“”\n\u0627\u05D0\u{20000}\u0301'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { maxLength: 30 }).map((a) => a.join('')),
        fc.constantFrom('ja', 'zh', 'ko', 'en', 'ar'),
        (text, lang) => {
          const segments = splitForLayout(text, lang);
          expect(segments.join('')).toBe(text);
          expect(segments.every((s) => s.length > 0)).toBe(true);
          const ps = typesetBreaks(text, lang).map((b) => b.position);
          expect(ps).toEqual([...ps].sort((a, b) => a - b));
          if (text.length > 0) expect(ps[ps.length - 1]).toBe(text.length);
          // tailoring only removes breaks from UAX #14, except the CJK quotation-mark rule
          const base = new Set(breakOpportunities(text).map((b) => b.position));
          for (const p of ps) expect(base.has(p) || '“”‘’'.includes(text[p] ?? '') || '“”‘’'.includes(text[p - 1]!)).toBe(true);
          // never inside a surrogate pair
          for (const p of ps) expect(text.charCodeAt(p) >= 0xdc00 && text.charCodeAt(p) <= 0xdfff).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
