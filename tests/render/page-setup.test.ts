/**
 * Page setup and the running header and footer, read back from the PDF with pdf.js (pdfjs-dist),
 * an oracle we did not write: every paper size's page box against its size in millimetres
 * (ISO 216; Letter and Legal in inches) to 0.01 pt, landscape, a custom size, margins where
 * the text starts (left in English, right in Arabic), a dossier's setup over its template's,
 * the furniture partials' "Page k of N" on every page in the dossier's digits (Intl), and the
 * running header and footer as Artifacts outside the structure tree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier, type BuiltDossier } from '../../src/build.js';
import { BUILTIN_TEMPLATES } from '../../src/template/render.js';
import { copyWorkspace } from '../helpers/cli.js';
import { readPdf, type PageText } from '../helpers/pdf.js';

const PT_PER_MM = 72 / 25.4;
/** The paper sizes as published (ISO 216 in mm; US Letter and Legal in inches), portrait. */
const PAPERS: Record<string, [number, number]> = {
  A3: [297 * PT_PER_MM, 420 * PT_PER_MM],
  A4: [210 * PT_PER_MM, 297 * PT_PER_MM],
  A5: [148 * PT_PER_MM, 210 * PT_PER_MM],
  B5: [176 * PT_PER_MM, 250 * PT_PER_MM],
  Letter: [8.5 * 72, 11 * 72],
  Legal: [8.5 * 72, 14 * 72],
};

const BASE = `title: Mini briefing
version: 1.0.0
date: 2026-11-22
handling: TLP:CLEAR
sections:
  - title: Departure
    claims: [resigned-march-2024]
  - title: Money
    select: { tags: [funding] }
`;

let ws: string;

/** Writes a dossier definition into the workspace; `extra` is YAML for its page setup. */
function dossier(id: string, extra: string, language = 'en', template = 'briefing'): string {
  fs.writeFileSync(path.join(ws, `${id}.yaml`), `id: ${id}\nlanguage: ${language}\ntemplate: ${template}\n${extra}\n${BASE}`);
  return id;
}

async function build(id: string): Promise<BuiltDossier> {
  const cw = checkWorkspace(ws, [path.join(ws, `${id}.yaml`)], { render: true });
  expect(cw.diags.items.filter((d) => d.severity === 'error')).toEqual([]);
  return renderDossier(cw, cw.ws.dossiers.get(id)!);
}

