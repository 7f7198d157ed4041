/**
 * A template's page setup: templates/<name>/settings.yaml (paper, orientation, margins, the
 * gap between columns, the running header and footer partials, how notes are numbered),
 * validated like every YAML file we read (positions, unknown keys with "did you mean"), and
 * the page setup of one dossier: the template's settings with the dossier's own paper,
 * orientation, margins and note numbering over them. Lengths are points from here on. No
 * pdfmake here: `dossier check` runs this too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DiagnosticError, Diagnostics, didYouMean, type Position } from '../diagnostics.js';
import type { Dir } from '../lang.js';
import { readTextFile } from '../workspace/files.js';
import { fontsSpec, readHouseFonts, type HouseFonts, type RawFonts } from '../typeset/house-fonts.js';
import { dossierSpec, MARGIN_MM, marginsSpec, notesSpec, orientationSpec, PAPER_SIZES_MM, paperSpec, type ObjectSpec } from '../workspace/spec.js';
import type { Dossier, Margins, NoteNumbering, Orientation, Paper } from '../workspace/types.js';
import { positionOf, validateNode } from '../workspace/validate.js';
import { parseYamlReusing } from '../workspace/yaml.js';

export const MM = 72 / 25.4;

const furnitureSpec = (what: string, edge: string): ObjectSpec => ({
  type: 'object',
  description: `The running ${what}: a partial of partials/, drawn on every page in the ${edge} margin.`,
  required: [],
  properties: {
    partial: { type: 'string', description: `Partial file name without .hbs (default ${what}, when partials/${what}.hbs exists).`, maxLength: 64 },
    from_edge: {
      type: 'length',
      description: `Distance from the ${edge} edge of the page to the top of the ${what}.`,
      min: 0,
      max: MARGIN_MM.max,
    },
  },
});

export const settingsSpec: ObjectSpec = {
  type: 'object',
  description: "A template's page setup (templates/<name>/settings.yaml).",
  required: [],
  properties: {
    paper: paperSpec,
    orientation: orientationSpec,
    margins: marginsSpec,
    columns: {
      type: 'object',
      description: 'Columns set side by side with <columns><column>...</column></columns> in the markup.',
      required: [],
      properties: { gap: { type: 'length', description: 'Space between two columns, e.g. 6mm.', min: 0, max: 100 } },
    },
    header: furnitureSpec('header', 'top'),
    footer: furnitureSpec('footer', 'bottom'),
    notes: notesSpec,
    logo: {
      ...(dossierSpec.properties.logo as ObjectSpec),
      description:
        "The template's logo, printed when a dossier names none: an image file in the template's folder or the workspace's assets/ folder, and its alt text.",
    },
    fonts: fontsSpec,
  },
};

/** The running header or footer: which partial, and where its top stands. */
export interface FurnitureSetting {
  partial: string;
  /** Points from the page's top edge (header) or bottom edge (footer) to the furniture's top. */
  fromEdge: number;
}

export interface TemplateSettings {
  /** settings.yaml, if the template has one. */
  file?: string;
  paper: Paper;
  orientation?: Orientation;
  margins: Required<Margins>;
  columnGap: number;
  header?: FurnitureSetting;
  footer?: FurnitureSetting;
  /** How notes are numbered (a dossier may say otherwise). */
  noteNumbering: NoteNumbering;
  /** The logo a dossier prints when it names none of its own. */
  logo?: Dossier['logo'];
  /** House fonts (typeset/house-fonts.ts), checked and registered; none when settings.yaml names none. */
  fonts?: HouseFonts;
  /** Where each setting is written ("paper", "margins.top", "header.from_edge", ...). */
  at: Record<string, Position>;
}

/** The page setup when settings.yaml leaves something out: the briefing's page of old. */
export const DEFAULT_SETTINGS = {
  paper: 'A4' as Paper,
  margins: { top: 22 * MM, bottom: 22 * MM, start: 20 * MM, end: 20 * MM },
  columnGap: 6 * MM,
  headerFromEdge: 10 * MM,
  footerFromEdge: 13.5 * MM,
};

