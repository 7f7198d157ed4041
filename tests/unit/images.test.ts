/**
 * Image files: where they may come from (the template folder, then assets/, nothing else) and
 * which files are refused before pdfkit sees them (size, pixels, damage, wrong or unsafe
 * kinds, hostile SVG). Every image is made in the test (tests/helpers/images.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ImageProblem } from '../../src/image/problem.js';
import { resolveImage } from '../../src/image/resolve.js';
import { attachImages, imageGates } from '../../src/image/attach.js';
import type { DocTree, ImageBlock } from '../../src/template/tree.js';
import { parseMarkup } from '../../src/template/markup.js';
import { LIMITS } from '../../src/workspace/limits.js';
import { ANIMATION_CONTROL, jpeg, png, svg } from '../helpers/images.js';

function workspace(files: Record<string, Buffer | string> = {}): { root: string; templateDir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-images-'));
  const templateDir = path.join(root, 'templates', 'house');
  fs.mkdirSync(templateDir, { recursive: true });
  fs.mkdirSync(path.join(root, 'assets'));
  for (const [name, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), data);
  }
  return { root, templateDir };
}

/** The problem resolving `src` raises: its message and hint. */
function refusal(src: string, files: Record<string, Buffer | string>): { message: string; hint: string } {
  const { root, templateDir } = workspace(files);
  try {
    resolveImage(src, { templateDir, workspaceRoot: root });
  } catch (e) {
    if (e instanceof ImageProblem) return { message: e.message, hint: e.hint };
    throw e;
  }
  throw new Error(`${src} was accepted`);
}

