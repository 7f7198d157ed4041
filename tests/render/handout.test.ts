/**
 * The handout template (templates/handout/) and the <qr> element, read back with pdf.js and the
 * PDF's own content streams: the sample handout prints on at most two pages with every claim's
 * status in words and its quotes; a source with an archive_url (set here, in a copy of the
 * samples: the samples have none, and none is invented) gets a QR code drawn as vectors, as
 * Artifacts, whose module grid has the three finder patterns of ISO/IEC 18004 and decodes (jsQR)
 * to the address, and its address
 * printed as tagged text; a bad address is an error at the template's <qr>, in check and build.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import jsQRModule from 'jsqr';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkWorkspace, renderDossier, type BuiltDossier } from '../../src/build.js';
import { copyWorkspace, REPO, runCli } from '../helpers/cli.js';
import { foldText, readPdf } from '../helpers/pdf.js';

const ARCHIVE = 'https://web.archive.org/web/20241106000000/https://www.okx.com/zh-hans/learn/example-article';
const SOURCE = 'sources/okx-ai-sun-yuchen-mostaque-zh.yaml';
const HANDOUT = path.join(REPO, 'templates/handout');
// jsqr is CommonJS with an ES-style default export: under NodeNext the function is `.default`
// of what is imported, and vitest's interop gives the function itself.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule.default }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;
const squeeze = (s: string) => foldText(s).replace(/\s+/g, '').normalize('NFC');

/** A copy of the samples whose Chinese source has this archive_url. */
function samplesWithArchiveUrl(value: string): string {
  const ws = copyWorkspace(path.join(REPO, 'dossiers'));
  const file = path.join(ws, SOURCE);
  fs.writeFileSync(
    file,
    fs.readFileSync(file, 'utf8').replace(/^accessed: .*$/m, (line) => `${line}\narchive_url: ${JSON.stringify(value)}`),
  );
  return ws;
}

async function build(root: string): Promise<BuiltDossier> {
  const cw = checkWorkspace(root);
  expect(cw.diags.errorCount).toBe(0);
  return renderDossier(cw, cw.ws.dossiers.get('stability-finances-handout')!);
}

let sample: BuiltDossier;
let withQr: BuiltDossier;
beforeAll(async () => {
  sample = await build(path.join(REPO, 'dossiers'));
  withQr = await build(samplesWithArchiveUrl(ARCHIVE));
}, 120_000);

describe('the sample handout', () => {
  it('prints on at most two pages, with the title, date, handling label, every statement and its status in words', async () => {
    const { numPages, pages } = await readPdf(sample.pdf);
    expect(numPages).toBeLessThanOrEqual(2);
    const text = squeeze(pages.map((p) => p.text).join(''));
    const labels = (parseYaml(fs.readFileSync(path.join(HANDOUT, 'labels.yaml'), 'utf8')) as Record<string, Record<string, string>>).en;
    expect(text).toContain(squeeze(sample.cited.title.text));
    expect(text).toContain(squeeze('November 22, 2026'));
    expect(text).toContain('TLP:CLEAR');
    const claims = sample.cited.sections.flatMap((s) => s.claims);
    expect(claims.length).toBeGreaterThanOrEqual(6);
    for (const c of claims) expect(text, c.id).toContain(squeeze(c.statement.text));
    // One status line a claim, in words; one supporting quote a claim, one contradicting per disputed claim.
    for (const status of ['corroborated', 'single-source', 'disputed'] as const) {
      const n = claims.filter((c) => c.status === status).length;
      expect(n, status).toBeGreaterThan(0);
      expect(text.split(squeeze(`${labels[status]}·${labels.supporting_publishers}`)).length - 1, status).toBe(n);
    }
    expect(text.split(`${labels.supports}:`).length - 1).toBe(claims.length);
    expect(text.split(`${labels.contradicts}:`).length - 1).toBe(claims.filter((c) => c.status === 'disputed').length);
  });

  it('prints each chosen quote in the marks of its language, cited [source, paragraph], and every cited source', async () => {
    const { pages } = await readPdf(sample.pdf);
    const text = squeeze(pages.map((p) => p.text).join(''));
    for (const c of sample.cited.sections.flatMap((s) => s.claims)) {
      for (const q of [c.strongest.lead, c.strongest.counter]) {
        if (!q) continue;
        const e = q.evidence;
        // Arabic quotes are set right to left inside English lines: pdf.js gives their words in
        // visual order, so only the words are compared for them.
        if (e.quote.dir === 'ltr')
          expect(text, c.id).toContain(squeeze(`${e.quote.open}${e.quote.text}${e.quote.close}[${q.source.n},para.${q.cite.paragraph}]`));
        else expect(text, c.id).toContain(`[${q.source.n},para.${q.cite.paragraph}]`);
        if (e.translation) expect(text, c.id).toContain(squeeze(e.translation.text));
      }
    }
    for (const s of sample.cited.sources) expect(text).toContain(squeeze(`[${s.n}]${s.publisher}`));
  });

  it('has no QR code: no sample source has an archive_url', () => {
    expect(sample.cited.sources.every((s) => s.archiveUrl === undefined)).toBe(true);
    expect(sample.tree.blocks.some((b) => b.kind === 'qr')).toBe(false);
  });
});

