/**
 * The command line's bundle (README, "Start-up"): `npm run build` and `prepare` run this after
 * `tsc`, over tsc's output, and write dist/bundle/. The bin (dist/cli-launcher.js) starts
 * dist/bundle/cli.js when it is there and current; dist/cli.js and every other file tsc wrote
 * stay as they are, for the library, the tests that import dist/ modules one by one, and as the fallback.
 *
 * Why: `dossier check` spent about a quarter of its time loading some 250 module files (yaml's
 * 72, Handlebars', htmlparser2's, commander's, about 65 of ours). The bundle holds our code and
 * the four packages `check` needs in a few files, split at the command line's dynamic imports
 * so that `--help` loads commander, cli.js and a few small chunks, and `check` no build code.
 *
 * What is left out, loaded from node_modules as before: every other package. pdfmake, pdfkit
 * and fontkit above all: the engine's hooks (src/pdf/engine/) find and patch them through the
 * require cache, which a bundled copy would bypass; and packages that read files next to their
 * own code (linebreak's trie, unicode-name's data).
 *
 * `import.meta.url` of each of our modules is rewritten to the URL of the file tsc wrote for
 * it (dist/<path>.js), so that what is found relative to a module (fonts/, templates/,
 * package.json, createRequire's resolution) is found as from the unbundled files. The one
 * exception is the batch's worker, which is an entry of the bundle too: batch.js starts
 * dist/bundle/worker.js.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(REPO, 'dist');
const OUT = path.join(DIST, 'bundle');

/** Packages bundled when our code imports them (with whatever they import in turn). */
const BUNDLED = new Set(['commander', 'yaml', 'handlebars', 'htmlparser2']);

/** The package name of a bare import ('@scope/name/sub' -> '@scope/name'). */
function packageName(id) {
  const parts = id.split('/');
  return id.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const isOurs = (file) => file.startsWith(DIST + path.sep) && !file.startsWith(OUT + path.sep);

/** See the header: our modules' import.meta.url, as of their unbundled file. */
const unbundledLocations = {
  name: 'unbundled-locations',
  transform(code, id) {
    if (!isOurs(id) || !code.includes('import.meta.url')) return null;
    // The worker, started by batch.js from next to itself: the bundle's own worker entry.
    const worker = "new URL('./worker.js', import.meta.url)";
    if (id === path.join(DIST, 'batch/batch.js') && !code.includes(worker)) throw new Error(`bundle: batch.js no longer starts its worker with ${worker}`);
    let out = code.replace(worker, `${worker}/*bundle*/`);
    const rel = path.relative(OUT, id).split(path.sep).join('/');
    out = out.replace(/import\.meta\.url(?!\)\/\*bundle\*\/)/g, `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
    return { code: out, map: null };
  },
};

fs.rmSync(OUT, { recursive: true, force: true });
const bundle = await rolldown({
  input: { cli: path.join(DIST, 'cli.js'), worker: path.join(DIST, 'batch/worker.js') },
  platform: 'node',
  external: (id, importer) => {
    if (id.startsWith('node:') || id.startsWith('.') || path.isAbsolute(id)) return false;
    // Bare imports from our code: only the BUNDLED packages; imports inside them are bundled.
    if (importer && isOurs(importer)) return !BUNDLED.has(packageName(id));
    return false;
  },
  plugins: [unbundledLocations],
  // Warnings about the packages' own code (e.g. `eval` in Handlebars' optional parts) are not ours to fix.
  onLog: (level, log, handler) => {
    if (level === 'warn' && log.code === 'EVAL') return;
    handler(level, log);
  },
});
await bundle.write({
  dir: OUT,
  format: 'esm',
  entryFileNames: '[name].js',
  // Flat, next to the entries: the rewritten import.meta.url above is relative to dist/bundle/.
  chunkFileNames: '[name]-[hash].js',
  // No source maps (tsc makes none either).
  sourcemap: false,
});
await bundle.close();
