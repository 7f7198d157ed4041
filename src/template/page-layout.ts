/**
 * A dossier's page: its page setup (the template's settings.yaml with the dossier's paper,
 * orientation, margins and note numbering over them) and its running header and footer,
 * checked together. `dossier check` and `build` both call this before any layout, so both
 * refuse the same.
 */
import type { CitedDossier } from '../cite/cited.js';
import { caught, DiagnosticError } from '../diagnostics.js';
import type { Dossier } from '../workspace/types.js';
import { furnitureOf, type Furniture } from './furniture.js';
import type { TemplateSet } from './render.js';
import { pageSetupOf, type PageSetup } from './settings.js';

export interface PageLayout {
  setup: PageSetup;
  furniture: Furniture;
}

/** Throws DiagnosticError with every problem of both. */
export function pageLayoutOf(set: TemplateSet, dossier: Pick<Dossier, 'paper' | 'orientation' | 'margins' | 'notes'>, cited: CitedDossier): PageLayout {
  const setup = caught(() => pageSetupOf(set.settings, dossier));
  const furniture = caught(() => furnitureOf(set, cited));
  const errors = [setup, furniture].filter((x): x is DiagnosticError => x instanceof DiagnosticError);
  if (errors.length) throw new DiagnosticError(errors.flatMap((e) => e.diagnostics));
  return { setup: setup as PageSetup, furniture: furniture as Furniture };
}
