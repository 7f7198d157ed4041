/**
 * Kept blocks near a page foot, read back from the PDF with pdf.js (which text is a note comes
 * from the tagged structure, tests/helpers/page-foot.ts). A quote of eight lines, kept whole,
 * is pushed down the page one filler line at a time so that it meets the page foot at every
 * height; so are a quote of three lines and a heading kept with a paragraph of six. Whatever
 * the position:
 *   - a block that moved whole to the next page left less than half its height empty behind,
 *     or could not be cut there (two lines of a paragraph on each side, a heading with two);
 *   - a block cut over two pages has at least two lines of its paragraph on each;
 *   - a heading is never the last line of a page;
 *   - every note stands on the page of its marker;
 * and the long quote and the heading were cut at least once (they used to move whole, leaving
 * up to their own height empty), the short quote never.
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
const HEADING_WORD = 'hhh';
/** Points of slack for reading heights from baselines (page-foot.ts estimates ascent and descent). */
const TOLERANCE = 3;

/** Every eighth filler cites a note of its own, so the notes take some room at the foot. */
const cites = (i: number) => i % 8 === 0;
const filler = (i: number) => `<p>Filler line ${i + 1} of the page, short enough for one line${cites(i) ? `<cite n="${i + 1}"/>` : ''}.</p>`;
const words = (word: string, lines: number) => Array.from({ length: lines * 22 - 5 }, () => word).join(' ');

/**
 * The kept blocks: a quote of about eight lines, one of about three, and a heading kept with a
 * paragraph of about six lines (short enough to be kept: typeset/content.ts keeps only blocks
 * estimated under half a page). Every line of a block holds its word, so its lines are found.
 */
const KINDS = {
  'long quote': { markup: `<blockquote><p>${words(QUOTE_WORD, 8)}<cite n="900"/></p></blockquote>` },
  'short quote': { markup: `<blockquote><p>${words(QUOTE_WORD, 3)}<cite n="900"/></p></blockquote>` },
  heading: { markup: `<h2>${HEADING_WORD} heading</h2>\n<p>${words(QUOTE_WORD, 6)}<cite n="900"/></p>` },
};
type Kind = keyof typeof KINDS;

