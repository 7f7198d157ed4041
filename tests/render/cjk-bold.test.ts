/**
 * Bold CJK end to end: the bold-CJK workspace (tests/fixtures/cjk-bold), a Japanese and a
 * Simplified Chinese dossier whose title (h1), section title (h2), claim statement and status
 * label (a `<b>` run in a regular paragraph) are bold, read back glyph by glyph with pdf.js:
 * which embedded font draws each character, that the bold CJK subsets are embedded and draw the
 * bold text, that the glyph drawn for 直 and 骨 has the outline of its language's face (read
 * from the font program pdf.js took out of the PDF, and compared with the JP and SC subsets'
 * own glyphs), that a character outside the subset (鰤, 鑫) is drawn by the regular face of its
 * language as a real glyph (never .notdef), and that the text copies out whole.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier } from '../../src/build.js';
import { FONTS_DIR } from '../../src/typeset/fonts.js';
import { copyWorkspace, REPO } from '../helpers/cli.js';

interface Face {
  glyphForCodePoint(cp: number): { id: number; path: { commands: unknown[]; toSVG(): string } };
  hasGlyphForCodePoint(cp: number): boolean;
}
const fontkit = createRequire(import.meta.url)('fontkit') as { create(b: Buffer): Face; openSync(p: string): Face & { getFont(name: string): Face } };

const FIXTURE = path.join(REPO, 'tests/fixtures/cjk-bold');
/** The status label in Japanese and Chinese, printed in bold (`<b>{{t status}}</b>`). */
const LABELS = 'ja:\n  single-source: 単一の情報源\nzh-Hans:\n  single-source: 单一来源\n';

/** One glyph shown on a page, with the font that shows it. */
interface Shown {
  ch: string;
  /** The font's PostScript name, subset tag dropped. */
  font: string;
  /** The character code in the content stream: with Identity-H, the glyph id in the embedded subset (0 is .notdef). */
  code: number;
  inFont: boolean;
  /** The glyph's outline, from the font program pdf.js read out of the PDF. */
  outline: () => string;
}

interface Read {
  shown: Shown[];
  /** Every font the pages set, with whether its program is embedded. */
  fonts: Map<string, boolean>;
  /** The text pdf.js extracts (copy and paste), white space left out. */
  copied: string;
}

async function read(pdf: Buffer): Promise<Read> {
  const doc = await getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    fontExtraProperties: true,
    verbosity: 0,
  }).promise;
  const shown: Shown[] = [];
  const fonts = new Map<string, boolean>();
  let copied = '';
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const ops = await page.getOperatorList();
    let font: { name: string; missingFile: boolean; data?: Uint8Array } | undefined;
    const programs = new Map<string, Face>();
    for (let i = 0; i < ops.fnArray.length; i++) {
      if (ops.fnArray[i] === OPS.setFont) {
        font = page.commonObjs.get(ops.argsArray[i][0] as string) as typeof font;
        fonts.set(font!.name.replace(/^[A-Z]{6}\+/, ''), !font!.missingFile);
      }
      if (ops.fnArray[i] !== OPS.showText || !font) continue;
      const f = font;
      const name = f.name.replace(/^[A-Z]{6}\+/, '');
      for (const g of ops.argsArray[i][0] as ({ unicode: string; originalCharCode: number; fontChar: string; isInFont: boolean } | number)[]) {
        if (typeof g !== 'object' || !g) continue;
        const outline = () => {
          let program = programs.get(f.name);
          if (!program) programs.set(f.name, (program = fontkit.create(Buffer.from(f.data!))));
          return program.glyphForCodePoint(g.fontChar.codePointAt(0)!).path.toSVG();
        };
        shown.push({ ch: g.unicode, font: name, code: g.originalCharCode, inFont: g.isInFont, outline });
      }
    }
    const content = await page.getTextContent();
    for (const item of content.items) if ('str' in item) copied += item.str;
  }
  await doc.destroy();
  return { shown, fonts, copied: copied.replace(/\s/g, '') };
}

/** The runs of consecutive shown glyphs that spell `text` (white space between glyphs aside). */
function occurrences(shown: Shown[], text: string): Shown[][] {
  const glyphs = shown.filter((s) => s.ch.trim() !== '');
  const want = [...text.replace(/\s/g, '')];
  const out: Shown[][] = [];
  for (let i = 0; i + want.length <= glyphs.length; i++) {
    if (want.every((ch, k) => glyphs[i + k].ch === ch)) out.push(glyphs.slice(i, i + want.length));
  }
  return out;
}

/** The bold subsets and the regular collection, read from fonts/ with fontkit. */
const subset = (lang: string) => fontkit.openSync(path.join(FONTS_DIR, `NotoSansCJK${lang}-Bold.subset.otf`));
let collection: ReturnType<typeof fontkit.openSync> | undefined;
const regular = (lang: string) => (collection ??= fontkit.openSync(path.join(FONTS_DIR, 'NotoSansCJK-Regular.ttc'))).getFont(`NotoSansCJK${lang}-Regular`);
const outlineOf = (face: Face, ch: string) => face.glyphForCodePoint(ch.codePointAt(0)!).path.toSVG();

