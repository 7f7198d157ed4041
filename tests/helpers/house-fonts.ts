/**
 * A workspace with house fonts, for tests: a copy of a fixture workspace, the built-in briefing
 * template copied into it with a `fonts:` section added to its settings.yaml, and the test
 * fonts of tests/fixtures/house-fonts/fonts in its fonts/ folder (licences beside them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { copyWorkspace, REPO } from './cli.js';

export const HOUSE_FONTS = path.join(REPO, 'tests/fixtures/house-fonts/fonts');
export const MIXED = path.join(REPO, 'tests/fixtures/mixed');

/** The settings.yaml lines of a body in EB Garamond (regular, bold, italic) and Arabic in DejaVu Sans. */
export const GARAMOND_FONTS = `fonts:
  body:
    latin:
      regular: fonts/EBGaramond12-Regular.otf
      bold: fonts/EBGaramond12-Bold.otf
      italic: fonts/EBGaramond12-Italic.otf
    arabic: fonts/dejavu/DejaVuSans-Arabic.ttf
  notes:
    latin: fonts/EBGaramond12-Italic.otf
`;

export function houseWorkspace(fontsYaml: string, from = MIXED): string {
  const dir = copyWorkspace(from);
  const template = path.join(dir, 'templates/briefing');
  fs.cpSync(path.join(REPO, 'templates/briefing'), template, { recursive: true });
  fs.appendFileSync(path.join(template, 'settings.yaml'), fontsYaml);
  fs.cpSync(HOUSE_FONTS, path.join(dir, 'fonts'), { recursive: true });
  return dir;
}
