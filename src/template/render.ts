/// <reference types="handlebars" preserve="true" />
// (The global namespace hbs, used in the types below, comes from handlebars: the reference
// carries over into render.d.ts, so that programs using the package's declarations see it.)
/**
 * Fills a template folder with a cited dossier and parses the result into the document tree.
 * A template folder holds document.hbs, partials/*.hbs, labels.yaml and styles.yaml; a
 * workspace's own templates/<name>/ is found before the built-in one.
 *
 * Templates may come from anyone who can write to a workspace, so:
 * - every file is read like a workspace file: inside its root (no symbolic link out), UTF-8;
 * - Handlebars runs in an isolated environment with its default escaping and its default
 *   refusal of prototype access, and before anything runs, each template is checked: no path
 *   may name an object's internals (constructor, __proto__, ...), every helper called must
 *   exist (t, num, date and Handlebars' if, unless, each, with, lookup), every partial
 *   included by name must exist. Template authors get data and a few formatting helpers,
 *   nothing else: no file system, no environment, no code.
 * Every problem is a diagnostic at the template file's line and column.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { isMap, isScalar, type Node } from 'yaml';
import { DiagnosticError, Diagnostics, didYouMean, fileStart, type Position } from '../diagnostics.js';
import type { CitedDossier } from '../cite/cited.js';
import { reportSuspects } from '../workspace/report-suspects.js';
import { isInside, readTextFile } from '../workspace/files.js';
import { lengthBeyond, LIMITS, plural } from '../workspace/limits.js';
import { isLanguageTag } from '../workspace/validate.js';
import { charPosition, nodePosition, parseYamlReusing, type YamlFile } from '../workspace/yaml.js';
import { astNodes, missingLabelHint, missingLabelMessage, templateGates } from './gates.js';
import { attachImages, imageGates } from '../image/attach.js';
import { MarkupError, parseMarkup } from './markup.js';
import type { DocTree } from './tree.js';
import { readSettings, type TemplateSettings } from './settings.js';
import { STYLE_CHOICES, STYLE_DEFAULTS, type BlockStyle } from './style-keys.js';

export const BUILTIN_TEMPLATES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');

export type Labels = Record<string, string>;
export { STYLE_DEFAULTS };
export type StyleSheet = Record<string, Record<string, number | string | boolean>>;

export interface TemplateFile {
  file: string;
  source: string;
  ast: hbs.AST.Program;
}

export interface TemplateSet {
  name: string;
  dir: string;
  labels: (lang: string) => Labels;
  styles: StyleSheet;
  document: TemplateFile;
  partials: Map<string, TemplateFile>;
  /** The workspace the template is used in: images are looked for in the template folder, then in its assets/. */
  workspaceRoot: string;
  /** Page setup and running header and footer (settings.yaml). */
  settings: TemplateSettings;
}

/** Helpers a template may call: Handlebars' own block helpers and lookup, and ours. */
const OWN_HELPERS = ['t', 'num', 'date'] as const;
const BUILTIN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup'] as const;
const ALLOWED_HELPERS = new Set<string>([...OWN_HELPERS, ...BUILTIN_HELPERS]);

/** Names that reach past the data into JavaScript objects' machinery. */
const FORBIDDEN_NAMES = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toString',
  'toLocaleString',
  'valueOf',
]);

/** Finds the template folder: the workspace's own first, then the built-in one. */
export function findTemplate(workspaceRoot: string, name: string, from: Position): TemplateSet {
  const candidates = [
    { dir: path.join(workspaceRoot, 'templates', name), root: workspaceRoot },
    { dir: path.join(BUILTIN_TEMPLATES, name), root: BUILTIN_TEMPLATES },
  ];
  for (const { dir, root } of candidates) {
    let exists = false;
    try {
      exists = fs.lstatSync(path.join(dir, 'document.hbs')) !== undefined;
    } catch {
      exists = false;
    }
    if (!exists) continue;
    if (!isInside(root, dir)) {
      throw new DiagnosticError([
        {
          ...from,
          severity: 'error',
          message: `template "${name}" points outside the workspace`,
          hint: 'templates/<name>/ must be a real folder inside the workspace, not a link to elsewhere',
        },
      ]);
    }
    return { ...loadTemplateSet(name, dir, root, workspaceRoot), workspaceRoot };
  }
  const available = new Set<string>();
  for (const base of [path.join(workspaceRoot, 'templates'), BUILTIN_TEMPLATES]) {
    try {
      for (const e of fs.readdirSync(base)) available.add(e);
    } catch {
      // no templates folder: nothing to list
    }
  }
  const guess = didYouMean(name, available);
  throw new DiagnosticError([
    {
      ...from,
      severity: 'error',
      message: `unknown template "${name}"`,
      hint: `${guess ? `did you mean "${guess}"? ` : ''}available: ${[...available].sort().join(', ')}; or create templates/${name}/document.hbs in the workspace`,
    },
  ]);
}

