#!/usr/bin/env node
/**
 * The `dossier` command (package.json "bin"): starts the bundled command line, dist/bundle/cli.js
 * (scripts/bundle.mjs, made by `npm run build` and `prepare` after tsc), which loads a few files
 * instead of some 250 (README, "Start-up"). It is the same code as tsc's dist/cli.js, which it
 * falls back to when the bundle is missing or older than tsc's output (`npx tsc` alone after an
 * edit leaves the bundle behind: tsc rewrites every file it emits, so dist/cli.js is then newer).
 * Costs two stat calls; nothing of the command line is loaded here.
 */
import fs from 'node:fs';

const bundled = new URL('./bundle/cli.js', import.meta.url);
const compiled = new URL('./cli.js', import.meta.url);

function modified(url: URL): number | undefined {
  return fs.statSync(url, { throwIfNoEntry: false })?.mtimeMs;
}

const bundledAt = modified(bundled);
const compiledAt = modified(compiled);
const useBundle = bundledAt !== undefined && (compiledAt === undefined || bundledAt >= compiledAt);
await import(useBundle ? bundled.href : compiled.href);
