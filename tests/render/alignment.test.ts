/**
 * The alignment style key, read back from the PDF with pdf.js: start and end by the text's
 * direction, center, and justify in English, Arabic and Japanese. Justified lines reach both
 * margins except a paragraph's last line, which stands at the start (the right in Arabic);
 * the space goes between words (between characters in Japanese), never inside a word: every
 * word of the text comes back whole, a citation marker stays on its word, and no character
 * or word spacing operator (Tc, Tw) is used.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier } from '../../src/build.js';
import { REPO, copyWorkspace } from '../helpers/cli.js';
import { contentStreams, readPdf, type PageText } from '../helpers/pdf.js';

const MM = 72 / 25.4;
const MARGIN = 20 * MM; // the default start and end margins (no settings.yaml)

/** A long paragraph of a sample snapshot, in its language. */
function paragraphOf(file: string, min: number): string {
  const text = fs.readFileSync(path.join(REPO, 'dossiers/sources', file), 'utf8');
  const para = text.split('\n').find((l) => l.length >= min);
  if (!para) throw new Error(`no paragraph of ${min} characters in ${file}`);
  return para.trim().slice(0, 900);
}

let ws: string;

async function build(id: string, lang: string, alignment: string, text: string): Promise<PageText> {
  const dir = path.join(ws, 'templates', `align-${alignment}`);
  fs.mkdirSync(dir, { recursive: true });
  // The paragraph, and a short one with a citation marker after its last word.
  fs.writeFileSync(
    path.join(dir, 'document.hbs'),
    '<document lang="{{lang}}" title="{{title.text}}"><p class="x" lang="{{summary.lang}}">{{summary.text}}</p><p class="x">{{summary.text}}<cite n="1"/> {{summary.text}}</p><note n="1">A note.</note></document>\n',
  );
  fs.writeFileSync(path.join(dir, 'styles.yaml'), `x: { alignment: ${alignment}, marginBottom: 12 }\n`);
  fs.writeFileSync(
    path.join(ws, `${id}.yaml`),
    `id: ${id}\ntitle: T\nlanguage: ${lang}\ntemplate: align-${alignment}\nsummary: ${JSON.stringify(text)}\nsections:\n  - title: S\n    claims: [raised-101m]\n`,
  );
  const cw = checkWorkspace(ws, [path.join(ws, `${id}.yaml`)], { render: true });
  expect(cw.diags.items.filter((d) => d.severity === 'error')).toEqual([]);
  const built = await renderDossier(cw, cw.ws.dossiers.get(id)!);
  for (const s of contentStreams(built.pdf)) expect(s).not.toMatch(/(^|\s)-?(\d*\.)?\d*[1-9]\d*\s+T[cw]\b/);
  return (await readPdf(built.pdf)).pages[0];
}

interface Line {
  y: number;
  left: number;
  right: number;
  text: string;
}

/** The lines of the first paragraph: items grouped by baseline, top to bottom, above the notes. */
function lines(page: PageText): Line[] {
  const byY = new Map<number, PageText['items']>();
  for (const i of page.items) {
    if (!i.str.trim() || i.fontSize < 7) continue; // the note and its marker are smaller
    const y = Math.round(i.y);
    byY.set(y, [...(byY.get(y) ?? []), i]);
  }
  const all = [...byY.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([y, items]) => ({
      y,
      left: Math.min(...items.map((i) => i.x)),
      right: Math.max(...items.map((i) => i.x + i.width)),
      text: items.map((i) => i.str).join(' '),
    }));
  // The first paragraph: lines until the gap of its bottom margin (12 pt, more than a line's leading).
  const out = [all[0]];
  for (let k = 1; k < all.length && out[k - 1].y - all[k].y < 28; k++) out.push(all[k]);
  return out;
}

beforeAll(() => {
  ws = copyWorkspace();
});

const SPACE = 4; // a cut space may hang past a margin