/** A copy of the built-in briefing as a workspace template, with its own settings.yaml. */
function template(name: string, settings: string, styles = ''): void {
  const dir = path.join(ws, 'templates', name);
  fs.cpSync(path.join(BUILTIN_TEMPLATES, 'briefing'), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.yaml'), settings);
  if (styles) fs.appendFileSync(path.join(dir, 'styles.yaml'), `\n${styles}\n`);
}

const close = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;

/** Text items of the body: below the top margin's edge and above the bottom margin's. */
function bodyItems(page: PageText, top: number, bottom: number) {
  return page.items.filter((i) => i.str.trim() && i.y < page.height - top && i.y > bottom);
}

beforeAll(() => {
  ws = copyWorkspace();
  template(
    'landscape-a5',
    'paper: A5\norientation: landscape\nmargins: { top: 15mm, bottom: 15mm, start: 12mm, end: 12mm }\nheader: { from_edge: 5mm }\nfooter: { from_edge: 10mm }\n',
  );
});

describe('paper sizes', () => {
  for (const [name, [w, h]] of Object.entries(PAPERS)) {
    it(`${name}: the page box is ${name}'s width and height to 0.01 pt, portrait and landscape`, async () => {
      const portrait = await readPdf((await build(dossier(`paper-${name.toLowerCase()}`, `paper: ${name}`))).pdf);
      const landscape = await readPdf((await build(dossier(`paper-${name.toLowerCase()}-l`, `paper: ${name}\norientation: landscape`))).pdf);
      for (const p of portrait.pages) {
        expect(Math.abs(p.width - w), `${name} width ${p.width}`).toBeLessThanOrEqual(0.01);
        expect(Math.abs(p.height - h), `${name} height ${p.height}`).toBeLessThanOrEqual(0.01);
      }
      for (const p of landscape.pages) {
        expect(Math.abs(p.width - h), `${name} landscape width ${p.width}`).toBeLessThanOrEqual(0.01);
        expect(Math.abs(p.height - w), `${name} landscape height ${p.height}`).toBeLessThanOrEqual(0.01);
      }
    }, 60000);
  }

  it('a custom size is used as written, in any unit', async () => {
    const r = await readPdf((await build(dossier('custom', 'paper: { width: 120mm, height: 7in }'))).pdf);
    expect(close(r.pages[0].width, 120 * PT_PER_MM, 0.01)).toBe(true);
    expect(close(r.pages[0].height, 7 * 72, 0.01)).toBe(true);
  }, 60000);
});

describe('margins', () => {
  it('English: text starts at the start margin (left) and never crosses the end margin; the body starts below the top margin', async () => {
    const start = 35;
    const end = 25;
    const top = 40;
    const r = await readPdf((await build(dossier('margins-en', `paper: A4\nmargins: { top: ${top}mm, bottom: 30mm, start: ${start}mm, end: ${end}mm }`))).pdf);
    const page = r.pages[0];
    const body = bodyItems(page, top * PT_PER_MM, 30 * PT_PER_MM);
    expect(body.length).toBeGreaterThan(5);
    const left = Math.min(...body.map((i) => i.x));
    expect(close(left, start * PT_PER_MM, 0.5), `leftmost text at ${left} pt`).toBe(true);
    const right = Math.max(...body.map((i) => i.x + i.width));
    expect(right).toBeLessThanOrEqual(page.width - end * PT_PER_MM + 0.5);
    // The first line's baseline lies within a line's height below the top margin's edge.
    const firstBaseline = Math.max(...body.map((i) => i.y));
    expect(firstBaseline).toBeLessThan(page.height - top * PT_PER_MM);
    expect(firstBaseline).toBeGreaterThan(page.height - top * PT_PER_MM - 40);
  }, 60000);

  it('Arabic: the start margin is on the right', async () => {
    const start = 35;
    const end = 15;
    const r = await readPdf((await build(dossier('margins-ar', `margins: { start: ${start}mm, end: ${end}mm }`, 'ar'))).pdf);
    const page = r.pages[0];
    const body = bodyItems(page, 22 * PT_PER_MM, 22 * PT_PER_MM);
    // Lines start at the right margin (a Latin run's cut space may hang a little past it).
    const margin = page.width - start * PT_PER_MM;
    const atMargin = body.filter((i) => close(i.x + i.width, margin, 0.5));
    expect(atMargin.length, `lines ending at the start margin, ${margin} pt`).toBeGreaterThan(5);
    expect(Math.max(...body.map((i) => i.x + i.width))).toBeLessThanOrEqual(margin + 3);
    const left = Math.min(...body.map((i) => i.x));
    expect(left).toBeGreaterThanOrEqual(end * PT_PER_MM - 0.5);
  }, 60000);

  it("the dossier's paper and margins win over the template's settings.yaml; the template's orientation stays", async () => {
    const fromTemplate = await readPdf((await build(dossier('tpl', '', 'en', 'landscape-a5'))).pdf);
    expect(close(fromTemplate.pages[0].width, 210 * PT_PER_MM, 0.01)).toBe(true);
    expect(close(fromTemplate.pages[0].height, 148 * PT_PER_MM, 0.01)).toBe(true);
    const body = bodyItems(fromTemplate.pages[0], 15 * PT_PER_MM, 15 * PT_PER_MM);
    expect(close(Math.min(...body.map((i) => i.x)), 12 * PT_PER_MM, 0.5)).toBe(true);

    const over = await readPdf((await build(dossier('over', 'paper: Letter\nmargins: { start: 30mm }', 'en', 'landscape-a5'))).pdf);
    expect(close(over.pages[0].width, 11 * 72, 0.01)).toBe(true);
    expect(close(over.pages[0].height, 8.5 * 72, 0.01)).toBe(true);
    const overBody = bodyItems(over.pages[0], 15 * PT_PER_MM, 15 * PT_PER_MM);
    expect(close(Math.min(...overBody.map((i) => i.x)), 30 * PT_PER_MM, 0.5)).toBe(true);
  }, 60000);
});

/** Text items with whether they are inside an Artifact, and the text the structure tree reaches. */
async function artifactsOf(pdf: Buffer): Promise<{ pages: { artifact: string; tagged: string }[] }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  const pages: { artifact: string; tagged: string }[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const tree = (await page.getStructTree()) as { id?: string; type?: string; children?: unknown[] } | null;
    const ids = new Set<string>();
    const walk = (n: { id?: string; type?: string; children?: unknown[] }) => {
      if (n.type === 'content' && n.id) ids.add(n.id);
      (n.children as (typeof n)[] | undefined)?.forEach(walk);
    };
    if (tree) walk(tree);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const stack: { tag: string; id?: string }[] = [];
    let artifact = '';
    let tagged = '';
    for (const item of content.items as { type?: string; tag?: string; id?: string; str?: string }[]) {
      if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') stack.push({ tag: item.tag ?? '', id: item.id });
      else if (item.type === 'endMarkedContent') stack.pop();
      else if (typeof item.str === 'string') {
        // Without the invisible direction marks written for the readers (hooks/direction-marks.ts).
        const str = item.str.replace(/[\u200e\u200f\u061c]/g, '');
        if (stack.some((m) => m.tag === 'Artifact')) artifact += str;
        else if (stack.some((m) => m.id && ids.has(m.id))) tagged += str;
      }
    }
    pages.push({ artifact, tagged });
  }
  await doc.destroy();
  return { pages };
}

