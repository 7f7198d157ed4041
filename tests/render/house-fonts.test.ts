/**
 * House fonts end to end: the mixed-script workspace (tests/fixtures/mixed) built with a body in
 * EB Garamond (regular, bold, italic), Arabic in DejaVu Sans and notes in EB Garamond Italic,
 * read back with pdf.js: which font each piece of text is drawn in (the embedded font's own
 * PostScript name), every font embedded, no .notdef glyph (the empty box) anywhere, every
 * character copied out; characters a house face lacks (Hebrew, CJK, and "ő" and "€" in the bold
 * face) in the built-in fonts. And the release manifest lists the house fonts, hashed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier, type BuiltDossier } from '../../src/build.js';
import { preparedOf } from '../../src/check.js';
import { completeManifest, contentHash, manifestInputs } from '../../src/release/manifest.js';
import type { TemplateSet } from '../../src/template/render.js';
import { foldText, shownGlyphIds } from '../helpers/pdf.js';
import { GARAMOND_FONTS, houseWorkspace, HOUSE_FONTS } from '../helpers/house-fonts.js';

const FONTS = GARAMOND_FONTS;
/** A title in the bold face, which lacks "ő" and "€" (the regular face has both). */
const TITLE = 'Erdős paid €5 for it';

interface Piece {
  str: string;
  font: string;
}
interface Read {
  pieces: Piece[];
  /** Every font the pages set, with whether its program is embedded. */
  fonts: Map<string, boolean>;
  text: string;
}

/** Text items with the PostScript name of the font they are drawn in (subset tag dropped). */
async function read(pdf: Buffer): Promise<Read> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const pieces: Piece[] = [];
  const fonts = new Map<string, boolean>();
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const ops = await page.getOperatorList();
    const nameOf = (id: string) => {
      const f = page.commonObjs.get(id) as { name: string; missingFile: boolean };
      const name = f.name.replace(/^[A-Z]{6}\+/, '');
      fonts.set(name, !f.missingFile);
      return name;
    };
    ops.fnArray.forEach((fn, i) => fn === OPS.setFont && nameOf(ops.argsArray[i][0] as string));
    const content = await page.getTextContent();
    for (const item of content.items) if ('str' in item && item.str) pieces.push({ str: item.str, font: nameOf(item.fontName) });
  }
  await doc.destroy();
  return { pieces, fonts, text: pieces.map((p) => p.str).join('') };
}

const built = new Map<string, { b: BuiltDossier; r: Read }>();
let ws: string;

beforeAll(async () => {
  ws = houseWorkspace(FONTS);
  const en = path.join(ws, 'mixed-en.yaml');
  fs.writeFileSync(en, fs.readFileSync(en, 'utf8').replace(/^title: .*$/m, `title: "${TITLE}"`));
  const cw = checkWorkspace(ws, undefined, { render: true });
  expect(cw.diags.items).toEqual([]);
  for (const d of cw.ws.dossiers.values()) {
    const b = await renderDossier(cw, d, {}, { archive: true });
    built.set(d.id, { b, r: await read(b.pdf) });
  }
}, 180000);

/** The characters of a text without white space (pdf.js does not extract the zero-width non-joiner). */
const letters = (s: string) => [...foldText(s).replace(/[\s\u200c]/gu, '')];

describe.each(['mixed-en', 'mixed-ar'])('the mixed-script dossier %s with house fonts', (id) => {
  it('draws in the house fonts, and in the built-in fonts what they lack, every font embedded', () => {
    const { fonts } = built.get(id)!.r;
    for (const name of ['EBGaramond12-Regular', 'EBGaramond12-Italic', 'EBGaramond12-Bold', 'DejaVuSans', 'NotoSansHebrew-Regular', 'NotoSansCJKjp-Regular']) {
      expect(fonts.get(name), name).toBe(true);
    }
    expect([...fonts].filter(([, embedded]) => !embedded)).toEqual([]);
    // Arabic is the house font's: the built-in Naskh draws nothing but what DejaVu Sans lacks.
    // Arabic letters: not the invisible Arabic letter mark (U+061C) of a space kept for pdf.js.
    const arabic = built.get(id)!.r.pieces.filter((p) => /\p{Script=Arabic}/u.test(p.str.replace(/\u061c/g, '')));
    expect(arabic.length).toBeGreaterThan(10);
    expect(arabic.filter((p) => p.font === 'DejaVuSans').length / arabic.length).toBeGreaterThan(0.9);
    // Hebrew and Han only in the built-in fonts: no house font is named for them.
    for (const p of built.get(id)!.r.pieces) {
      if (/\p{Script=Hebrew}/u.test(p.str)) expect(p.font).toBe('NotoSansHebrew-Regular');
      if (/\p{Script=Han}/u.test(p.str)) expect(p.font).toMatch(/^NotoSansCJK/);
    }
  });

  it('shows no .notdef glyph and copies every character of every quote out', () => {
    const { b, r } = built.get(id)!;
    expect(shownGlyphIds(b.pdf).filter((g) => g === 0)).toEqual([]);
    const have = letters(r.text);
    const count = (chars: string[]) => chars.reduce((m, ch) => m.set(ch, (m.get(ch) ?? 0) + 1), new Map<string, number>());
    const got = count(have);
    for (const s of b.cited.sections) {
      for (const c of s.claims) {
        for (const e of c.evidence) {
          for (const [ch, n] of count(letters(e.quote.text))) expect(got.get(ch) ?? 0, `${ch} of ${e.quote.text}`).toBeGreaterThanOrEqual(n);
        }
      }
    }
  });

  it('sets notes in their own house font, and headings in the body face of their weight', () => {
    const { pieces } = built.get(id)!.r;
    // "Test Arabic Desk" is the first note's publisher; notes are italic EB Garamond.
    const note = pieces.find((p) => p.str.includes('Test Arabic Desk'));
    expect(note?.font).toBe('EBGaramond12-Italic');
    const statement = pieces.find((p) => p.str.includes('The company reported'));
    if (id === 'mixed-en') expect(statement?.font).toBe('EBGaramond12-Bold');
  });
});