/** A workspace with a template per kind and filler count: the fillers, the block, a last paragraph. */
function workspace(): string {
  const dir = copyWorkspace();
  for (const [k, kind] of Object.entries(KINDS)) {
    for (const n of FILLERS) {
      const id = `keeps-${k.replace(' ', '-')}-${n}`;
      const notes = Array.from({ length: n }, (_, i) => (cites(i) ? `<note n="${i + 1}">Note ${i + 1}.</note>` : '')).join('\n');
      fs.mkdirSync(path.join(dir, `templates/${id}`), { recursive: true });
      fs.writeFileSync(
        path.join(dir, `templates/${id}/document.hbs`),
        `<document lang="en" title="Keeps">\n${Array.from({ length: n }, (_, i) => filler(i)).join('\n')}\n${kind.markup}\n<p>After the block.</p>\n${notes}\n<note n="900">The block's note.</note>\n</document>\n`,
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
  kind: Kind;
  fillers: number;
  feet: PageFoot[];
  /** The block's lines by page (1-based), top to bottom. */
  blockLines: Map<number, TextLine[]>;
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
const isBlockLine = (l: TextLine) => l.str.includes(QUOTE_WORD) || l.str.includes(HEADING_WORD);

beforeAll(async () => {
  const cw = checkWorkspace(workspace());
  expect(cw.diags.items.filter((d) => d.severity === 'error')).toEqual([]);
  for (const kind of Object.keys(KINDS) as Kind[]) {
    for (const fillers of FILLERS) {
      const id = `keeps-${kind.replace(' ', '-')}-${fillers}`;
      const b = await renderDossier(cw, cw.ws.dossiers.get(id)!);
      if (process.env.DUMP_PDF_DIR) fs.writeFileSync(path.join(process.env.DUMP_PDF_DIR, `${id}.pdf`), b.pdf);
      const feet = await pageFeet(b.pdf, TEXT_BOTTOM);
      const blockLines = new Map<number, TextLine[]>();
      for (const foot of feet) {
        const q = linesOf(foot).filter(isBlockLine);
        if (q.length) blockLines.set(foot.page, q);
      }
      const { places } = await readPdf(b.pdf);
      const notesOnMarkerPage = [...places.keys()]
        .filter((k) => k.startsWith('fn-'))
        .every((k) => places.get(k)!.page === places.get(`fnref-${k.slice(3)}`)?.page);
      variants.push({ kind, fillers, feet, blockLines, notesOnMarkerPage });
    }
  }
}, 600_000);

/** The height of some lines standing on one page: the first one's top to the last one's foot. */
function heightOf(q: TextLine[]): number {
  return q[q.length - 1].baseline - q[0].baseline + 1.3 * q[0].fontSize;
}

/** The page a block moved to whole (its first line the first of that page, after page 1), if it did. */
function movedWholeTo(v: Variant): number | undefined {
  if (v.blockLines.size !== 1) return undefined;
  const [page] = [...v.blockLines.keys()];
  return page > 1 && isBlockLine(linesOf(v.feet[page - 1])[0]) ? page : undefined;
}

const cutCount = (kind: Kind) => variants.filter((v) => v.kind === kind && v.blockLines.size === 2).length;
const movedCount = (kind: Kind) => variants.filter((v) => v.kind === kind && movedWholeTo(v) !== undefined).length;

describe('a kept block at the page foot', () => {
  it('moves whole only when it leaves less than half its height empty, or no legal first part fits', () => {
    for (const v of variants) {
      const page = movedWholeTo(v);
      if (page === undefined) continue;
      const q = v.blockLines.get(page)!;
      const gap = v.feet[page - 2].gap;
      // The smallest first part: two lines of a paragraph, after the heading if there is one;
      // a block of fewer than four lines (two on each side) cannot be cut.
      const heading = q[0].str.includes(HEADING_WORD) ? 1 : 0;
      if (q.length - heading < 4 || gap < heightOf(q.slice(0, heading + 2)) + TOLERANCE) continue;
      expect(gap, `${v.kind} after ${v.fillers} fillers: empty space left on page ${page - 1}`).toBeLessThan(0.5 * heightOf(q) + TOLERANCE);
    }
  });

  it('is cut only with two lines of a paragraph on each side, and never right after a heading', () => {
    for (const v of variants) {
      const where = `${v.kind} after ${v.fillers} fillers`;
      expect(v.blockLines.size, where).toBeGreaterThan(0);
      expect(v.blockLines.size, where).toBeLessThanOrEqual(2);
      if (v.blockLines.size < 2) continue;
      for (const q of v.blockLines.values()) expect(q.filter((l) => l.str.includes(QUOTE_WORD)).length, where).toBeGreaterThanOrEqual(2);
    }
    // A heading is never the last line of its page.
    for (const v of variants) {
      for (const foot of v.feet) {
        const lines = linesOf(foot);
        expect(lines[lines.length - 1].str.includes(HEADING_WORD), `${v.kind} after ${v.fillers} fillers, page ${foot.page}`).toBe(false);
      }
    }
  });

  it('cuts a long quote and a heading with its paragraph where more than half fits, and moves a short quote whole', () => {
    // The sweep reaches the page foot for every block (else the test proves nothing).
    for (const kind of Object.keys(KINDS) as Kind[]) expect(movedCount(kind) + cutCount(kind), kind).toBeGreaterThan(2);
    expect(cutCount('long quote')).toBeGreaterThan(0);
    expect(cutCount('heading')).toBeGreaterThan(0);
    expect(movedCount('short quote')).toBeGreaterThan(0);
    expect(cutCount('short quote')).toBe(0);
  });

  it('keeps every note on the page of its marker', () => {
    for (const v of variants) expect(v.notesOnMarkerPage, `${v.kind} after ${v.fillers} fillers`).toBe(true);
  });
});
