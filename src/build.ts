/**
 * The pipeline, stage by stage (ARCHITECTURE.md):
 *   check.ts: workspace (load, validate) -> cite (verify quotes, status) -> per dossier, once:
 *             select (sections) -> cite (number notes) -> template found
 *   here:     template (Handlebars -> markup -> tree) -> typeset (fonts, bidi -> pdfmake content)
 *             -> pdf (engine: layout, notes, render) -> write atomically
 */
import path from 'node:path';
import { creationDateOf, documentTreeOf, preparedOf, type CheckedWorkspace } from './check.js';
import type { CitedDossier } from './cite/cited.js';
import { caught, DiagnosticError, type Diagnostic } from './diagnostics.js';
import type { LayoutStats } from './pdf/engine/index.js';
import { writeFileAtomic } from './io/write.js';
import { archiveBuilt } from './evidence/archive.js';
import type { ChangesView } from './release/changelog.js';
import { holdYoungGeneration } from './short-run.js';
import { pageLayoutOf } from './template/page-layout.js';
import type { DocTree } from './template/tree.js';
import { TOOL_VERSION } from './version.js';
import type { Dossier } from './workspace/types.js';
import { positionOf } from './workspace/validate.js';

export { checkWorkspace, citedDossierOf, creationDateOf, type CheckedWorkspace } from './check.js';

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

/** Data given to templates beyond the cited dossier. */
export interface RenderExtras {
  /** A release's "Changes since X" (src/release/changelog.ts); templates print it when set. */
  changes?: ChangesView;
}

/** How to render: tagged (PDF/UA-1, the default) or not; PDF/A-3 for archiving (release, build --archive). */
export interface RenderOptions {
  tagged?: boolean;
  archive?: boolean;
}

/** Render one dossier of a checked workspace to PDF bytes. Throws DiagnosticError on template errors. */
export async function renderDossier(cw: CheckedWorkspace, dossier: Dossier, extras: RenderExtras = {}, options: RenderOptions = {}): Promise<BuiltDossier> {
  const { cited, template: templates } = preparedOf(cw, dossier);
  if (templates instanceof DiagnosticError) throw templates;
  const data: CitedDossier & RenderExtras = { ...cited, ...extras };
  // The document and the page are checked apart, so that one run reports the problems of both (as check does).
  const tree = caught(() => documentTreeOf(templates, data, dossier));
  const page = caught(() => pageLayoutOf(templates, dossier, cited));
  if (tree instanceof DiagnosticError || page instanceof DiagnosticError) {
    const seen = new Set<string>();
    const all = [tree, page].flatMap((x) => (x instanceof DiagnosticError ? x.diagnostics : []));
    throw new DiagnosticError(
      all.filter((d) => !seen.has(`${d.file}:${d.line}:${d.col}:${d.message}`) && seen.add(`${d.file}:${d.line}:${d.col}:${d.message}`)),
    );
  }
  const { setup, furniture } = page;
  holdYoungGeneration(); // a one-shot build's checkpoint (short-run.ts): the template is filled
  // Loaded on first use: pdfmake, fontkit and the fonts are not needed to check a workspace.
  const [{ buildDocDefinition }, { renderNumbered }] = await Promise.all([import('./pdf/document.js'), import('./pdf/note-numbering.js')]);
  const labels = templates.labels(cited.lang);
  // The document typeset with the notes' printed numbers: their own, or per page (typeset again
  // until a layout agrees with them, pdf/note-numbering.ts).
  const typeset = (noteNumber: ((n: number) => number) | undefined) => {
    const { definition, footnotes } = buildDocDefinition({
      tree,
      cited,
      labels,
      styles: templates.styles,
      setup,
      furniture,
      fonts: templates.settings.fonts,
      noteNumber,
      creationDate: creationDateOf(dossier),
      toolVersion: TOOL_VERSION,
    });
    holdYoungGeneration(); // and typeset
    // A link's /Contents names the note by the number printed, like the page does.
    const shown = (n: number) => noteNumber?.(n) ?? n;
    const tagging =
      options.tagged === false
        ? undefined
        : {
            tree,
            labels: {
              noteLink: (n: number) => `${labels.note_link ?? 'Note'} ${shown(n)}`,
              backLink: (n: number) => `${labels.back_link ?? 'Back to the citation of note'} ${shown(n)}`,
            },
          };
    return {
      definition,
      options: { allowedRoots: [cw.ws.root], footnotes, tagging, archive: options.archive, houseFamilies: templates.settings.fonts?.families },
    };
  };
  const { pdf, document } = await renderNumbered(setup.noteNumbering, typeset);
  const footnotes = document.options.footnotes!;
  const warnings = footnotes.warnings.map((message): Diagnostic => ({
    ...positionOf(dossier, 'id'),
    severity: 'warning',
    message,
    hint: 'the PDF was written; look at the pages named and shorten the notes or the text around their markers',
  }));
  return { dossier, cited, tree, pdf, warnings, layout: footnotes.stats };
}

export async function buildToFile(
  cw: CheckedWorkspace,
  dossier: Dossier,
  outDir: string,
  options: RenderOptions = {},
): Promise<{ file: string; built: BuiltDossier }> {
  const built = await renderDossier(cw, dossier, {}, options);
  const file = path.resolve(outDir, `${dossier.id}.pdf`);
  // An archival build carries its evidence like a release's PDF (unreleased: version 0.0.0 if none).
  if (options.archive) built.pdf = archiveBuilt(cw, dossier, built);
  // Notices of leftovers of interrupted builds that were removed go with the layout warnings.
  built.warnings.push(...(await writeFileAtomic(file, built.pdf, 'the PDF')));
  return { file, built };
}
