/**
 * What fontkit will do with a run, and how to hand it text so the glyphs come out in the
 * visual order the bidi level asks for. fontkit lays a run out right to left when the first
 * character with a real script is Arabic, Hebrew or another RTL script, else left to right;
 * it cannot be told otherwise through pdfkit.
 */
import { mirroredChar } from './bidi.js';

const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}\p{Script=Samaritan}\p{Script=Mandaic}]/u;
const SCRIPTED = /[^\p{Script=Zyyy}\p{Script=Zinh}\p{Script=Zzzz}]/u;

/** Direction fontkit will lay this text out in. */
export function fontkitDirection(text: string): 'ltr' | 'rtl' {
  const m = SCRIPTED.exec(text);
  return m && RTL_SCRIPT.test(m[0]) ? 'rtl' : 'ltr';
}

/** Split into clusters: a base character with the combining marks that follow it. */
function clusters(text: string): string[] {
  return text.match(/\P{M}\p{M}*|\p{M}+/gsu) ?? [];
}

/**
 * The text to give fontkit for a run at `level`: unchanged when fontkit's direction agrees
 * with the level; otherwise reversed by cluster, with mirrored characters (rule L4) swapped
 * in for right-to-left levels since fontkit's own mirroring only runs for RTL scripts.
 */
export function reverseForShaping(text: string, level: number): string {
  const wantRtl = level % 2 === 1;
  const isRtl = fontkitDirection(text) === 'rtl';
  if (wantRtl === isRtl) return text;
  const parts = clusters(text).reverse();
  if (wantRtl) return parts.map((c) => (mirroredChar(c[0]) ?? c[0]) + c.slice(1)).join('');
  return parts.join('');
}
