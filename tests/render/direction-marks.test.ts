/**
 * Copy and paste in poppler (pdftotext: Evince, Okular, most text pipelines) from right-to-left
 * paragraphs: src/pdf/engine/hooks/direction-marks.ts. poppler reads a line by position and
 * orders its parts with the page's direction alone; without the marks, on a page with more
 * right-to-left than left-to-right letters, a space or comma next to a Latin name or a number
 * goes to the wrong side of it ("Stability AIنحو", "،2022بما", "5-1" for "1-5").
 *
 * The oracle is poppler itself (skipped where pdftotext is not installed; CI installs
 * poppler-utils) and the dossier's own texts, compared the way the reader-evidence oracles do:
 * NFKC, no bidi controls, harakat or tatweel, white space folded, a line break standing for a
 * space.
 *
 * The marks must not show: pdf.js's text of the same PDF (an npm oracle) is checked to keep
 * every Arabic-script text in logical order as before (tests/render/copy-order.test.ts checks
 * the same without marks being a concern), and the marks it copies out are only the invisible
 * ones.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier, type BuiltDossier } from '../../src/build.js';
import { readPdf } from '../helpers/pdf.js';
import { REPO } from '../helpers/cli.js';

const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;

/** As the reader-evidence oracles compare: NFKC, no bidi controls, harakat or tatweel, folded white space. */
function norm(s: string): string {
  const harakat = (c: string) => c === '\u0640' || c === '\u0670' || (c >= '\u064b' && c <= '\u065f');
  return [...s.normalize('NFKC').replace(/[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g, '')]
    .filter((c) => !harakat(c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

let built: BuiltDossier;
let dir: string;

beforeAll(async () => {
  const cw = checkWorkspace(path.join(REPO, 'dossiers'));
  expect(cw.diags.errorCount).toBe(0);
  built = await renderDossier(cw, cw.ws.dossiers.get('stability-finances-ar')!);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'direction-marks-'));
}, 180000);

/** The dossier's statements, quotes and translations in Arabic script. */
function arabicTexts(b: BuiltDossier): string[] {
  const out: string[] = [];
  for (const s of b.cited.sections) {
    for (const c of s.claims) {
      out.push(c.statement.text);
      for (const e of c.evidence) {
        out.push(e.quote.text);
        if (e.translation) out.push(e.translation.text);
      }
    }
  }
  return out.filter((t) => /[\u0600-\u06ff]/u.test(t)).map(norm);
}

describe.skipIf(!hasPdftotext)('poppler pdftotext on an Arabic briefing', () => {
  it('gives most Arabic-script texts whole, with their spaces, numbers and Latin names in place', () => {
    const file = path.join(dir, 'ar.pdf');
    fs.writeFileSync(file, built.pdf);
    const text = norm(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
    const texts = arabicTexts(built);
    const mixed = texts.filter((t) => /[0-9A-Za-z]/.test(t));
    expect(mixed.length, 'texts with digits or Latin letters').toBeGreaterThan(20);
    const whole = mixed.filter((t) => text.includes(t));
    // Without the marks none of these 69 come out whole (poppler 22.12), with them 45; the rest
    // are paragraphs that poppler cuts into blocks or lines it orders otherwise, or lines
    // with left-to-right paragraphs inside.
    expect(whole.length / mixed.length).toBeGreaterThan(0.5);
  });
});

describe('pdf.js on the same PDF', () => {
  it('still reads every Arabic-script text in logical order, and copies out no visible mark', async () => {
    const pages = (await readPdf(built.pdf)).pages;
    const raw = pages.map((p) => p.items.map((i) => i.str).join(' ')).join(' ');
    // Marks are only the invisible ones (RLM, LRM, ALM); nothing else was added to the text.
    expect(raw).not.toMatch(/[\u2066-\u2069\u202a-\u202e]/);
    const flat = norm(raw).replace(/\s/g, '');
    const wrong = arabicTexts(built).filter((t) => !flat.includes(t.replace(/\s/g, '')));
    // (pdf.js split "إلا", lam-alef, until nominal-widths.ts: none may fail now.)
    expect(wrong).toEqual([]);
  });
});