interface RawFurniture {
  partial?: string;
  from_edge?: number;
}
interface RawSettings {
  paper?: Paper;
  orientation?: Orientation;
  margins?: Margins;
  columns?: { gap?: number };
  header?: RawFurniture;
  footer?: RawFurniture;
  notes?: Dossier['notes'];
  logo?: Dossier['logo'];
  fonts?: RawFonts;
}

/**
 * Reads and checks settings.yaml of the template folder `dir`, which lies in `root` (errors into
 * `diags`). House fonts are looked for in the template's fonts/ folder, then in the fonts/
 * folder of the workspace at `workspaceRoot`.
 */
export function readSettings(root: string, dir: string, partials: ReadonlySet<string>, diags: Diagnostics, workspaceRoot: string = root): TemplateSettings {
  const file = path.join(dir, 'settings.yaml');
  const at: Record<string, Position> = {};
  let raw: RawSettings = {};
  let exists = false;
  try {
    exists = fs.lstatSync(file) !== undefined;
  } catch {
    exists = false;
  }
  if (exists) {
    const tf = readTextFile(root, file, 'settings.yaml', diags);
    const yf = tf && parseYamlReusing(file, tf.text, diags);
    if (yf && yf.doc.contents !== null) {
      const v = validateNode(yf, yf.doc.contents, settingsSpec, diags, 'settings.yaml') as RawSettings | undefined;
      if (v) {
        raw = v;
        record(at, '', v);
      }
    }
  }
  const furniture = (what: 'header' | 'footer', fromEdge: number): FurnitureSetting | undefined => {
    const r = raw[what];
    const name = r?.partial ?? what;
    if (!partials.has(name)) {
      if (r?.partial !== undefined) {
        const guess = didYouMean(name, partials);
        diags.error(
          at[`${what}.partial`],
          `unknown partial "${name}" for the running ${what}`,
          `${guess ? `did you mean "${guess}"? ` : ''}partials are the .hbs files of the template's partials/ folder: ${[...partials].join(', ') || 'none'}`,
        );
      }
      return undefined; // no partial: no running header (or footer)
    }
    return { partial: name, fromEdge: r?.from_edge ?? fromEdge };
  };
  return {
    file: exists ? file : undefined,
    paper: raw.paper ?? DEFAULT_SETTINGS.paper,
    orientation: raw.orientation,
    margins: { ...DEFAULT_SETTINGS.margins, ...raw.margins },
    columnGap: raw.columns?.gap ?? DEFAULT_SETTINGS.columnGap,
    header: furniture('header', DEFAULT_SETTINGS.headerFromEdge),
    footer: furniture('footer', DEFAULT_SETTINGS.footerFromEdge),
    noteNumbering: raw.notes?.numbering ?? 'continuous',
    logo: raw.logo,
    fonts: raw.fonts && readHouseFonts(raw.fonts, { templateDir: dir, templateRoot: root, workspaceRoot }, (key) => at[key] ?? at.fonts, diags),
    at,
  };
}

/** The positions of a validated object's keys, as dotted paths. */
function record(at: Record<string, Position>, prefix: string, obj: object): void {
  for (const [key, value] of Object.entries(obj)) {
    const name = prefix ? `${prefix}.${key}` : key;
    at[name] = positionOf(obj, key);
    if (value && typeof value === 'object') record(at, name, value);
  }
}

/** The page of one dossier, in points. */
export interface PageSetup {
  width: number;
  height: number;
  margins: Required<Margins>;
  columnGap: number;
  header?: FurnitureSetting;
  footer?: FurnitureSetting;
  /** Notes numbered through the document, or from 1 on every page (pdf/note-numbering.ts). */
  noteNumbering: NoteNumbering;
}

/** pdfmake's page margins, [left, top, right, bottom]: start and end by the dossier's direction. */
export function pageMargins(setup: PageSetup, dir: Dir): [number, number, number, number] {
  const { top, bottom, start, end } = setup.margins;
  return dir === 'rtl' ? [end, top, start, bottom] : [start, top, end, bottom];
}

/** The smallest text area a page may leave, in points: narrower, lines hold a word or two. */
const MIN_TEXT_MM = 30;

/**
 * The template's settings with the dossier's paper, orientation, margins and note numbering
 * over them, checked as a whole (the text area left, the header and footer inside their
 * margins). Throws a DiagnosticError placed at the setting that does not fit.
 */
