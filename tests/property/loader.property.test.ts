/**
 * Whatever the files hold, loading and checking a workspace, and loading and running a
 * template, end in a result or in our own diagnostics (DiagnosticError from the template
 * stage), never in another exception; and every diagnostic points at a real line and column
 * of a file in the workspace.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWorkspace } from '../../src/build.js';
import { citeDossier, type CitedDossier } from '../../src/cite/cited.js';
import { DiagnosticError, Diagnostics, type Diagnostic } from '../../src/diagnostics.js';
import { selectClaims } from '../../src/select/select.js';
import { findTemplate, renderTemplate } from '../../src/template/render.js';
import { parseYaml } from '../../src/workspace/yaml.js';
import { REPO } from '../helpers/cli.js';

/** PROPERTY_SCALE=10 npx vitest run tests/property runs ten times as many cases. */
const runs = (n: number) => Math.round(n * Number(process.env.PROPERTY_SCALE ?? 1));
const BASE = path.join(REPO, 'tests/errors/_base/workspace');
const FILES = ['brief.yaml', 'claims/main.yaml', 'sources/wire.yaml', 'sources/wire.txt'];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-prop-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A fresh copy of the good workspace (the same folder, emptied, every time). */
function freshWorkspace(): string {
  const dir = path.join(scratch, 'ws');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(BASE, dir, { recursive: true });
  return dir;
}

/** Lines of each file as read (for position checks), by absolute path. */
function lineCounts(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(p, fs.readFileSync(p).toString('latin1').split('\n').length);
    }
  };
  walk(dir);
  return out;
}

function expectWellPlaced(diags: Diagnostic[], dir: string) {
  const lines = lineCounts(dir);
  for (const d of diags) {
    const where = `${d.file}:${d.line}:${d.col} ${d.message}`;
    expect(d.message.length, where).toBeGreaterThan(0);
    expect(Number.isInteger(d.line) && d.line >= 1, where).toBe(true);
    expect(Number.isInteger(d.col) && d.col >= 1, where).toBe(true);
    expect(path.relative(dir, d.file).startsWith('..'), where).toBe(false);
    const n = lines.get(d.file);
    if (n !== undefined) expect(d.line, where).toBeLessThanOrEqual(n + 1);
  }
}

const TOKENS = [
  '- ',
  ': ',
  ':',
  '[',
  ']',
  '{',
  '}',
  ', ',
  '#',
  ' # c',
  '&a ',
  '*a',
  '!',
  '!!str ',
  '!!binary ',
  '!foo ',
  '|',
  '>-',
  "'",
  '"',
  '\\',
  '\\u00e9',
  '\\uD800',
  '%YAML 1.2\n',
  '---\n',
  '...\n',
  '? ',
  '\n',
  '  ',
  '    ',
  '\t',
  'id',
  'title',
  'language',
  'sections',
  'claims',
  'evidence',
  'quote',
  'source',
  'statement',
  'brief',
  'wire',
  'raised-101m',
  'x',
  '0',
  '1.5',
  'true',
  'null',
  '~',
  '2024-02-30',
  'en',
  'ar',
  '\u0627\u0644',
  '\u4e2d',
  '\u0000',
  '\u0007',
  '\u001b[2J',
  '\uFEFF',
  '\u202E',
  '__proto__',
  'constructor',
  '<b>',
  '{{x}}',
];
const yamlish = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((a) => a.join(''));

describe('the YAML reader', () => {
  it('returns a document or diagnostics at real positions for any text', () => {
    fc.assert(
      fc.property(fc.oneof(yamlish, fc.string({ unit: 'binary', maxLength: 80 })), (text) => {
        const diags = new Diagnostics();
        const yf = parseYaml('/ws/x.yaml', text, diags);
        if (!yf) expect(diags.errorCount).toBeGreaterThan(0);
        const lines = text.split('\n').length;
        for (const d of diags.items) {
          expect(d.line >= 1 && d.line <= lines + 1 && d.col >= 1, `${d.line}:${d.col} ${d.message}`).toBe(true);
        }
      }),
      { numRuns: runs(1000) },
    );
  }, 60000);
});

