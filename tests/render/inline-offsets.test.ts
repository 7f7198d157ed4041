/**
 * A word with a vowel mark (a haraka, shadda or tanween placed above or below its letter)
 * copies out whole and in place in PDFium (Chrome, Edge): "عماد مصطفى عاملاً مهمًا" and not
 * the word cut from its line. pdfkit drew each such mark as a text object of its own, moved up
 * or down with the text matrix, and PDFium took it for a line of its own, breaking the line's
 * order around it; hooks/inline-offsets.ts draws it in line with its word as a composite glyph
 * that carries the offset. PDFium (@embedpdf/pdfium, FPDFText_GetText) is the oracle.
 * The phrases are the dossiers' own: each run of three Arabic-script words whose middle word
 * has a mark, with a space on each side. Without the hook none comes out whole (0 of 23 in the
 * Arabic briefing, 0 of 6 in the English one); with it all do. A phrase may still be cut by a
 * line break or one of PDFium's other failures (brackets, a note number from the next line),
 * so a few are allowed to miss.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuiltDossier } from '../../src/build.js';
import { buildForPdfium, dossierTexts } from '../helpers/pdfium-dossiers.js';
import { REPO } from '../helpers/cli.js';

let built: Map<string, { b: BuiltDossier; text: string }>;

beforeAll(async () => {
  built = await buildForPdfium([[path.join(REPO, 'dossiers'), ['stability-finances-ar', 'mostaque-profile']]]);
}, 180000);

const WORD = String.raw`[\u0620-\u064a\u066e-\u06d3]+`;
const MARKED = String.raw`[\u0620-\u064a\u066e-\u06d3]*[\u064b-\u0652][\u0620-\u0652\u066e-\u06d3]*`;
/** Three Arabic words, the middle one with a vowel mark. Overlapping runs are all found (lookahead). */
const MARKED_PHRASE = new RegExp(`(?<=^|\\s)(?=(${WORD} ${MARKED} ${WORD})(?=\\s|$))`, 'gu');

function phrases(b: BuiltDossier): string[] {
  return [...new Set(dossierTexts(b).flatMap((t) => [...t.matchAll(MARKED_PHRASE)].map((m) => m[1])))];
}

describe.each(['stability-finances-ar', 'mostaque-profile'])('PDFium text of %s', (id) => {
  it('gives each word with a vowel mark whole, between its neighbours', () => {
    const { b, text } = built.get(id)!;
    const wanted = phrases(b);
    expect(wanted.length, 'phrases with a marked word').toBeGreaterThan(5);
    const found = wanted.filter((p) => text.includes(p));
    const missed = wanted.filter((p) => !text.includes(p));
    expect(found.length / wanted.length, `found ${found.length} of ${wanted.length}; missed ${JSON.stringify(missed)}`).toBeGreaterThanOrEqual(0.95);
  });
});

/**
 * A citation marker (a superscript) drawn 0.75 em above its line was a text object PDFium took
 * for a line of its own and joined to the next, so the number landed inside the text:
 * "الأعمال 1 المبرمج" where the quote reads "الأعمال المبرمج" (hooks/raised-runs.ts). Every
 * two neighbouring words of a dossier's texts that PDFium gives with a number between them,
 * where the text has none, is such an intrusion. Without the hook the Arabic briefing has
 * several; with it, none.
 */
const PAIR_WITH_NUMBER = /(\S+) (\d+) (\S+)/gu;

function intrusions(b: BuiltDossier, text: string): string[] {
  const texts = dossierTexts(b);
  const pairs = new Set<string>();
  for (const t of texts) {
    const words = t.split(' ');
    for (let i = 0; i + 1 < words.length; i++) if (/[\u0600-\u06ff]/u.test(words[i] + words[i + 1])) pairs.add(`${words[i]} ${words[i + 1]}`);
  }
  // A pair of neighbours with a number between them that no text has ("في 5 أكتوبر" is one).
  return [...text.matchAll(PAIR_WITH_NUMBER)].map((m) => m[0]).filter((m) => pairs.has(m.replace(/ \d+ /u, ' ')) && !texts.some((t) => t.includes(m)));
}

describe.each(['stability-finances-ar', 'mostaque-profile'])('PDFium text of %s', (id) => {
  it('keeps each citation marker out of the words of the text it follows', () => {
    const { b, text } = built.get(id)!;
    expect(intrusions(b, text)).toEqual([]);
  });
});
