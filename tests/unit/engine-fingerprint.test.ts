/**
 * Every pdfmake, pdfkit and fontkit function an engine hook replaces or relies on still has the
 * source it had when the hooks were last read (src/pdf/engine/fingerprints.ts). On failure the
 * message names the hooks to re-read and the functions that changed.
 */
import { describe, expect, it } from 'vitest';
import { currentFingerprints, FUNCTIONS, functionSource, HOOKS, hooksToReread, recordedFingerprints } from '../../src/pdf/engine/fingerprints.js';

describe('engine fingerprints', () => {
  it('every relied-on function is found in the installed packages', () => {
    const missing = Object.entries(FUNCTIONS)
      .filter(([, f]) => functionSource(f) === undefined)
      .map(([id]) => id);
    expect(missing).toEqual([]);
  });

  it('every function a hook names is fingerprinted, and every fingerprinted function belongs to a hook', () => {
    const named = new Set(Object.values(HOOKS).flatMap((h) => h.relies));
    expect([...named].filter((id) => !(id in FUNCTIONS))).toEqual([]);
    expect(Object.keys(FUNCTIONS).filter((id) => !named.has(id))).toEqual([]);
    expect(Object.keys(recordedFingerprints()).sort()).toEqual(Object.keys(FUNCTIONS).sort());
  });

  it('no relied-on function changed since the hooks were read', () => {
    const reread = hooksToReread();
    const message = reread.map((h) => `re-read hook ${h.hook} (src/pdf/engine/${h.file}): changed ${h.changed.join(', ')}`).join('\n');
    expect(message, `${message}\nthen run npm run engine:fingerprints`).toBe('');
  });

  it('a changed function is caught and names its hooks (checked on a changed copy of the fingerprints)', () => {
    const current = currentFingerprints();
    const tampered = { ...current, 'pdfmake ElementWriter.addLine': '0'.repeat(64) };
    const hooks = hooksToReread(current, tampered).map((h) => h.hook);
    expect(hooks.sort()).toEqual(['body-placement', 'line-order']);
  });
});