describe('the running header and footer (template partials)', () => {
  let en: BuiltDossier;
  let ar: BuiltDossier;
  beforeAll(async () => {
    // A5 with wide margins: the mini dossier runs over several pages.
    en = await build(dossier('furniture-en', 'paper: A5\nmargins: { start: 40mm, end: 40mm }'));
    ar = await build(dossier('furniture-ar', 'paper: A5\nmargins: { start: 40mm, end: 40mm }', 'ar-EG'));
  }, 120000);

  it('every page says "Page k of N" in the footer, in the dossier\'s digits, with the title and handling label in the header', async () => {
    for (const [built, page, of] of [
      [en, 'Page', 'of'],
      [ar, 'صفحة', 'من'],
    ] as const) {
      const r = await readPdf(built.pdf);
      expect(r.numPages).toBeGreaterThan(1);
      const digits = new Intl.NumberFormat(built.cited.lang, { useGrouping: false });
      for (const p of r.pages) {
        const footer = p.items.filter((i) => i.y < 22 * PT_PER_MM && i.str.trim());
        const text = footer.map((i) => i.str).join(' ');
        expect(text, `page ${p.page}`).toContain(page);
        expect(text).toContain(of);
        expect(text).toContain(digits.format(p.page));
        expect(text).toContain(digits.format(r.numPages));
        expect(text).toContain('TLP:CLEAR');
        // Above the footer's top edge (13.5 mm from the bottom edge) no footer text stands.
        for (const i of footer) expect(i.y).toBeLessThan(13.5 * PT_PER_MM);
        const header = p.items.filter((i) => i.y > p.height - 22 * PT_PER_MM && i.str.trim());
        expect(header.map((i) => i.str).join(' ')).toContain('TLP:CLEAR');
        for (const i of header) expect(i.y).toBeLessThan(p.height - 10 * PT_PER_MM);
      }
      if (built === en) expect(r.pages[0].items.some((i) => i.y > r.pages[0].height - 22 * PT_PER_MM && i.str.includes('Mini briefing'))).toBe(true);
    }
  });

  it('the header and footer are Artifacts, outside the structure tree', async () => {
    for (const built of [en, ar]) {
      const { pages } = await artifactsOf(built.pdf);
      const digits = new Intl.NumberFormat(built.cited.lang, { useGrouping: false });
      const words = built.cited.lang === 'en' ? ['Page', 'of'] : ['صفحة', 'من'];
      pages.forEach((p, k) => {
        const footer = `${digits.format(k + 1)} ${words[1]} ${digits.format(pages.length)}`;
        expect(p.artifact).toContain(words[0]);
        expect(p.artifact).toContain(footer);
        expect(p.tagged).not.toContain(footer);
        expect(p.tagged).not.toContain(words[0]);
      });
    }
  });

  it("the footer's start column stands where lines start: left in English, right in Arabic", async () => {
    for (const [built, word] of [
      [en, 'Page'],
      [ar, 'صفحة'],
    ] as const) {
      const r = await readPdf(built.pdf);
      const p = r.pages[0];
      const item = p.items.find((i) => i.y < 22 * PT_PER_MM && i.str.includes(word))!;
      const handling = p.items.find((i) => i.y < 22 * PT_PER_MM && i.str.includes('TLP:CLEAR'))!;
      if (built === en) expect(item.x).toBeLessThan(handling.x);
      else expect(item.x).toBeGreaterThan(handling.x);
    }
  });

  it('a template without furniture partials prints no running header or footer', async () => {
    const dir = path.join(ws, 'templates', 'bare');
    fs.cpSync(path.join(BUILTIN_TEMPLATES, 'briefing'), dir, { recursive: true });
    fs.rmSync(path.join(dir, 'partials/header.hbs'));
    fs.rmSync(path.join(dir, 'partials/footer.hbs'));
    fs.rmSync(path.join(dir, 'settings.yaml'));
    const r = await readPdf((await build(dossier('bare', '', 'en', 'bare'))).pdf);
    for (const p of r.pages) {
      expect(p.items.filter((i) => i.y < 22 * PT_PER_MM && i.str.trim())).toEqual([]);
    }
  }, 60000);
});
