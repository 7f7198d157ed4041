#!/usr/bin/env node
/**
 * The `dossier` command (package.json "bin"): starts the bundled command line, dist/bundle/cli.js
 * (scripts/bundle.mjs, made by `npm run build` and `prepare` after tsc), which loads a few files
 * instead of some 250 (README, "Start-up"). It is the same code as tsc's dist/cli.js, which it
 * falls back to when the bundle is missing, or stale: in a source tree, `npx tsc` alone after an
 * edit leaves the bundle behind, and tsc rewrites every file it emits, so dist/cli.js is then
 * newer than the bundle. An installed package has no src/ and no tsc run after its bundle (and
 * its files are dated by the order they were unpacked in), so there the bundle is used whenever
 * it is there. Costs three stat calls; nothing of the command line is loaded here.
 */
import fs from 'node:fs';

const bundled = new URL('./bundle/cli.js', import.meta.url);
const compiled = new URL('./cli.js', import.meta.url);
const source = new URL('../src/cli.ts', import.meta.url);

function modified(url: URL): number | undefined {
  return fs.statSync(url, { throwIfNoEntry: false })?.mtimeMs;
}

function bundleIsCurrent(): boolean {
  const bundledAt = modified(bundled);
  if (bundledAt === undefined) return false;
  if (modified(source) === undefined) return true;
  const compiledAt = modified(compiled);
  return compiledAt === undefined || bundledAt >= compiledAt;
}

await import(bundleIsCurrent() ? bundled.href : compiled.href);
