/**
 * Images in the PDF, read back with pdf.js (an oracle we did not write): where each picture is
 * painted (the operator list's transforms), in which marked content, and the structure tree's
 * Figure (its /Alt and /BBox, which must be where the picture was painted) and Caption; a
 * decorative image (alt="") as an Artifact; an image that does not fit moving to the next page
 * with its caption and the note its caption cites; right-to-left placement; and the release
 * content hash following the image bytes. Images are made in the test (tests/helpers/images.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier } from '../../src/build.js';
import { releaseDossier } from '../../src/release/release.js';
import { copyWorkspace } from '../helpers/cli.js';
import { jpeg, png, svg } from '../helpers/images.js';

const MM = 72 / 25.4;
// The page of a template without settings.yaml (src/template/settings.ts, DEFAULT_SETTINGS).
const MARGIN_X = 20 * MM;
const MARGIN_Y = 22 * MM;
const A4 = { width: 595.28, height: 841.89 };
const TEXT_WIDTH = A4.width - 2 * MARGIN_X;

interface Painted {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The innermost marked content around the paint: its tag and MCID. */
  tag?: string;
  mcid?: number | null;
}
interface Node {
  role?: string;
  alt?: string;
  bbox?: number[];
  type?: string;
  id?: string;
  children?: Node[];
}
interface PageRead {
  painted: Painted[];
  figures: { alt?: string; bbox?: number[]; mcids: number[] }[];
  captions: number;
  text: string;
  /** Page width in points. */
  width: number;
  /** The top (PDF y) of the text of the test template's note, when the page shows it. */
  noteTop?: number;
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

async function readPages(pdf: Buffer): Promise<PageRead[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  const pages: PageRead[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const ops = await page.getOperatorList();
    const painted: Painted[] = [];
    let ctm: Matrix = [1, 0, 0, 1, 0, 0];
    const saved: Matrix[] = [];
    const marks: { tag: string; mcid: number | null }[] = [];
    ops.fnArray.forEach((fn, i) => {
      const args = ops.argsArray[i] as unknown[];
      if (fn === OPS.save) saved.push(ctm);
      else if (fn === OPS.restore) ctm = saved.pop() ?? ctm;
      else if (fn === OPS.transform) ctm = multiply(args as Matrix, ctm);
      else if (fn === OPS.beginMarkedContentProps) marks.push({ tag: String(args[0]), mcid: args[1] as number | null });
      else if (fn === OPS.beginMarkedContent) marks.push({ tag: String(args[0]), mcid: null });
      else if (fn === OPS.endMarkedContent) marks.pop();
      else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject) {
        const top = marks[marks.length - 1];
        painted.push({ x: ctm[4], y: ctm[5], width: ctm[0], height: ctm[3], tag: top?.tag, mcid: top?.mcid });
      }
    });
    const tree = (await page.getStructTree()) as Node | null;
    const figures: PageRead['figures'] = [];
    let captions = 0;
    const walk = (n: Node) => {
      if (n.role === 'Figure') {
        const mcids = (n.children ?? []).filter((c) => c.type === 'content').map((c) => Number(/_mc(\d+)$/.exec(c.id!)![1]));
        figures.push({ alt: n.alt, bbox: n.bbox, mcids });
      }
      if (n.role === 'Caption') captions++;
      n.children?.forEach(walk);
    };
    if (tree) walk(tree);
    const content = await page.getTextContent();
    const text = content.items.map((i) => ('str' in i ? i.str : '')).join(' ');
    const note = content.items.find((i) => 'str' in i && i.str.includes('The note of the caption')) as { transform: number[]; height: number } | undefined;
    const noteTop = note ? note.transform[5] + note.height : undefined;
    pages.push({ painted, figures, captions, text, width: page.view[2] - page.view[0], noteTop });
  }
  await doc.destroy();
  return pages;
}

/** The mini workspace with templates/pics (document.hbs as given) used by its dossiers, and assets/. */
function workspace(body: string, assets: Record<string, Buffer>): string {
  const dir = copyWorkspace();
  const tpl = path.join(dir, 'templates/pics');
  fs.mkdirSync(tpl, { recursive: true });
  fs.writeFileSync(
    path.join(tpl, 'document.hbs'),
    `<document lang="{{lang}}" title="{{title.text}}">\n<h1>{{title.text}}</h1>\n${body}\n{{#each notes}}{{#if @first}}<note n="{{n}}">The note of the caption.</note>{{/if}}{{/each}}\n</document>\n`,
  );
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  for (const [name, data] of Object.entries(assets)) fs.writeFileSync(path.join(dir, 'assets', name), data);
  for (const f of ['brief.yaml', 'brief-ar.yaml']) fs.appendFileSync(path.join(dir, f), 'template: pics\n');
  return dir;
}

async function build(dir: string, id: string): Promise<Buffer> {
  const cw = checkWorkspace(dir, undefined, { render: true });
  expect(cw.diags.items.filter((d) => d.severity === 'error')).toEqual([]);
  const dossier = [...cw.ws.dossiers.values()].find((d) => d.id === id)!;
  return (await renderDossier(cw, dossier)).pdf;
}

