/**
 * The running header and footer: partials of the template (settings.yaml names them; by
 * default partials/header.hbs and partials/footer.hbs), run for every page with the page
 * number, the page count and the dossier's title, date, version and handling label, and
 * parsed into blocks as the body is (markup.ts, parseFurniture: paragraphs and columns). Each
 * partial is compiled once; running it for a page costs a few microseconds.
 */
import { DiagnosticError } from '../diagnostics.js';
import type { CitedDossier } from '../cite/cited.js';
import { templateGates } from './gates.js';
import { MarkupError, parseFurniture } from './markup.js';
import { templateEnvironment, templateMarkupError, templateRunError, type TemplateFile, type TemplateSet } from './render.js';
import type { Block } from './tree.js';

/** What a furniture partial is filled from, for one page. */
export interface FurnitureData {
  page: number;
  pages: number;
  id: string;
  title: CitedDossier['title'];
  date?: string;
  version?: string;
  handling?: string;
  lang: string;
  dir: CitedDossier['dir'];
}

/** The blocks of the running header or footer of one page (of `pages`); the same array for the same markup (read-only). */
export type FurnitureFn = (page: number, pages: number) => Block[];

export interface Furniture {
  header?: FurnitureFn;
  footer?: FurnitureFn;
}

/**
 * The running header and footer of `set` for `data`, checked by running each once (page 1 of
 * 1) before any layout: an error in them is found by `dossier check` as by `build`, at its
 * file, line and column. Throws DiagnosticError.
 */
export function furnitureOf(set: TemplateSet, data: CitedDossier): Furniture {
  const env = templateEnvironment(set, data);
  const labels = set.labels(data.lang);
  const errors: DiagnosticError[] = [];
  const make = (what: 'header' | 'footer'): FurnitureFn | undefined => {
    const name = set.settings[what]?.partial;
    const tf = name === undefined ? undefined : set.partials.get(name);
    if (!tf) return undefined;
    const gates = templateGates([tf], data.lang, labels, set.styles);
    if (gates.length) {
      errors.push(new DiagnosticError(gates));
      return undefined;
    }
    const run = env.compile(tf);
    // Most pages' furniture differs in a number or not at all: the same markup gives the same blocks.
    const parsed = new Map<string, Block[]>();
    const fn: FurnitureFn = (page, pages) => {
      const context: FurnitureData = {
        page,
        pages,
        id: data.id,
        title: data.title,
        date: data.date,
        version: data.version,
        handling: data.handling,
        lang: data.lang,
        dir: data.dir,
      };
      return furnitureBlocks(tf, set, () => run(context), data, parsed);
    };
    try {
      fn(1, 1);
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      errors.push(e);
      return undefined;
    }
    return fn;
  };
  const furniture = { header: make('header'), footer: make('footer') };
  if (errors.length) throw new DiagnosticError(errors.flatMap((e) => e.diagnostics));
  return furniture;
}

function furnitureBlocks(tf: TemplateFile, set: TemplateSet, run: () => string, data: CitedDossier, parsed: Map<string, Block[]>): Block[] {
  let markup: string;
  try {
    markup = run();
  } catch (e) {
    throw templateRunError(e, tf);
  }
  const known = parsed.get(markup);
  if (known) return known;
  try {
    const blocks = parseFurniture(markup, data.lang, data.dir);
    parsed.set(markup, blocks);
    return blocks;
  } catch (e) {
    if (e instanceof MarkupError) throw templateMarkupError(e, [tf, ...set.partials.values()], 'running header or footer');
    throw e;
  }
}
