/**
 * Kept blocks near a page foot, read back from the PDF with pdf.js (which text is a note comes
 * from the tagged structure, tests/helpers/page-foot.ts). A quote of eight lines, kept whole,
 * is pushed down the page one filler line at a time so that it meets the page foot at every
 * height; a quote of three lines the same way. Whatever the position:
 *   - a quote that moved whole to the next page left less than half its height empty behind,
 *     or could not be cut there (two lines on each side);
 *   - a quote cut over two pages has at least two lines on each;
 *   - every note stands on the page of its marker;
 * and the long quote was cut at least once (it used to move whole, leaving up to its own height
 * empty), the short one never (it cannot be cut with two lines on each side).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier } from '../../src/build.js';
import { copyWorkspace } from '../helpers/cli.js';
import { pageFeet, type PageFoot, type TextLine } from '../helpers/page-foot.js';
import { readPdf } from '../helpers/pdf.js';

/** The briefing's A4 page with 22 mm margins: where the text area ends, from the top. */
const TEXT_BOTTOM = 841.89 - (22 * 72) / 25.4;
/** Lines of filler before the quote, one paragraph each: the quote meets the page foot at every height. */
const FILLERS = (process.env.KEEP_FILLERS ?? '').split(',').filter(Boolean).map(Number).length
  ? (process.env.KEEP_FILLERS ?? '').split(',').map(Number)
  : Array.from({ length: 10 }, (_, i) => 22 + i);
const QUOTE_WORD = 'qqq';
/** Points of slack for reading heights from baselines (page-foot.ts estimates ascent and descent). */
const TOLERANCE = 3;

/** Every eighth filler cites a note of its own, so the notes take some room at the foot. */
const cites = (i: number) => i % 8 === 0;
const filler = (i: number) => `<p>Filler line ${i + 1} of the page, short enough for one line${cites(i) ? `<cite n="${i + 1}"/>` : ''}.</p>`;
/** A quote of about `lines` lines: every line holds the quote's word, so its lines are found. */
const quote = (lines: number) => `<blockquote><p>${Array.from({ length: lines * 22 - 5 }, () => QUOTE_WORD).join(' ')}<cite n="900"/></p></blockquote>`;

/** A workspace whose template prints `fillers` one-line paragraphs, each citing a note, then a quote of about `lines` lines. */
function workspace(): string {
  const dir = copyWorkspace();
  for (const lines of [8, 3]) {
    for (const n of FILLERS) {
      const id = `keeps-${lines}-${n}`;
      const notes = Array.from({ length: n }, (_, i) => (cites(i) ? `<note n="${i + 1}">Note ${i + 1}.</note>` : '')).join('\n');
      fs.mkdirSync(path.join(dir, `templates/${id}`), { recursive: true });
      fs.writeFileSync(
        path.join(dir, `templates/${id}/document.hbs`),
        `<document lang="en" title="Keeps">\n${Array.from({ length: n }, (_, i) => filler(i)).join('\n')}\n${quote(lines)}\n<p>After the quote.</p>\n${notes}\n<note n="900">The quote's note.</note>\n</document>\n`,
      );
      fs.writeFileSync(
        path.join(dir, `${id}.yaml`),
        `id: ${id}\ntitle: Keeps\nlanguage: en\ntemplate: ${id}\npaper: A4\nsections:\n  - title: All\n    select: { tags: [funding] }\n`,
      );
    }
  }
  return dir;
}

interface Variant {
  lines: number;
  fillers: number;
  feet: PageFoot[];
  /** Quote lines by page (1-based), top to bottom. */
  quoteLines: Map<number, TextLine[]>;
  notesOnMarkerPage: boolean;
}

/** Body lines of a page, items on one baseline joined. */
function linesOf(foot: PageFoot): TextLine[] {
  const out: TextLine[] = [];
  for (const item of foot.body) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.baseline - item.baseline) < 2) last.str += item.str;
    else out.push({ ...item });
  }
  return out;
}