const filler = (n: number) =>
  Array.from({ length: n }, (_, i) => `<p>Paragraph ${i + 1} of the filler text that pushes the figure down the page.</p>`).join('\n');

describe('images in the PDF', () => {
  it('sizes, places and tags each image: Figure with /Alt and the /BBox it is painted in, Caption, decorative as Artifact', async () => {
    const dir = workspace(
      [
        '<img src="wide.png" alt="A wide blue band"/>',
        '<figure><img src="photo.jpg" alt="A photograph" width="50mm"/><figcaption>The caption of the photograph.</figcaption></figure>',
        '<img src="half.png" alt="Half the column" width="50%" align="center"/>',
        '<img src="deco.png" alt=""/>',
        '<img src="mark.svg" alt="An SVG mark" width="30mm" align="end"/>',
      ].join('\n'),
      {
        'wide.png': png({ width: 2000, height: 100 }),
        'photo.jpg': jpeg({ width: 64, height: 48 }),
        'half.png': png({ width: 40, height: 40, colorType: 6 }),
        'deco.png': png({ width: 30, height: 10, colorType: 0 }),
        'mark.svg': svg(),
      },
    );
    const [page, ...rest] = await readPages(await build(dir, 'brief'));
    expect(rest).toHaveLength(0);
    const [wide, photo, half, deco] = page.painted;
    expect(page.painted).toHaveLength(4);
    // Natural size capped at the column, aspect ratio kept, at the start (left) of the line.
    expect(wide.x).toBeCloseTo(MARGIN_X, 1);
    expect(wide.width).toBeCloseTo(TEXT_WIDTH, 1);
    expect(wide.height).toBeCloseTo(TEXT_WIDTH / 20, 1);
    // 50 mm wide, 4:3.
    expect(photo.width).toBeCloseTo(50 * MM, 1);
    expect(photo.height).toBeCloseTo((50 * MM * 3) / 4, 1);
    expect(photo.x).toBeCloseTo(MARGIN_X, 1);
    // Half the column, centred.
    expect(half.width).toBeCloseTo(TEXT_WIDTH / 2, 1);
    expect(half.x + half.width / 2).toBeCloseTo(A4.width / 2, 1);
    // Natural size: 30 x 10 pixels at 0.75 pt.
    expect([deco.width, deco.height]).toEqual([22.5, 7.5]);
    // Top to bottom in document order (PDF y grows upwards).
    expect(wide.y).toBeGreaterThan(photo.y);
    expect(photo.y).toBeGreaterThan(half.y);

    // Each image with alt text is painted inside its Figure's marked content, and the
    // Figure's /BBox is that painted rectangle; the decorative one is an Artifact.
    expect(page.figures.map((f) => f.alt)).toEqual(['A wide blue band', 'A photograph', 'Half the column', 'An SVG mark']);
    for (const [k, img] of [wide, photo, half].entries()) {
      expect(img.tag).toBe('Figure');
      expect(page.figures[k].mcids).toContain(img.mcid);
      const [x0, y0, x1, y1] = page.figures[k].bbox!;
      expect(x0).toBeCloseTo(img.x, 1);
      expect(y0).toBeCloseTo(img.y, 1);
      expect(x1).toBeCloseTo(img.x + img.width, 1);
      expect(y1).toBeCloseTo(img.y + img.height, 1);
    }
    expect(deco.tag).toBe('Artifact');
    // The SVG is drawn as paths: its Figure's box is 30 mm wide, 3:1, at the end (right) of the line.
    const [sx0, sy0, sx1, sy1] = page.figures[3].bbox!;
    expect(sx1 - sx0).toBeCloseTo(30 * MM, 1);
    expect(sy1 - sy0).toBeCloseTo((30 * MM) / 3, 1);
    expect(sx1).toBeCloseTo(A4.width - MARGIN_X, 1);
    expect(page.figures[3].mcids.length).toBeGreaterThan(0);
    expect(page.captions).toBe(1);
    expect(page.text).toContain('The caption of the photograph.');
  }, 60_000);

  it('an image that does not fit moves to the next page with its caption and the note the caption cites', async () => {
    const dir = workspace(
      `${filler(30)}\n<figure><img src="tall.png" alt="A tall picture" width="100mm"/><figcaption>Caption of the tall picture<cite n="1"/>.</figcaption></figure>`,
      {
        'tall.png': png({ width: 400, height: 600 }),
      },
    );
    const pages = await readPages(await build(dir, 'brief'));
    expect(pages).toHaveLength(2);
    expect(pages[0].painted).toHaveLength(0);
    expect(pages[0].text).toContain('Paragraph 30');
    const [tall] = pages[1].painted;
    expect(tall.width).toBeCloseTo(100 * MM, 1);
    expect(tall.height).toBeCloseTo(150 * MM, 1);
    // At the top of the page body.
    expect(A4.height - (tall.y + tall.height)).toBeCloseTo(MARGIN_Y, 0);
    expect(pages[1].text).toContain('Caption of the tall picture');
    expect(pages[1].text).toContain('The note of the caption.');
    expect(pages[0].text).not.toContain('The note of the caption.');
  }, 60_000);

  it('a note cited just before an image stays with its citation; the image never runs into the notes', async () => {
    // The image after a citing paragraph, pushed down the page step by step: it stands above
    // the notes on the page of the citation, or moves to the next page, never in between.
    let samePage = 0;
    let moved = 0;
    for (let n = 22; n <= 34; n += 2) {
      const dir = workspace(`${filler(n)}\n<p>The sentence just before the figure<cite n="1"/>.</p>\n<img src="block.png" alt="A block" width="60mm"/>`, {
        'block.png': png({ width: 300, height: 200 }),
      });
      const pages = await readPages(await build(dir, 'brief'));
      const citing = pages.findIndex((p) => p.text.includes('The sentence just before'));
      expect(pages[citing].text).toContain('The note of the caption.');
      const withImage = pages.findIndex((p) => p.painted.length);
      const [img] = pages[withImage].painted;
      expect(img.y).toBeGreaterThanOrEqual(MARGIN_Y - 0.01); // above the bottom margin
      if (withImage === citing) {
        samePage++;
        expect(img.y).toBeGreaterThan(pages[citing].noteTop!);
      } else {
        moved++;
        expect(withImage).toBe(citing + 1);
      }
    }
    expect(samePage).toBeGreaterThan(0);
    expect(moved).toBeGreaterThan(0);
  }, 180_000);

  it('never taller than the page body: a very tall image is scaled down to fit, with its caption', async () => {
    const dir = workspace('<figure><img src="pole.png" alt="A pole"/><figcaption>A pole.</figcaption></figure>', {
      'pole.png': png({ width: 40, height: 4000 }),
    });
    const pages = await readPages(await build(dir, 'brief'));
    const [pole] = pages.flatMap((p) => p.painted);
    const body = A4.height - 2 * MARGIN_Y;
    expect(pole.height).toBeLessThan(body);
    expect(pole.width / pole.height).toBeCloseTo(40 / 4000, 4);
    const withPole = pages.find((p) => p.painted.length)!;
    expect(withPole.text).toContain('A pole.');
  }, 60_000);

  it('in a table cell or a list item, an image is sized to its column, not to the page', async () => {
    const dir = workspace(
      '<table><tr><td><p>Left</p></td><td><img src="a.png" alt="In a cell" width="100%"/></td></tr></table>\n<ul><li><img src="b.png" alt="In a list"/></li></ul>',
      {
        'a.png': png({ width: 2000, height: 1000 }),
        'b.png': png({ width: 2000, height: 100 }),
      },
    );
    const [page] = await readPages(await build(dir, 'brief'));
    const [cell, item] = page.painted;
    // Two equal columns, 4 pt of padding a side.
    expect(cell.width).toBeCloseTo(TEXT_WIDTH / 2 - 8, 1);
    expect(cell.x + cell.width).toBeLessThanOrEqual(A4.width - MARGIN_X + 0.01);
    expect(item.x).toBeGreaterThan(MARGIN_X);
    expect(item.x + item.width).toBeLessThanOrEqual(A4.width - MARGIN_X + 0.01);
    expect(page.text).toContain('Left');
  }, 60_000);

  it('right to left (on Letter paper): an image stands at the start of the line, on the right', async () => {
    const dir = workspace('<img src="a.png" alt="صورة" width="40mm"/>', { 'a.png': png({ width: 80, height: 40 }) });
    const [page] = await readPages(await build(dir, 'brief-ar'));
    const [a] = page.painted;
    expect(a.x + a.width).toBeCloseTo(page.width - MARGIN_X, 1);
    expect(page.figures[0].alt).toBe('صورة');
  }, 60_000);
});

describe('images in a release', () => {
  it('count in the content hash: the same image leaves the release unchanged, a changed one is a change', async () => {
    const dir = copyWorkspace();
    fs.mkdirSync(path.join(dir, 'assets'));
    const logo = path.join(dir, 'assets/logo.png');
    fs.writeFileSync(logo, png({ width: 120, height: 40 }));
    fs.appendFileSync(path.join(dir, 'brief.yaml'), 'logo:\n  src: logo.png\n  alt: Example Newsroom\n');
    const out = path.join(dir, 'releases');
    const release = async () => {
      const cw = checkWorkspace(dir);
      return releaseDossier({ cw, dossier: cw.ws.dossiers.get('brief')!, out });
    };
    const first = await release();
    expect(first.kind).toBe('released');
    expect(first.manifest.images).toEqual([
      { file: 'assets/logo.png', sha256: (await import('node:crypto')).createHash('sha256').update(fs.readFileSync(logo)).digest('hex') },
    ]);
    expect((await release()).kind).toBe('unchanged');
    fs.writeFileSync(logo, png({ width: 120, height: 40, color: [200, 0, 0] }));
    await expect(release()).rejects.toThrow(/already released .* with different content: images: assets\/logo.png changed/);
  }, 120_000);
});
