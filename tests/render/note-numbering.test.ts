/**
 * Notes numbered per page (`notes: { numbering: per-page }` in a dossier or in settings.yaml),
 * read back with pdfjs-dist: on every page the markers read 1..k in reading order and the notes
 * at its foot 1..k from the top, each marker's number is its note's, a continued note keeps
 * its number, every link from a marker lands on the note whose number it shows (and back), the
 * notes keep unique /IDs, and a dossier that says `continuous` is the default byte for byte.
 * Eighty-one notes in an English and an Arabic (ar-EG digits) dossier, and in table cells.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier, type BuiltDossier } from '../../src/build.js';
import { copyWorkspace, runCli } from '../helpers/cli.js';
import { foldText, readPdf } from '../helpers/pdf.js';

const CLAIMS = 40;
const longTitle = Array.from({ length: 200 }, (_, i) => `segment ${i + 1} of a very long report title`).join(', ');

function workspace(): string {
  const dir = copyWorkspace();
  fs.writeFileSync(path.join(dir, 'sources/gamma.yaml'), `id: gamma\ntitle: "${longTitle}"\npublisher: Gamma Monthly\nlanguage: en\n`);
  fs.writeFileSync(path.join(dir, 'sources/gamma.txt'), 'Gamma says the company had raised $101 million.\n');
  const claims = Array.from({ length: CLAIMS }, (_, i) => {
    const third = i === 21 ? `\n    - source: gamma\n      quote: "the company had raised $101 million"` : '';
    return `- id: claim-${i + 1}
  statement:
    en: Claim ${i + 1} says that Mostaque resigned as chief executive in March 2024.
    ar: "الادعاء ${i + 1}: استقال مصطفى من منصب الرئيس التنفيذي في مارس 2024."
  tags: [many]
  evidence:
    - source: alpha
      quote: أعلن عماد مصطفى استقالته من منصب الرئيس التنفيذي في مارس 2024.
      translation: Emad Mostaque announced his resignation as CEO in March 2024.
    - source: beta
      quote: Emad Mostaque resigned as chief executive in March 2024.${third}
`;
  });
  fs.writeFileSync(path.join(dir, 'claims/many.yaml'), claims.join(''));
  const dossier = (id: string, lang: string, extra = '') =>
    fs.writeFileSync(
      path.join(dir, `${id}.yaml`),
      `id: ${id}\ntitle: Eighty notes\nlanguage: ${lang}\nversion: 1.0.0\ndate: 2026-11-22\nsections:\n  - title: All of them\n    select: { tags: [many] }\n${extra}`,
    );
  dossier('page-en', 'en', 'notes:\n  numbering: per-page\n');
  dossier('page-ar', 'ar-EG', 'notes: { numbering: per-page }\n');
  dossier('through-en', 'en');
  // A workspace template that sets quotes in table cells and numbers notes per page in its settings.yaml.
  fs.mkdirSync(path.join(dir, 'templates/tabular'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'templates/tabular/document.hbs'),
    `<document lang="{{lang}}" title="{{title.text}}">
{{#each sections}}<h2>{{title.text}}</h2>
<table><tr><th>Claim</th><th>Evidence</th></tr>
{{#each claims}}<tr><td><p lang="{{statement.lang}}">{{statement.text}}</p></td><td>{{#each evidence}}<p lang="{{quote.lang}}">{{quote.text}}<cite n="{{note}}"/></p>{{/each}}</td></tr>
{{/each}}</table>{{/each}}
{{#each notes}}<note n="{{n}}">{{source.publisher}}, {{t "paragraph"}} {{num paragraph}}.</note>{{/each}}
</document>`,
  );
  fs.writeFileSync(path.join(dir, 'templates/tabular/labels.yaml'), 'en:\n  paragraph: paragraph\n');
  fs.writeFileSync(path.join(dir, 'templates/tabular/settings.yaml'), 'paper: A5\nnotes:\n  numbering: per-page\n');
  fs.writeFileSync(
    path.join(dir, 'page-table.yaml'),
    `id: page-table\ntitle: Notes in table cells\nlanguage: en\ntemplate: tabular\nsections:\n  - title: All of them\n    select: { tags: [many] }\n`,
  );
  return dir;
}

interface LinkAnnotation {
  page: number;
  dest: string;
  rect: [number, number, number, number];
  contents: string;
}

async function linksOf(pdf: Buffer): Promise<LinkAnnotation[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  const out: LinkAnnotation[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const annotations = (await (await doc.getPage(p)).getAnnotations()) as { subtype: string; dest?: unknown; rect: number[]; contentsObj?: { str: string } }[];
    for (const a of annotations) {
      if (a.subtype === 'Link' && typeof a.dest === 'string')
        out.push({ page: p, dest: a.dest, rect: a.rect as LinkAnnotation['rect'], contents: a.contentsObj?.str ?? '' });
    }
  }
  await doc.destroy();
  return out;
}

type Read = Awaited<ReturnType<typeof readPdf>>;
const built = new Map<string, { b: BuiltDossier; pdf: Read; links: LinkAnnotation[] }>();
let root = '';

beforeAll(async () => {
  root = workspace();
  const cw = checkWorkspace(root);
  expect(cw.diags.items.filter((d) => d.severity === 'error')).toEqual([]);
  for (const id of ['page-en', 'page-ar', 'page-table', 'through-en']) {
    const b = await renderDossier(cw, cw.ws.dossiers.get(id)!);
    if (process.env.DUMP_PDF_DIR) fs.writeFileSync(path.join(process.env.DUMP_PDF_DIR, `${id}.pdf`), b.pdf); // to look at
    built.set(id, { b, pdf: await readPdf(b.pdf), links: await linksOf(b.pdf) });
  }
  // The same dossier (same id, so the same PDF subject) saying `continuous` in so many words.
  const explicit = path.join(cw.ws.root, '..', `${path.basename(cw.ws.root)}-explicit`);
  fs.cpSync(cw.ws.root, explicit, { recursive: true });
  fs.appendFileSync(path.join(explicit, 'through-en.yaml'), 'notes: { numbering: continuous }\n');
  const cw2 = checkWorkspace(explicit);
  const b = await renderDossier(cw2, cw2.ws.dossiers.get('through-en')!);
  built.set('through-explicit-en', { b, pdf: await readPdf(b.pdf), links: [] });
}, 240_000);

/** The number a text shows in the dossier's digits (Arabic-Indic for ar-EG, CLDR), or NaN: other digits do not count. */
function numberOf(s: string, lang: string): number {
  const digits = [...new Intl.NumberFormat(lang, { useGrouping: false }).format(1234567890)];
  const chars = [...s];
  if (!chars.length || chars.some((c) => !digits.includes(c))) return NaN;
  return Number(chars.map((c) => '1234567890'[digits.indexOf(c)]).join(''));
}