describe('where images come from', () => {
  it('the template folder first, then assets/; natural size at 0.75 pt a pixel', () => {
    const { root, templateDir } = workspace({ 'assets/a.png': png({ width: 40, height: 20 }), 'templates/house/a.png': png({ width: 80, height: 20 }) });
    const a = resolveImage('a.png', { templateDir, workspaceRoot: root });
    expect(a.shown).toBe('templates/house/a.png');
    expect([a.widthPt, a.heightPt]).toEqual([60, 15]);
    fs.rmSync(path.join(templateDir, 'a.png'));
    const b = resolveImage('a.png', { templateDir, workspaceRoot: root });
    expect(b.shown).toBe('assets/a.png');
    expect([b.widthPt, b.heightPt]).toEqual([30, 15]);
    const sub = workspace({ 'assets/logos/x.jpg': jpeg({ width: 16, height: 8 }) });
    expect(resolveImage('logos/x.jpg', { templateDir: sub.templateDir, workspaceRoot: sub.root }).format).toBe('jpeg');
  });

  it.each([
    ['../brief.yaml', /steps out of its folder/],
    ['logos/../../brief.yaml', /steps out of its folder/],
    ['/etc/passwd', /absolute path/],
    ['C:\\logo.png', /absolute path/],
    ['c:/logo.png', /absolute path/],
    ['assets\\logo.png', /absolute path or uses \\/],
    ['http://example.com/logo.png', /is a URL; a build never fetches/],
    ['file:///etc/passwd', /is a URL/],
    ['data:image/png;base64,iVBORw0KGgo=', /data: URI/],
    ['', /src is empty/],
    ['missing.png', /image "missing.png" is not in templates\/house\/missing.png nor in assets\/missing.png/],
  ])('refuses src %j', (src, message) => {
    expect(refusal(src, { 'brief.yaml': 'id: x\n' }).message).toMatch(message);
  });

  it('refuses a link out of assets/, and a folder', () => {
    const { root, templateDir } = workspace({ 'secret.png': png({ width: 4, height: 4 }) });
    fs.symlinkSync(path.join(root, 'secret.png'), path.join(root, 'assets', 'evil.png'));
    fs.symlinkSync('/etc/passwd', path.join(root, 'assets', 'passwd.png'));
    fs.mkdirSync(path.join(root, 'assets', 'dir.png'));
    const roots = { templateDir, workspaceRoot: root };
    expect(() => resolveImage('evil.png', roots)).toThrow(/assets\/evil.png is a link to a file outside assets\//);
    expect(() => resolveImage('passwd.png', roots)).toThrow(/is a link to a file outside/);
    expect(() => resolveImage('dir.png', roots)).toThrow(/not a regular file/);
    // A link inside assets/ to another file in it is fine.
    fs.writeFileSync(path.join(root, 'assets', 'real.png'), png({ width: 4, height: 4 }));
    fs.symlinkSync(path.join(root, 'assets', 'real.png'), path.join(root, 'assets', 'alias.png'));
    expect(resolveImage('alias.png', roots).format).toBe('png');
  });
});

describe('PNG', () => {
  it.each([
    ['RGB', { colorType: 2 }],
    ['RGBA', { colorType: 6 }],
    ['grey', { colorType: 0 }],
    ['grey with alpha', { colorType: 4 }],
    ['palette', { colorType: 3 }],
    ['16-bit', { depth: 16 }],
    ['16-bit RGBA', { depth: 16, colorType: 6 }],
    ['interlaced', { interlaced: true }],
    ['interlaced RGBA', { interlaced: true, colorType: 6 }],
  ] as const)('accepts %s', (_name, o) => {
    const { root, templateDir } = workspace({ 'assets/x.png': png({ width: 13, height: 7, ...o }) });
    expect(resolveImage('x.png', { templateDir, workspaceRoot: root })).toMatchObject({ format: 'png', widthPt: 9.75, heightPt: 5.25 });
  });

  it('refuses an animated PNG', () => {
    const r = refusal('x.png', { 'assets/x.png': png({ width: 4, height: 4, extra: [ANIMATION_CONTROL] }) });
    expect(r.message).toBe('image assets/x.png is an animated PNG');
    expect(r.hint).toMatch(/export the one frame/);
  });

  it('refuses more pixels than the limit, from the header alone', () => {
    // 10,000 x 5,000 pixels declared over a few bytes of data: the header is enough.
    const r = refusal('x.png', { 'assets/x.png': png({ width: 10000, height: 5000, idat: zlib.deflateSync(Buffer.alloc(10)) }) });
    expect(r.message).toMatch(/is 10000 x 5000 pixels \(50\.0 million\); at most 40 million pixels are allowed/);
  });

  it('refuses a decompression bomb and data shorter than the header says', () => {
    const bomb = png({ width: 16, height: 16, idat: zlib.deflateSync(Buffer.alloc(50 * 1024 * 1024)) });
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(refusal('x.png', { 'assets/x.png': bomb }).message).toMatch(/image data is larger than its header says/);
    const short = png({ width: 16, height: 16, idat: zlib.deflateSync(Buffer.alloc(20)) });
    expect(refusal('x.png', { 'assets/x.png': short }).message).toMatch(/holds 20 of the 784 bytes/);
    const garbage = png({ width: 16, height: 16, idat: Buffer.from('not zlib at all') });
    expect(refusal('x.png', { 'assets/x.png': garbage }).message).toMatch(/cannot be decompressed/);
  });

  it('refuses a file cut short or with a damaged chunk', () => {
    const good = png({ width: 20, height: 20 });
    expect(refusal('x.png', { 'assets/x.png': good.subarray(0, good.length - 20) }).message).toMatch(/is damaged or cut short/);
    const flipped = Buffer.from(good);
    flipped[40] ^= 0xff;
    expect(refusal('x.png', { 'assets/x.png': flipped }).message).toMatch(/fails its checksum/);
    expect(refusal('x.png', { 'assets/x.png': good.subarray(0, 8) }).message).toMatch(/no IHDR/);
  });

  it('refuses a file whose name and bytes disagree, and kinds it does not read', () => {
    expect(refusal('x.png', { 'assets/x.png': jpeg({ width: 8, height: 8 }) })).toMatchObject({
      message: 'image assets/x.png is named .png but is a JPEG file',
      hint: /rename it to x\.jpg/,
    });
    expect(refusal('x.jpg', { 'assets/x.jpg': png({ width: 8, height: 8 }) }).message).toMatch(/is named \.jpg but is a PNG file/);
    expect(refusal('x.png', { 'assets/x.png': 'just some text' }).message).toMatch(/is not a PNG file: its bytes are not an image/);
    expect(refusal('x.gif', { 'assets/x.gif': Buffer.from('GIF89a') }).message).toMatch(/is not a PNG, JPEG or SVG file/);
    expect(refusal('x.webp', { 'assets/x.webp': Buffer.from('RIFF') }).message).toMatch(/is not a PNG, JPEG or SVG file/);
  });

  it('refuses a file over the size limit before reading it', () => {
    const { root, templateDir } = workspace();
    const file = path.join(root, 'assets', 'big.png');
    fs.writeFileSync(file, png({ width: 4, height: 4 }));
    fs.truncateSync(file, LIMITS.imageBytes + 1); // sparse: nothing is written
    expect(() => resolveImage('big.png', { templateDir, workspaceRoot: root })).toThrow(/is 10\.0 MiB; at most 10 MiB are allowed/);
  });
});

describe('JPEG', () => {
  it('accepts baseline and progressive, grey and colour', () => {
    for (const o of [{ components: 3 }, { components: 1 }, { sof: 0xc2 }] as const) {
      const { root, templateDir } = workspace({ 'assets/x.jpg': jpeg({ width: 32, height: 16, ...o }) });
      expect(resolveImage('x.jpg', { templateDir, workspaceRoot: root })).toMatchObject({ format: 'jpeg', widthPt: 24, heightPt: 12 });
    }
  });

  it('refuses CMYK, 12-bit, arithmetic-coded, too many pixels, cut short', () => {
    expect(refusal('x.jpg', { 'assets/x.jpg': jpeg({ width: 8, height: 8, components: 4 }) })).toMatchObject({
      message: /is a CMYK JPEG/,
      hint: /convert it to RGB/,
    });
    expect(refusal('x.jpg', { 'assets/x.jpg': jpeg({ width: 8, height: 8, precision: 12 }) }).message).toMatch(/is a 12-bit JPEG/);
    expect(refusal('x.jpg', { 'assets/x.jpg': jpeg({ width: 8, height: 8, sof: 0xc9 }) }).message).toMatch(/arithmetic-coded/);
    const huge = jpeg({ width: 8, height: 8 });
    huge.writeUInt16BE(60000, huge.indexOf(Buffer.from([0xff, 0xc0])) + 5); // height in the frame header
    huge.writeUInt16BE(60000, huge.indexOf(Buffer.from([0xff, 0xc0])) + 7); // width
    expect(refusal('x.jpg', { 'assets/x.jpg': huge }).message).toMatch(/is 60000 x 60000 pixels/);
    const good = jpeg({ width: 64, height: 64 });
    expect(refusal('x.jpg', { 'assets/x.jpg': good.subarray(0, good.length - 6) }).message).toMatch(/no end marker/);
    expect(refusal('x.jpg', { 'assets/x.jpg': good.subarray(0, 30) }).message).toMatch(/is damaged or cut short/);
  });
});

describe('SVG', () => {
  it('accepts shapes and gradients, and is rewritten from what was checked', () => {
    const drawing = svg(
      '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/></linearGradient></defs>' +
        '<title>Logo</title><g transform="translate(2 2)" inkscape:label="x"><rect width="10" height="10" fill="url(#g)" style="stroke: red; stroke-width: 2"/><path d="M0 0L10 10"/></g>',
      'width="60mm" height="20mm" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"',
    );
    const { root, templateDir } = workspace({ 'assets/x.svg': drawing });
    const a = resolveImage('x.svg', { templateDir, workspaceRoot: root });
    expect(a.format).toBe('svg');
    expect(a.widthPt).toBeCloseTo((60 / 25.4) * 72, 6);
    expect(a.heightPt).toBeCloseTo((20 / 25.4) * 72, 6);
    expect(a.svg).not.toMatch(/inkscape|title|Logo/);
    expect(a.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="[\d.]+" height="[\d.]+" viewBox="0 0 [\d.]+ [\d.]+">/);
    expect(a.svg).toContain('fill="url(#g)"');
  });

  it.each([
    ['<image href="/etc/passwd" width="10" height="10"/>', /holds an <image>/],
    ['<image xlink:href="http://example.com/x.png"/>', /holds an <image>/],
    ['<text x="0" y="10">Newsroom</text>', /holds <text>: its fonts could not be embedded/],
    ['<use href="#a"/>', /holds <use>/],
    ['<script>alert(1)</script>', /holds a <script>/],
    ['<style>rect { fill: url(http://example.com/x) }</style>', /holds a <style> sheet/],
    ['<foreignObject><div/></foreignObject>', /holds a <foreignObject>/],
    ['<rect width="1" height="1" fill="url(http://example.com/x)"/>', /refers to "http:\/\/example.com\/x" outside the file/],
    ['<rect width="1" height="1" style="fill: url(file:///etc/passwd)"/>', /outside the file/],
    ['<rect width="1" height="1" style="clip-path: url(#c)"/>', /sets "clip-path" in a style attribute/],
    ['<rect width="1" height="1" onclick="x()"/>', /event handler/],
    ['<linearGradient id="g" href="other.svg#h"/>', /outside the file/],
    ['<rect width="1" height="1" href="#x"/>', /has a link/],
    ['<feTurbulence/>', /holds <feTurbulence>, which is not among the shapes accepted/],
  ])('refuses %s', (inner, message) => {
    expect(refusal('x.svg', { 'assets/x.svg': svg(inner) }).message).toMatch(message);
  });

  it('refuses a DOCTYPE (entity expansion), too many elements, deep nesting, no size, no <svg>', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><title>&b;</title></svg>`;
    expect(refusal('x.svg', { 'assets/x.svg': laughs }).message).toMatch(/has a DOCTYPE/);
    const many = svg('<rect width="1" height="1"/>'.repeat(LIMITS.svgElements + 1));
    expect(refusal('x.svg', { 'assets/x.svg': many }).message).toMatch(/has more than 20,000 elements/);
    const deep = svg('<g>'.repeat(LIMITS.svgNesting + 1) + '</g>'.repeat(LIMITS.svgNesting + 1));
    expect(refusal('x.svg', { 'assets/x.svg': deep }).message).toMatch(/nests elements more than 32 deep/);
    expect(refusal('x.svg', { 'assets/x.svg': svg(undefined, '') }).message).toMatch(/gives no size/);
    expect(refusal('x.svg', { 'assets/x.svg': '<g/>' }).message).toMatch(/does not have one <svg> element/);
    expect(refusal('x.svg', { 'assets/x.svg': '<html/>' }).message).toMatch(/holds <html>/);
    expect(refusal('x.svg', { 'assets/x.svg': Buffer.from([0xff, 0xfe, 0x3c, 0x00]) }).message).toMatch(/is not UTF-8 text/);
    const long = svg(`<path d="M0 0${'L1 1'.repeat(LIMITS.svgBytes / 4)}"/>`);
    expect(refusal('x.svg', { 'assets/x.svg': long }).message).toMatch(/is an SVG of 1\.0 MiB; at most 1 MiB are allowed/);
  });
});

describe('all images of a dossier', () => {
  it('are refused together past 80 million pixels, at the <img> of the template', () => {
    // Three grey 6,000 x 5,000 images (30 million pixels each; flat, so a few KiB on disk).
    const flat = png({ width: 6000, height: 5000, colorType: 0, idat: zlib.deflateSync(Buffer.alloc(5000 * 6001)) });
    const { root, templateDir } = workspace({ 'assets/a.png': flat, 'assets/b.png': flat, 'assets/c.png': flat });
    const block = (src: string): ImageBlock => ({ kind: 'image', lang: 'en', dir: 'ltr', src, alt: src, align: 'start' });
    const tree: DocTree = { lang: 'en', dir: 'ltr', title: '', blocks: [block('a.png'), block('b.png')] };
    const at = { file: path.join(templateDir, 'document.hbs'), line: 1, col: 1 };
    expect(attachImages(tree, { templateDir, workspaceRoot: root }, [], at)).toEqual([]);
    tree.blocks.push(block('c.png'));
    const problems = attachImages(tree, { templateDir, workspaceRoot: root }, [], at);
    expect(problems.map((p) => p.message)).toEqual([
      'the images of this dossier come to 90.0 million pixels; at most 80 million are allowed (decoding them takes memory)',
    ]);
  });
});

describe('markup', () => {
  const doc = (body: string, lang = 'en') => parseMarkup(`<document lang="${lang}">${body}</document>`).blocks;

  it('<img> and <figure> make image blocks with their caption, width and alignment', () => {
    expect(doc('<img src="a.png" alt=" A  logo " width="40mm" caption="Plain caption"/>')).toEqual([
      {
        kind: 'image',
        lang: 'en',
        dir: 'ltr',
        cls: undefined,
        src: 'a.png',
        alt: 'A logo',
        width: { value: 40, unit: 'mm' },
        align: 'start',
        caption: [{ kind: 'text', text: 'Plain caption' }],
      },
    ]);
    const [fig] = doc('<figure class="wide" lang="ar"><img src="b.jpg" alt="" width="50%" align="center"/><figcaption>See <cite n="2"/></figcaption></figure>');
    expect(fig).toMatchObject({ kind: 'image', lang: 'ar', dir: 'rtl', cls: 'wide', alt: '', width: { value: 50, unit: '%' }, align: 'center' });
    expect((fig as ImageBlock).caption).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'cite', n: 2 },
    ]);
  });

  it.each([
    ['<img alt="x"/>', /<img> needs src=/],
    ['<img src="a.png"/>', /<img src="a.png"> needs alt="\.\.\."/],
    ['<img src="a.png" alt="x" width="40"/>', /width must be a length in mm or pt, or a per cent/],
    ['<img src="a.png" alt="x" width="120%"/>', /up to 100%/],
    ['<img src="a.png" alt="x" align="left"/>', /align must be start, center or end/],
    ['<p>Text <img src="a.png" alt="x"/></p>', /<img> cannot stand inside text/],
    ['<figure><img src="a.png" alt="x"/><img src="b.png" alt="y"/></figure>', /<figure> holds one <img> and at most one <figcaption>/],
    ['<figure><p>x</p></figure>', /<figure> may only contain <img>, <figcaption>/],
    ['<figcaption>x</figcaption>', /<figcaption> cannot stand here/],
    ['<img src="a.png" alt="x">text</img>', /<img> is empty/],
  ])('refuses %s', (body, message) => {
    expect(() => doc(body)).toThrow(message);
  });
});

describe('template gates', () => {
  it('an <img> without alt is found where it is written, not inside comments', () => {
    const source = '{{!-- <img src="x.png"> --}}\n<p>a</p>{{! <img src="y.png"> }}\n  <img src="{{logo.src}}"\n class="logo"/>\n<img src="ok.png" alt=""/>';
    expect(imageGates([{ file: '/t/document.hbs', source }]).map((d) => [d.line, d.col, d.message.slice(0, 20)])).toEqual([[3, 3, '<img> needs alt="...']]);
  });
});