describe('a bold face that lacks characters its regular face has', () => {
  it('draws them in the built-in bold face, and copies the title out as written', () => {
    const { pieces, text } = built.get('mixed-en')!.r;
    expect(foldText(text)).toContain(TITLE);
    const bold = pieces.filter((p) => p.font === 'EBGaramond12-Bold').map((p) => p.str);
    const fallback = pieces.filter((p) => p.font === 'NotoSans-Bold').map((p) => p.str);
    expect(bold).toContain('Erd');
    expect(fallback).toContain('ő');
    expect(fallback).toContain('€');
    // The digit after the fallen-back € is the house font's again.
    expect(bold.join('')).toContain('s paid');
    expect(bold.join('')).toContain('5 for it');
    expect(fallback.join('')).not.toMatch(/5/);
  });
});

describe('a warm build (faces shared across builds in one process, hooks/shared-faces.ts)', () => {
  it('gives the bytes of the first build', async () => {
    const cw = checkWorkspace(ws);
    const dossier = [...cw.ws.dossiers.values()].find((d) => d.id === 'mixed-ar')!;
    const again = await renderDossier(cw, dossier, {}, { archive: true });
    expect(again.pdf.equals(built.get('mixed-ar')!.b.pdf)).toBe(true);
  });
});

describe('the release manifest', () => {
  it('lists each house font with its hash and licence, and counts it in the content hash', () => {
    const cw = checkWorkspace(ws);
    const dossier = [...cw.ws.dossiers.values()].find((d) => d.id === 'mixed-en')!;
    const { cited, template } = preparedOf(cw, dossier);
    const inputs = manifestInputs({ cw, dossier: { ...dossier, version: '1.0.0' }, cited, template: template as TemplateSet });
    const house = inputs.fonts.filter((f) => f.file.startsWith('fonts/'));
    const onDisk = (rel: string) =>
      crypto
        .createHash('sha256')
        .update(fs.readFileSync(path.join(HOUSE_FONTS, rel)))
        .digest('hex');
    expect(house.map((f) => [f.file, f.sha256, f.license])).toEqual([
      ['fonts/EBGaramond12-Bold.otf', onDisk('EBGaramond12-Bold.otf'), 'fonts/OFL.txt'],
      ['fonts/EBGaramond12-Italic.otf', onDisk('EBGaramond12-Italic.otf'), 'fonts/OFL.txt'],
      ['fonts/EBGaramond12-Regular.otf', onDisk('EBGaramond12-Regular.otf'), 'fonts/OFL.txt'],
      ['fonts/dejavu/DejaVuSans-Arabic.ttf', onDisk('dejavu/DejaVuSans-Arabic.ttf'), 'fonts/dejavu/LICENSE'],
    ]);
    const manifest = completeManifest(inputs, { file: 'mixed-en.pdf', bytes: built.get('mixed-en')!.b.pdf, pages: 3 }, null);
    expect(manifest.fonts.find((f) => f.file === 'fonts/EBGaramond12-Bold.otf')!.embedded).toEqual(['EBGaramond12-Bold']);
    // Another house font, another content.
    const changed = { ...inputs, fonts: inputs.fonts.map((f) => (f.file === 'fonts/EBGaramond12-Bold.otf' ? { ...f, sha256: '0'.repeat(64) } : f)) };
    expect(contentHash(changed)).not.toBe(contentHash(inputs));
    const without = { ...inputs, fonts: inputs.fonts.filter((f) => !f.file.startsWith('fonts/')) };
    expect(contentHash(without)).not.toBe(contentHash(inputs));
  });
});
