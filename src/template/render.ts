/**
 * Fills a template folder with a cited dossier and parses the result into the document tree.
 * A template folder holds document.hbs, partials/*.hbs, labels.yaml and styles.yaml; a
 * workspace's own templates/<name>/ is found before the built-in one.
 *
 * Handlebars runs in an isolated environment with its default escaping and its default
 * refusal of prototype access: template authors get data and a few formatting helpers,
 * nothing else (no file system, no environment).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { parse as parseYamlValue } from 'yaml';
import { DiagnosticError, type Diagnostic } from '../diagnostics.js';
import type { CitedDossier } from '../cite/cited.js';
import { isInside } from '../workspace/files.js';
import { MarkupError, parseMarkup } from './markup.js';
import type { DocTree } from './tree.js';

export const BUILTIN_TEMPLATES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');

export type Labels = Record<string, string>;
export type StyleSheet = Record<string, Record<string, number | string | boolean>>;

export interface TemplateSet {
  name: string;
  dir: string;
  labels: (lang: string) => Labels;
  styles: StyleSheet;
}

function err(file: string, line: number, message: string, hint?: string): DiagnosticError {
  const d: Diagnostic = { file, line, col: 1, severity: 'error', message, hint };
  return new DiagnosticError([d]);
}

/** Finds the template folder: the workspace's own first, then the built-in one. */
export function findTemplate(workspaceRoot: string, name: string, from: Diagnostic | { file: string; line: number; col: number }): TemplateSet {
  const candidates = [path.join(workspaceRoot, 'templates', name), path.join(BUILTIN_TEMPLATES, name)];
  for (const dir of candidates) {
    if (!fs.existsSync(path.join(dir, 'document.hbs'))) continue;
    const root = dir.startsWith(workspaceRoot) ? workspaceRoot : BUILTIN_TEMPLATES;
    if (!isInside(root, dir)) throw err(from.file, from.line, `template "${name}" points outside the workspace`);
    return loadTemplateSet(name, dir);
  }
  const available = new Set<string>();
  for (const base of [path.join(workspaceRoot, 'templates'), BUILTIN_TEMPLATES]) {
    if (fs.existsSync(base)) for (const e of fs.readdirSync(base)) available.add(e);
  }
  throw new DiagnosticError([
    { ...from, severity: 'error', message: `unknown template "${name}"`, hint: `available: ${[...available].sort().join(', ')}; or create templates/${name}/document.hbs in the workspace` },
  ]);
}

function readYamlMap(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) return {};
  let value: unknown;
  try {
    value = parseYamlValue(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 1;
    throw err(file, line, `YAML syntax: ${(e as Error).message.split('\n')[0]}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw err(file, 1, 'must be a mapping');
  return value as Record<string, unknown>;
}

function loadTemplateSet(name: string, dir: string): TemplateSet {
  const labelsFile = path.join(dir, 'labels.yaml');
  const labelsByLang = readYamlMap(labelsFile) as Record<string, Labels>;
  const styles = readYamlMap(path.join(dir, 'styles.yaml')) as StyleSheet;
  return {
    name,
    dir,
    styles,
    labels: (lang: string) => {
      const primary = lang.split('-')[0];
      const own = (Object.hasOwn(labelsByLang, lang) && labelsByLang[lang]) || (Object.hasOwn(labelsByLang, primary) && labelsByLang[primary]) || {};
      return { ...(labelsByLang.en ?? {}), ...own };
    },
  };
}

function compileFile(hb: typeof Handlebars, file: string): Handlebars.TemplateDelegate {
  const src = fs.readFileSync(file, 'utf8');
  try {
    // parse first: it reports syntax errors with their line, compile() defers them.
    hb.parse(src);
  } catch (e) {
    const m = /line (\d+)/.exec((e as Error).message);
    const msg = (e as Error).message.split('\n');
    throw err(file, m ? Number(m[1]) : 1, `template syntax: ${msg[msg.length - 1] || msg[0]}`, 'check that every {{#block}} has its {{/block}} and every {{ has its }}');
  }
  return hb.compile(src, { strict: false, preventIndent: true });
}

export function renderTemplate(set: TemplateSet, data: CitedDossier): DocTree {
  const hb = Handlebars.create();
  const labels = set.labels(data.lang);
  const numberFormat = new Intl.NumberFormat(data.lang, { useGrouping: false });
  const dateFormat = new Intl.DateTimeFormat(data.lang, { dateStyle: 'long', timeZone: 'UTC', calendar: 'gregory' });

  hb.registerHelper('t', (key: unknown) => {
    const k = String(key);
    return Object.hasOwn(labels, k) ? labels[k] : k;
  });
  hb.registerHelper('num', (n: unknown) => (typeof n === 'number' ? numberFormat.format(n) : ''));
  hb.registerHelper('date', (iso: unknown) => {
    const d = new Date(`${String(iso)}T00:00:00Z`);
    return Number.isNaN(d.getTime()) ? String(iso) : dateFormat.format(d);
  });

  const partialsDir = path.join(set.dir, 'partials');
  if (fs.existsSync(partialsDir)) {
    for (const f of fs.readdirSync(partialsDir).sort()) {
      if (!f.endsWith('.hbs')) continue;
      hb.registerPartial(f.slice(0, -4), compileFile(hb, path.join(partialsDir, f)));
    }
  }
  const mainFile = path.join(set.dir, 'document.hbs');
  const main = compileFile(hb, mainFile);
  let markup: string;
  try {
    markup = main(data);
  } catch (e) {
    throw err(mainFile, 1, `template error: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    return parseMarkup(markup);
  } catch (e) {
    if (e instanceof MarkupError) {
      throw err(mainFile, 1, `template output: ${e.message} (line ${e.line} of the generated markup)`, 'templates may only emit the elements listed in README.md');
    }
    throw e;
  }
}
