/**
 * Resource bounds: every value and file has a size past which the work it would start (line
 * breaking a paragraph, comparing ids for "did you mean", typesetting pages) costs minutes and
 * gigabytes. Each is checked where the value is read, before that work, and documented in
 * README.md ("Limits"). Lengths count characters (code points).
 */

export const LIMITS = {
  /** Ids and tags: claim-2024-03-raise is 19; nobody types 64. */
  id: 64,
  /** Handling label, printed on every page: TLP:AMBER+STRICT is 16. */
  handling: 100,
  /** Publisher, author, translator. */
  name: 200,
  /**
   * Titles of dossiers, sections and sources: the official title of a report or a filing can
   * run to a page (tests/render/footnotes.test.ts prints one of 10,550 characters in a note).
   */
  title: 16000,
  url: 2000,
  /**
   * A claim is a sentence or two, a quote a passage, not an article (translations follow their
   * quote); a page of text (about 5,000 characters) still prints, as a table cell too.
   */
  statement: 10000,
  quote: 10000,
  summary: 10000,
  /** One word or phrase of labels.yaml. */
  label: 500,
  /** Template files (document.hbs, partials): the built-in ones are a few KiB. */
  templateBytes: 256 * 1024,
  /** {{#block}} inside {{#block}}: the built-in templates use 4 levels. */
  templateNesting: 32,
  /** Elements inside elements in the markup a template writes. */
  markupNesting: 64,
  /** The markup one dossier's template writes (1,000 claims write about 1.5 MiB). */
  templateOutput: 16 * 1024 * 1024,
  /** One image file (PNG, JPEG or SVG): a logo is a few KiB, a photograph a few MiB. */
  imageBytes: 10 * 1024 * 1024,
  /**
   * Pixels of one PNG or JPEG, read from its header before anything is decoded: a PNG with
   * transparency is decoded whole (4 bytes a pixel), and 40 million pixels is a 7,300 x 5,500
   * photograph, more than any page prints.
   */
  imagePixels: 40_000_000,
  /** Images of one dossier together, as read from disk. */
  imagesTotalBytes: 50 * 1024 * 1024,
  /**
   * Pixels of one dossier's images together. Measured (README, Images): a 39-million-pixel PNG
   * adds about 230 MiB to a build's peak, 610 MiB with transparency (pdfkit decodes it to split
   * off the alpha channel); two such stay inside the memory budget.
   */
  imagesTotalPixels: 80_000_000,
  /**
   * One SVG file, and all SVG of one dossier: svg-to-pdfkit is slow on long paths (measured: a
   * 1 MiB path of 175,000 segments adds 4 s and 180 MiB to a build; 5 MiB, 26 s and 960 MiB).
   */
  svgBytes: 1024 * 1024,
  svgTotalBytes: 4 * 1024 * 1024,
  /** Elements of one SVG (a logo has tens to a few hundred), and how deep they nest. */
  svgElements: 20_000,
  svgNesting: 32,
} as const;

/**
 * What one build may cost. The typesetter holds every line and glyph of the document: from
 * `npm run bench`, about 300 MiB to start and 1.3 MiB more per 1,000 characters of printed text
 * (1,000 claims print 437,000 characters, notes included, and peak at 880 MiB). A dossier
 * whose estimate exceeds the budget is refused before typesetting, with the estimate, instead
 * of dying of memory exhaustion half-way (Node's heap stops at about 4 GiB here). The budget
 * can be raised for a larger machine with DOSSIER_MEMORY_BUDGET_MIB.
 */
export const MEMORY_BUDGET_MIB = 2048;
const BASE_MIB = 300;
const MIB_PER_1000_CHARS = 1.3;

export function estimatedBuildMiB(printedChars: number): number {
  return Math.round(BASE_MIB + (printedChars / 1000) * MIB_PER_1000_CHARS);
}

export function memoryBudgetMiB(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.DOSSIER_MEMORY_BUDGET_MIB);
  return Number.isFinite(v) && v > 0 ? v : MEMORY_BUDGET_MIB;
}

/** Code points in s, counting no further than `max + 1` (enough to say it is too long). */
export function lengthBeyond(s: string, max: number): number | undefined {
  if (s.length <= max) return undefined;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n > max ? n : undefined;
}

export { plural } from '../plural.js';