describe('loading and checking a workspace', () => {
  const edit = fc.record({
    file: fc.constantFrom(...FILES),
    at: fc.nat(),
    cut: fc.nat({ max: 12 }),
    insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 }), fc.constant('')),
  });

  it('never throws, whatever edits are made to the good workspace', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const dir = freshWorkspace();
        for (const e of edits) {
          const file = path.join(dir, e.file);
          const text = fs.readFileSync(file, 'utf8');
          const at = e.at % (text.length + 1);
          fs.writeFileSync(file, text.slice(0, at) + e.insert + text.slice(at + e.cut));
        }
        const cw = checkWorkspace(dir);
        expectWellPlaced(cw.diags.items, dir);
      }),
      { numRuns: runs(200) },
    );
  }, 120000);

  it('never throws on random YAML structures in any file', () => {
    const value = fc.oneof(
      fc.anything({ maxDepth: 4, withNullPrototype: false }),
      fc.array(fc.record({ id: fc.string(), statement: fc.anything({ maxDepth: 2 }), evidence: fc.anything({ maxDepth: 3 }) }, { requiredKeys: [] })),
      fc.record(
        { id: fc.constantFrom('brief', 'x'), title: fc.anything({ maxDepth: 2 }), language: fc.string(), sections: fc.anything({ maxDepth: 4 }) },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom(...FILES), value, (file, v) => {
        const dir = freshWorkspace();
        let text: string | undefined;
        try {
          text = stringify(v);
        } catch {
          text = undefined;
        }
        if (typeof text !== 'string') return; // not representable in YAML (undefined, a symbol)
        fs.writeFileSync(path.join(dir, file), text);
        expectWellPlaced(checkWorkspace(dir).diags.items, dir);
      }),
      { numRuns: runs(150) },
    );
  }, 120000);

  it('never throws on random bytes in any file', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FILES), fc.uint8Array({ maxLength: 200 }), (file, bytes) => {
        const dir = freshWorkspace();
        fs.writeFileSync(path.join(dir, file), bytes);
        expectWellPlaced(checkWorkspace(dir).diags.items, dir);
      }),
      { numRuns: runs(150) },
    );
  }, 120000);
});

describe('templates', () => {
  const PIECES = [
    '{{',
    '}}',
    '{{{',
    '}}}',
    '{{#each sections}}',
    '{{#each claims}}',
    '{{/each}}',
    '{{#if title}}',
    '{{else}}',
    '{{/if}}',
    '{{#with title}}',
    '{{/with}}',
    '{{> p}}',
    '{{> q}}',
    '{{> p title}}',
    '{{#> p}}x{{/p}}',
    '{{t "notes"}}',
    '{{t}}',
    '{{title.text}}',
    '{{statement.text}}',
    '{{../id}}',
    '{{@root.lang}}',
    '{{@index}}',
    '{{num 3}}',
    '{{date "2024-01-01"}}',
    '{{date}}',
    '{{lookup this "id"}}',
    '{{lookup}}',
    '{{#each}}',
    '{{#if}}',
    '{{!-- c --}}',
    '{{! c }}',
    '{{x.constructor}}',
    '{{{x}}}',
    '{{shout x}}',
    '{{#*inline "q"}}q{{/inline}}',
    '<document lang="{{lang}}">',
    '</document>',
    '<document>',
    '<p>',
    '</p>',
    '<h2>',
    '</h2>',
    '<cite n="1"/>',
    '<cite n="x"/>',
    '<note n="{{n}}">',
    '</note>',
    '<b>',
    '</b>',
    '<script>',
    '<br/>',
    '<pagebreak/>',
    '&amp;',
    '&bogus;',
    '<',
    '>',
    '"',
    "'",
    '(',
    ')',
    '\n',
    ' ',
    'text',
    '\u0627\u0644',
    '\u4e2d',
  ];
  const template = fc.array(fc.constantFrom(...PIECES), { maxLength: 25 }).map((a) => a.join(''));
  let cited: CitedDossier | undefined;
  const data = (): CitedDossier => {
    if (!cited) {
      const cw = checkWorkspace(BASE);
      const d = cw.ws.dossiers.get('brief')!;
      cited = citeDossier(selectClaims(cw.ws, d, cw.checked, new Diagnostics()), cw.ws.sources);
    }
    return cited;
  };

  it('any document.hbs and partials give a tree or our own diagnostics, at real positions', () => {
    fc.assert(
      fc.property(template, template, template, (doc, p, q) => {
        const dir = freshWorkspace();
        const t = path.join(dir, 'templates/plain');
        fs.mkdirSync(path.join(t, 'partials'), { recursive: true });
        fs.writeFileSync(path.join(t, 'document.hbs'), `<document lang="{{lang}}">${doc}</document>`);
        fs.writeFileSync(path.join(t, 'partials/p.hbs'), p);
        fs.writeFileSync(path.join(t, 'partials/q.hbs'), q);
        try {
          const set = findTemplate(dir, 'plain', { file: path.join(dir, 'brief.yaml'), line: 1, col: 1 });
          renderTemplate(set, data());
        } catch (e) {
          if (!(e instanceof DiagnosticError)) throw e;
          expect(e.diagnostics.length).toBeGreaterThan(0);
          expectWellPlaced(e.diagnostics, dir);
        }
      }),
      { numRuns: runs(300) },
    );
  }, 120000);
});