/** Every stream of the PDF that inflates, as text (content streams among them). */
function inflatedStreams(pdf: Buffer): string[] {
  const out: string[] = [];
  const src = pdf.toString('latin1');
  for (let i = src.indexOf('stream\n'); i >= 0; i = src.indexOf('stream\n', i + 1)) {
    const end = src.indexOf('endstream', i);
    if (end < 0) break;
    try {
      out.push(zlib.inflateSync(pdf.subarray(i + 7, end)).toString('latin1'));
    } catch {
      // not deflated, or not a stream start ("endstream\n"): skip
    }
  }
  return out;
}

/** Squares filled in the content streams, and whether each is inside Artifact marked content. */
function filledSquares(pdf: Buffer): { x: number; y: number; size: number; artifact: boolean }[] {
  const out: { x: number; y: number; size: number; artifact: boolean }[] = [];
  for (const stream of inflatedStreams(pdf)) {
    const stack: string[] = [];
    const re = /\/(\w+)\s*(?:<<[\s\S]*?>>\s*|\/\w+\s+)?BDC|\/(\w+)\s+BMC|\bEMC\b|(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re\b/g;
    for (const m of stream.matchAll(re)) {
      if (m[1] || m[2]) stack.push(m[1] ?? m[2]);
      else if (m[0] === 'EMC') stack.pop();
      else if (m[5] === m[6]) out.push({ x: Number(m[3]), y: Number(m[4]), size: Number(m[5]), artifact: stack.includes('Artifact') });
    }
  }
  return out;
}

/** The 7x7 finder pattern: a dark ring, a light ring, a dark 3x3 centre. */
function isFinder(dark: (r: number, c: number) => boolean, r0: number, c0: number): boolean {
  for (let r = 0; r < 7; r++) {
    for (let c = 0; c < 7; c++) {
      const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
      if (dark(r0 + r, c0 + c) !== (ring !== 2)) return false;
    }
  }
  return true;
}

/**
 * The QR code drawn in a PDF, read from its squares: module count a side, the finder patterns
 * at the four corners, and what jsQR (a decoder we did not write) reads from the squares painted
 * at 4 pixels a module with a quiet zone of 4 modules.
 */
function readQr(pdf: Buffer): { modules: number; allArtifacts: boolean; n: number; finders: boolean[]; decoded?: string } {
  // The code's modules (the dark squares), all of one size; its light background is bigger.
  const modules = filledSquares(pdf).filter((s) => s.size > 0.5 && s.size < 3);
  const size = modules[0].size;
  const x0 = Math.min(...modules.map((s) => s.x));
  const y0 = Math.min(...modules.map((s) => s.y));
  const n = Math.round((Math.max(...modules.map((s) => s.x)) - x0) / size) + 1;
  expect(Math.round((Math.max(...modules.map((s) => s.y)) - y0) / size) + 1).toBe(n);
  const set = new Set(modules.map((s) => `${Math.round((s.y - y0) / size)},${Math.round((s.x - x0) / size)}`));
  const dark = (r: number, c: number) => set.has(`${r},${c}`);
  const px = 4;
  const side = (n + 8) * px;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) if (dark(Math.floor(y / px) - 4, Math.floor(x / px) - 4)) rgba.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
  }
  return {
    modules: modules.length,
    allArtifacts: modules.every((s) => s.artifact),
    n,
    finders: [isFinder(dark, 0, 0), isFinder(dark, 0, n - 7), isFinder(dark, n - 7, 0), isFinder(dark, n - 7, n - 7)],
    decoded: jsQR(rgba, side, side)?.data,
  };
}

