/**
 * The exact versions of pdfmake, pdfkit and fontkit whose internals the engine relies on, and
 * the one way the engine loads their modules. package.json pins all three exactly (pdfkit and
 * fontkit through npm `overrides`, so pdfmake's own ranges cannot float them);
 * tests/unit/engine-pin.test.ts checks the pins and tests/unit/engine-fingerprint.test.ts the
 * source of every function a hook replaces or relies on (fingerprints.ts).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export const PINNED = { pdfmake: '0.3.11', pdfkit: '0.19.1', fontkit: '2.0.4' } as const;
export type PinnedPackage = keyof typeof PINNED;

/** The version of a pinned package as installed (pdfkit as pdfmake resolves it). */
export function installedVersion(name: PinnedPackage): string {
  return (JSON.parse(fs.readFileSync(path.join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The folder a pinned package is loaded from (pdfkit as pdfmake resolves it). */
export function packageDir(name: PinnedPackage): string {
  const from = name === 'pdfkit' ? createRequire(require.resolve('pdfmake/package.json')) : require;
  // Not `${name}/package.json`: fontkit's "exports" does not list it.
  let dir = path.dirname(from.resolve(name));
  while (
    !fs.existsSync(path.join(dir, 'package.json')) ||
    (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name !== name
  ) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of ${name}`);
    dir = up;
  }
  return dir;
}

/** Throws, naming the packages, unless every installed version is the pinned one. */
export function checkPins(): void {
  const moved = (Object.keys(PINNED) as PinnedPackage[]).filter((n) => installedVersion(n) !== PINNED[n]);
  if (moved.length) {
    const list = moved.map((n) => `${n} ${installedVersion(n)} (pinned: ${PINNED[n]})`).join(', ');
    throw new Error(`installed ${list}: src/pdf/engine/ depends on their internals; run npm ci, or re-read the hooks and update the pins and fingerprints`);
  }
}

/** A module of pdfmake's CommonJS build (`pdfmake/js/<name>.js`), its default export. */
export function pdfmakeModule<T>(name: string): T {
  return (require(`pdfmake/js/${name}.js`) as { default: T }).default;
}

/** The file pdfmake loads as pdfkit (its CommonJS build). */
export function pdfkitMainPath(): string {
  return createRequire(require.resolve('pdfmake/package.json')).resolve('pdfkit');
}

/** pdfkit's document class, the one pdfmake's PDFDocument extends. */
export function pdfkitDocument<T>(): T {
  return createRequire(require.resolve('pdfmake/package.json'))('pdfkit') as T;
}

/** A method a hook replaces or wraps; throws if pdfmake no longer has it. */
export function original<T>(proto: object, name: string): T {
  const fn = (proto as Record<string, unknown>)[name];
  if (typeof fn !== 'function') throw new Error(`pdfmake internals moved: ${name} is gone (src/pdf/engine/)`);
  return fn as T;
}

/** A module of pdfmake's CommonJS build with its named exports. */
export function pdfmakeExports<T>(name: string): T {
  return require(`pdfmake/js/${name}.js`) as T;
}
