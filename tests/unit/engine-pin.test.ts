/** The packages whose internals src/pdf/engine/ relies on are installed and pinned at exactly the versions read. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPins, installedVersion, PINNED } from '../../src/pdf/engine/pin.js';
import { REPO } from '../helpers/cli.js';

describe('engine pins', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8'));

  it('pdfmake, pdfkit and fontkit are installed at exactly the pinned versions', () => {
    for (const name of Object.keys(PINNED) as (keyof typeof PINNED)[])
      expect({ name, version: installedVersion(name) }).toEqual({ name, version: PINNED[name] });
    expect(() => checkPins()).not.toThrow();
  });

  it('package.json pins them exactly: pdfmake and fontkit as dependencies, pdfkit and fontkit through overrides', () => {
    expect(pkg.dependencies.pdfmake).toBe(PINNED.pdfmake);
    expect(pkg.dependencies.fontkit).toBe(PINNED.fontkit);
    expect(pkg.overrides).toMatchObject({ pdfkit: PINNED.pdfkit, fontkit: PINNED.fontkit });
  });

  it('the lockfile holds one copy of each, at the pinned version', () => {
    for (const name of Object.keys(PINNED)) {
      const copies = Object.entries(lock.packages as Record<string, { version: string }>).filter(([p]) => p.endsWith(`node_modules/${name}`));
      expect(copies.map(([, v]) => v.version)).toEqual([PINNED[name as keyof typeof PINNED]]);
    }
  });
});
