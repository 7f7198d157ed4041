/**
 * The pipeline, stage by stage:
 *   workspace (load, validate) -> cite (verify quotes, status) -> select (sections)
 *   -> cite (number notes) -> template (Handlebars -> markup -> tree)
 *   -> typeset (fonts, bidi -> pdfmake content) -> pdf (render, write atomically)
 */
import path from 'node:path';
import { checkClaims, type CheckedClaims } from './cite/check.js';
import { citeDossier, type CitedDossier } from './cite/cited.js';
import { DiagnosticError, Diagnostics, type Diagnostic } from './diagnostics.js';
import type { LayoutStats } from './pdf/pdfmake-internals.js';
import { writeFileAtomic } from './pdf/write.js';
import { selectClaims } from './select/select.js';
import { checkMemoryBudget } from './template/budget.js';
import { findTemplate, renderTemplate } from './template/render.js';
import type { DocTree } from './template/tree.js';
import type { ChangesView } from './release/changelog.js';
import { TOOL_VERSION } from './version.js';
import { loadWorkspace } from './workspace/load.js';
import type { Dossier, Workspace } from './workspace/types.js';
import { positionOf } from './workspace/validate.js';

export interface CheckedWorkspace {
  ws: Workspace;
  checked: CheckedClaims;
  diags: Diagnostics;
}

/** Load and check everything; dossierFiles limits which dossier definitions are read. */
export function checkWorkspace(root: string, dossierFiles?: string[]): CheckedWorkspace {
  const diags = new Diagnostics();
  const ws = loadWorkspace(root, diags, { dossierFiles });
  const checked = checkClaims(ws, diags);
  const templateChecked = new Set<string>();
  for (const dossier of ws.dossiers.values()) {
    selectClaims(ws, dossier, checked, diags);
    try {
      findTemplate(ws.root, dossier.template, positionOf(dossier, 'template'));
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      // A broken template is reported once; an unknown one at every dossier that names it.
      const own = e.diagnostics.filter((d) => d.file !== dossier.file);
      if (!templateChecked.has(dossier.template)) diags.items.push(...own);
      diags.items.push(...e.diagnostics.filter((d) => d.file === dossier.file));
    }
    templateChecked.add(dossier.template);
  }
  return { ws, checked, diags };
}

/** The date stamped into a PDF: the dossier's date, else SOURCE_DATE_EPOCH, else 1970-01-01. */
export function creationDateOf(dossier: Dossier, env: NodeJS.ProcessEnv = process.env): Date {
  if (dossier.date) return new Date(`${dossier.date}T00:00:00Z`);
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  if (env.SOURCE_DATE_EPOCH && Number.isFinite(epoch)) return new Date(epoch * 1000);
  return new Date(0);
}

export interface BuiltDossier {
  dossier: Dossier;
  cited: CitedDossier;
  tree: DocTree;
  pdf: Buffer;
  /** Layout warnings (footnotes that did not settle), placed at the dossier's id. */
  warnings: Diagnostic[];
  /** Footnote layout passes and their cost, when the dossier has notes. */
  layout?: LayoutStats;
}

/** The cited dossier (claims selected, notes numbered) that templates are filled from. */
export function citedDossierOf(cw: CheckedWorkspace, dossier: Dossier): CitedDossier {
  const selection = selectClaims(cw.ws, dossier, cw.checked, new Diagnostics());
  return citeDossier(selection, cw.ws.sources);
}

/** Data given to templates beyond the cited dossier. */
export interface RenderExtras {
  /** A release's "Changes since X" (src/release/changelog.ts); templates print it when set. */
  changes?: ChangesView;
}

/** Render one dossier of a checked workspace to PDF bytes. Throws DiagnosticError on template errors. */
export async function renderDossier(cw: CheckedWorkspace, dossier: Dossier, extras: RenderExtras = {}): Promise<BuiltDossier> {
  const cited = citedDossierOf(cw, dossier);
  const templates = findTemplate(cw.ws.root, dossier.template, positionOf(dossier, 'template'));
  const data: CitedDossier & RenderExtras = { ...cited, ...extras };
  const tree = renderTemplate(templates, data);
  checkMemoryBudget(tree, positionOf(dossier, 'id'));
  // Loaded on first use: pdfmake, fontkit and the fonts are not needed to check a workspace.
  const [{ buildDocDefinition }, { renderPdf }] = await Promise.all([import('./pdf/document.js'), import('./pdf/pdfmake-internals.js')]);
  const { definition, footnotes } = buildDocDefinition({
    tree,
    cited,
    labels: templates.labels(cited.lang),
    styles: templates.styles,
    creationDate: creationDateOf(dossier),
    toolVersion: TOOL_VERSION,
  });
  const pdf = await renderPdf(definition, { allowedRoots: [cw.ws.root], footnotes });
  const warnings = footnotes.warnings.map((message): Diagnostic => ({
    ...positionOf(dossier, 'id'),
    severity: 'warning',
    message,
    hint: 'the PDF was written; look at the pages named and shorten the notes or the text around their markers',
  }));
  return { dossier, cited, tree, pdf, warnings, layout: footnotes.stats };
}

/** Pages of a PDF written by pdfkit (each page object has /Type /Page). */
export function countPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}

export async function buildToFile(cw: CheckedWorkspace, dossier: Dossier, outDir: string): Promise<{ file: string; built: BuiltDossier }> {
  const built = await renderDossier(cw, dossier);
  const file = path.resolve(outDir, `${dossier.id}.pdf`);
  writeFileAtomic(file, built.pdf);
  return { file, built };
}