export function pageSetupOf(settings: TemplateSettings, dossier: Pick<Dossier, 'paper' | 'orientation' | 'margins' | 'notes'>): PageSetup {
  const diags = new Diagnostics();
  const own = (key: string): Position | undefined => {
    const [head, tail] = key.split('.');
    const v = (dossier as Record<string, unknown>)[head];
    if (v === undefined) return undefined;
    if (tail === undefined) return positionOf(dossier, head);
    return v && typeof v === 'object' && Object.hasOwn(v, tail) ? positionOf(v as object, tail) : undefined;
  };
  // Where a value in effect was written: the dossier if it sets it, else settings.yaml.
  const where = (key: string): Position =>
    own(key) ?? settings.at[key] ?? settings.at[key.split('.')[0]] ?? (settings.file ? { file: settings.file, line: 1, col: 1 } : positionOf(dossier));
  const paper = dossier.paper ?? settings.paper;
  const orientation = dossier.orientation ?? settings.orientation;
  let width: number;
  let height: number;
  if (typeof paper === 'string') {
    const [w, h] = PAPER_SIZES_MM[paper];
    [width, height] = orientation === 'landscape' ? [h * MM, w * MM] : [w * MM, h * MM];
  } else {
    ({ width, height } = paper);
    // A custom size is used as written: an orientation in effect that disagrees is an error, not a turn.
    if (orientation && width !== height && (orientation === 'landscape') !== width > height) {
      diags.error(
        where('orientation'),
        `orientation ${orientation} disagrees with the custom paper (${fmt(width)} wide, ${fmt(height)} high)`,
        `a custom paper is used exactly as written: swap its width and height, or set orientation: ${width > height ? 'landscape' : 'portrait'}${own('paper') ? ' in the dossier' : ''}`,
      );
    }
  }
  const margins = { ...settings.margins, ...dossier.margins };
  const textWidth = width - margins.start - margins.end;
  const textHeight = height - margins.top - margins.bottom;
  if (textWidth < MIN_TEXT_MM * MM) {
    const key = own('margins.start') ? 'margins.start' : own('margins.end') ? 'margins.end' : own('paper') ? 'paper' : 'margins.start';
    diags.error(
      where(key),
      `the margins leave ${fmt(Math.max(0, textWidth))} of the page's width of ${fmt(width)} for text; at least ${MIN_TEXT_MM}mm are needed`,
      'make the start and end margins smaller, or the paper wider',
    );
  }
  if (textHeight < MIN_TEXT_MM * MM) {
    const key = own('margins.top') ? 'margins.top' : own('margins.bottom') ? 'margins.bottom' : own('paper') ? 'paper' : 'margins.top';
    diags.error(
      where(key),
      `the margins leave ${fmt(Math.max(0, textHeight))} of the page's height of ${fmt(height)} for text; at least ${MIN_TEXT_MM}mm are needed`,
      'make the top and bottom margins smaller, or the paper higher',
    );
  }
  const edge = (what: 'header' | 'footer', margin: number, marginKey: string) => {
    const f = settings[what];
    if (f && f.fromEdge >= margin) {
      diags.error(
        own(marginKey) ?? settings.at[`${what}.from_edge`] ?? where(marginKey),
        `the running ${what} starts ${fmt(f.fromEdge)} from the ${what === 'header' ? 'top' : 'bottom'} edge, outside the ${marginKey.split('.')[1]} margin of ${fmt(margin)}`,
        `${what}.from_edge in settings.yaml must be smaller than the ${marginKey.split('.')[1]} margin, which must hold the ${what}`,
      );
    }
  };
  edge('header', margins.top, 'margins.top');
  edge('footer', margins.bottom, 'margins.bottom');
  if (diags.errorCount) throw new DiagnosticError(diags.items);
  const noteNumbering = dossier.notes?.numbering ?? settings.noteNumbering;
  return { width, height, margins, columnGap: settings.columnGap, header: settings.header, footer: settings.footer, noteNumbering };
}

/** Points as millimetres, for messages. */
function fmt(points: number): string {
  return `${Math.round((points / MM) * 10) / 10}mm`;
}
