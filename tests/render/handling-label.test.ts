/**
 * The handling label (TLP) stands once in each page region that carries it: the running header
 * and the running footer of every page (as TLP asks), and not a third time in the front matter.
 */
import { describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier } from '../../src/build.js';
import path from 'node:path';
import { MINI, REPO } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';

describe('handling label', () => {
  for (const [root, id, label] of [
    [MINI, 'brief', 'TLP:CLEAR'],
    [path.join(REPO, 'dossiers'), 'stability-finances-handout', 'TLP:CLEAR'],
  ] as const) {
    it(`${id}: in the header and the footer of every page, once each`, async () => {
      const cw = checkWorkspace(root);
      const dossier = cw.ws.dossiers.get(id)!;
      expect(dossier.handling).toBe(label);
      const { pages } = await readPdf((await renderDossier(cw, dossier)).pdf);
      for (const page of pages) {
        const labels = page.items.filter((i) => i.str.includes(label));
        expect(labels.length, `page ${page.page}`).toBe(2);
        const [top, bottom] = labels.map((i) => i.y).sort((a, b) => b - a);
        expect(top).toBeGreaterThan(page.height - 60); // in the top margin
        expect(bottom).toBeLessThan(60); // in the bottom margin
      }
    });
  }
});
