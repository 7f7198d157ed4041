/**
 * SVG files, checked and rewritten before pdfmake's bundled svg-to-pdfkit draws them.
 *
 * svg-to-pdfkit would open any file an <image href="..."> names (through pdfkit, which reads
 * paths from disk), draws <text> in the PDF's 14 standard fonts (not embedded: no PDF/A) and
 * follows <use> and clip-path references, which nest into exponential work. So only a drawing
 * subset is accepted, the subset logos are made of: shapes, paths, groups and gradients, with
 * presentation attributes. Refused, each with its own message: DOCTYPE (entities), <image>,
 * <text>, <use>, <style>, <script>, <foreignObject>, patterns, masks, filters, clip paths, any
 * reference that is not to an element of the same file, more than LIMITS.svgElements elements
 * or LIMITS.svgNesting levels. What svg-to-pdfkit is given is written anew from the parsed
 * elements (unknown attributes dropped), never the file's own text, so its parser sees exactly
 * what was checked.
 */
import { Parser } from 'htmlparser2';
import { LIMITS } from '../workspace/limits.js';
import { ImageProblem } from './problem.js';

/** Elements drawn or holding what is drawn. */
const DRAWN = new Set(['svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'defs', 'linearGradient', 'radialGradient', 'stop']);
/** Elements whose whole content is skipped (never drawn, never passed on). */
const SKIPPED = new Set(['title', 'desc', 'metadata']);
/** Refused elements, and why. */
const REFUSED: Record<string, string> = {
  image: 'holds an <image> (a picture inside the SVG, which could name any file)',
  text: 'holds <text>: its fonts could not be embedded',
  tspan: 'holds <text>: its fonts could not be embedded',
  textPath: 'holds <text>: its fonts could not be embedded',
  use: 'holds <use> (copies of other elements)',
  style: 'holds a <style> sheet',
  script: 'holds a <script>',
  foreignObject: 'holds a <foreignObject>',
  pattern: 'holds a <pattern>',
  mask: 'holds a <mask>',
  filter: 'holds a <filter>',
  clipPath: 'holds a <clipPath>',
  a: 'holds a link (<a>)',
};
const SVG_HINT = 'export the logo again as plain SVG shapes (in Inkscape: Path > Object to Path, then Save As > Plain SVG), or as a PNG';

/** Attributes passed on: geometry and presentation. Others (ids of editors, namespaces, events) are dropped. */
const ATTRIBUTES = new Set([
  'id', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'width', 'height', 'd', 'points', 'viewBox',
  'preserveAspectRatio', 'transform', 'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linecap',
  'stroke-linejoin', 'stroke-miterlimit', 'stroke-dasharray', 'stroke-dashoffset', 'opacity', 'display', 'visibility', 'color',
  'offset', 'stop-color', 'stop-opacity', 'gradientUnits', 'gradientTransform', 'spreadMethod', 'style', 'href', 'xlink:href',
]); // prettier-ignore
/** Properties a style="..." attribute may set. */
const STYLE_PROPERTIES = new Set([
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin',
  'stroke-miterlimit', 'stroke-dasharray', 'stroke-dashoffset', 'opacity', 'display', 'visibility', 'color', 'stop-color', 'stop-opacity',
]); // prettier-ignore

interface SvgElement {
  name: string;
  attrs: [string, string][];
  children: SvgElement[];
}

const refuse = (what: string, hint = SVG_HINT) => new ImageProblem(`is an SVG that ${what}`, hint);

/** Any url(...) must point inside the file: url(#id). */
function checkUrls(value: string, where: string): void {
  for (const m of value.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) {
    if (!m[2].startsWith('#')) throw refuse(`refers to ${JSON.stringify(m[2])} outside the file (${where})`);
  }
  if (/url\(/i.test(value) && !/url\(\s*(['"]?)#[^'")]*\1\s*\)/i.test(value)) throw refuse(`has a malformed url(...) (${where})`);
}

function checkStyle(value: string): void {
  for (const decl of value.split(';')) {
    if (!decl.trim()) continue;
    const colon = decl.indexOf(':');
    const prop = (colon < 0 ? decl : decl.slice(0, colon)).trim().toLowerCase();
    if (!STYLE_PROPERTIES.has(prop)) throw refuse(`sets "${prop}" in a style attribute, which is not drawn safely`);
  }
}

function parse(text: string): SvgElement {
  const root: SvgElement = { name: '#root', attrs: [], children: [] };
  const stack: SvgElement[] = [root];
  let skipping = 0;
  let count = 0;
  let problem: ImageProblem | undefined;
  const fail = (p: ImageProblem) => {
    problem ??= p;
  };
  const parser = new Parser(
    {
      onprocessinginstruction(name) {
        if (name.toLowerCase() === '!doctype') fail(refuse('has a DOCTYPE (entities could expand without end)', 'remove the <!DOCTYPE ...> line'));
      },
      onopentag(name, attrs) {
        if (skipping) {
          skipping++;
          return;
        }
        if (SKIPPED.has(name)) {
          skipping = 1;
          return;
        }
        if (Object.hasOwn(REFUSED, name)) return fail(refuse(REFUSED[name]));
        if (!DRAWN.has(name)) return fail(refuse(`holds <${name}>, which is not among the shapes accepted`));
        if (++count > LIMITS.svgElements)
          return fail(refuse(`has more than ${LIMITS.svgElements.toLocaleString('en-US')} elements`, 'simplify the drawing, or export it as a PNG'));
        if (stack.length > LIMITS.svgNesting) return fail(refuse(`nests elements more than ${LIMITS.svgNesting} deep`, 'flatten its groups'));
        const kept: [string, string][] = [];
        for (const [key, value] of Object.entries(attrs)) {
          if (key.startsWith('on')) return fail(refuse(`has an event handler (${key})`));
          if (key === 'href' || key === 'xlink:href') {
            if (!/Gradient$/.test(name)) return fail(refuse(`has a link (${key} on <${name}>)`));
            if (!value.startsWith('#')) return fail(refuse(`refers to ${JSON.stringify(value)} outside the file`));
          }
          if (!ATTRIBUTES.has(key)) continue;
          try {
            checkUrls(value, `${key} on <${name}>`);
            if (key === 'style') checkStyle(value);
          } catch (e) {
            return fail(e as ImageProblem);
          }
          kept.push([key, value]);
        }
        const el: SvgElement = { name, attrs: kept, children: [] };
        stack[stack.length - 1].children.push(el);
        stack.push(el);
      },
      onclosetag(name) {
        if (skipping) {
          skipping--;
          return;
        }
        if (DRAWN.has(name) && stack.length > 1 && stack[stack.length - 1].name === name) stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(text);
  parser.end();
  if (problem) throw problem;
  const svg = root.children;
  if (svg.length !== 1 || svg[0].name !== 'svg') throw refuse('does not have one <svg> element at its root', 'check it is an SVG file');
  return svg[0];
}

/** A length of the root element in user units (px); undefined when it is absent or relative. */
function length(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*(px|pt|mm|cm|in|pc)?\s*$/i.exec(value);
  if (!m) return undefined;
  const perUnit: Record<string, number> = { px: 1, pt: 4 / 3, mm: 96 / 25.4, cm: 96 / 2.54, in: 96, pc: 16 };
  const n = Number(m[1]) * perUnit[(m[2] ?? 'px').toLowerCase()];
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

const escapeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function serialize(el: SvgElement): string {
  const attrs = el.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  return `<${el.name}${attrs}>${el.children.map(serialize).join('')}</${el.name}>`;
}

export interface CheckedSvg {
  /** The SVG written anew from what was checked, with width, height and viewBox set. */
  svg: string;
  /** Natural size in user units (CSS px). */
  width: number;
  height: number;
}

export function inspectSvg(bytes: Buffer): CheckedSvg {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refuse('is not UTF-8 text', 'save it as UTF-8');
  }
  const root = parse(text);
  const attr = (k: string) => root.attrs.find(([key]) => key === k)?.[1];
  const viewBox = attr('viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  const box = viewBox && viewBox.length === 4 && viewBox.every(Number.isFinite) && viewBox[2] > 0 && viewBox[3] > 0 ? viewBox : undefined;
  let width = length(attr('width'));
  let height = length(attr('height'));
  if (box) {
    if (width === undefined && height === undefined) [width, height] = [box[2], box[3]];
    else if (width === undefined) width = (height! * box[2]) / box[3];
    else if (height === undefined) height = (width * box[3]) / box[2];
  }
  if (width === undefined || height === undefined) {
    throw refuse('gives no size (width and height, or a viewBox)', 'add a viewBox="0 0 W H" to its <svg> element');
  }
  const others = root.attrs.filter(([k]) => k !== 'width' && k !== 'height' && k !== 'viewBox');
  const sized: SvgElement = {
    ...root,
    attrs: [
      ['xmlns', 'http://www.w3.org/2000/svg'],
      ['width', String(width)],
      ['height', String(height)],
      ['viewBox', (box ?? [0, 0, width, height]).join(' ')],
      ...others,
    ],
  };
  return { svg: serialize(sized), width, height };
}
