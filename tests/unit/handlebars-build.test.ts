/**
 * src/template/render.ts loads Handlebars' single-file build (handlebars/dist/handlebars.js)
 * instead of the package's main entry (lib/index.js), because it loads faster and compiles
 * without the source-map package. That build must behave as the main entry: same release, same
 * parse trees, and the same text out of every built-in template for the samples' data. The
 * oracle is the package's main entry itself.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
type Hbs = typeof import('handlebars');
const main = require('handlebars') as Hbs;
const single = require('handlebars/dist/handlebars.js') as Hbs;

const TEMPLATES = path.join(REPO, 'templates');

function templateFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? templateFiles(p) : p.endsWith('.hbs') ? [p] : [];
  });
}

/** Renders a template folder's document for `data` with one Handlebars build, as render.ts sets it up. */
function render(hbs: Hbs, dir: string, data: Record<string, unknown>): string {
  const env = hbs.create();
  const options = { strict: false, preventIndent: true };
  env.registerHelper('t', (key: unknown) => `[${String(key)}]`);
  env.registerHelper('num', (n: unknown) => (typeof n === 'number' ? String(n) : ''));
  env.registerHelper('date', (iso: unknown) => String(iso));
  const partials = path.join(dir, 'partials');
  for (const f of fs.existsSync(partials) ? fs.readdirSync(partials) : []) {
    if (f.endsWith('.hbs')) env.registerPartial(f.slice(0, -4), env.compile(fs.readFileSync(path.join(partials, f), 'utf8'), options));
  }
  return env.compile(fs.readFileSync(path.join(dir, 'document.hbs'), 'utf8'), options)(data);
}

describe("Handlebars' single-file build", () => {
  it('is the release the package installs', () => {
    expect(single.VERSION).toBe(main.VERSION);
    expect(JSON.parse(fs.readFileSync(require.resolve('handlebars/package.json'), 'utf8')).version).toBe(main.VERSION);
  });

  it('parses every built-in template to the same tree', () => {
    const files = templateFiles(TEMPLATES);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      expect(JSON.stringify(single.parse(text)), f).toBe(JSON.stringify(main.parse(text)));
    }
  });

  it("writes the same markup from every sample dossier's template", async () => {
    const { checkWorkspace } = (await import(path.join(REPO, 'dist/check.js'))) as typeof import('../../src/check.js');
    const cw = checkWorkspace(path.join(REPO, 'dossiers'));
    expect(cw.prepared.size).toBeGreaterThanOrEqual(4);
    for (const [dossier, p] of cw.prepared) {
      if (p.template instanceof Error) throw p.template;
      const data = { ...p.cited } as unknown as Record<string, unknown>;
      const expected = render(main, p.template.dir, data);
      expect(expected.length, dossier.id).toBeGreaterThan(1000);
      expect(render(single, p.template.dir, data), dossier.id).toBe(expected);
    }
  });
});
