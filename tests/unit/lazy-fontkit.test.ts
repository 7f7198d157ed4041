/**
 * fontkit is loaded on first use (src/typeset/fonts.ts fontkitModule): `dossier check` of the
 * samples names no house font and parses no face, so it must not load fontkit at all; and the
 * shared-faces hook, installed before fontkit is first loaded, must still leave typeset/fonts.ts
 * parsing with fontkit's own `create` while pdfkit gets the parsed faces through the hook's
 * forwarding copy. Each case runs in a fresh process (the require cache is per process).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO } from '../helpers/cli.js';

const DIST = path.join(REPO, 'dist');

/** Prints, at exit, whether any file of the fontkit package was loaded (CommonJS or ESM). */
const REPORT_FONTKIT = `
import { createRequire } from 'node:module';
const cache = createRequire(${JSON.stringify(CLI)}).cache;
process.on('exit', () => {
  const loaded = Object.keys(cache).filter((f) => f.includes('/node_modules/fontkit/'));
  process.stderr.write('FONTKIT ' + JSON.stringify(loaded) + '\\n');
});
`;

function run(args: string[]) {
  return spawnSync(process.execPath, args, { encoding: 'utf8', cwd: REPO });
}

describe('fontkit loaded lazily', () => {
  it('dossier check of the samples does not load fontkit', () => {
    const r = run(['--import', `data:text/javascript,${encodeURIComponent(REPORT_FONTKIT)}`, CLI, 'check', '--root', 'dossiers']);
    expect(r.status, r.stderr).toBe(0);
    const line = r.stderr.split('\n').find((l) => l.startsWith('FONTKIT '));
    expect(line, r.stderr).toBeDefined();
    expect(JSON.parse(line!.slice('FONTKIT '.length))).toEqual([]);
  });

  it('the probe sees fontkit when a command does load it (so the check above can fail)', () => {
    const script = `${REPORT_FONTKIT}
const { parsedFace, FONTS_DIR } = await import(${JSON.stringify(`${DIST}/typeset/fonts.js`)});
parsedFace(FONTS_DIR + '/NotoSans-Regular.ttf', undefined);
`;
    const r = run(['--input-type=module', '-e', script]);
    expect(r.status, r.stderr).toBe(0);
    const line = r.stderr.split('\n').find((l) => l.startsWith('FONTKIT '));
    expect(JSON.parse(line!.slice('FONTKIT '.length)).length).toBeGreaterThan(0);
  });

  it('shared faces installed before fontkit is first loaded: pdfkit gets the faces parsed with fontkit itself', () => {
    const script = `
import { createRequire } from 'node:module';
const { installSharedFaces, beginFaces, endFaces, facesShared } = await import(${JSON.stringify(`${DIST}/pdf/engine/hooks/shared-faces.js`)});
const { pdfkitMainPath } = await import(${JSON.stringify(`${DIST}/pdf/engine/pin.js`)});
const fonts = await import(${JSON.stringify(`${DIST}/typeset/fonts.js`)});
const fromPdfkit = createRequire(pdfkitMainPath());
const before = Object.keys(fromPdfkit.cache).some((f) => f.includes('/node_modules/fontkit/'));
installSharedFaces();
const forPdfkit = fromPdfkit('fontkit');
const file = fonts.FONTS_DIR + '/NotoSans-Regular.ttf';
const bytes = fonts.fontFileBytes(file);
if (!beginFaces()) throw new Error('a document is already open');
const first = forPdfkit.create(bytes);
const second = forPdfkit.create(bytes);
endFaces();
const outside = forPdfkit.create(bytes);
console.log(JSON.stringify({
  before,
  shared: facesShared(),
  hookReplacedModule: forPdfkit !== fonts.fontkitModule(),
  firstIsParsedCopy0: first === fonts.parsedFace(file, undefined, 0),
  secondIsParsedCopy1: second === fonts.parsedFace(file, undefined, 1),
  outsideIsFresh: outside !== first && outside !== second,
  coversA: first.hasGlyphForCodePoint(0x41) && outside.hasGlyphForCodePoint(0x41),
  sameClass: first.constructor === outside.constructor,
}));
`;
    const r = run(['--input-type=module', '-e', script]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({
      before: false,
      shared: true,
      hookReplacedModule: true,
      firstIsParsedCopy0: true,
      secondIsParsedCopy1: true,
      outsideIsFresh: true,
      coversA: true,
      sameClass: true,
    });
  });
});

/**
 * fontkit, linebreak and unicode-properties each ship a CommonJS and an ES-module build. pdfkit
 * requires the CommonJS ones; our code must use those too (createRequire), or a build loads and
 * evaluates a second copy of each package and its tables (about 0.07 s of a one-claim build).
 */
const ESM_RESOLVE_PROBE = `
import fs from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (/\\/node_modules\\/(fontkit|linebreak|unicode-properties)\\/.*\\.mjs$/.test(r.url)) fs.writeSync(2, 'ESM-BUILD ' + r.url + '\\n');
  return r;
}
`;
const REGISTER_PROBE = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(ESM_RESOLVE_PROBE)}`)});`;

function esmBuildsLoaded(args: string[]): { status: number | null; stderr: string; loaded: string[] } {
  const r = run(['--import', `data:text/javascript,${encodeURIComponent(REGISTER_PROBE)}`, ...args]);
  const loaded = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('ESM-BUILD '))
    .map((l) => l.slice('ESM-BUILD '.length));
  return { status: r.status, stderr: r.stderr, loaded };
}

describe('one copy of each font and line-break package', () => {
  it('a build loads no ES-module build of fontkit, linebreak or unicode-properties', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-esm-'));
    try {
      const r = esmBuildsLoaded([CLI, 'build', '--root', 'tests/fixtures/mini', '--out', out, '--quiet']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.loaded).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('the probe sees an ES-module build when one is imported (so the check above can fail)', () => {
    const r = esmBuildsLoaded(['--input-type=module', '-e', `await import('linebreak');`]);
    expect(r.status, r.stderr).toBe(0);
    expect(
      r.loaded.some((u) => u.includes('/node_modules/linebreak/')),
      r.stderr,
    ).toBe(true);
  });
});