function loadTemplateSet(name: string, dir: string, root: string, workspaceRoot: string): Omit<TemplateSet, 'workspaceRoot'> {
  const diags = new Diagnostics();
  const labelsByLang = readLabels(root, path.join(dir, 'labels.yaml'), diags);
  const styles = readStyles(root, path.join(dir, 'styles.yaml'), diags);
  const document = readTemplateFile(root, path.join(dir, 'document.hbs'), diags);
  const partials = new Map<string, TemplateFile>();
  const partialsDir = path.join(dir, 'partials');
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(partialsDir).sort();
  } catch {
    entries = []; // no partials
  }
  const names = new Set<string>(); // every partial file, also those that failed to parse
  for (const f of entries) {
    if (!f.endsWith('.hbs')) continue;
    names.add(f.slice(0, -4));
    const tf = readTemplateFile(root, path.join(partialsDir, f), diags);
    if (tf) partials.set(f.slice(0, -4), tf);
  }
  const includes = new Map<string, { name: string; at: Position }[]>();
  for (const [name, tf] of [['', document] as const, ...partials]) {
    if (tf) includes.set(name, checkTemplate(tf, names, diags));
  }
  checkCycles(includes, diags);
  const settings = readSettings(root, dir, names, diags, workspaceRoot);
  if (diags.errorCount > 0 || !document) throw new DiagnosticError(diags.items);
  return {
    name,
    dir,
    settings,
    styles,
    document,
    partials,
    labels: (lang: string) => {
      const primary = lang.split('-')[0];
      const own = (Object.hasOwn(labelsByLang, lang) && labelsByLang[lang]) || (Object.hasOwn(labelsByLang, primary) && labelsByLang[primary]) || {};
      return { ...(Object.hasOwn(labelsByLang, 'en') ? labelsByLang.en : {}), ...own };
    },
  };
}

// -------------------------------------------------------------------------------------------
// labels.yaml and styles.yaml

