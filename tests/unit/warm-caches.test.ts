/**
 * What a long-lived process (the watch, batch workers) keeps between builds is keyed by the text
 * it was computed from: a changed text is computed again, an unchanged one gives what it gave
 * before, diagnostics included. (The engine's caches are compared with cold builds byte for byte
 * in tests/render/warm-build.test.ts and tests/cli/watch.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/diagnostics.js';
import { isLocation, locateQuote } from '../../src/cite/verify.js';
import { paragraphWords } from '../../src/pdf/engine/hooks/line-breaks.js';
import { TextMemo } from '../../src/typeset/text-memo.js';
import { parseYamlReusing } from '../../src/workspace/yaml.js';
import type { Source } from '../../src/workspace/types.js';

const source = (snapshot: string): Source => ({
  id: 's',
  title: 't',
  publisher: 'p',
  language: 'en',
  file: '/ws/sources/s.yaml',
  snapshotFile: '/ws/sources/s.txt',
  snapshot,
  snapshotSha256: '',
});

describe('kept between builds', () => {
  it('a snapshot edited between loads is searched in its new text', () => {
    const before = locateQuote(source('The board met on Monday.'), 'met on Monday');
    expect(isLocation(before) && before.start).toBe(10);
    // The same source file, loaded again with other text: the quote moved, and the old one is gone.
    const after = locateQuote(source('Yesterday the board met on Monday.'), 'met on Monday');
    expect(isLocation(after) && after.start).toBe(20);
    expect(isLocation(locateQuote(source('The board met on Tuesday.'), 'met on Monday'))).toBe(false);
  });

  it('a YAML file is parsed again when its text changed, and reports its errors every time it is read', () => {
    const file = '/ws/claims/kept.yaml';
    const broken = 'id: a\nid: b\n';
    for (let k = 0; k < 2; k++) {
      const diags = new Diagnostics();
      expect(parseYamlReusing(file, broken, diags)).toBeUndefined();
      expect(diags.items.map((d) => [d.line, d.col, d.message])).toEqual([[2, 1, 'YAML syntax: the key "id" appears twice in one mapping']]);
    }
    const diags = new Diagnostics();
    const fixed = parseYamlReusing(file, 'id: a\nstatement: b\n', diags);
    expect(diags.items).toEqual([]);
    expect(fixed?.doc.toJS()).toEqual({ id: 'a', statement: 'b' });
    expect(parseYamlReusing(file, 'id: c\n', new Diagnostics())?.doc.toJS()).toEqual({ id: 'c' });
  });

  it('a paragraph broken for one language is broken anew for another', () => {
    // UAX #14 as tailored for Chinese breaks before an opening quotation mark; the default does not.
    const text = [{ text: '他说\u201C你好\u201D然后走了' }];
    const opensWord = (lang: string) =>
      paragraphWords(text, lang)
        .flat()
        .some((w) => w.text.startsWith('\u201C'));
    expect(opensWord('en')).toBe(false);
    expect(opensWord('zh-Hans')).toBe(true);
    expect(opensWord('en')).toBe(false);
  });

  it('a text memo forgets everything past its bound, and keeps what it was given', () => {
    const memo = new TextMemo<number>(10);
    memo.set('abcdef', 1);
    expect(memo.get('abcdef')).toBe(1);
    memo.set('ghijkl', 2); // 12 characters: the first is dropped
    expect(memo.get('abcdef')).toBeUndefined();
    expect(memo.get('ghijkl')).toBe(2);
  });
});
