/**
 * The pipeline, stage by stage:
 *   workspace (load, validate) -> cite (verify quotes, status) -> select (sections)
 *   -> cite (number notes) -> template (Handlebars -> markup -> tree)
 *   -> typeset (fonts, bidi -> pdfmake content) -> pdf (render, write atomically)
 */
import path from 'node:path';
import { checkClaims, type CheckedClaims } from './cite/check.js';
import { citeDossier, type CitedDossier } from './cite/cited.js';
import { DiagnosticError, Diagnostics } from './diagnostics.js';
import { writeFileAtomic } from './pdf/write.js';
import { selectClaims } from './select/select.js';
import { findTemplate, renderTemplate } from './template/render.js';
import type { DocTree } from './template/tree.js';
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
}

/** Render one dossier of a checked workspace to PDF bytes. Throws DiagnosticError on template errors. */
export async function renderDossier(cw: CheckedWorkspace, dossier: Dossier): Promise<BuiltDossier> {
  const diags = new Diagnostics();
  const selection = selectClaims(cw.ws, dossier, cw.checked, diags);
  const cited = citeDossier(selection, cw.ws.sources);
  const templates = findTemplate(cw.ws.root, dossier.template, positionOf(dossier, 'template'));
  const tree = renderTemplate(templates, cited);
  // Loaded on first use: pdfmake, fontkit and the fonts are not needed to check a workspace.
  const [{ buildDocDefinition }, { renderPdf }] = await Promise.all([import('./pdf/document.js'), import('./pdf/pdfmake-internals.js')]);
  const docDefinition = buildDocDefinition({
    tree,
    cited,
    labels: templates.labels(cited.lang),
    styles: templates.styles,
    creationDate: creationDateOf(dossier),
    toolVersion: TOOL_VERSION,
  });
  const pdf = await renderPdf(docDefinition, { allowedRoots: [cw.ws.root] });
  return { dossier, cited, tree, pdf };
}

export async function buildToFile(cw: CheckedWorkspace, dossier: Dossier, outDir: string): Promise<{ file: string; built: BuiltDossier }> {
  const built = await renderDossier(cw, dossier);
  const file = path.resolve(outDir, `${dossier.id}.pdf`);
  writeFileAtomic(file, built.pdf);
  return { file, built };
}