const CASES = [
  {
    id: 'cjk-bold-ja',
    lang: 'jp',
    other: 'sc',
    title: '直売所と骨董市の調査',
    section: '氷見の鰤の直売',
    statement: '氷見漁港の直売所は2024年に鰤の骨抜き加工を始めた。',
    label: '単一の情報源',
    quote: '「氷見漁港の直売所は2024年に鰤の骨抜き加工を始め」',
    outside: '鰤',
  },
  {
    id: 'cjk-bold-zh',
    lang: 'sc',
    other: 'jp',
    title: '骨科医院直播调查',
    section: '鑫华医院的直播',
    statement: '鑫华骨科医院于2024年开通直播，介绍骨折治疗。',
    label: '单一来源',
    quote: '鑫华骨科医院于2024年开通直播，由医生介绍骨折治疗。',
    outside: '鑫',
  },
] as const;

const built = new Map<string, Read>();

beforeAll(async () => {
  const ws = copyWorkspace(FIXTURE);
  const template = path.join(ws, 'templates/briefing');
  fs.cpSync(path.join(REPO, 'templates/briefing'), template, { recursive: true });
  fs.appendFileSync(path.join(template, 'labels.yaml'), LABELS);
  const cw = checkWorkspace(ws, undefined, { render: true });
  expect(cw.diags.items).toEqual([]);
  for (const d of cw.ws.dossiers.values()) built.set(d.id, await read((await renderDossier(cw, d, {}, {})).pdf));
}, 180000);

describe.each(CASES)('the bold CJK dossier $id', (c) => {
  const bold = `NotoSansCJK${c.lang}-Bold`;
  const reg = `NotoSansCJK${c.lang}-Regular`;

  it('embeds the bold CJK subset of its language, beside the regular face', () => {
    const { fonts } = built.get(c.id)!;
    expect(fonts.get(bold)).toBe(true);
    expect(fonts.get(reg)).toBe(true);
    // Neither the other language's faces nor any font left unembedded.
    expect([...fonts.keys()].filter((f) => f.includes(`CJK${c.other}`))).toEqual([]);
    expect([...fonts.values()].every(Boolean)).toBe(true);
  });

  it('the outside character is in the regular face but not in the bold subset (the fixture tests what it means to)', () => {
    const cp = c.outside.codePointAt(0)!;
    expect(subset(c.lang).hasGlyphForCodePoint(cp)).toBe(false);
    expect(regular(c.lang).hasGlyphForCodePoint(cp)).toBe(true);
  });

  it('draws the heading, the statement and the bold label in the bold subset, digits and punctuation too', () => {
    const { shown } = built.get(c.id)!;
    for (const text of [c.title, c.label]) {
      const runs = occurrences(shown, text);
      expect(
        runs.some((run) => run.every((s) => s.font === bold)),
        `${text} in ${bold}: ${runs.map((r) => r.map((s) => s.font).join(',')).join(' | ')}`,
      ).toBe(true);
    }
    for (const text of [c.section, c.statement]) {
      const runs = occurrences(shown, text);
      expect(runs.length, text).toBeGreaterThan(0);
      // Every character in the bold subset, but the one it lacks: that one in the regular face.
      for (const run of runs) for (const s of run) expect([s.ch, s.font]).toEqual([s.ch, s.ch === c.outside ? reg : bold]);
    }
  });

  it('keeps the regular weight where the text is not bold (the quote)', () => {
    const runs = occurrences(built.get(c.id)!.shown, c.quote);
    expect(runs.length).toBeGreaterThan(0);
    for (const s of runs[0]) expect(s.font).toBe(reg);
  });

  it("draws 直 and 骨 in bold with the glyph forms of the text's language", () => {
    const { shown } = built.get(c.id)!;
    for (const ch of '直骨') {
      const own = outlineOf(subset(c.lang), ch);
      const other = outlineOf(subset(c.other), ch);
      // The two languages' forms differ: otherwise this test could not tell them apart.
      expect(own).not.toBe(other);
      const drawn = shown.filter((s) => s.ch === ch && s.font === bold);
      expect(drawn.length, ch).toBeGreaterThan(0);
      for (const s of drawn) expect(s.outline()).toBe(own);
    }
  });

  it('draws no .notdef glyph: every glyph is in its font, with an outline, and copies out as its character', () => {
    const { shown, copied } = built.get(c.id)!;
    const cjk = shown.filter((s) => s.font.startsWith('NotoSansCJK'));
    expect(cjk.filter((s) => s.code === 0 || !s.inFont)).toEqual([]);
    const outside = cjk.filter((s) => s.ch === c.outside);
    expect(outside.length).toBeGreaterThan(0);
    for (const s of outside) {
      expect(s.font).toBe(reg);
      expect(s.outline()).not.toBe('');
    }
    for (const text of [c.title, c.section, c.statement, c.label, c.quote]) expect(copied).toContain(text.replace(/\s/g, ''));
  });
});
