/**
 * Shaping against HarfBuzz, the reference shaper: fontkit (which pdfkit uses to lay out every
 * word) must give the same glyphs and the same positions as hb-shape for words of the samples:
 * Arabic joining and ligatures (lam-alef, the Allah ligature), harakat placement, Persian and
 * Urdu letters, the zero-width non-joiner, Hebrew, Vietnamese stacked diacritics. HarfBuzz's
 * output is vendored in tests/fixtures/harfbuzz/shaping.json (see generate.mjs there), so the
 * test runs without HarfBuzz installed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FONTS_DIR } from '../../src/typeset/fonts.js';
import { prepareForFontkit } from '../../src/typeset/bidi.js';
import { REPO } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as {
  openSync(p: string): { layout(t: string): { glyphs: { id: number }[]; positions: { xAdvance: number; xOffset: number; yOffset: number }[] } };
};

interface Case {
  font: string;
  text: string;
  glyphs: [number, number, number, number][];
}
const { generator, cases } = JSON.parse(fs.readFileSync(path.join(REPO, 'tests/fixtures/harfbuzz/shaping.json'), 'utf8')) as {
  generator: string;
  cases: Case[];
};

describe(`shaping agrees with ${generator}`, () => {
  it('covers Arabic, Persian, Urdu, Hebrew and Vietnamese words', () => {
    expect(cases.length).toBeGreaterThan(30);
    expect(cases.some((c) => c.text.includes('\u200c'))).toBe(true);
  });

  it.each(cases.map((c) => [c.text, c] as const))('%s', (_text, c) => {
    const font = fontkit.openSync(path.join(FONTS_DIR, c.font));
    // The text as the adapter hands it to pdfkit: a right-to-left word at level 1.
    const rtl = /[\u0590-\u08ff]/u.test(c.text);
    const run = font.layout(prepareForFontkit(c.text, rtl ? 1 : 0));
    const got = run.glyphs.map((g, i) => [g.id, run.positions[i].xAdvance, run.positions[i].xOffset, run.positions[i].yOffset]);
    expect(got).toEqual(c.glyphs);
  });
});
