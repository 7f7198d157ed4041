import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { charName } from '../../src/cite/char-names.js';
import { describeDifference, evidenceYaml, yamlQuoted } from '../../src/cite/differences.js';
import { allowedEdits, findQuote } from '../../src/cite/find.js';
import { isLocation, locateQuote } from '../../src/cite/verify.js';
import type { Source } from '../../src/workspace/types.js';
import { REPO } from '../helpers/cli.js';

function sample(id: string): Source {
  const snapshotFile = path.join(REPO, 'dossiers/sources', `${id}.txt`);
  return { id, title: 't', publisher: 'p', language: 'ar', file: 'f', snapshotFile, snapshot: fs.readFileSync(snapshotFile, 'utf8'), snapshotSha256: '' };
}

const ZH = sample('okx-ai-sun-yuchen-mostaque-zh');
const AR = sample('zephyrnet-stability-aws-bills-ar');
const AR_PASSAGE = 'مما ترك المال احتياطيًا قدره 4 ملايين دولار فقط بحلول أكتوبر الماضي';

function messages(s: Source, text: string): string[] {
  return (findQuote(s, text).found?.differences ?? []).filter((d) => d.kind !== 'white space').map((d) => describeDifference(d, 'text'));
}

describe('quote finder', () => {
  it('finds an exact passage, with its paragraph and line:col', () => {
    const r = findQuote(AR, AR_PASSAGE);
    expect(r.found?.stage).toBe('exact');
    expect(r.found?.text).toBe(AR_PASSAGE);
    expect(AR.snapshot.slice(r.found!.start, r.found!.end)).toBe(AR_PASSAGE);
    expect([r.found?.line, r.found?.col, r.found?.paragraph]).toEqual([9, 173, 5]);
  });

  it('finds a passage after white-space folding, and says which white space differs', () => {
    const r = findQuote(AR, AR_PASSAGE.replace('قدره 4', 'قدره\n  4'));
    expect(r.found?.stage).toBe('folded');
    expect(r.found?.text).toBe(AR_PASSAGE);
    expect(r.found?.differences?.map((d) => d.kind)).toEqual(['white space', 'white space', 'white space']);
  });

  it('forgives a full-width comma where the source has a comma, and names both', () => {
    const typed = '并投资了许多电子游戏和AI项目\uff0c并收益颇丰';
    const r = findQuote(ZH, typed);
    expect(r.found?.stage).toBe('approximate');
    expect(r.found?.text).toBe('并投资了许多电子游戏和AI项目,并收益颇丰');
    expect(r.found?.edits).toBe(0);
    expect(messages(ZH, typed)).toEqual(['the text has U+FF0C FULLWIDTH COMMA where the source has U+002C COMMA']);
  });

  it('forgives Arabic letters typed for one another (ى/ي, ا/أ) and a left-out vowel mark', () => {
    const typed = 'مما ترك المال احتياطيا قدره 4 ملايين دولار فقط بحلول اكتوبر الماضى';
    const r = findQuote(AR, typed);
    expect(r.found?.text).toBe(AR_PASSAGE);
    expect(r.found?.edits).toBe(0);
    expect(messages(AR, typed)).toEqual([
      'the source has U+064B ARABIC FATHATAN where the text has nothing',
      'the text has U+0627 ARABIC LETTER ALEF where the source has U+0623 ARABIC LETTER ALEF WITH HAMZA ABOVE',
      'the text has U+0649 ARABIC LETTER ALEF MAKSURA where the source has U+064A ARABIC LETTER YEH',
    ]);
  });

  it('forgives ة for ه, curly quotes, dashes and Cyrillic look-alikes', () => {
    const s: Source = { ...AR, snapshot: 'Intro.\n\nShe said "the deal - all of it" was over.\nكانت الشركة ناشئة\n' };
    const r = findQuote(s, 'said \u201cthe d\u0435al \u2014 all of it\u201d was');
    expect(r.found?.text).toBe('said "the deal - all of it" was');
    expect(r.found?.edits).toBe(0);
    expect(findQuote(s, 'كانت الشركه ناشئه').found?.differences?.map((d) => d.kind)).toEqual(['look-alike', 'look-alike']);
    expect(r.found?.paragraph).toBe(2);
  });

  it('counts typos, and is close at one typo per five characters', () => {
    const typed = AR_PASSAGE.replace('4 ملايين', '5 ملايين');
    const r = findQuote(AR, typed);
    expect(r.found?.text).toBe(AR_PASSAGE);
    expect(r.found?.edits).toBe(1);
    expect(messages(AR, typed)).toEqual(['the text has U+0035 DIGIT FIVE where the source has U+0034 DIGIT FOUR']);
    expect(allowedEdits('abcde fghij')).toBe(2);
    expect(allowedEdits('abcd')).toBe(0);
  });

  it('finds nothing close for words the source does not have, and still gives the nearest passages', () => {
    const r = findQuote(ZH, 'an entirely different sentence about something else');
    expect(r.found).toBeUndefined();
    expect(r.nearest.length).toBeGreaterThan(0);
    expect(r.nearest[0].edits).toBeGreaterThan(r.allowed);
  });

  it('the passage it gives as a quote verifies', () => {
    for (const typed of ['并投资了许多电子游戏和AI项目\uff0c并收益颇丰', 'مما ترك المال احتياطيا قدره 5 ملايين دولار']) {
      const r = findQuote(typed.startsWith('并') ? ZH : AR, typed);
      expect(isLocation(locateQuote(typed.startsWith('并') ? ZH : AR, r.found!.quote))).toBe(true);
    }
  });

  it('stays fast on a 1 MB snapshot (n-gram anchors, then local alignment)', () => {
    const parts = fs
      .readdirSync(path.join(REPO, 'dossiers/sources'))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => fs.readFileSync(path.join(REPO, 'dossiers/sources', f), 'utf8'));
    let big = '';
    while (big.length < 1_000_000) big += parts.join('\n\n');
    const s: Source = { ...AR, snapshot: `${big}\n\n${AR_PASSAGE.replace('4', '9')}\n` };
    const started = performance.now();
    const r = findQuote(s, 'مما ترك المال احتياطيا قدره 9 ملايين دولار فقط بحلول اكتوبر الماضى');
    const ms = performance.now() - started;
    expect(r.found?.edits).toBe(0);
    expect(r.found?.start).toBeGreaterThan(1_000_000);
    expect(ms).toBeLessThan(3000); // about 150 ms on an idle core
  });
});

describe('character names and YAML', () => {
  it('names code points as the unicode-name package does', async () => {
    const { unicodeReadableName } = await import('unicode-name');
    const points = [0x0a, 0x20, 0x2c, 0x41, 0xad, 0x623, 0x64b, 0x200b, 0x2014, 0x4e00, 0xac01, 0xff0c, 0x1f600, 0xe0041, 0x17000];
    for (let cp = 0; cp < 0x3000; cp += 7) points.push(cp);
    for (const cp of points) {
      const want = unicodeReadableName(cp) as string | undefined;
      if (want && !want.startsWith('<')) expect(charName(cp), cp.toString(16)).toBe(want);
    }
  });

  it('writes the evidence item as YAML that parses back to the passage', () => {
    for (const q of ['plain', 'with "quotes" and \\ backslash', 'a: colon # hash', "l'apostrophe", '- dash first', 'نص عربي', 'hidden\u202eoverride']) {
      const doc = parse(evidenceYaml('src-1', q)) as { source: string; quote: string }[];
      expect(doc).toEqual([{ source: 'src-1', quote: q }]);
    }
    expect(yamlQuoted('a\u202eb')).toBe('"a\\u202Eb"');
  });
});
