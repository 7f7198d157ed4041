/**
 * A dossier's logo (`logo: { src, alt }` in its definition, else in its template's
 * settings.yaml), checked when the workspace is
 * checked, so that `check` and `build` both refuse a bad one at the dossier's own line. A logo
 * that fails is reported there and left out of the data templates see (they print it under
 * {{#if logo}}), so the same problem is not reported again at the template's <img>.
 */
import type { Diagnostics } from '../diagnostics.js';
import type { Dossier } from '../workspace/types.js';
import { positionOf } from '../workspace/validate.js';
import { ImageProblem } from './problem.js';
import { resolveImage } from './resolve.js';

export interface LogoTemplate {
  dir: string;
  workspaceRoot: string;
  /** The template's own logo (settings.yaml), printed when the dossier names none. */
  settings?: { logo?: Dossier['logo'] };
}

/** The logo a dossier prints: its own, else its template's (settings.yaml); both resolve alike. */
export function logoOf(dossier: Dossier, template?: Pick<LogoTemplate, 'settings'>): Dossier['logo'] {
  return dossier.logo ?? template?.settings?.logo;
}

/** Reads and checks the dossier's logo; false (and an error at its src) when it cannot be used. */
export function checkLogo(dossier: Dossier, template: LogoTemplate, diags: Diagnostics): boolean {
  const logo = logoOf(dossier, template);
  if (!logo) return true;
  try {
    resolveImage(logo.src, { templateDir: template.dir, workspaceRoot: template.workspaceRoot });
    return true;
  } catch (e) {
    if (!(e instanceof ImageProblem)) throw e;
    diags.error(positionOf(logo, 'src'), `logo: ${e.message}`, e.hint);
    return false;
  }
}
