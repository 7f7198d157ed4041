import { describe, expect, it } from 'vitest';
import { fold } from '../../src/cite/normalize.js';
import { isLocation, locateQuote } from '../../src/cite/verify.js';
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
    expect(f.map.slice(0, 5)).toEqual([0, 1, 3, 4, 6]);
  });
});