describe('a source with an archive_url in the handout', () => {
  it('gets a QR code: vector modules in a square grid with the three finder patterns, all Artifacts', () => {
    const code = readQr(withQr.pdf);
    expect(code.modules).toBeGreaterThan(300);
    expect(code.allArtifacts).toBe(true);
    expect((code.n - 17) % 4).toBe(0); // a QR code has 17 + 4v modules a side
    expect(code.finders).toEqual([true, true, true, false]); // no fourth: that corner holds data
    expect(code.decoded).toBe(ARCHIVE);
    // Not a page of the sample: its content streams have no such grid.
    expect(filledSquares(sample.pdf).filter((s) => s.size > 0.5 && s.size < 3).length).toBe(0);
  });

  it('the longest address allowed (300 characters) fits the default size and reads back', async () => {
    const longest = `https://web.archive.org/web/2024/https://example.org/${'a'.repeat(300 - 53)}`;
    expect(longest.length).toBe(300);
    const { pdf } = await build(samplesWithArchiveUrl(longest));
    const code = readQr(pdf);
    expect(code.n).toBe(69); // version 13
    expect(code.decoded).toBe(longest);
    // The address, one long word, is cut to the text width beside the code: nothing passes the
    // end margin (15mm), and every character of it is printed.
    const { pages, numPages } = await readPdf(pdf);
    expect(numPages).toBeLessThanOrEqual(2);
    for (const p of pages) for (const i of p.items) expect(i.x + i.width, i.str).toBeLessThanOrEqual(p.width - 15 * (72 / 25.4) + 0.5);
    expect(squeeze(pages.map((p) => p.text).join(''))).toContain(longest);
  }, 60_000);

  it('prints its address as text, tagged as a paragraph of the structure tree, and the handout still fits two pages', async () => {
    const doc = await getDocument({ data: new Uint8Array(withQr.pdf), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
    expect(doc.numPages).toBeLessThanOrEqual(2);
    let taggedText = '';
    const loose: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const ids = new Set<string>();
      const walk = (n: { role?: string; type?: string; id?: string; children?: unknown[] }, inP: boolean) => {
        if (n.type === 'content' && n.id && inP) ids.add(n.id);
        for (const c of (n.children ?? []) as (typeof n)[]) walk(c, inP || n.role === 'P');
      };
      walk((await page.getStructTree()) as never, false);
      const stack: { tag?: string; id?: string }[] = [];
      const content = await page.getTextContent({ includeMarkedContent: true });
      for (const item of content.items as { type?: string; tag?: string; id?: string; str?: string }[]) {
        if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') stack.push(item);
        else if (item.type === 'endMarkedContent') stack.pop();
        else if (item.str?.trim()) {
          if (stack.some((m) => m.tag === 'Artifact')) continue;
          if (stack.some((m) => m.id && ids.has(m.id))) taggedText += item.str;
          else if (!stack.some((m) => m.id)) loose.push(item.str);
        }
      }
    }
    await doc.destroy();
    expect(loose).toEqual([]);
    expect(squeeze(taggedText)).toContain(ARCHIVE);
    // In English the code stands where lines start, on the left of its address.
    const { pages } = await readPdf(withQr.pdf);
    const address = pages.flatMap((p) => p.items).filter((i) => ARCHIVE.includes(i.str.trim()) && i.str.trim().length > 5);
    expect(address.length).toBeGreaterThan(0);
    const modules = filledSquares(withQr.pdf).filter((s) => s.size > 0.5 && s.size < 3);
    expect(Math.max(...modules.map((s) => s.x + s.size))).toBeLessThan(Math.min(...address.map((i) => i.x)));
  });
});

/** Where `<qr` is written in the handout's partials: the position a <qr> error must name. */
function qrPosition(): string {
  for (const file of fs.readdirSync(path.join(HANDOUT, 'partials'))) {
    const text = fs.readFileSync(path.join(HANDOUT, 'partials', file), 'utf8');
    // The element, not a comment naming it: the first "<qr " that opens a tag.
    const i = text.search(/<qr\s/);
    if (i < 0) continue;
    const before = text.slice(0, i);
    return `templates/handout/partials/${file}:${before.split('\n').length}:${i - before.lastIndexOf('\n')}`;
  }
  throw new Error('no <qr> in the handout');
}

describe('a bad QR value', () => {
  it.each([
    ['not http(s)', 'ftp://example.org/archive/x', /must be an http or https address/],
    ['too long', `https://example.org/${'a'.repeat(300)}`, /is 320 characters long; at most 300 are encoded/],
    ['not an address', 'https://exa mple.org/x', /printable ASCII characters, without spaces/],
  ])("%s: an error at the template's <qr> in check and build, and no PDF", (_what, value, message) => {
    const ws = samplesWithArchiveUrl(value);
    const at = qrPosition();
    for (const args of [
      ['check', '--root', ws],
      ['build', path.join(ws, 'stability-finances-handout.yaml'), '--out', path.join(ws, 'out')],
    ]) {
      const r = runCli(args);
      expect(r.code, r.stderr).toBe(1);
      const line = r.stderr.split('\n').find((l) => l.includes('<qr>'));
      expect(line, r.stderr).toBeDefined();
      expect(line!.startsWith(`${at}: error: template output: <qr> `), line).toBe(true);
      expect(line).toMatch(message);
      expect(r.stderr).toMatch(/hint: .*archive_url/);
    }
    expect(fs.existsSync(path.join(ws, 'out/stability-finances-handout.pdf'))).toBe(false);
  });

  it('written literally in a template, is an error of check at its line and column, before the template runs', () => {
    const ws = copyWorkspace(path.join(REPO, 'dossiers'));
    fs.cpSync(HANDOUT, path.join(ws, 'templates/handout'), { recursive: true });
    const doc = path.join(ws, 'templates/handout/document.hbs');
    const text = fs.readFileSync(doc, 'utf8').replace('</document>', '<p>Our site:</p>\n  <qr value="mailto:desk@example.org"/>\n</document>');
    fs.writeFileSync(doc, text);
    const before = text.slice(0, text.indexOf('<qr value="mailto'));
    const r = runCli(['check', '--root', ws]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `templates/handout/document.hbs:${before.split('\n').length}:${before.length - before.lastIndexOf('\n')}: error: <qr> value "mailto:desk@example.org" must be an http or https address, not mailto:`,
    );
  });
});

describe('the handout in Arabic', () => {
  it('has every label in Arabic, fits two pages, and sets the QR code where lines start, on the right', async () => {
    const labels = parseYaml(fs.readFileSync(path.join(HANDOUT, 'labels.yaml'), 'utf8')) as Record<string, Record<string, string>>;
    expect(Object.keys(labels.ar).sort()).toEqual(Object.keys(labels.en).sort());
    const ws = samplesWithArchiveUrl(ARCHIVE);
    const file = path.join(ws, 'stability-finances-handout.yaml');
    fs.writeFileSync(
      path.join(ws, 'stability-finances-handout-ar.yaml'),
      fs.readFileSync(file, 'utf8').replace('id: stability-finances-handout', 'id: stability-finances-handout-ar').replace('language: en', 'language: ar'),
    );
    const cw = checkWorkspace(ws);
    expect(cw.diags.errorCount).toBe(0);
    const built = await renderDossier(cw, cw.ws.dossiers.get('stability-finances-handout-ar')!);
    const { pages, numPages } = await readPdf(built.pdf);
    expect(numPages).toBeLessThanOrEqual(2);
    const text = squeeze(pages.map((p) => p.text).join(''));
    for (const key of ['corroborated', 'disputed', 'supports', 'contradicts', 'sources']) expect(text, key).toContain(squeeze(labels.ar[key]));
    expect(readQr(built.pdf).decoded).toBe(ARCHIVE);
    // The code's squares against the address's text, on the page that has both.
    const modules = filledSquares(built.pdf).filter((s) => s.size > 0.5 && s.size < 3);
    const page = pages.find((p) => squeeze(p.text).includes(ARCHIVE))!;
    const address = page.items.filter((i) => ARCHIVE.includes(i.str.trim()) && i.str.trim().length > 5);
    expect(address.length).toBeGreaterThan(0);
    expect(Math.min(...modules.map((s) => s.x))).toBeGreaterThan(Math.max(...address.map((i) => i.x + i.width)));
  }, 60_000);
});
