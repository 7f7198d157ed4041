/**
 * settings.yaml and a dossier's page setup over it (src/template/settings.ts): lengths in every
 * unit against their definitions (1 in = 25.4 mm = 72 pt), start and end margins by direction,
 * and the errors about the page as a whole, each at the line and column of the value to change.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticError, Diagnostics } from '../../src/diagnostics.js';
import { pageMargins, pageSetupOf, readSettings } from '../../src/template/settings.js';
import { dossierSpec } from '../../src/workspace/spec.js';
import type { Dossier } from '../../src/workspace/types.js';
import { validateNode } from '../../src/workspace/validate.js';
import { parseYaml } from '../../src/workspace/yaml.js';

function settings(yaml: string, partials: string[] = ['header', 'footer']) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-settings-'));
  fs.writeFileSync(path.join(dir, 'settings.yaml'), yaml);
  const diags = new Diagnostics();
  const s = readSettings(dir, dir, new Set(partials), diags);
  return { s, diags: diags.items, file: path.join(dir, 'settings.yaml') };
}

function dossier(yaml: string): Dossier {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-def-')), 'd.yaml');
  const text = `id: d\ntitle: T\nlanguage: en\nsections:\n  - title: S\n    claims: [x]\n${yaml}`;
  fs.writeFileSync(file, text);
  const diags = new Diagnostics();
  const yf = parseYaml(file, text, diags)!;
  const d = validateNode(yf, yf.doc.contents, dossierSpec, diags, 'dossier') as Dossier;
  expect(diags.items).toEqual([]);
  return Object.assign(d, { file, template: 'briefing' });
}

const errorsOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics;
    throw e;
  }
  return [];
};

describe('settings.yaml', () => {
  it('reads lengths in mm, cm, in and pt', () => {
    const { s, diags } = settings('margins:\n  top: 25.4mm\n  bottom: 2.54cm\n  start: 1in\n  end: 72pt\n');
    expect(diags).toEqual([]);
    for (const v of Object.values(s.margins)) expect(v).toBeCloseTo(72, 9);
  });

  it('puts the start margin on the left in left-to-right dossiers and on the right in right-to-left ones', () => {
    const { s } = settings('margins: { top: 15mm, bottom: 20mm, start: 30mm, end: 15mm }\n');
    const setup = pageSetupOf(s, dossier(''));
    const mm = 72 / 25.4;
    expect(pageMargins(setup, 'ltr').map((v) => v / mm)).toEqual([30, 15, 15, 20].map((v) => expect.closeTo(v, 9)));
    expect(pageMargins(setup, 'rtl').map((v) => v / mm)).toEqual([15, 15, 30, 20].map((v) => expect.closeTo(v, 9)));
  });

  it('without settings.yaml or a header partial: the defaults, and no running header', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-settings-'));
    const diags = new Diagnostics();
    const s = readSettings(dir, dir, new Set(['footer']), diags);
    expect(diags.items).toEqual([]);
    expect(s.paper).toBe('A4');
    expect(s.header).toBeUndefined();
    expect(s.footer?.partial).toBe('footer');
  });

  it('a dossier overrides one margin and keeps the others', () => {
    const { s } = settings('paper: A5\nmargins: { top: 15mm, bottom: 20mm, start: 30mm, end: 15mm }\n');
    const setup = pageSetupOf(s, dossier('margins:\n  end: 5mm\n'));
    const mm = 72 / 25.4;
    expect(setup.margins.end / mm).toBeCloseTo(5, 9);
    expect(setup.margins.start / mm).toBeCloseTo(30, 9);
    expect(setup.width / mm).toBeCloseTo(148, 9);
  });

  it('a custom paper and an orientation that disagree: an error at the orientation', () => {
    const { s, file } = settings('paper: { width: 148mm, height: 210mm }\norientation: landscape\n');
    const [e] = errorsOf(() => pageSetupOf(s, dossier('')));
    expect(e).toMatchObject({ file, line: 2, col: 14 });
    expect(e.message).toMatch(/orientation landscape disagrees with the custom paper \(148mm wide, 210mm high\)/);
  });

  it('a header that starts below the top margin: an error at its from_edge, or at the dossier margin that made it so', () => {
    const { s, file } = settings('margins: { top: 20mm }\nheader:\n  from_edge: 25mm\n');
    const [e] = errorsOf(() => pageSetupOf(s, dossier('')));
    expect(e).toMatchObject({ file, line: 3, col: 14 });
    expect(e.message).toMatch(/running header starts 25mm from the top edge, outside the top margin of 20mm/);
    const ok = settings('header:\n  from_edge: 10mm\n').s;
    const d = dossier('margins:\n  top: 8mm\n');
    const [e2] = errorsOf(() => pageSetupOf(ok, d));
    expect(e2).toMatchObject({ file: d.file, line: 8, col: 8 });
  });

  it('numbers notes through the document unless settings.yaml or the dossier says per page; the dossier wins', () => {
    expect(pageSetupOf(settings('').s, dossier('')).noteNumbering).toBe('continuous');
    const perPage = settings('notes:\n  numbering: per-page\n');
    expect(perPage.diags).toEqual([]);
    expect(pageSetupOf(perPage.s, dossier('')).noteNumbering).toBe('per-page');
    expect(pageSetupOf(perPage.s, dossier('notes: { numbering: continuous }\n')).noteNumbering).toBe('continuous');
    expect(pageSetupOf(settings('').s, dossier('notes:\n  numbering: per-page\n')).noteNumbering).toBe('per-page');
  });

  it('an unknown note numbering: an error at the value, naming the ones there are', () => {
    const { diags, file } = settings('paper: A4\nnotes:\n  numbering: perpage\n');
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({ severity: 'error', file, line: 3, col: 14, hint: 'did you mean "per-page"?' });
    expect(diags[0].message).toBe('"numbering" must be one of continuous, per-page; got "perpage"');
  });
});
