/**
 * A zero-width non-joiner (Persian "می‌خواهد") copies out as itself, not as a space: fontkit
 * draws it with the space glyph, whose ToUnicode entry was the space (hooks/hidden-ignorables.ts).
 * PDFium (the @embedpdf/pdfium WebAssembly build, as Chrome copies) is the oracle; every word
 * of the fixture holding a ZWNJ is looked for, with the ZWNJ, and the same word cut by a space
 * must not be there.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier } from '../../src/build.js';
import { pdfiumPageTexts } from '../helpers/pdfium.js';
import { REPO } from '../helpers/cli.js';

const texts = new Map<string, { pdfium: string; words: string[] }>();

beforeAll(async () => {
  const cw = checkWorkspace(path.join(REPO, 'tests/fixtures/mixed'));
  expect(cw.diags.errorCount).toBe(0);
  for (const id of ['mixed-ar', 'mixed-en']) {
    const b = await renderDossier(cw, cw.ws.dossiers.get(id)!);
    const words = new Set<string>();
    for (const s of b.cited.sections)
      for (const c of s.claims)
        for (const t of [c.statement, ...c.evidence.flatMap((e) => [e.quote, ...(e.translation ? [e.translation] : [])])])
          for (const w of t.text.split(/\s+/u)) if (w.includes('\u200c')) words.add(w.replace(/[.,،«»"]/gu, ''));
    texts.set(id, { pdfium: (await pdfiumPageTexts(b.pdf)).join(' ').normalize('NFC'), words: [...words] });
  }
}, 180000);

describe.each(['mixed-ar', 'mixed-en'])('%s', (id) => {
  it('gives each word with a zero-width non-joiner with it, not with a space', () => {
    const { pdfium, words } = texts.get(id)!;
    expect(words.length, 'words with a ZWNJ in the fixture').toBeGreaterThan(0);
    for (const w of words) {
      expect(pdfium.includes(w.normalize('NFC')), w).toBe(true);
      expect(pdfium.includes(w.replace(/\u200c/gu, ' ').normalize('NFC')), w).toBe(false);
    }
  });
});
