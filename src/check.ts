/**
 * The check stage: load and validate the workspace, verify every quote and work out each
 * claim's status, then for each dossier, once, select its claims, number its notes and find
 * its template. What `dossier check` reports, and what every later stage (render, release,
 * batch weights) takes from here instead of computing again.
 */
import { checkClaims, type CheckedClaims } from './cite/check.js';
import { citeDossier, pick, type CitedDossier } from './cite/cited.js';
import path from 'node:path';
import { DiagnosticError, Diagnostics, wholePath, type Diagnostic } from './diagnostics.js';
import { selectClaims, type Selection } from './select/select.js';
import { checkLogo, logoOf } from './image/logo.js';
import { checkMemoryBudget } from './template/budget.js';
import { pageLayoutOf } from './template/page-layout.js';
import { findTemplate, renderTemplate, type TemplateSet } from './template/render.js';
import { checkTreeClasses } from './template/tree-classes.js';
import type { DocTree } from './template/tree.js';
import { loadWorkspace } from './workspace/load.js';
import type { Dossier, Workspace } from './workspace/types.js';
import { positionOf } from './workspace/validate.js';

/** One dossier, ready to render: its selection, its cited form and its template. */
export interface PreparedDossier {
  selection: Selection;
  /** Claims selected and notes numbered: what templates are filled from. */
  cited: CitedDossier;
  /** The dossier's template, or why it cannot be used. */
  template: TemplateSet | DiagnosticError;
}

export interface CheckedWorkspace {
  ws: Workspace;
  checked: CheckedClaims;
  diags: Diagnostics;
  prepared: Map<Dossier, PreparedDossier>;
}

export interface CheckOptions {
  /**
   * Also run every gate of `build` short of layout (dossier check): render each template to its
   * document tree (markup, label keys chosen by data) and weigh the tree against the memory
   * budget, without loading pdfmake or the fonts. A build makes the same tree itself.
   */
  render?: boolean;
}

/** Load and check everything; dossierFiles limits which dossier definitions are read. */
export function checkWorkspace(root: string, dossierFiles?: string[], options: CheckOptions = {}): CheckedWorkspace {
  const diags = new Diagnostics();
  const ws = loadWorkspace(root, diags, { dossierFiles });
  const checked = checkClaims(ws, diags);
  const prepared = new Map<Dossier, PreparedDossier>();
  const templateChecked = new Set<string>();
  // Dossiers sharing a template share its loaded set (files read, YAML parsed, Handlebars
  // parsed and checked once). A template that fails is looked for again at each dossier: the
  // error may be the dossier's own (an unknown name, reported where each dossier names it).
  const templates = new Map<string, TemplateSet>();
  for (const dossier of ws.dossiers.values()) {
    const selection = selectClaims(ws, dossier, checked, diags);
    let template: TemplateSet | DiagnosticError;
    try {
      template = templates.get(dossier.template) ?? findTemplate(ws.root, dossier.template, positionOf(dossier, 'template'));
      templates.set(dossier.template, template);
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      template = e;
      // A broken template is reported once; an unknown one at every dossier that names it.
      const own = e.diagnostics.filter((d) => d.file !== dossier.file);
      if (!templateChecked.has(dossier.template)) diags.items.push(...own);
      diags.items.push(...e.diagnostics.filter((d) => d.file === dossier.file));
    }
    templateChecked.add(dossier.template);
    const cited = citeDossier(selection, ws.sources);
    // A logo that cannot be used is reported where it is named (the dossier, or the template's
    // settings.yaml) and not offered to the template; a template's logo stands in for none.
    if (!(template instanceof DiagnosticError)) {
      const logo = logoOf(dossier, template);
      if (logo && !checkLogo(dossier, template, diags)) cited.logo = undefined;
      else if (logo && !dossier.logo) cited.logo = { src: logo.src, alt: pick(logo.alt, cited.lang, cited.lang)! };
    } else if (dossier.logo) cited.logo = undefined;
    prepared.set(dossier, { selection, cited, template });
  }
  if (options.render) renderGates(prepared, diags);
  return { ws, checked, diags, prepared };
}

