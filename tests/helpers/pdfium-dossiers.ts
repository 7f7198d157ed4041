/**
 * Dossiers built in-process and read back by PDFium (tests/helpers/pdfium.ts), for the tests
 * of what Chrome's and Edge's viewers copy out: each dossier's whole text, pages joined, with
 * the direction marks left out and white space folded, as the oracles' measure does.
 */
import { expect } from 'vitest';
import { checkWorkspace, renderDossier, type BuiltDossier } from '../../src/build.js';
import { foldText } from './pdf.js';
import { pdfiumPageTexts } from './pdfium.js';

/** A text as the PDFium tests compare it: marks out, white space folded, NFC. */
export const foldForPdfium = (s: string): string => foldText(s.replace(/\r\n/g, ' ')).normalize('NFC');

/** Builds the dossiers `ids` of each workspace root; by id: the build and PDFium's folded text. */
export async function buildForPdfium(sets: readonly (readonly [string, readonly string[]])[]): Promise<Map<string, { b: BuiltDossier; text: string }>> {
  const built = new Map<string, { b: BuiltDossier; text: string }>();
  for (const [root, ids] of sets) {
    const cw = checkWorkspace(root);
    expect(cw.diags.errorCount).toBe(0);
    for (const id of ids) {
      const b = await renderDossier(cw, cw.ws.dossiers.get(id)!);
      built.set(id, { b, text: foldForPdfium((await pdfiumPageTexts(b.pdf)).join(' ')) });
    }
  }
  return built;
}

/** Every statement, quote and translation of a built dossier, folded. */
export function dossierTexts(b: BuiltDossier): string[] {
  return b.cited.sections.flatMap((s) =>
    s.claims.flatMap((c) =>
      [c.statement, ...c.evidence.flatMap((e) => (e.translation ? [e.quote, e.translation] : [e.quote]))].map((t) => foldForPdfium(t.text)),
    ),
  );
}
