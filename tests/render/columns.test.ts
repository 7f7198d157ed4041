/**
 * Columns side by side (<columns><column>…</column></columns>), read back with pdf.js: each
 * column where settings.yaml's gap puts it (the first where lines start: left in English,
 * right in Arabic), and the footnotes of text in columns still at the foot of their markers'
 * page, below the marker, with no text overlapping other text: thirty claims, each a row of
 * two columns (statement; quotes with their markers), over several pages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier, type BuiltDossier } from '../../src/build.js';
import { copyWorkspace } from '../helpers/cli.js';
import { readPdf, type PageText } from '../helpers/pdf.js';

const MM = 72 / 25.4;
const CLAIMS = 30;

function workspace(): string {
  const dir = copyWorkspace();
  const claims = Array.from(
    { length: CLAIMS },
    (_, i) => `- id: claim-${i + 1}
  statement:
    en: Claim ${i + 1} says that Mostaque resigned as chief executive in March 2024, as two sources report.
    ar: "الادعاء ${i + 1}: استقال مصطفى من منصب الرئيس التنفيذي في مارس 2024، كما يذكر مصدران."
  tags: [${i < CLAIMS / 2 ? 'left' : 'right'}]
  evidence:
    - source: alpha
      quote: أعلن عماد مصطفى استقالته من منصب الرئيس التنفيذي في مارس 2024.
    - source: beta
      quote: Emad Mostaque resigned as chief executive in March 2024.
`,
  );
  fs.writeFileSync(path.join(dir, 'claims/many.yaml'), claims.join(''));
  const tpl = path.join(dir, 'templates/columned');
  fs.mkdirSync(tpl, { recursive: true });
  fs.writeFileSync(path.join(tpl, 'settings.yaml'), 'paper: A5\nmargins: { top: 15mm, bottom: 15mm, start: 12mm, end: 12mm }\ncolumns: { gap: 10mm }\n');
  fs.writeFileSync(path.join(tpl, 'styles.yaml'), 'p: { marginBottom: 6 }\n');
  fs.writeFileSync(
    path.join(tpl, 'document.hbs'),
    `<document lang="{{lang}}" title="{{title.text}}">
<h1>{{title.text}}</h1>
{{#each sections}}{{#each claims}}<columns><column><p lang="{{statement.lang}}">{{statement.text}}</p></column><column>{{#each evidence}}<p lang="{{quote.lang}}">{{quote.text}}<cite n="{{note}}"/></p>{{/each}}</column></columns>{{/each}}{{/each}}
<p>After the columns.</p>
{{#each notes}}<note n="{{n}}">{{source.publisher}}, {{source.title.text}}.</note>{{/each}}
</document>`,
  );
  for (const [id, lang] of [
    ['en', 'en'],
    ['ar', 'ar'],
  ]) {
    fs.writeFileSync(
      path.join(dir, `cols-${id}.yaml`),
      `id: cols-${id}\ntitle: Columns\nlanguage: ${lang}\ntemplate: columned\nsections:\n  - title: First\n    select: { tags: [left] }\n  - title: Second\n    select: { tags: [right] }\n`,
    );
  }
  return dir;
}

const built = new Map<string, { b: BuiltDossier; pdf: Awaited<ReturnType<typeof readPdf>> }>();

beforeAll(async () => {
  const cw = checkWorkspace(workspace(), undefined, { render: true });
  expect(cw.diags.items.filter((d) => d.severity === 'error')).toEqual([]);
  for (const id of ['cols-en', 'cols-ar']) {
    const b = await renderDossier(cw, cw.ws.dossiers.get(id)!);
    built.set(id, { b, pdf: await readPdf(b.pdf) });
  }
}, 120000);

function overlaps(page: PageText): string[] {
  const boxes = page.items
    .filter((i) => i.str.trim() && i.width > 0)
    .map((i) => ({ s: i.str, x0: i.x, x1: i.x + i.width, y0: i.y, y1: i.y + 0.7 * i.fontSize }));
  const out: string[] = [];
  for (let a = 0; a < boxes.length; a++) {
    for (let b = a + 1; b < boxes.length; b++) {
      const [p, q] = [boxes[a], boxes[b]];
      if (Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0) > 1 && Math.min(p.y1, q.y1) - Math.max(p.y0, q.y0) > 1)
        out.push(`page ${page.page}: "${p.s}" overlaps "${q.s}"`);
    }
  }
  return out;
}

describe.each(['cols-en', 'cols-ar'])('%s', (id) => {
  it('sets the columns side by side at the gap, the first where lines start', () => {
    const { pdf } = built.get(id)!;
    const page = pdf.pages[0];
    const width = (page.width - 24 * MM - 10 * MM) / 2;
    // The first row: the statement in the first column, the English quote in the second.
    const first = page.items.find((i) => i.str.includes(id === 'cols-en' ? 'Claim 1 ' : 'الادعاء'))!;
    const second = page.items.find((i) => i.str.includes('Emad Mostaque resigned'))!;
    if (id === 'cols-en') {
      expect(Math.abs(first.x - 12 * MM)).toBeLessThan(0.5);
      expect(Math.abs(second.x - (12 * MM + width + 10 * MM))).toBeLessThan(0.5);
    } else {
      expect(Math.abs(first.x + first.width - (page.width - 12 * MM))).toBeLessThan(1);
      // An English quote in an Arabic dossier starts on the left of its column.
      expect(Math.abs(second.x - 12 * MM)).toBeLessThan(0.5);
    }
    // No text of a column crosses into the gap.
    const gap = [12 * MM + width, 12 * MM + width + 10 * MM];
    for (const p of pdf.pages) {
      const crossing = p.items.filter((i) => i.str.trim() && i.fontSize > 7 && i.y > 15 * MM + 60 && i.x < gap[1] - 0.5 && i.x + i.width > gap[0] + 0.5);
      expect(crossing.filter((i) => !/After the columns|Columns|Alpha|Beta/.test(i.str)).map((i) => i.str)).toEqual([]);
    }
  });

  it('sets every note at the foot of its marker’s page, below the marker, with no text over other text', () => {
    const { b, pdf } = built.get(id)!;
    expect(pdf.numPages).toBeGreaterThan(2);
    const wrong: string[] = [];
    for (const note of b.cited.notes) {
      const mark = pdf.places.get(`fnref-${note.n}`);
      const foot = pdf.places.get(`fn-${note.n}`);
      if (!mark || !foot) wrong.push(`note ${note.n}: missing`);
      else if (mark.page !== foot.page) wrong.push(`note ${note.n}: marker on page ${mark.page}, note on page ${foot.page}`);
      else if (foot.y >= mark.y) wrong.push(`note ${note.n} stands above its marker`);
    }
    expect(wrong).toEqual([]);
    expect(pdf.pages.flatMap(overlaps)).toEqual([]);
  });
});