function readYamlMap(root: string, file: string, what: string, diags: Diagnostics): YamlFile | undefined {
  if (!fs.existsSync(file) && !isSymlink(file)) return undefined;
  const tf = readTextFile(root, file, what, diags);
  if (!tf) return undefined;
  const yf = parseYamlReusing(file, tf.text, diags);
  if (!yf || yf.doc.contents === null) return undefined;
  if (!isMap(yf.doc.contents)) {
    diags.error(
      nodePosition(yf, yf.doc.contents),
      `${what} must be a mapping`,
      what === 'labels.yaml' ? 'language tags as keys, each with its words' : 'class names as keys, each with its style',
    );
    return undefined;
  }
  return yf;
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** labels.yaml: language tag -> (key -> words). */
function readLabels(root: string, file: string, diags: Diagnostics): Record<string, Labels> {
  const out: Record<string, Labels> = {};
  const yf = readYamlMap(root, file, 'labels.yaml', diags);
  if (!yf || !isMap(yf.doc.contents)) return out;
  for (const pair of yf.doc.contents.items) {
    const lang = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!isLanguageTag(lang)) {
      diags.error(nodePosition(yf, pair.key as Node), `"${lang}" in labels.yaml is not a BCP 47 language tag`, 'e.g. en, ar, zh-Hans, ja');
      continue;
    }
    if (!isMap(pair.value)) {
      diags.error(nodePosition(yf, (pair.value as Node) ?? (pair.key as Node)), `the labels of "${lang}" must be a mapping of keys to words`);
      continue;
    }
    const words: Labels = {};
    for (const p of pair.value.items) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      const v = isScalar(p.value) ? p.value.value : undefined;
      if (typeof v !== 'string' && typeof v !== 'number') {
        diags.error(nodePosition(yf, (p.value as Node) ?? (p.key as Node)), `label "${key}" of "${lang}" must be text`);
        continue;
      }
      if (typeof v === 'string' && !labelText(yf, p.value as Node, v, `label "${key}" of "${lang}"`, diags)) continue;
      Object.defineProperty(words, key, { value: String(v), enumerable: true, writable: true, configurable: true });
    }
    Object.defineProperty(out, lang, { value: words, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Labels are printed like prose: the same length limit and deceptive-character policy. */
function labelText(yf: YamlFile, node: Node, v: string, what: string, diags: Diagnostics): boolean {
  const long = lengthBeyond(v, LIMITS.label);
  if (long !== undefined) {
    diags.error(
      nodePosition(yf, node),
      `${what} is ${plural(long, 'character')} long; at most ${plural(LIMITS.label, 'character')} are allowed`,
      'a label is a word or a short phrase',
    );
    return false;
  }
  return reportSuspects(v, 'prose', (i) => charPosition(yf, node, v, i), diags, what);
}

const STYLE_RANGES: Record<string, [number, number]> = { fontSize: [1, 96], lineHeight: [0.5, 5], rule: [0, 6] };
const DEFAULT_RANGE: [number, number] = [0, 288];
const COLOR = /^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]{3,20})$/;

/** styles.yaml: class -> (style key -> value), each value of the type and range the typesetter uses. */
function readStyles(root: string, file: string, diags: Diagnostics): StyleSheet {
  const out: StyleSheet = {};
  const yf = readYamlMap(root, file, 'styles.yaml', diags);
  if (!yf || !isMap(yf.doc.contents)) return out;
  const keys = Object.keys(STYLE_DEFAULTS);
  for (const pair of yf.doc.contents.items) {
    const cls = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!isMap(pair.value)) {
      diags.error(nodePosition(yf, (pair.value as Node) ?? (pair.key as Node)), `the style of "${cls}" must be a mapping, e.g. { fontSize: 10, bold: true }`);
      continue;
    }
    const style: Record<string, number | string | boolean> = {};
    for (const p of pair.value.items) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      const at = nodePosition(yf, (p.value as Node) ?? (p.key as Node));
      if (!Object.hasOwn(STYLE_DEFAULTS, key)) {
        const guess = didYouMean(key, keys);
        diags.error(
          nodePosition(yf, p.key as Node),
          `unknown style key "${key}" in class "${cls}"`,
          guess ? `did you mean "${guess}"?` : `style keys: ${keys.join(', ')}`,
        );
        continue;
      }
      const v = isScalar(p.value) ? p.value.value : undefined;
      const want = typeof STYLE_DEFAULTS[key as keyof BlockStyle];
      if (typeof v !== want) {
        diags.error(at, `style "${key}" of class "${cls}" must be ${want === 'boolean' ? 'true or false' : want === 'number' ? 'a number' : 'text'}`);
        continue;
      }
      if (typeof v === 'number') {
        const [lo, hi] = STYLE_RANGES[key] ?? DEFAULT_RANGE;
        if (!Number.isFinite(v) || v < lo || v > hi) {
          diags.error(at, `style "${key}" of class "${cls}" must be between ${lo} and ${hi}; got ${v}`);
          continue;
        }
      }
      const choices = Object.hasOwn(STYLE_CHOICES, key) ? STYLE_CHOICES[key as keyof typeof STYLE_CHOICES] : undefined;
      if (choices && !(choices as readonly unknown[]).includes(v)) {
        const guess = didYouMean(String(v), choices);
        diags.error(
          at,
          `style "${key}" of class "${cls}" must be one of ${choices.join(', ')}; got "${String(v)}"`,
          guess ? `did you mean "${guess}"?` : undefined,
        );
        continue;
      }
      if (key === 'color' && !COLOR.test(String(v))) {
        diags.error(at, `style "color" of class "${cls}" must be #rgb, #rrggbb or a colour name; got "${String(v)}"`);
        continue;
      }
      Object.defineProperty(style, key, { value: v as number | string | boolean, enumerable: true, writable: true, configurable: true });
    }
    Object.defineProperty(out, cls, { value: style, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

// -------------------------------------------------------------------------------------------
// Handlebars files: read, parse with positions, check

function readTemplateFile(root: string, file: string, diags: Diagnostics): TemplateFile | undefined {
  const tf = readTextFile(root, file, 'template', diags);
  if (!tf) return undefined;
  // Handlebars parses and compiles blocks recursively: nesting is bounded before it sees them.
  const deep = blockNestingBeyond(tf.text, LIMITS.templateNesting);
  if (deep) {
    diags.error(
      { file, ...deep },
      `template blocks nested more than ${LIMITS.templateNesting} deep`,
      'no layout needs this many blocks inside each other: close blocks sooner, or move the inner part into a partial',
    );
    return undefined;
  }
  if (tf.bytes.length > LIMITS.templateBytes) {
    diags.error(
      fileStart(file),
      `template is ${Math.ceil(tf.bytes.length / 1024)} KiB; at most ${LIMITS.templateBytes / 1024} KiB are allowed`,
      'a template describes a layout: move repeated parts into partials and let {{#each}} repeat them',
    );
    return undefined;
  }
  const env = Handlebars.create();
  try {
    return { file, source: tf.text, ast: parsedTemplate(env, tf.text) };
  } catch (e) {
    const { line, col, message } = syntaxErrorPosition(env, tf.text, e);
    diags.error({ file, line, col }, `template syntax: ${message}`, 'check that every {{#block}} has its {{/block}} and every {{ has its }}');
    return undefined;
  }
}

const TOKEN_WORDS: Record<string, string> = {
  CLOSE: '"}}"',
  CLOSE_UNESCAPED: '"}}}"',
  CLOSE_RAW_BLOCK: '"}}}}"',
  INVALID: 'text that cannot stand inside {{ }}',
  OPEN_ENDBLOCK: '"{{/"',
  EOF: 'the end of the file',
  EQUALS: '"="',
  OPEN: '"{{"',
  OPEN_BLOCK: '"{{#"',
  OPEN_PARTIAL: '"{{>"',
  INVERSE: '"{{else}}"',
  CLOSE_SEXPR: '")"',
  OPEN_SEXPR: '"("',
};

/**
 * Template files parsed and compiled before in this process, by their text: a long-lived
 * process (the watch, batch workers) loads the template again for every rebuild, and parsing
 * and compiling the same files again was about a twentieth of a warm rebuild. Handlebars edits
 * a tree it compiles (literal helper names become paths), so it compiles a copy and the parsed
 * tree, which the checks read (gates.ts, checkTemplate), stays as parsed; a compiled template is
 * Handlebars' template spec, which only reads the helpers and partials of the environment it
 * runs in. Bounded by the number of texts.
 */
const parsedTemplates = new Map<string, hbs.AST.Program>();
const compiledTemplates = new Map<string, TemplateSpecification>();
const MAX_TEMPLATE_TEXTS = 512;
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];
/** Handlebars' compiler as its compile uses it (not in its type declarations). */
interface HandlebarsCompiler {
  parse(input: hbs.AST.Program, options: object): hbs.AST.Program;
  Compiler: new () => { compile(ast: hbs.AST.Program, options: object): unknown };
  JavaScriptCompiler: new () => { compile(environment: unknown, options: object, context: undefined, asObject: true): unknown };
}

function keep<V>(kept: Map<string, V>, text: string, value: V): V {
  if (kept.size >= MAX_TEMPLATE_TEXTS) kept.clear();
  kept.set(text, value);
  return value;
}

/** `env.parse(text)`: the tree parsed before when the text is the same (only read: compiling works on a copy). */
function parsedTemplate(env: typeof Handlebars, text: string): hbs.AST.Program {
  return parsedTemplates.get(text) ?? keep(parsedTemplates, text, env.parse(text));
}

/** What `hb.compile(tf.ast, options)` compiles on first use, compiled once per template text and options. */
function compiledTemplate(hb: typeof Handlebars, tf: TemplateFile, options: CompileOptions): TemplateSpecification {
  const key = `${JSON.stringify(options)}\0${tf.source}`;
  const before = compiledTemplates.get(key);
  if (before) return before;
  // As Handlebars' compile does it (compiler.js compileInput), with its default data: true.
  const all = { ...options, data: true };
  const compiler = hb as unknown as HandlebarsCompiler;
  const ast = compiler.parse(structuredClone(tf.ast), all);
  const environment = new compiler.Compiler().compile(ast, all);
  const spec = new compiler.JavaScriptCompiler().compile(environment, all, undefined, true) as TemplateSpecification;
  return keep(compiledTemplates, key, spec);
}

function syntaxErrorPosition(env: typeof Handlebars, source: string, e: unknown): { line: number; col: number; message: string } {
  const err = e as { message?: string; lineNumber?: number; column?: number };
  const text = String(err.message ?? e);
  if (typeof err.lineNumber === 'number') {
    // Handlebars' own exceptions: "if doesn't match each - 3:4" (column from 0)
    return { line: err.lineNumber, col: (err.column ?? 0) + 1, message: text.replace(/ - \d+:\d+$/, '') };
  }
  const loc = (env as unknown as { Parser?: { lexer?: { yylloc?: { first_line: number; first_column: number } } } }).Parser?.lexer?.yylloc;
  const got = /got '([A-Z_]+)'/.exec(text)?.[1];
  if (got === 'EOF' && /OPEN_ENDBLOCK|OPEN_INVERSE_CHAIN|INVERSE/.test(text)) {
    const open = unclosedBlock(source);
    if (open) return { ...open, message: `{{#${open.name}}} is never closed with {{/${open.name}}}` };
  }
  if (/^Lexical error/.test(text))
    return { line: loc?.first_line ?? 1, col: (loc?.first_column ?? 0) + 1, message: 'unreadable text inside {{ }} (an unclosed comment or string?)' };
  return {
    line: loc?.first_line ?? 1,
    col: (loc?.first_column ?? 0) + 1,
    message: got ? `unexpected ${TOKEN_WORDS[got] ?? got}` : text.split('\n')[0],
  };
}

/**
 * Where blocks ({{#x}}, {{^x}}) or subexpressions ((x (y ...))) first nest deeper than
 * `limit`: a scan of the mustaches, linear and without recursion.
 */
function blockNestingBeyond(source: string, limit: number): { line: number; col: number } | undefined {
  const re = /\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}|\{\{~?\s*([#/^])|\{\{[^}]*/g;
  let depth = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source))) {
    let over = -1;
    if (m[1] === '/') depth = Math.max(0, depth - 1);
    else if (m[1] && !(m[1] === '^' && /^\s*~?\}\}/.test(source.slice(re.lastIndex, re.lastIndex + 8)))) {
      depth++;
      if (depth > limit) over = m.index;
    }
    if (over < 0 && m[0].startsWith('{{') && !m[0].startsWith('{{!')) {
      // Parentheses of subexpressions inside this mustache.
      const end = source.indexOf('}}', m.index);
      const inner = source.slice(m.index, end < 0 ? source.length : end);
      let parens = 0;
      for (let i = 0; i < inner.length && over < 0; i++) {
        if (inner[i] === '(' && ++parens > limit) over = m.index + i;
        else if (inner[i] === ')') parens--;
      }
    }
    if (over >= 0) {
      const before = source.slice(0, over);
      return { line: before.split('\n').length, col: over - before.lastIndexOf('\n') };
    }
  }
  return undefined;
}

