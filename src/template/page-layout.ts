/**
 * A dossier's page: its page setup (the template's settings.yaml with the dossier's paper,
 * orientation and margins over them) and its running header and footer, checked together.
 * `dossier check` and `build` both call this before any layout, so both refuse the same.
 */
import type { CitedDossier } from '../cite/cited.js';
import { DiagnosticError } from '../diagnostics.js';
import type { Dossier } from '../workspace/types.js';
import { furnitureOf, type Furniture } from './furniture.js';
import type { TemplateSet } from './render.js';
import { pageSetupOf, type PageSetup } from './settings.js';

export interface PageLayout {
  setup: PageSetup;
  furniture: Furniture;
}

/** Throws DiagnosticError with every problem of both. */
export function pageLayoutOf(set: TemplateSet, dossier: Pick<Dossier, 'paper' | 'orientation' | 'margins'>, cited: CitedDossier): PageLayout {
  const attempt = <T>(f: () => T): T | DiagnosticError => {
    try {
      return f();
    } catch (e) {
      if (e instanceof DiagnosticError) return e;
      throw e;
    }
  };
  const setup = attempt(() => pageSetupOf(set.settings, dossier));
  const furniture = attempt(() => furnitureOf(set, cited));
  const errors = [setup, furniture].filter((x): x is DiagnosticError => x instanceof DiagnosticError);
  if (errors.length) throw new DiagnosticError(errors.flatMap((e) => e.diagnostics));
  return { setup: setup as PageSetup, furniture: furniture as Furniture };
}
