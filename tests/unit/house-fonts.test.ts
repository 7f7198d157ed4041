/**
 * House fonts in settings.yaml (src/typeset/house-fonts.ts): every problem a build would hit is
 * found when the template is read (by `dossier check` and `build` alike), as an error at the
 * line and column of the setting that names the file; and the split of text between a house
 * font and the built-in fonts follows the font files' own character maps, read here with
 * fontkit straight from the fixture files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { Diagnostics, type Diagnostic } from '../../src/diagnostics.js';
import { readSettings } from '../../src/template/settings.js';
import { FONTS_DIR } from '../../src/typeset/fonts.js';
import { runFontsOf } from '../../src/typeset/house-fonts.js';
import { splitByFont } from '../../src/typeset/runs.js';
import { HOUSE_FONTS } from '../helpers/house-fonts.js';

const GARAMOND = path.join(HOUSE_FONTS, 'EBGaramond12-Regular.otf');
const GARAMOND_BOLD = path.join(HOUSE_FONTS, 'EBGaramond12-Bold.otf');

/** A workspace with the test fonts in fonts/ and a template folder whose settings.yaml is `yaml`. */
function workspace(yaml: string, prepare?: (root: string) => void) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-house-'));
  fs.cpSync(HOUSE_FONTS, path.join(root, 'fonts'), { recursive: true });
  const dir = path.join(root, 'templates/t');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.yaml'), yaml);
  prepare?.(root);
  const diags = new Diagnostics();
  const s = readSettings(root, dir, new Set(), diags, root);
  return { s, diags: diags.items, file: path.join(dir, 'settings.yaml'), root };
}

/** The one error, as file:line:col and message. */
function only(diags: Diagnostic[]): { at: string; message: string; hint?: string } {
  expect(diags.map((d) => d.message)).toHaveLength(1);
  const d = diags[0];
  expect(d.severity).toBe('error');
  return { at: `${path.basename(d.file)}:${d.line}:${d.col}`, message: d.message, hint: d.hint };
}

const body = (value: string) => `paper: A4\nfonts:\n  body:\n    latin: ${value}\n`;