describe('alignment', () => {
  const en =
    'The new harbour ferry timetable starts on 1 June. Ferries will leave the north pier every thirty minutes between six in the morning and midnight, and the last ferry of the night waits for the train from the city when it runs late, the harbour office says in its notice to passengers.';
  const ar = paragraphOf('zephyrnet-stability-aws-bills-ar.txt', 400);
  const ja = paragraphOf('ja-mostaque-zehra-partnership.txt', 300);

  it('justify, English: every line but the last reaches both margins; the last starts at the start margin', async () => {
    const page = await build('just-en', 'en', 'justify', en);
    const ls = lines(page);
    expect(ls.length).toBeGreaterThan(2);
    for (const l of ls.slice(0, -1)) {
      expect(Math.abs(l.left - MARGIN), `${l.text}`).toBeLessThan(0.5);
      expect(l.right, l.text).toBeGreaterThan(page.width - MARGIN - 0.5);
      expect(l.right, l.text).toBeLessThan(page.width - MARGIN + SPACE);
    }
    const last = ls[ls.length - 1];
    expect(Math.abs(last.left - MARGIN)).toBeLessThan(0.5);
    expect(last.right).toBeLessThan(page.width - MARGIN - 20);
    for (const word of en.split(/\s+/)) expect(page.text.replace(/\s+/g, ' ')).toContain(word);
    // The citation marker in the second paragraph (on a justified line) stays on its word.
    const marker = page.items.find((i) => i.str === '1' && i.fontSize < 9 && i.y > 100)!;
    expect(marker).toBeDefined();
    const before = page.items
      .filter((i) => i !== marker && i.str.trim() && Math.abs(i.y - marker.y) < 6 && i.x < marker.x)
      .sort((a, b) => b.x + b.width - (a.x + a.width))[0];
    expect(before.str).toMatch(/passengers\.$/);
    expect(marker.x - (before.x + before.width)).toBeLessThan(0.5);
  }, 60000);

  it('start is ragged on the end side (the control for the test above)', async () => {
    const ls = lines(await build('start-en', 'en', 'start', en));
    const rights = ls.slice(0, -1).map((l) => l.right);
    expect(Math.max(...rights) - Math.min(...rights)).toBeGreaterThan(5);
  }, 60000);

  it('justify, Arabic: lines reach both margins, the last stands on the right; no word is cut apart', async () => {
    const page = await build('just-ar', 'ar', 'justify', ar);
    const ls = lines(page);
    expect(ls.length).toBeGreaterThan(2);
    for (const l of ls.slice(0, -1)) {
      expect(l.left, l.text).toBeGreaterThan(MARGIN - SPACE);
      expect(l.left, l.text).toBeLessThan(MARGIN + 0.5);
      expect(Math.abs(l.right - (page.width - MARGIN)), l.text).toBeLessThan(SPACE);
    }
    const last = ls[ls.length - 1];
    expect(Math.abs(last.right - (page.width - MARGIN)), `last line ${last.text}`).toBeLessThan(SPACE);
    // Every word comes back whole: nothing was inserted inside a joined word.
    const text = page.items.map((i) => i.str).join(' ');
    for (const word of ar.split(/\s+/).filter((w) => /^[\u0600-\u06ff]+$/.test(w))) expect(text).toContain(word);
  }, 60000);

  it('justify, Japanese: lines are filled between characters to both margins', async () => {
    const page = await build('just-ja', 'ja', 'justify', ja);
    const ls = lines(page);
    expect(ls.length).toBeGreaterThan(2);
    for (const l of ls.slice(0, -1)) {
      expect(Math.abs(l.left - MARGIN), l.text).toBeLessThan(0.5);
      expect(Math.abs(l.right - (page.width - MARGIN)), l.text).toBeLessThan(1);
    }
  }, 60000);

  it('end and center, by direction', async () => {
    const pageEn = await build('end-en2', 'en', 'end', en);
    for (const l of lines(pageEn)) expect(Math.abs(l.right - (pageEn.width - MARGIN)), l.text).toBeLessThan(SPACE);
    const pageAr = await build('end-ar', 'ar', 'end', ar);
    for (const l of lines(pageAr)) expect(Math.abs(l.left - MARGIN), l.text).toBeLessThan(SPACE);
    const pageC = await build('center-en', 'en', 'center', en);
    for (const l of lines(pageC)) expect(Math.abs(l.left - MARGIN - (pageC.width - MARGIN - l.right)), l.text).toBeLessThan(SPACE);
  }, 120000);
});