/** The innermost {{#block}} the source opens and never closes (a scan of the mustaches). */
function unclosedBlock(source: string): { line: number; col: number; name: string } | undefined {
  const stack: { index: number; name: string }[] = [];
  const re = /\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}|\{\{~?\s*([#/^])\s*>?\s*\*?([^\s}~]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source))) {
    if (!m[1]) continue;
    if (m[1] === '/') stack.pop();
    else if (m[1] === '#') stack.push({ index: m.index, name: m[2] });
  }
  const open = stack.pop();
  if (!open) return undefined;
  const before = source.slice(0, open.index);
  const line = before.split('\n').length;
  return { line, col: open.index - before.lastIndexOf('\n'), name: open.name };
}

type AnyNode = ReturnType<typeof astNodes>[number];

/**
 * Static checks: forbidden names, unescaped output, unknown helpers, unknown or dynamic
 * partials, decorators. Returns the partials the file includes by name, where.
 */
function checkTemplate(tf: TemplateFile, partials: Set<string>, diags: Diagnostics): { name: string; at: Position }[] {
  const includes: { name: string; at: Position }[] = [];
  const at = (node: AnyNode): Position => ({ file: tf.file, line: node.loc?.start.line ?? 1, col: (node.loc?.start.column ?? 0) + 1 });
  const inline = new Set<string>();
  const nodes = astNodes(tf.ast);
  for (const node of nodes) {
    if (node.type === 'DecoratorBlock' || node.type === 'Decorator') {
      const name = (node.path as hbs.AST.PathExpression).original;
      const first = (node.params as hbs.AST.Expression[])[0] as hbs.AST.StringLiteral | undefined;
      if (name === 'inline' && first?.type === 'StringLiteral') inline.add(first.value);
      else diags.error(at(node), `decorator {{*${name}}} is not available in templates`, 'only {{#*inline "name"}} partials are');
    }
  }
  for (const node of nodes) {
    switch (node.type) {
      case 'PathExpression': {
        const p = node as unknown as hbs.AST.PathExpression;
        const bad = p.parts.find((part) => FORBIDDEN_NAMES.has(part));
        if (bad)
          diags.error(
            at(node),
            `templates may not use "${bad}" (in ${p.original}): only the dossier's data is available`,
            'print data fields such as {{title.text}}; see README.md, Templates',
          );
        break;
      }
      case 'MustacheStatement':
      case 'BlockStatement':
      case 'SubExpression': {
        const s = node as unknown as hbs.AST.MustacheStatement;
        if (node.type === 'MustacheStatement' && s.escaped === false) {
          diags.error(at(node), 'unescaped output ({{{ }}} or {{& }}) is not available in templates', 'use {{ }}: data must print as text, never as markup');
        }
        const isCall = s.params.length > 0 || (s.hash?.pairs.length ?? 0) > 0 || node.type === 'SubExpression';
        if (s.path.type !== 'PathExpression') break;
        const path = s.path as hbs.AST.PathExpression;
        const name = path.original;
        if (isCall && !ALLOWED_HELPERS.has(name) && !path.parts.some((part) => FORBIDDEN_NAMES.has(part))) {
          const guess = didYouMean(name, ALLOWED_HELPERS);
          diags.error(at(node), `unknown helper "${name}"`, `${guess ? `did you mean "${guess}"? ` : ''}helpers: ${[...ALLOWED_HELPERS].join(', ')}`);
        }
        if (name === 'lookup') {
          for (const param of s.params) {
            if (param.type === 'StringLiteral' && FORBIDDEN_NAMES.has((param as hbs.AST.StringLiteral).value)) {
              diags.error(at(node), `templates may not look up "${(param as hbs.AST.StringLiteral).value}": only the dossier's data is available`);
            }
          }
        }
        break;
      }
      case 'PartialStatement': {
        const ref = (node as unknown as hbs.AST.PartialStatement).name as unknown as AnyNode;
        if (ref.type !== 'PathExpression' && ref.type !== 'StringLiteral' && ref.type !== 'NumberLiteral') {
          diags.error(at(node), 'partials chosen while the template runs ({{> (...)}}) are not available', 'include a partial by its name: {{> name}}');
          break;
        }
        if (ref.data) break; // @partial-block
        const name = String(ref.type === 'PathExpression' ? ref.original : ref.value);
        if (inline.has(name)) break;
        if (!partials.has(name)) {
          const guess = didYouMean(name, partials);
          diags.error(
            at(node),
            `unknown partial "${name}"`,
            `${guess ? `did you mean "${guess}"? ` : ''}partials are the .hbs files of the template's partials/ folder: ${[...partials].join(', ') || 'none'}`,
          );
        } else {
          includes.push({ name, at: at(node) });
        }
        break;
      }
    }
  }
  return includes;
}

/** A partial that includes itself, directly or through others, never ends: refused where the cycle closes. */
function checkCycles(includes: Map<string, { name: string; at: Position }[]>, diags: Diagnostics): void {
  const done = new Set<string>();
  const visit = (name: string, trail: string[]): void => {
    if (done.has(name)) return;
    for (const inc of includes.get(name) ?? []) {
      const k = trail.indexOf(inc.name);
      if (k >= 0) {
        diags.error(
          inc.at,
          `partial "${inc.name}" includes itself (${[...trail.slice(k), inc.name].join(' > ')})`,
          'a partial may not include itself, directly or through other partials',
        );
        continue;
      }
      visit(inc.name, [...trail, inc.name]);
    }
    done.add(name);
  };
  visit('', []);
  for (const name of includes.keys()) visit(name, [name]);
}

// -------------------------------------------------------------------------------------------
// Running a template

/** An error raised while a template runs, with where it was raised once that is known. */
class TemplateFault extends Error {
  file?: string;
  line?: number;
  col?: number;
  hint?: string;
}

function fault(e: unknown): TemplateFault {
  if (e instanceof TemplateFault) return e;
  const message =
    e instanceof RangeError && /call stack/i.test(e.message)
      ? 'templates include each other without end (does a partial include itself?)'
      : String((e as Error)?.message ?? e)
          .split('\n')[0]
          .replace(/ - \d+:\d+$/, '');
  return new TemplateFault(message);
}

type Loc = { start: { line: number; column: number } } | undefined;

/** How many times the output limit the blocks of one run may write in all (see renderTemplate). */
const OUTPUT_WORK = 8;
interface CompileOptions {
  strict: boolean;
  preventIndent: boolean;
}
const COMPILE_OPTIONS: CompileOptions = { strict: false, preventIndent: true };
const templateOutputHint = 'does a {{#each}} repeat inside another that repeats over the same data? Each claim, note and source is printed once';

/** A Handlebars environment for one template and one dossier: helpers, partials, limits. */
export interface TemplateEnvironment {
  /** A template file compiled in this environment; errors it raises know their file. */
  compile(tf: TemplateFile): (context: unknown) => string;
}

/** Number and date formats by language. */
const formats = new Map<string, { numberFormat: Intl.NumberFormat; dateFormat: Intl.DateTimeFormat }>();

/**
 * The formats of `num` and `date` in a language, made once per process: making the first one
 * loads ICU's locale data (about 50 ms), and every dossier's template, running header and
 * footer are run in an environment of their own.
 */
function formatsOf(lang: string): { numberFormat: Intl.NumberFormat; dateFormat: Intl.DateTimeFormat } {
  let f = formats.get(lang);
  if (!f) {
    f = {
      numberFormat: new Intl.NumberFormat(lang, { useGrouping: false }),
      dateFormat: new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC', calendar: 'gregory' }),
    };
    formats.set(lang, f);
  }
  return f;
}

/**
 * The environment every template file of `set` runs in for `data`: our helpers (t, num, date)
 * and Handlebars' block helpers, each error placed at its call; every partial registered; the
 * output bounded while it is made. Compile once, run as often as needed (the running header
 * and footer run once per page).
 */
export function templateEnvironment(set: TemplateSet, data: { lang: string }): TemplateEnvironment {
  const hb = Handlebars.create();
  const labels = set.labels(data.lang);
  const { numberFormat, dateFormat } = formatsOf(data.lang);

  // A key chosen by data ({{t status}}) that labels.yaml lacks: an error at the call, never the key printed.
  hb.registerHelper('t', (key: unknown) => {
    const k = String(key);
    if (Object.hasOwn(labels, k)) return labels[k];
    throw Object.assign(new TemplateFault(missingLabelMessage(k, data.lang)), { hint: missingLabelHint(k, labels) });
  });
  hb.registerHelper('num', (n: unknown) => (typeof n === 'number' ? numberFormat.format(n) : ''));
  hb.registerHelper('date', (iso: unknown) => {
    const d = new Date(`${String(iso)}T00:00:00Z`);
    // A date is one unit on the line: its parts are joined by no-break spaces, so the day never
    // stands at the end of one line and its month at the start of the next.
    return Number.isNaN(d.getTime()) ? String(iso) : dateFormat.format(d).replace(/ /g, '\u00a0');
  });
  hb.unregisterHelper('log'); // writes to the console
  // Handlebars' refusals of prototype access at run time (a data value naming "constructor"
  // looked up with lookup) print advice to turn the protection off: keep the console ours.
  (hb.logger as { level: unknown }).level = 'silent';
  hb.registerHelper('helperMissing', function (...args: unknown[]) {
    const options = args[args.length - 1] as { name: string; loc?: Loc };
    if (args.length === 1) return undefined; // {{name}} with no such data: prints nothing
    throw Object.assign(new TemplateFault(`unknown helper "${options.name}"`), locOf(options.loc));
  });
  // Output is bounded while it is made: a block helper returns all its block wrote, so any
  // block over the limit stops the run at once, and the sum of all blocks' output (each
  // counted once per block level around it) bounds the work of many blocks each under it.
  let produced = 0;
  const tooLarge = (loc: Loc) => Object.assign(new TemplateFault(`the template writes more than ${LIMITS.templateOutput / 1048576} MiB of markup`), locOf(loc));
  // Every helper: an error it raises (or that is raised in its block) is placed at its call.
  for (const [name, fn] of Object.entries(hb.helpers)) {
    if (name === 'helperMissing') continue;
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      try {
        const out = (fn as (...a: unknown[]) => unknown).apply(this, args);
        if (typeof out === 'string') {
          produced += out.length;
          if (out.length > LIMITS.templateOutput || produced > OUTPUT_WORK * LIMITS.templateOutput) {
            throw tooLarge((args[args.length - 1] as { loc?: Loc })?.loc);
          }
        }
        return out;
      } catch (e) {
        const f = fault(e);
        if (!f.file && f.line === undefined) Object.assign(f, locOf((args[args.length - 1] as { loc?: Loc })?.loc));
        throw f;
      }
    });
  }
  const compile = (tf: TemplateFile) => {
    // Compiled on first use, as hb.compile does (an error compiling is raised where it runs).
    let fn: Handlebars.TemplateDelegate | undefined;
    return (context: unknown, options?: Handlebars.RuntimeOptions) => {
      try {
        fn ??= hb.template(compiledTemplate(hb, tf, COMPILE_OPTIONS));
        return fn(context, options);
      } catch (e) {
        const f = fault(e);
        f.file ??= tf.file;
        throw f;
      }
    };
  };
  for (const [name, tf] of set.partials) hb.registerPartial(name, compile(tf) as unknown as Handlebars.Template);
  return { compile };
}

