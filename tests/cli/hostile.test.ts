/**
 * Hostile input: workspaces written by someone who wants the tool to read what it should not,
 * to hang, to pollute objects, to run code from a template, to fetch from the network, or to
 * forge markup in the printed dossier. Each attempt must end in a diagnostic or in literal
 * text, quickly, and the secret it reached for must appear nowhere.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Parser } from 'yaml';
import { checkWorkspace, renderDossier } from '../../src/build.js';
import { citeDossier } from '../../src/cite/cited.js';
import { DiagnosticError, Diagnostics, formatDiagnostic, type Diagnostic } from '../../src/diagnostics.js';
import { renderPdf } from '../../src/pdf/engine/index.js';
import { selectClaims } from '../../src/select/select.js';
import { findTemplate, renderTemplate } from '../../src/template/render.js';
import { resolveStyle } from '../../src/typeset/content.js';
import { FONTS_DIR } from '../../src/typeset/fonts.js';
import { loadWorkspace } from '../../src/workspace/load.js';
import { MAX_DEPTH, parseYaml } from '../../src/workspace/yaml.js';
import { foldText, readPdf } from '../helpers/pdf.js';
import { REPO, runCli } from '../helpers/cli.js';

const BASE = path.join(REPO, 'tests/errors/_base/workspace');
const SECRET = 'TOP-SECRET-5e1f0c';
const tmpDirs: string[] = [];
let outside: string;

function tmp(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tmpDirs.push(dir);
  return dir;
}

/** A copy of the corpus' good workspace. */
function workspace(): string {
  const dir = tmp('dossier-hostile-');
  fs.cpSync(BASE, dir, { recursive: true });
  return dir;
}

interface Loaded {
  root: string;
  items: Diagnostic[];
}

function load(root: string, dossierFiles?: string[]): Loaded {
  const diags = new Diagnostics();
  loadWorkspace(root, diags, { dossierFiles });
  return { root, items: diags.items };
}

/** Errors as the CLI prints them, paths relative to the workspace. */
function errorsOf({ root, items }: Loaded): string[] {
  return items.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, root));
}

/** The diagnostics name the problem, and never carry the secret they were denied. */
function expectRefused(loaded: Loaded, ...fragments: string[]) {
  const { items } = loaded;
  const errors = errorsOf(loaded);
  for (const f of fragments) expect(errors.join('\n')).toContain(f);
  expect(JSON.stringify(items)).not.toContain(SECRET);
  for (const d of items) expect(d.line).toBeGreaterThanOrEqual(1);
}

beforeAll(() => {
  outside = tmp('dossier-outside-');
  fs.writeFileSync(path.join(outside, 'secret.txt'), `${SECRET}\nThe company had raised $101 million\n`);
  fs.writeFileSync(
    path.join(outside, 'claims.yaml'),
    `- id: stolen\n  statement: ${SECRET}\n  evidence:\n    - source: wire\n      quote: The company had raised $101 million\n`,
  );
  fs.mkdirSync(path.join(outside, 'sources'));
  fs.writeFileSync(path.join(outside, 'sources/wire.yaml'), 'id: wire\ntitle: Wire\npublisher: Evil\nlanguage: en\n');
  fs.writeFileSync(path.join(outside, 'sources/wire.txt'), `${SECRET} The company had raised $101 million\n`);
  fs.mkdirSync(path.join(outside, 'template/partials'), { recursive: true });
  fs.writeFileSync(path.join(outside, 'template/document.hbs'), `<document lang="en"><p>${SECRET}</p></document>`);
});

afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('no path in the workspace reaches outside it', () => {
  it('the good workspace loads (the control)', () => {
    expect(errorsOf(load(workspace()))).toEqual([]);
  });

  it('text: with .. or an absolute path is refused at the field', () => {
    for (const text of ['../../secret.txt', path.join(outside, 'secret.txt'), '..', 'sub/../../x.txt', '..\\..\\secret.txt']) {
      const dir = workspace();
      fs.appendFileSync(path.join(dir, 'sources/wire.yaml'), `text: ${JSON.stringify(text)}\n`);
      expectRefused(load(dir), 'sources/wire.yaml:5:7', 'must be a plain file name inside sources/');
    }
  });

  it('a snapshot that is a symbolic link out (absolute or relative) is refused', () => {
    for (const target of [path.join(outside, 'secret.txt'), path.relative(path.join(os.tmpdir(), 'x', 'sources'), path.join(outside, 'secret.txt'))]) {
      const dir = workspace();
      fs.rmSync(path.join(dir, 'sources/wire.txt'));
      const link = path.join(dir, 'sources/wire.txt');
      fs.symlinkSync(path.isAbsolute(target) ? target : path.relative(path.dirname(link), path.join(outside, 'secret.txt')), link);
      expectRefused(load(dir), 'sources/wire.yaml:1:5', 'points outside the workspace');
    }
  });

  it('a symbolic link that stays inside the workspace is followed', () => {
    const dir = workspace();
    fs.mkdirSync(path.join(dir, 'archive'));
    fs.renameSync(path.join(dir, 'sources/wire.txt'), path.join(dir, 'archive/wire.txt'));
    fs.symlinkSync('../archive/wire.txt', path.join(dir, 'sources/wire.txt'));
    expect(errorsOf(load(dir))).toEqual([]);
  });

  it('a claims file, a sources folder or a dossier file linked from outside is refused', () => {
    const a = workspace();
    fs.symlinkSync(path.join(outside, 'claims.yaml'), path.join(a, 'claims/stolen.yaml'));
    expectRefused(load(a), 'claims/stolen.yaml:1:1', 'points outside the workspace');

    const b = workspace();
    fs.rmSync(path.join(b, 'sources'), { recursive: true });
    fs.symlinkSync(path.join(outside, 'sources'), path.join(b, 'sources'));
    expectRefused(load(b), 'sources/wire.yaml:1:1', 'points outside the workspace');

    const c = workspace();
    fs.writeFileSync(path.join(outside, 'other.yaml'), fs.readFileSync(path.join(c, 'brief.yaml')));
    expectRefused(load(c, [path.join(outside, 'other.yaml')]), 'other.yaml:1:1', 'points outside the workspace');
  });

  it('self-referencing links, folders where files belong and files where folders belong are diagnostics', () => {
    const a = workspace();
    fs.rmSync(path.join(a, 'sources/wire.txt'));
    fs.symlinkSync('wire.txt', path.join(a, 'sources/wire.txt'));
    expectRefused(load(a), 'sources/wire.yaml:1:5', 'symbolic link to nothing');

    const b = workspace();
    fs.rmSync(path.join(b, 'sources/wire.txt'));
    fs.mkdirSync(path.join(b, 'sources/wire.txt'));
    expectRefused(load(b), 'sources/wire.yaml:1:5', 'is not a regular file');

    const c = workspace();
    fs.rmSync(path.join(c, 'claims'), { recursive: true });
    fs.writeFileSync(path.join(c, 'claims'), 'not a folder');
    expectRefused(load(c), 'claims:1:1', 'must be a folder');
  });

  it('a workspace template, or one of its files, linked from outside is refused', () => {
    const plain = (dir: string) => {
      fs.writeFileSync(path.join(dir, 'brief.yaml'), fs.readFileSync(path.join(dir, 'brief.yaml'), 'utf8').replace('sections:', 'template: plain\nsections:'));
      return { root: dir, items: checkWorkspace(dir).diags.items };
    };
    const a = workspace();
    fs.mkdirSync(path.join(a, 'templates'));
    fs.symlinkSync(path.join(outside, 'template'), path.join(a, 'templates/plain'));
    expectRefused(plain(a), 'brief.yaml:4:11', 'template "plain" points outside the workspace');

    for (const file of ['document.hbs', 'partials/evil.hbs', 'labels.yaml', 'styles.yaml']) {
      const b = workspace();
      fs.mkdirSync(path.join(b, 'templates/plain/partials'), { recursive: true });
      fs.writeFileSync(path.join(b, 'templates/plain/document.hbs'), '<document lang="{{lang}}"><p>{{title.text}}</p></document>');
      fs.rmSync(path.join(b, 'templates/plain', file), { force: true });
      fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(b, 'templates/plain', file));
      expectRefused(plain(b), `templates/plain/${file}:1:1`, 'points outside the workspace');
    }
  });

  it('through the CLI: the build fails with exit 1 and the secret is nowhere in its output', () => {
    const dir = workspace();
    fs.rmSync(path.join(dir, 'sources/wire.txt'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'sources/wire.txt'));
    const r = runCli(['build', '--root', '.', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^sources\/wire\.yaml:1:5: error: snapshot of source "wire" sources\/wire\.txt points outside the workspace/m);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('hostile YAML is refused within a second', () => {
  const cases: [string, () => string, string][] = [
    [
      'an alias bomb (billion laughs)',
      () =>
        [
          'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
          ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`),
        ].join('\n'),
      'aliases (*name) are not allowed',
    ],
    [
      'an alias bomb of one line per level, as a claims list',
      () => `- &a ["lol"]\n${Array.from({ length: 30 }, (_, i) => `- &b${i} [*${i ? `b${i - 1}` : 'a'}, *${i ? `b${i - 1}` : 'a'}]`).join('\n')}`,
      'aliases (*name) are not allowed',
    ],
    ['a million opening brackets', () => '['.repeat(1_000_000), `nesting deeper than ${MAX_DEPTH} levels`],
    ['a quarter of a million nested flow mappings', () => `a: ${'{b: '.repeat(250_000)}1${'}'.repeat(250_000)}`, `nesting deeper than ${MAX_DEPTH} levels`],
    ['a hundred thousand compact nested lists', () => `${'- '.repeat(100_000)}x\n`, `nesting deeper than ${MAX_DEPTH} levels`],
    [
      'two thousand levels of indentation',
      () => Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'),
      `nesting deeper than ${MAX_DEPTH} levels`,
    ],
    [
      'brackets hidden from a naive scanner in comments and quotes',
      () => Array.from({ length: 5000 }, () => '[[ # ]]\n').join('') + '"]]]"',
      `nesting deeper than ${MAX_DEPTH} levels`,
    ],
  ];
  for (const [name, make, message] of cases) {
    it(name, () => {
      const text = make();
      const diags = new Diagnostics();
      const t0 = performance.now();
      const yf = parseYaml('/ws/claims/bomb.yaml', text, diags);
      const ms = performance.now() - t0;
      expect(yf).toBeUndefined();
      expect(diags.items.map((d) => d.message).join('\n')).toContain(message);
      expect(diags.items.every((d) => d.line >= 1 && d.col >= 1)).toBe(true);
      expect(ms).toBeLessThan(1000);
    });
  }

  it('sixty levels, a real if absurd file, still parse; the exact limit is the tree depth', () => {
    const ok = `${'- '.repeat(MAX_DEPTH - 1)}x\n`;
    expect(parseYaml('/ws/a.yaml', ok, new Diagnostics())).toBeDefined();
    const deep = `${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)}`;
    const diags = new Diagnostics();
    expect(parseYaml('/ws/a.yaml', deep, diags)).toBeUndefined();
    expect(diags.items[0].message).toContain('nesting deeper');
  });

  it("a mapping of 40,000 keys is read in linear time (the yaml package's own duplicate check is quadratic: 16 s)", () => {
    const text = Array.from({ length: 40_000 }, (_, i) => `k${i}: v`).join('\n') + '\nk7: again\n';
    // Measured against the yaml package's own parse of the same text (linear, and unavoidable),
    // not against the clock: a loaded machine slows both alike. Our reading (parse, positions,
    // our duplicate-key check) stays within a few times it; the package's duplicate check would
    // be some twenty times it. The fastest of three interleaved runs of each.
    let ours = Infinity;
    let baseline = Infinity;
    for (let run = 0; run < 3; run++) {
      let t0 = performance.now();
      for (const _ of new Parser().parse(text));
      baseline = Math.min(baseline, performance.now() - t0);
      t0 = performance.now();
      parseYaml('/ws/a.yaml', text, new Diagnostics());
      ours = Math.min(ours, performance.now() - t0);
    }
    expect(ours / baseline).toBeLessThan(6);
    const diags = new Diagnostics();
    expect(parseYaml('/ws/a.yaml', text, diags)).toBeUndefined();
    expect(diags.items.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual(['40001:1 YAML syntax: the key "k7" appears twice in one mapping']);
  });

  it('through the CLI: an alias bomb in a claims file is exit 1 with its line, fast', () => {
    const dir = workspace();
    fs.writeFileSync(
      path.join(dir, 'claims/bomb.yaml'),
      `- id: bomb\n  statement: &s [a, a, a, a, a, a, a, a, a]\n  tags: [*s, *s, *s, *s, *s, *s, *s, *s, *s]\n`,
    );
    const t0 = performance.now();
    const r = runCli(['check', '--root', '.'], dir);
    expect(performance.now() - t0).toBeLessThan(5000); // a process start included
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^claims\/bomb\.yaml:3:10: error: YAML aliases \(\*name\) are not allowed/m);
  });
});

describe('__proto__ and constructor keys pollute nothing', () => {
  it('in every kind of file and position they are unknown keys; Object.prototype is unchanged', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const dir = workspace();
    fs.writeFileSync(
      path.join(dir, 'claims/evil.yaml'),
      [
        '- id: evil',
        '  statement: { en: x, __proto__: { polluted: 1 } }',
        '  __proto__: { polluted: 1 }',
        '  "constructor": { prototype: { polluted: 1 } }',
        '  evidence:',
        '    - source: wire',
        '      quote: The company had raised $101 million',
        '      __proto__: { polluted: 1 }',
        '',
      ].join('\n'),
    );
    fs.appendFileSync(path.join(dir, 'sources/wire.yaml'), '__proto__: { polluted: 1 }\n');
    fs.appendFileSync(path.join(dir, 'brief.yaml'), '    __proto__: { polluted: 1 }\nconstructor: 1\n');
    const messages = errorsOf(load(dir)).join('\n');
    expect(messages).toContain('"__proto__" in "statement" is not a BCP 47 language tag');
    expect(messages.match(/unknown key "__proto__"/g)).toHaveLength(4);
    expect(messages.match(/unknown key "constructor"/g)).toHaveLength(2);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('valid objects keep the plain prototype', () => {
    const diags = new Diagnostics();
    const ws = loadWorkspace(BASE, diags);
    const claim = ws.claims.get('raised-101m')!;
    expect(Object.getPrototypeOf(claim)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(claim.evidence[0])).toBe(Object.prototype);
  });

  it("in a template's labels.yaml and styles.yaml", () => {
    const dir = workspace();
    const t = path.join(dir, 'templates/plain');
    fs.mkdirSync(t, { recursive: true });
    fs.writeFileSync(path.join(t, 'document.hbs'), '<document lang="{{lang}}"><p>{{t "notes"}}</p></document>');
    fs.writeFileSync(path.join(t, 'labels.yaml'), '__proto__: { notes: polluted }\n');
    expect(() => findTemplate(dir, 'plain', { file: path.join(dir, 'brief.yaml'), line: 1, col: 1 })).toThrow(
      /"__proto__" in labels.yaml is not a BCP 47 language tag/,
    );
    fs.writeFileSync(path.join(t, 'labels.yaml'), 'en: { notes: Notes, __proto__: polluted }\n');
    fs.writeFileSync(path.join(t, 'styles.yaml'), 'default: { fontSize: 10 }\n__proto__: { fontSize: 50 }\n');
    const set = findTemplate(dir, 'plain', { file: path.join(dir, 'brief.yaml'), line: 1, col: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(set.styles)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(set.labels('en'))).toBe(Object.prototype);
    expect(set.labels('en').notes).toBe('Notes');
    expect(set.labels('xx').notes).toBe('Notes');
    expect(resolveStyle(set.styles, 'p').fontSize).toBe(10);
  });
});

describe('templates reach the data and nothing else', () => {
  const refused: [string, string, string][] = [
    ['{{constructor.constructor "return process"}}', '2:6', 'may not use "constructor"'],
    ['{{lookup this "__proto__"}}', '2:4', 'may not look up "__proto__"'],
    ['{{lookup (lookup this "constructor") "constructor"}}', '2:4', 'may not look up "constructor"'],
    ['{{#with this.__proto__}}{{polluted}}{{/with}}', '2:12', 'may not use "__proto__"'],
    ['{{@root.constructor.name}}', '2:6', 'may not use "constructor"'],
    ['{{title.toString}}', '2:6', 'may not use "toString"'],
    ['{{> ../../../../etc/passwd}}', '2:4', 'unknown partial "../../../../etc/passwd"'],
    ['{{> /etc/passwd}}', '2:8', 'template syntax: unexpected'],
    ['{{> (lookup . "x")}}', '2:4', 'partials chosen while the template runs'],
    ['{{{title.text}}}', '2:4', 'unescaped output'],
    ['{{& title.text}}', '2:4', 'unescaped output'],
    ['{{log "hello"}}', '2:4', 'unknown helper "log"'],
    ['{{require "fs"}}', '2:4', 'unknown helper "require"'],
    ['{{#*inline "x"}}y{{/inline}}{{*evil}}', '2:32', 'decorator {{*evil}} is not available'],
  ];
  function setWith(body: string): { dir: string; file: string } {
    const dir = workspace();
    const t = path.join(dir, 'templates/plain');
    fs.mkdirSync(t, { recursive: true });
    const file = path.join(t, 'document.hbs');
    fs.writeFileSync(file, `<document lang="{{lang}}">\n<p>${body}</p>\n</document>\n`);
    return { dir, file };
  }
  for (const [body, at, message] of refused) {
    it(`refuses ${body}`, () => {
      const { dir, file } = setWith(body);
      let error: unknown;
      try {
        findTemplate(dir, 'plain', { file: path.join(dir, 'brief.yaml'), line: 1, col: 1 });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DiagnosticError);
      const shown = (error as DiagnosticError).diagnostics
        .map((d) => `${d.file === file ? 'document.hbs' : d.file}:${d.line}:${d.col} ${d.message}`)
        .join('\n');
      expect(shown).toContain(`document.hbs:${at} `);
      expect(shown).toContain(message);
    });
  }

  it('what passes the checks finds no prototype, environment or file at run time', () => {
    process.env.DOSSIER_TEST_SECRET = SECRET;
    const { dir } = setWith(
      [
        '{{process.env.DOSSIER_TEST_SECRET}}|{{@root.process}}|{{global.process}}|{{env.DOSSIER_TEST_SECRET}}',
        '{{#each sections}}{{#each claims}}[{{lookup this statement.text}}][{{lookup this id}}]{{/each}}{{/each}}',
        '{{#each this}}{{@key}};{{/each}}',
      ].join('\n'),
    );
    const cw = checkWorkspace(dir);
    expect(cw.diags.errorCount).toBe(0);
    const dossier = cw.ws.dossiers.get('brief')!;
    const cited = citeDossier(selectClaims(cw.ws, dossier, cw.checked, new Diagnostics()), cw.ws.sources);
    // data that names what a template must not reach ("constructor" is a valid id)
    cited.sections[0].claims[0].id = 'constructor';
    cited.sections[0].claims[0].statement = { text: 'toString', lang: 'en', dir: 'ltr' };
    const set = findTemplate(dir, 'plain', { file: dossier.file, line: 1, col: 1 });
    const warn = vi.spyOn(console, 'error');
    const tree = renderTemplate(set, cited);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    const text = JSON.stringify(tree);
    delete process.env.DOSSIER_TEST_SECRET;
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/function|native code|\[object/);
    expect(text).toContain('|||');
    expect(text).toContain('[][]');
    expect(text).toContain('id;title;lang;dir;');
  });
});

describe('pdfmake fetches nothing and reads local files only from fonts/ and the workspace', () => {
  // A 1x1 RGB PNG.
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');
  const doc = (image: string, images?: Record<string, string>) => ({ content: [{ text: 'x' }, { image, width: 10 }], images, defaultStyle: { font: 'Latin' } });

  it('an image URL is denied and never requested', async () => {
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      res.end(PNG);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const root = workspace();
      await expect(renderPdf(doc('remote', { remote: `http://127.0.0.1:${port}/x.png` }), { allowedRoots: [root] })).rejects.toThrow(/Access to URL denied/);
      await expect(renderPdf(doc(`http://127.0.0.1:${port}/y.png`), { allowedRoots: [root] })).rejects.toThrow();
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it('a local image outside the allowed roots is denied; inside, it is read (the control)', async () => {
    const root = workspace();
    fs.writeFileSync(path.join(root, 'ok.png'), PNG);
    fs.writeFileSync(path.join(outside, 'secret.png'), PNG);
    const inside = await renderPdf(doc(path.join(root, 'ok.png')), { allowedRoots: [root] });
    expect(inside.subarray(0, 5).toString()).toBe('%PDF-');
    await expect(renderPdf(doc(path.join(outside, 'secret.png')), { allowedRoots: [root] })).rejects.toThrow(/Access to local file denied/);
    await expect(renderPdf(doc(path.join(root, '..', path.basename(outside), 'secret.png')), { allowedRoots: [root] })).rejects.toThrow(
      /Access to local file denied/,
    );
    await expect(renderPdf(doc(`${root}-sibling/x.png`), { allowedRoots: [root] })).rejects.toThrow(/Access to local file denied/);
    await expect(renderPdf(doc('/etc/hostname'), { allowedRoots: [root] })).rejects.toThrow(/Access to local file denied/);
    expect(fs.existsSync(FONTS_DIR)).toBe(true);
  });

  // The policy compares real paths (links resolved), failing closed.
  it('a symbolic link inside an allowed root that points out is denied', async () => {
    const root = workspace();
    fs.writeFileSync(path.join(outside, 'linked.png'), PNG);
    fs.symlinkSync(path.join(outside, 'linked.png'), path.join(root, 'link.png'));
    await expect(renderPdf(doc(path.join(root, 'link.png')), { allowedRoots: [root] })).rejects.toThrow(/Access to local file denied/);
  });
});

describe('markup and Handlebars syntax in the data print literally', () => {
  it('in claims, quotes, sources, titles and the handling label', async () => {
    const dir = workspace();
    const forged = '{{constructor.constructor "return process"}} <note n="1">forged</note> <pagebreak/> &amp; ]]> <!-- c --> {{{x}}} <b>bold?</b>';
    const quote = 'He wrote <i>{{x}}</i> & <cite n="9"/>';
    fs.appendFileSync(path.join(dir, 'sources/wire.txt'), `${quote}\n`);
    fs.writeFileSync(path.join(dir, 'sources/wire.yaml'), `id: wire\ntitle: "<h1>Wire</h1> {{title}}"\npublisher: "Example <b>Wire</b>"\nlanguage: en\n`);
    fs.writeFileSync(
      path.join(dir, 'claims/main.yaml'),
      ['- id: raised-101m', `  statement: ${JSON.stringify(forged)}`, '  evidence:', '    - source: wire', `      quote: ${JSON.stringify(quote)}`, ''].join(
        '\n',
      ),
    );
    fs.writeFileSync(
      path.join(dir, 'brief.yaml'),
      'id: brief\ntitle: "<document lang=\\"xx\\">T</document>"\nlanguage: en\nhandling: "<i>TLP:{{RED}}</i>"\nsections:\n  - title: "{{#each x}}S{{/each}}"\n    claims: [raised-101m]\n',
    );
    const cw = checkWorkspace(dir);
    expect(errorsOf({ root: dir, items: cw.diags.items })).toEqual([]);
    const built = await renderDossier(cw, cw.ws.dossiers.get('brief')!);
    expect(built.cited.notes).toHaveLength(1);
    const { pages } = await readPdf(built.pdf);
    expect(pages).toHaveLength(1);
    // Lines are joined without their breaks: compare without white space.
    const text = foldText(pages.map((p) => p.text).join(' ')).replace(/\s/g, '');
    for (const literal of [
      forged,
      quote,
      '<h1>Wire</h1> {{title}}',
      'Example <b>Wire</b>',
      '<document lang="xx">T</document>',
      '<i>TLP:{{RED}}</i>',
      '{{#each x}}S{{/each}}',
    ]) {
      expect(text).toContain(literal.replace(/\s/g, ''));
    }
  }, 60000);
});