/**
 * The document tree a dossier's template makes from `data`, weighed against the memory budget
 * and its style classes checked: the gates `check` and `build` both run. Throws DiagnosticError.
 */
export function documentTreeOf(template: TemplateSet, data: CitedDossier, dossier: Dossier): DocTree {
  const tree = renderTemplate(template, data);
  checkMemoryBudget(tree, positionOf(dossier, 'id'));
  checkTreeClasses(tree, template.styles, dossier.template, positionOf(dossier, 'template'));
  return tree;
}

/** What `build` would refuse after preparing a dossier, before typesetting it; each problem once. */
function renderGates(prepared: Map<Dossier, PreparedDossier>, diags: Diagnostics): void {
  const seen = new Set(diags.items.map(diagnosticKey));
  for (const [dossier, p] of prepared) {
    if (p.template instanceof DiagnosticError) continue;
    const template = p.template;
    // The document, then the page (settings, running header and footer): each reported even when the other fails.
    for (const gate of [() => documentTreeOf(template, p.cited, dossier), () => pageLayoutOf(template, dossier, p.cited)]) {
      try {
        gate();
      } catch (e) {
        if (!(e instanceof DiagnosticError)) throw e;
        // Dossiers sharing a template share its errors: each is reported once.
        for (const d of e.diagnostics) {
          const key = diagnosticKey(d);
          if (seen.has(key)) continue;
          seen.add(key);
          diags.items.push(d);
        }
      }
    }
  }
}

function diagnosticKey(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}:${d.severity}:${d.message}`;
}

/**
 * A workspace without dossier definitions builds nothing: `build` and `check` both say so, as
 * an error (exit 1), so that they agree on an empty folder.
 */
export function noDossiersError(root: string): Diagnostic {
  return {
    ...wholePath(path.resolve(root)),
    severity: 'error',
    message: 'no dossier definitions (*.yaml) in this workspace folder',
    hint: 'a dossier definition is a .yaml file directly in the workspace folder, with id, title, language and sections (README.md, The workspace format)',
  };
}

/** The prepared form of a dossier of this workspace. */
export function preparedOf(cw: CheckedWorkspace, dossier: Dossier): PreparedDossier {
  const p = cw.prepared.get(dossier);
  if (!p) throw new Error(`dossier ${dossier.id} is not one of the checked workspace's`);
  return p;
}

/** The cited dossier (claims selected, notes numbered) that templates are filled from. */
export function citedDossierOf(cw: CheckedWorkspace, dossier: Dossier): CitedDossier {
  return preparedOf(cw, dossier).cited;
}

/** The date stamped into a PDF: the dossier's date, else SOURCE_DATE_EPOCH, else 1970-01-01. */
export function creationDateOf(dossier: Dossier, env: NodeJS.ProcessEnv = process.env): Date {
  if (dossier.date) return new Date(`${dossier.date}T00:00:00Z`);
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  if (env.SOURCE_DATE_EPOCH && Number.isFinite(epoch)) return new Date(epoch * 1000);
  return new Date(0);
}

export interface CheckSplit {
  /** Diagnostics in each definition file given. */
  perFile: Map<string, Diagnostic[]>;
  /** Errors elsewhere (sources, claims, templates): nothing can be built, as with `build`. */
  blocking: Diagnostic[];
  /** Warnings elsewhere. */
  warnings: Diagnostic[];
}

/**
 * A check's diagnostics as `build` (batch/batch.ts) and the watch (commands/watch-plan.ts) use
 * them: those of each definition file fail that dossier alone; an error anywhere else fails all.
 */
export function splitDiagnostics(cw: CheckedWorkspace, files: string[]): CheckSplit {
  const inFiles = new Set(files);
  const perFile = new Map<string, Diagnostic[]>();
  const blocking: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  for (const d of cw.diags.items) {
    if (inFiles.has(d.file)) perFile.set(d.file, [...(perFile.get(d.file) ?? []), d]);
    else if (d.severity === 'error') blocking.push(d);
    else warnings.push(d);
  }
  return { perFile, blocking, warnings };
}
