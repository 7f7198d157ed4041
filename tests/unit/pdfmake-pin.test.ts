import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installedPdfmakeVersion, PINNED_PDFMAKE_VERSION } from '../../src/pdf/pdfmake-internals.js';
import { REPO } from '../helpers/cli.js';

describe('pdfmake pin', () => {
  it('the installed pdfmake is exactly the version whose internals we patch', () => {
    expect(installedPdfmakeVersion()).toBe(PINNED_PDFMAKE_VERSION);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    expect(pkg.dependencies.pdfmake).toBe(PINNED_PDFMAKE_VERSION);
  });
});