/** What each note shows: its marker's number and the number at the foot, where both stand. */
function shown({ b, pdf }: { b: BuiltDossier; pdf: Read }) {
  const lang = b.cited.lang;
  return b.cited.notes.map(({ n }) => {
    const mark = pdf.places.get(`fnref-${n}`)!;
    const foot = pdf.places.get(`fn-${n}`)!;
    // The marker: the superscript item that starts where its destination is, on the line below its top.
    const markers = pdf.pages[mark.page - 1].items.filter((i) => Math.abs(i.x - mark.x) < 0.5 && i.y < mark.y && i.y > mark.y - 14);
    const marker = markers.map((i) => numberOf(i.str, lang)).find((k) => !Number.isNaN(k));
    // The note's number: "K." on the first line of the note, below its destination (and above the next note's).
    const line = pdf.pages[foot.page - 1].items.filter((i) => i.y < foot.y && i.y > foot.y - 14);
    const label = line.map((i) => /^(.+)\.$/.exec(i.str.trim())).find((m) => m && !Number.isNaN(numberOf(m[1], lang)));
    return { n, mark, foot, marker, number: label ? numberOf(label[1], lang) : NaN };
  });
}

describe.each(['page-en', 'page-ar', 'page-table'])('notes numbered per page: %s', (id) => {
  it('lays out without warnings, every note on its marker’s page', () => {
    const { b } = built.get(id)!;
    expect(b.warnings).toEqual([]);
    const wrong = shown(built.get(id)!).filter((s) => s.mark.page !== s.foot.page);
    expect(wrong.map((s) => `note ${s.n}: marker on page ${s.mark.page}, note on page ${s.foot.page}`)).toEqual([]);
    // The numbers were typeset again after a layout showed where the markers stand.
    expect(b.layout!.layouts).toBeGreaterThanOrEqual(2);
    expect(b.layout!.layouts).toBeLessThanOrEqual(4);
  });

  it('prints the same number by the marker and at the foot, 1..k on every page, in order', () => {
    const all = shown(built.get(id)!);
    expect(all.filter((s) => s.marker !== s.number).map((s) => `note ${s.n}: marker ${s.marker}, foot ${s.number}`)).toEqual([]);
    const rtl = built.get(id)!.b.cited.dir === 'rtl';
    const pages = new Map<number, typeof all>();
    for (const s of all) pages.set(s.mark.page, [...(pages.get(s.mark.page) ?? []), s]);
    for (const [page, notes] of pages) {
      const count = Array.from({ length: notes.length }, (_, i) => i + 1);
      // At the foot, from the top down (PDF y grows upwards).
      expect(
        [...notes].sort((a, c) => c.foot.y - a.foot.y).map((s) => s.number),
        `foot of page ${page}`,
      ).toEqual(count);
      // Markers in reading order: line by line down the page, along the line by direction.
      expect(
        [...notes].sort((a, c) => c.mark.y - a.mark.y || (rtl ? c.mark.x - a.mark.x : a.mark.x - c.mark.x)).map((s) => s.marker),
        `markers of page ${page}`,
      ).toEqual(count);
    }
    // Numbers really restart: several pages begin at 1 and go past it.
    expect(pages.size).toBeGreaterThan(3);
    expect([...pages.values()].filter((notes) => notes.length > 1).length).toBeGreaterThan(2);
  });

  it('links every marker to the note that shows its number, and every note number back to its marker', () => {
    const { b, pdf, links } = built.get(id)!;
    const lang = b.cited.lang;
    const byNote = new Map(shown(built.get(id)!).map((s) => [s.n, s]));
    const under = (l: LinkAnnotation) =>
      pdf.pages[l.page - 1].items.filter(
        (i) => i.str.trim() && i.x + i.width / 2 > l.rect[0] && i.x + i.width / 2 < l.rect[2] && i.y >= l.rect[1] - 1 && i.y <= l.rect[3],
      );
    const toNotes = links.filter((l) => l.dest.startsWith('fn-'));
    const back = links.filter((l) => l.dest.startsWith('fnref-'));
    expect(toNotes.length).toBe(b.cited.notes.length);
    expect(back.length).toBeGreaterThanOrEqual(b.cited.notes.length);
    const wrong: string[] = [];
    for (const l of toNotes) {
      const target = byNote.get(Number(l.dest.slice(3)))!;
      const text = under(l).map((i) => numberOf(i.str, lang));
      if (!text.includes(target.number)) wrong.push(`page ${l.page}: a link showing ${text.join(' ')} goes to the note numbered ${target.number}`);
      if (l.page !== target.foot.page) wrong.push(`page ${l.page}: a marker links to a note on page ${target.foot.page}`);
      if (l.contents !== `Note ${target.number}` && lang === 'en') wrong.push(`link contents "${l.contents}" for note number ${target.number}`);
    }
    // A number and its period may be drawn as two runs, each its own link (right to left).
    for (const [n, target] of byNote) {
      const own = back.filter((l) => l.dest === `fnref-${n}` && l.page === target.foot.page);
      const text = own.flatMap(under).map((i) => numberOf(/^(.+)\.$/.exec(i.str.trim())?.[1] ?? '', lang));
      if (!text.includes(target.marker!)) wrong.push(`page ${target.foot.page}: the number of note ${n} does not link back to its marker ${target.marker}`);
    }
    expect(wrong).toEqual([]);
  });

  it('gives each Note a unique /ID, one per note, though the numbers printed repeat', () => {
    const { b } = built.get(id)!;
    const ids = [...b.pdf.toString('latin1').matchAll(/\/ID \((fn-\d+)\)/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(b.cited.notes.map((n) => `fn-${n.n}`).sort());
  });
});

describe('a note continued on the next page', () => {
  it('keeps its number there, marked continued', () => {
    const { b, pdf } = built.get('page-en')!;
    const long = shown(built.get('page-en')!).find((s) => b.cited.notes[s.n - 1].source.id === 'gamma')!;
    const next = foldText(pdf.pages[long.foot.page].text); // pages[] counts from 0: the page after the note's
    expect(next).toContain(`${long.number}. (continued)`);
  });
});

describe('a dossier numbered per page, built again', () => {
  it('gives the same bytes in a process that has built it before (each layout a cold build)', async () => {
    const cw = checkWorkspace(root);
    const again = await renderDossier(cw, cw.ws.dossiers.get('page-ar')!);
    expect(again.pdf.equals(built.get('page-ar')!.b.pdf)).toBe(true);
  }, 120_000);
});

describe('a release numbered per page', () => {
  it('is released and verified: the manifest and verify do not go by note numbers', () => {
    const out = path.join(root, 'releases');
    const release = runCli(['release', 'page-en.yaml', '--out', out], root);
    expect(release.stderr).toBe('');
    expect(release.code).toBe(0);
    const verify = runCli(['verify', path.join(out, 'page-en/1.0.0')], root);
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^verified page-en 1\.0\.0: 40 claims, 81 quotes/m);
  }, 120_000);
});

describe('numbering through the document', () => {
  it('is the default, and saying so changes no byte', () => {
    const through = built.get('through-en')!;
    expect(through.b.pdf.equals(built.get('through-explicit-en')!.b.pdf)).toBe(true);
    expect(through.b.layout!.layouts).toBe(1);
    const all = shown(through);
    expect(all.map((s) => [s.marker, s.number])).toEqual(all.map((s) => [s.n, s.n]));
  });
});
