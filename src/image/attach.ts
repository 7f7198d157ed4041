/**
 * Images in a document tree: each <img> the template wrote is found and checked (resolve.ts)
 * and its asset attached to the tree's image block, or the problem is reported where the
 * template writes that <img> (file, line, column). Runs inside renderTemplate, so `dossier
 * check` and `build` find the same problems. Also the static gates run before a template does:
 * every <img> written in a template has an alt attribute, and a src written as it is (not from
 * data) has the form resolve.ts accepts.
 */
import type { Diagnostic, Position } from '../diagnostics.js';
import type { Block, DocTree, ImageBlock } from '../template/tree.js';
import { LIMITS } from '../workspace/limits.js';
import { ImageProblem, type ImageAsset } from './problem.js';
import { checkSrc, resolveImage, type ImageRoots } from './resolve.js';

export interface TemplateText {
  file: string;
  source: string;
}

interface Site extends Position {
  tag: string;
  /** The src as written, when it holds no {{ }}. */
  literalSrc?: string;
}

const IMG_TAG = /<img\b[^>]*>/g;

/** Every <img ...> tag written in the template files, where. */
function imageSites(templates: TemplateText[]): Site[] {
  const sites: Site[] = [];
  for (const tf of templates) {
    // Comments ({{!-- --}}, {{! }}) write nothing: blanked, keeping line breaks and columns.
    const source = tf.source.replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, (c) => c.replace(/[^\n]/g, ' '));
    for (const m of source.matchAll(IMG_TAG)) {
      const before = source.slice(0, m.index);
      const src = /\bsrc\s*=\s*(["'])([^"']*)\1/.exec(m[0])?.[2];
      sites.push({
        file: tf.file,
        line: before.split('\n').length,
        col: m.index - before.lastIndexOf('\n'),
        tag: m[0],
        literalSrc: src !== undefined && !src.includes('{{') ? src : undefined,
      });
    }
  }
  return sites;
}

/** Where the <img> with this src is written: the tag naming it literally, else one taking it from data. */
function siteFor(src: string, sites: Site[], fallback: Position): Position {
  const site = sites.find((s) => s.literalSrc === src) ?? sites.find((s) => s.literalSrc === undefined) ?? sites[0];
  return site ? { file: site.file, line: site.line, col: site.col } : fallback;
}

/** Checks made on the template text before it runs. */
export function imageGates(templates: TemplateText[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const site of imageSites(templates)) {
    const at = { file: site.file, line: site.line, col: site.col };
    if (!/\balt\s*=/.test(site.tag)) {
      out.push({
        ...at,
        severity: 'error',
        message: '<img> needs alt="...": the PDF is tagged, and readers who cannot see the image hear its alt text',
        hint: 'describe what the image shows, e.g. alt="Logo of the Example Newsroom"; alt="" marks a purely decorative image',
      });
    }
    if (site.literalSrc !== undefined) {
      try {
        checkSrc(site.literalSrc);
      } catch (e) {
        if (!(e instanceof ImageProblem)) throw e;
        out.push({ ...at, severity: 'error', message: e.message, hint: e.hint });
      }
    }
  }
  return out;
}

/** Every image block of the tree, without recursion. */
export function imageBlocks(tree: DocTree): ImageBlock[] {
  const out: ImageBlock[] = [];
  const stack: Block[][] = [tree.blocks];
  while (stack.length) {
    const blocks = stack.pop()!;
    for (const b of blocks) {
      if (b.kind === 'image') out.push(b);
      else if (b.kind === 'quote') stack.push(b.children);
      else if (b.kind === 'list') stack.push(...b.items);
      else if (b.kind === 'table') stack.push(...(b.header ?? []), ...b.rows.flat());
      else if (b.kind === 'columns') stack.push(...b.columns);
    }
  }
  return out;
}

/**
 * Finds, checks and attaches every image of the tree. Returns the problems, each at the <img>
 * of the template files that names it (`fallback` when none can be told).
 */
export function attachImages(tree: DocTree, roots: ImageRoots, templates: TemplateText[], fallback: Position): Diagnostic[] {
  const blocks = imageBlocks(tree);
  if (!blocks.length) return [];
  const sites = imageSites(templates);
  const out: Diagnostic[] = [];
  const done = new Map<string, ImageAsset | ImageProblem>();
  let total = 0;
  let pixels = 0;
  let svgBytes = 0;
  for (const b of blocks) {
    let result = done.get(b.src);
    if (!result) {
      try {
        result = resolveImage(b.src, roots);
        total += result.bytes.length;
        pixels += result.pixels;
        if (result.format === 'svg') svgBytes += result.bytes.length;
      } catch (e) {
        if (!(e instanceof ImageProblem)) throw e;
        result = e;
        out.push({ ...siteFor(b.src, sites, fallback), severity: 'error', message: e.message, hint: e.hint });
      }
      done.set(b.src, result);
    }
    if (!(result instanceof ImageProblem)) b.asset = result;
  }
  if (total > LIMITS.imagesTotalBytes) {
    out.push({
      ...fallback,
      severity: 'error',
      message: `the images of this dossier come to ${(total / 1048576).toFixed(1)} MiB; at most ${LIMITS.imagesTotalBytes / 1048576} MiB are allowed`,
      hint: 'scale the images down or use fewer',
    });
  }
  if (svgBytes > LIMITS.svgTotalBytes) {
    out.push({
      ...fallback,
      severity: 'error',
      message: `the SVG images of this dossier come to ${(svgBytes / 1048576).toFixed(1)} MiB; at most ${LIMITS.svgTotalBytes / 1048576} MiB are allowed (drawing SVG is slow)`,
      hint: 'simplify the drawings, or export some as PNG',
    });
  }
  if (pixels > LIMITS.imagesTotalPixels) {
    out.push({
      ...fallback,
      severity: 'error',
      message: `the images of this dossier come to ${(pixels / 1e6).toFixed(1)} million pixels; at most ${LIMITS.imagesTotalPixels / 1e6} million are allowed (decoding them takes memory)`,
      hint: 'scale the images down: 3,000 pixels across print sharp at full page width',
    });
  }
  return out;
}

/** The image files a tree prints, each once, sorted by name: what a release's content hash counts. */
export function imageEntries(tree: DocTree): { file: string; sha256: string }[] {
  const byName = new Map<string, string>();
  for (const b of imageBlocks(tree)) if (b.asset) byName.set(b.asset.shown, b.asset.sha256);
  return [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, sha256]) => ({ file, sha256 }));
}