describe('house fonts in settings.yaml', () => {
  it('reads a role per script, with the faces named, and gives headings and notes the body fonts they do not name', () => {
    const { s, diags } = workspace(
      `fonts:\n  body:\n    latin:\n      regular: fonts/EBGaramond12-Regular.otf\n      bold: fonts/EBGaramond12-Bold.otf\n    arabic: fonts/dejavu/DejaVuSans-Arabic.ttf\n  headings:\n    latin: fonts/EBGaramond12-Bold.otf\n`,
    );
    expect(diags).toEqual([]);
    const fonts = s.fonts!;
    expect(fonts.files.map((f) => [f.shown, f.license])).toEqual([
      ['fonts/EBGaramond12-Bold.otf', 'fonts/OFL.txt'],
      ['fonts/EBGaramond12-Regular.otf', 'fonts/OFL.txt'],
      ['fonts/dejavu/DejaVuSans-Arabic.ttf', 'fonts/dejavu/LICENSE'],
    ]);
    expect(fonts.files.map((f) => f.faces)).toEqual([['EBGaramond12-Bold'], ['EBGaramond12-Regular'], ['DejaVuSans']]);
    expect(fonts.roles.headings.arabic).toBe(fonts.roles.body.arabic);
    expect(fonts.roles.headings.latin).not.toBe(fonts.roles.body.latin);
    expect(fonts.roles.notes).toEqual(fonts.roles.body);
  });

  it('refuses a file that does not exist, with the one meant', () => {
    const e = only(workspace(body('fonts/EBGaramond12-Regluar.otf')).diags);
    expect(e.at).toBe('settings.yaml:4:12');
    expect(e.message).toBe('font file fonts/EBGaramond12-Regluar.otf does not exist');
    expect(e.hint).toMatch(/did you mean "fonts\/EBGaramond12-Regular\.otf"/);
  });

  it('refuses paths out of the fonts folder, absolute paths and links out of the workspace', () => {
    expect(only(workspace(body('fonts/../secret.ttf')).diags).message).toMatch(/is not a path in a fonts\/ folder/);
    expect(only(workspace(body(GARAMOND)).diags).message).toMatch(/is not a path in a fonts\/ folder/);
    expect(only(workspace(body('templates/t/x.ttf')).diags).message).toMatch(/is not a path in a fonts\/ folder/);
    const linked = workspace(body('fonts/Linked.otf'), (root) => fs.symlinkSync(GARAMOND, path.join(root, 'fonts/Linked.otf')));
    expect(only(linked.diags)).toMatchObject({ at: 'settings.yaml:4:12', message: 'font file fonts/Linked.otf points outside the workspace' });
  });

  it('finds a font in the template folder before the workspace', () => {
    const { s, diags } = workspace(body('fonts/Own.ttf'), (root) => {
      fs.mkdirSync(path.join(root, 'templates/t/fonts'));
      fs.copyFileSync(path.join(HOUSE_FONTS, 'dejavu/DejaVuSans-Arabic.ttf'), path.join(root, 'templates/t/fonts/Own.ttf'));
      fs.copyFileSync(path.join(HOUSE_FONTS, 'dejavu/LICENSE'), path.join(root, 'templates/t/fonts/LICENSE.txt'));
    });
    expect(diags).toEqual([]);
    expect(s.fonts!.files.map((f) => f.shown)).toEqual(['templates/t/fonts/Own.ttf']);
  });

  it('refuses a file that is not a font, and one that is too large before reading it', () => {
    const text = workspace(body('fonts/OFL.txt'));
    expect(only(text.diags).message).toMatch(/^fonts\/OFL\.txt is not a font that can be read/);
    const big = workspace(body('fonts/Big.ttf'), (root) => {
      const fd = fs.openSync(path.join(root, 'fonts/Big.ttf'), 'w');
      fs.ftruncateSync(fd, 41 * 1024 * 1024); // sparse: nothing is written
      fs.closeSync(fd);
    });
    expect(only(big.diags).message).toBe('font file fonts/Big.ttf is too large (41 MiB; at most 40 MiB)');
  });

  it('refuses a font without its licence beside it', () => {
    const e = only(workspace(body('fonts/EBGaramond12-Regular.otf'), (root) => fs.rmSync(path.join(root, 'fonts/OFL.txt'))).diags);
    expect(e.at).toBe('settings.yaml:4:12');
    expect(e.message).toBe('no licence text beside fonts/EBGaramond12-Regular.otf');
    // A text file holding the SIL Open Font License counts, whatever its name.
    const renamed = workspace(body('fonts/EBGaramond12-Regular.otf'), (root) =>
      fs.renameSync(path.join(root, 'fonts/OFL.txt'), path.join(root, 'fonts/garamond-terms.txt')),
    );
    expect(renamed.diags).toEqual([]);
  });

  it('refuses a font named for a script whose letters it lacks', () => {
    const e = only(workspace(`fonts:\n  notes:\n    arabic: fonts/EBGaramond12-Regular.otf\n`).diags);
    expect(e.at).toBe('settings.yaml:3:13');
    expect(e.message).toMatch(/^fonts\/EBGaramond12-Regular\.otf is named for arabic text but lacks \d+ of its letters \(ء آ/);
    const cjk = only(workspace(`fonts:\n  body:\n    cjk: fonts/dejavu/DejaVuSans-Arabic.ttf\n`).diags);
    expect(cjk.message).toMatch(/is named for cjk text but lacks Chinese, Japanese and Korean letters/);
  });

  it('refuses a collection without the face, and a face it does not have', () => {
    const copyCjk = (root: string) => fs.copyFileSync(path.join(FONTS_DIR, 'NotoSansCJK-Regular.ttc'), path.join(root, 'fonts/CJK.ttc'));
    const none = only(workspace(`fonts:\n  body:\n    cjk: fonts/CJK.ttc\n`, copyCjk).diags);
    expect(none.message).toBe('fonts/CJK.ttc is a font collection; name the face to use');
    expect(none.hint).toMatch(/NotoSansCJKjp-Regular/);
    const wrong = only(workspace(`fonts:\n  body:\n    cjk:\n      regular: { file: fonts/CJK.ttc, face: NotoSansCJKjp-Reguler }\n`, copyCjk).diags);
    expect(wrong).toMatchObject({ at: 'settings.yaml:4:45', message: 'fonts/CJK.ttc has no face "NotoSansCJKjp-Reguler"' });
    expect(wrong.hint).toMatch(/did you mean "NotoSansCJKjp-Regular"/);
    const good = workspace(`fonts:\n  body:\n    cjk:\n      regular: { file: fonts/CJK.ttc, face: NotoSansCJKjp-Regular }\n`, copyCjk);
    expect(good.diags).toEqual([]);
  });

  it('refuses a variable font and a font whose licence forbids embedding', () => {
    // The same font with one table renamed fvar (a variable font's axes), or with the OS/2
    // fsType of restricted licence embedding: the file format says so, not our code.
    const patched = (name: string, patch: (b: Buffer) => void) => (root: string) => {
      const b = fs.readFileSync(GARAMOND_BOLD);
      patch(b);
      fs.writeFileSync(path.join(root, 'fonts', name), b);
    };
    const tableOffset = (b: Buffer, tag: string) => {
      for (let i = 0; i < b.readUInt16BE(4); i++) if (b.toString('latin1', 12 + 16 * i, 16 + 16 * i) === tag) return 12 + 16 * i;
      throw new Error(`no ${tag}`);
    };
    const variable = workspace(
      body('fonts/Var.otf'),
      patched('Var.otf', (b) => b.write('fvar', tableOffset(b, 'FFTM'), 'latin1')),
    );
    expect(only(variable.diags).message).toBe('fonts/Var.otf is a variable font; house fonts must be static fonts');
    const restricted = workspace(
      body('fonts/Restricted.otf'),
      patched('Restricted.otf', (b) => b.writeUInt16BE(0x0002, b.readUInt32BE(tableOffset(b, 'OS/2') + 8) + 8)),
    );
    expect(only(restricted.diags).message).toBe('fonts/Restricted.otf forbids embedding (restricted licence) (OS/2 fsType); it cannot be embedded in a PDF');
  });

  it('reports every bad font of a file in one run', () => {
    const { diags } = workspace(`fonts:\n  body:\n    latin: fonts/Nope.otf\n  headings:\n    arabic: fonts/EBGaramond12-Bold.otf\n`);
    expect(diags.map((d) => `${d.line}:${d.col}`)).toEqual(['3:12', '5:13']);
  });
});

describe('text split between a house font and the built-in fonts', () => {
  const { s } = workspace(`fonts:\n  body:\n    latin:\n      regular: fonts/EBGaramond12-Regular.otf\n      bold: fonts/EBGaramond12-Bold.otf\n`);
  const fonts = s.fonts!;
  const house = fonts.roles.body.latin!;
  const regular = fontkit.openSync(GARAMOND) as unknown as fontkit.Font;
  const bold = fontkit.openSync(GARAMOND_BOLD) as unknown as fontkit.Font;

  it('sets each character the face has in the house font, and every other in a built-in font', () => {
    const text = 'Erdős paid €5 for «日本語» and عماد.';
    for (const [face, isBold] of [
      [regular, false],
      [bold, true],
    ] as const) {
      const parts = splitByFont(text, 'en', runFontsOf(fonts, 'body', isBold, false));
      expect(parts.map((p) => p.text).join('')).toBe(text);
      for (const p of parts) {
        for (const ch of p.text) {
          const has = face.hasGlyphForCodePoint(ch.codePointAt(0)!);
          // A neutral character (space, punctuation) stays with the font of the letter before it.
          if (/[\p{L}\p{N}]/u.test(ch)) expect(p.family === house, `${ch} bold=${isBold}`).toBe(has);
          else if (p.family === house) expect(has, ch).toBe(true);
        }
      }
    }
    // The bold face lacks ő and €, which the regular face has: the same text splits otherwise.
    expect(bold.hasGlyphForCodePoint(0x151) || bold.hasGlyphForCodePoint(0x20ac)).toBe(false);
    expect(regular.hasGlyphForCodePoint(0x151) && regular.hasGlyphForCodePoint(0x20ac)).toBe(true);
  });

  it('leaves text without house fonts as it was', () => {
    expect(splitByFont('Erdős €5 日本語', 'en', undefined)).toEqual(splitByFont('Erdős €5 日本語', 'en'));
    expect(splitByFont('Erdős', 'en').every((p) => p.family === 'Latin')).toBe(true);
  });
});