/** An error raised while `tf` ran, as the diagnostic that reports it. */
export function templateRunError(e: unknown, tf: TemplateFile): DiagnosticError {
  const f = fault(e);
  const big = f.message.startsWith('the template writes more than');
  const hint = big ? templateOutputHint : f.hint;
  return new DiagnosticError([
    {
      file: f.file ?? tf.file,
      line: f.line ?? 1,
      col: f.col ?? 1,
      severity: 'error',
      message: `template error: ${f.message}`,
      ...(hint ? { hint } : {}),
    },
  ]);
}

/** A markup error in what the template files wrote, placed where the element it names is written. */
export function templateMarkupError(e: MarkupError, files: TemplateFile[], what = 'template output'): DiagnosticError {
  const pos = locateMarkup(files, e.message) ?? fileStart(files[0].file);
  return new DiagnosticError([
    {
      ...pos,
      severity: 'error',
      message: `${what}: ${e.message}`,
      hint: e.hint ?? 'templates may only emit the elements listed in README.md, each closed where it is opened',
    },
  ]);
}

export function renderTemplate(set: TemplateSet, data: CitedDossier): DocTree {
  const labels = set.labels(data.lang);
  const files = [set.document, ...set.partials.values()];
  const gates = [...templateGates(files, data.lang, labels, set.styles), ...imageGates(files)];
  if (gates.length) throw new DiagnosticError(gates);
  const main = templateEnvironment(set, data).compile(set.document);
  let markup: string;
  try {
    markup = main(data);
  } catch (e) {
    throw templateRunError(e, set.document);
  }
  if (markup.length > LIMITS.templateOutput) {
    throw new DiagnosticError([
      {
        ...fileStart(set.document.file),
        severity: 'error',
        message: `the template writes ${Math.ceil(markup.length / 1048576)} MiB of markup; at most ${LIMITS.templateOutput / 1048576} MiB are allowed`,
        hint: templateOutputHint,
      },
    ]);
  }
  let tree: DocTree;
  try {
    tree = parseMarkup(markup);
  } catch (e) {
    if (e instanceof MarkupError) throw templateMarkupError(e, [set.document, ...set.partials.values()]);
    throw e;
  }
  // Images named in the tree are read and checked here, so check and build refuse the same ones.
  const imageProblems = attachImages(tree, { templateDir: set.dir, workspaceRoot: set.workspaceRoot }, files, fileStart(set.document.file));
  if (imageProblems.length) throw new DiagnosticError(imageProblems);
  return tree;
}

function locOf(loc: Loc): { line?: number; col?: number } {
  return loc ? { line: loc.start.line, col: loc.start.column + 1 } : {};
}

/**
 * Where in the template files the element a markup error names is written. Data is escaped,
 * so elements come from the templates' own text; the first place that writes it is shown.
 */
function locateMarkup(files: TemplateFile[], message: string): Position | undefined {
  const name = /<\/?([A-Za-z][\w-]*)/.exec(message)?.[1];
  if (!name) return undefined;
  const re = new RegExp(`</?${name}(?=[\\s/>]|$)`);
  for (const tf of files) {
    const m = re.exec(tf.source);
    if (!m) continue;
    const before = tf.source.slice(0, m.index);
    return { file: tf.file, line: before.split('\n').length, col: m.index - before.lastIndexOf('\n') };
  }
  return undefined;
}