const variants: Variant[] = [];

beforeAll(async () => {
  const cw = checkWorkspace(workspace());
  expect(cw.diags.items.filter((d) => d.severity === 'error')).toEqual([]);
  for (const lines of [8, 3]) {
    for (const fillers of FILLERS) {
      const b = await renderDossier(cw, cw.ws.dossiers.get(`keeps-${lines}-${fillers}`)!);
      if (process.env.DUMP_PDF_DIR) fs.writeFileSync(path.join(process.env.DUMP_PDF_DIR, `keeps-${lines}-${fillers}.pdf`), b.pdf);
      const feet = await pageFeet(b.pdf, TEXT_BOTTOM);
      const quoteLines = new Map<number, TextLine[]>();
      for (const foot of feet) {
        const q = linesOf(foot).filter((l) => l.str.includes(QUOTE_WORD));
        if (q.length) quoteLines.set(foot.page, q);
      }
      const { places } = await readPdf(b.pdf);
      const notesOnMarkerPage = [...places.keys()]
        .filter((k) => k.startsWith('fn-'))
        .every((k) => places.get(k)!.page === places.get(`fnref-${k.slice(3)}`)?.page);
      variants.push({ lines, fillers, feet, quoteLines, notesOnMarkerPage });
    }
  }
}, 600_000);

/** The quote's height as it stands on one page: its first line's top to its last line's foot. */
function heightOn(q: TextLine[]): number {
  return q[q.length - 1].baseline - q[0].baseline + 1.3 * q[0].fontSize;
}

describe('a kept quote at the page foot', () => {
  it('moves whole only when it leaves less than half its height empty, else is cut with two lines on each side', () => {
    for (const v of variants) {
      const pages = [...v.quoteLines.keys()];
      const where = `${v.lines}-line quote after ${v.fillers} fillers`;
      expect(pages.length, where).toBeGreaterThan(0);
      expect(pages.length, where).toBeLessThanOrEqual(2);
      if (pages.length === 2) {
        for (const q of v.quoteLines.values()) expect(q.length, where).toBeGreaterThanOrEqual(2);
        continue;
      }
      const [page] = pages;
      const onPage = linesOf(v.feet[page - 1]);
      const movedWhole = page > 1 && onPage[0].str.includes(QUOTE_WORD);
      if (!movedWhole) continue;
      // It moved whole: it left less than half its height empty, or it could not be cut (two
      // lines on each side need four) or its first two lines would not have fit either.
      const q = v.quoteLines.get(page)!;
      const gap = v.feet[page - 2].gap;
      const firstTwo = q.length >= 4 ? heightOn(q.slice(0, 2)) : 0;
      if (q.length < 4 || gap < firstTwo + TOLERANCE) continue;
      expect(gap, `${where}: empty space left on page ${page - 1}`).toBeLessThan(0.5 * heightOn(q) + TOLERANCE);
    }
  });

  it('cuts a long quote where more than half of it fits, and moves a short one whole', () => {
    const cut = (lines: number) => variants.filter((v) => v.lines === lines && v.quoteLines.size === 2).length;
    const movedWhole = (lines: number) =>
      variants.filter((v) => {
        if (v.lines !== lines || v.quoteLines.size !== 1) return false;
        const [page] = [...v.quoteLines.keys()];
        return page > 1 && linesOf(v.feet[page - 1])[0].str.includes(QUOTE_WORD);
      }).length;
    // The sweep reaches the page foot for both quotes (else the test proves nothing).
    expect(movedWhole(8) + cut(8)).toBeGreaterThan(2);
    expect(cut(8)).toBeGreaterThan(0);
    expect(movedWhole(3)).toBeGreaterThan(0);
    expect(cut(3)).toBe(0);
  });

  it('keeps every note on the page of its marker', () => {
    for (const v of variants) expect(v.notesOnMarkerPage, `${v.lines}-line quote after ${v.fillers} fillers`).toBe(true);
  });
});
