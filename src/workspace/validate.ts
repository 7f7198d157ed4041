/**
 * Checks a YAML node tree against a Spec and builds plain values from it. Every problem is a
 * diagnostic at the offending node; positions of every built object and of its keys are kept
 * (see positionOf) so later stages can point at the exact line of a quote or an id.
 */
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { didYouMean, type Diagnostics, type Position } from '../diagnostics.js';
import { findSuspects, type FieldClass } from './deceptive.js';
import { reportSuspects } from './report-suspects.js';
import { lengthBeyond, plural } from './limits.js';
import { patterns, type Spec } from './spec.js';
import { charPosition, nodePosition, type YamlFile } from './yaml.js';

interface Located {
  at: Position;
  keys: Record<string, Position>;
}

/**
 * Positions ride on the objects themselves, under a symbol (not enumerable, not copied by
 * JSON): a WeakMap of a few hundred thousand objects (50,000 claims) costs the garbage
 * collector more than the YAML parsing it follows.
 */
const LOCATED = Symbol('position');
const positions = {
  get: (obj: object): Located | undefined => (obj as { [LOCATED]?: Located })[LOCATED],
  set: (obj: object, loc: Located): void => {
    Object.defineProperty(obj, LOCATED, { value: loc, enumerable: false, configurable: true });
  },
};

/**
 * For values with deceptive characters whose verdict comes later (quotes, judged against their
 * snapshot): enough to place a character inside the scalar. Only those few values are kept,
 * and without their file's node tree.
 */
interface ScalarLocator {
  yf: Pick<YamlFile, 'file' | 'lineCounter' | 'source'>;
  node: { range?: [number, number, number] | null };
}
const locators = new WeakMap<object, Record<string, ScalarLocator>>();

/** Where an object built by the validator (or one of its keys' values) stands in its file. */
export function positionOf(obj: object, key?: string): Position {
  const loc = positions.get(obj);
  if (!loc) throw new Error('positionOf: object was not built by the validator');
  return (key && loc.keys[key]) || loc.at;
}

/** Where character `index` of the string value at `key` stands in its file. */
export function charPositionOf(obj: object, key: string, index: number): Position {
  const loc = locators.get(obj)?.[key];
  const value = (obj as Record<string, unknown>)[key];
  if (!loc || typeof value !== 'string') return positionOf(obj, key);
  return charPosition(loc.yf as YamlFile, loc.node as Node, value, index);
}

export function validateNode(yf: YamlFile, node: unknown, spec: Spec, diags: Diagnostics, what: string): unknown {
  const at = nodePosition(yf, node as Node);
  switch (spec.type) {
    case 'string':
      return validateString(yf, node, spec, at, diags, what);
    case 'langmap':
      return validateLangMap(yf, node, spec, at, diags, what);
    case 'length':
      return validateLength(node, spec, at, diags, what);
    case 'choice':
      return validateNode(yf, node, isMap(node) ? spec.mapping : spec.scalar, diags, what);
    case 'array': {
      if (!isSeq(node)) {
        diags.error(at, `${what} must be a list`, `write each item on its own line starting with "- "`);
        return undefined;
      }
      let valid = true;
      if (spec.minItems && node.items.length < spec.minItems) {
        diags.error(at, `${what} must have at least ${spec.minItems} item${spec.minItems > 1 ? 's' : ''}`);
        valid = false;
      }
      const out: unknown[] = [];
      const keys: Record<string, Position> = {};
      node.items.forEach((item, i) => {
        const v = validateNode(yf, item, spec.items, diags, `${what}[${i + 1}]`);
        if (v === undefined) {
          // Every item is still checked, so one run reports every problem; but a list with a
          // broken item is not used, or later stages would report what is missing from it.
          valid = false;
          return;
        }
        keys[String(out.length)] = nodePosition(yf, item as Node);
        out.push(v);
      });
      positions.set(out, { at, keys });
      return valid ? out : undefined;
    }
    case 'object': {
      if (!isMap(node)) {
        diags.error(at, `${what} must be a mapping of keys to values`, `expected keys: ${Object.keys(spec.properties).join(', ')}`);
        return undefined;
      }
      const out: Record<string, unknown> = {};
      const keys: Record<string, Position> = {};
      const known = Object.keys(spec.properties);
      let valid = true;
      for (const pair of node.items as Pair<unknown, unknown>[]) {
        const keyNode = pair.key as Node;
        const keyPos = nodePosition(yf, keyNode);
        const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
        if (key === undefined) {
          diags.error(keyPos, `${what} has a key that is not a plain word`);
          valid = false;
          continue;
        }
        // Object.hasOwn, not `in`: keys such as __proto__ or constructor are unknown keys.
        if (!Object.hasOwn(spec.properties, key)) {
          const guess = didYouMean(key, known);
          // Reported, but the rest of the object is still checked (quotes included), so one
          // run shows every problem. The run fails on the error count anyway.
          diags.error(keyPos, `unknown key "${key}" in ${what}`, guess ? `did you mean "${guess}"?` : `allowed keys: ${known.join(', ')}`);
          continue;
        }
        const v = validateNode(yf, pair.value, spec.properties[key], diags, `"${key}"`);
        if (v === undefined) {
          valid = false;
          continue;
        }
        Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
        keys[key] = nodePosition(yf, (pair.value as Node) ?? keyNode);
        const prop = spec.properties[key];
        if (prop.type === 'string' && prop.text === 'quote' && typeof v === 'string' && findSuspects(v).length) {
          locators.set(out, {
            ...locators.get(out),
            [key]: { yf: { file: yf.file, lineCounter: yf.lineCounter, source: yf.source }, node: pair.value as Node },
          });
        }
      }
      for (const req of spec.required) {
        if (!Object.hasOwn(keys, req) && !node.items.some((p) => isScalar(p.key) && p.key.value === req)) {
          diags.error(at, `${what} is missing the required key "${req}"`);
          valid = false;
        }
      }
      if (spec.oneOf) {
        const present = spec.oneOf.filter((k) => node.items.some((p) => isScalar(p.key) && p.key.value === k));
        if (present.length !== 1) {
          diags.error(at, `${what} needs exactly one of ${spec.oneOf.map((k) => `"${k}"`).join(' or ')}${present.length ? `, not both` : ''}`);
          valid = false;
        }
      }
      positions.set(out, { at, keys });
      return valid ? out : undefined;
    }
  }
}

/** Points per unit of length. */
const POINTS_PER: Record<string, number> = { mm: 72 / 25.4, cm: 720 / 25.4, in: 72, pt: 1 };

/** A length with its unit ("20mm", "0.75in"), in points; its bounds are in millimetres. */
function validateLength(node: unknown, spec: Extract<Spec, { type: 'length' }>, at: Position, diags: Diagnostics, what: string): number | undefined {
  const v = isScalar(node) ? node.value : undefined;
  const written = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  const m = written === undefined ? null : /^(-?[0-9]+(?:\.[0-9]+)?)\s*(mm|cm|in|pt)$/.exec(written);
  if (!m) {
    const hint =
      typeof v === 'number'
        ? `add the unit: ${v}mm (or cm, in, pt)`
        : `write a number and its unit: mm, cm, in or pt, e.g. ${spec.min > 20 ? '148mm' : '20mm'}`;
    diags.error(at, `${what} must be a length such as 20mm${written !== undefined ? `; got "${written}"` : ''}`, hint);
    return undefined;
  }
  const points = Number(m[1]) * POINTS_PER[m[2]];
  const mm = (points * 25.4) / 72;
  // A hair of tolerance, so that 8.5in (215.9mm) is not refused by rounding.
  if (mm < spec.min - 1e-9 || mm > spec.max + 1e-9) {
    diags.error(at, `${what} must be between ${spec.min}mm and ${spec.max}mm; got ${written}`, spec.min === 0 ? 'a margin is 0mm or more' : undefined);
    return undefined;
  }
  return points;
}

function scalarText(node: unknown, coerce: boolean | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'string') return v;
  if (coerce && (typeof v === 'number' || typeof v === 'boolean')) return node.source ?? String(v);
  return undefined;
}

/**
 * The checks every text value gets, in order of cost: its length (limits.ts, before anything
 * reads it character by character), printable characters, deceptive characters by the field's
 * class (deceptive.ts; quotes are judged later, against their snapshot).
 */
function checkText(
  yf: YamlFile | undefined,
  node: unknown,
  s: string,
  spec: { maxLength?: number; text?: FieldClass; format?: string },
  at: Position,
  diags: Diagnostics,
  what: string,
): boolean {
  const long = spec.maxLength === undefined ? undefined : lengthBeyond(s, spec.maxLength);
  if (long !== undefined) {
    diags.error(
      at,
      `${what} is ${plural(long, 'character')} long; at most ${plural(spec.maxLength!, 'character')} are allowed`,
      lengthHint(spec.format === 'id' ? 'id' : what),
    );
    return false;
  }
  if (!printable(s, at, diags, what)) return false;
  if (!spec.text || spec.text === 'quote') return true;
  return reportSuspects(s, spec.text, (i) => (yf ? charPosition(yf, node as Node, s, i) : at), diags, what);
}

function lengthHint(what: string): string {
  if (what === 'id') return 'ids are short names: lowercase letters, digits and hyphens (README, Limits)';
  if (/statement/.test(what)) return 'a statement is a sentence or two: shorten it, or split it into several claims';
  if (/quote|translation/.test(what))
    return 'quote the passage that supports the claim, not the whole article: shorten it, or split it into several evidence items';
  return 'shorten it (README, Limits, lists every limit)';
}

/** A string value by its spec; `yf` (the YAML file it comes from) places hidden characters exactly, else at `at`. */
export function validateString(
  yf: YamlFile | undefined,
  node: unknown,
  spec: Extract<Spec, { type: 'string' }>,
  at: Position,
  diags: Diagnostics,
  what: string,
): string | undefined {
  const s = scalarText(node, spec.coerce);
  if (s === undefined) {
    const got = isScalar(node) ? (node.value === null ? 'empty' : typeof node.value) : isSeq(node) ? 'a list' : isMap(node) ? 'a mapping' : 'empty';
    diags.error(at, `${what} must be text, not ${got}`, isScalar(node) && node.value !== null ? `put the value in quotes` : undefined);
    return undefined;
  }
  if (s.trim() === '') {
    diags.error(at, `${what} is empty`);
    return undefined;
  }
  if (!checkText(yf, node, s, spec, at, diags, what)) return undefined;
  if (spec.enum && !spec.enum.includes(s)) {
    const guess = didYouMean(s, spec.enum);
    diags.error(at, `${what} must be one of ${spec.enum.join(', ')}; got "${s}"`, guess ? `did you mean "${guess}"?` : undefined);
    return undefined;
  }
  switch (spec.format) {
    case 'id':
      if (!patterns.id.test(s)) {
        diags.error(at, `${what} "${s}" is not a valid id`, `use lowercase letters, digits and single hyphens, e.g. "${suggestId(s)}"`);
        return undefined;
      }
      break;
    case 'date':
      if (!isIsoDate(s)) {
        diags.error(at, `${what} "${s}" is not a date`, 'write dates as YYYY-MM-DD, e.g. 2024-03-23');
        return undefined;
      }
      break;
    case 'semver':
      if (!patterns.semver.test(s)) {
        diags.error(at, `${what} "${s}" is not a semantic version`, 'write MAJOR.MINOR.PATCH, e.g. 1.0.0');
        return undefined;
      }
      break;
    case 'lang':
      if (!isLanguageTag(s)) {
        diags.error(at, `${what} "${s}" is not a BCP 47 language tag`, 'e.g. en, ar, fa, zh-Hans, zh-Hant, ja, ko');
        return undefined;
      }
      break;
    case 'path':
      if (s.includes('/') || s.includes('\\') || s === '..' || s === '.' || s.includes('\0')) {
        diags.error(at, `${what} "${s}" must be a plain file name inside sources/`, 'name a file in the sources folder, without any folder part');
        return undefined;
      }
      break;
  }
  return s;
}

function validateLangMap(
  yf: YamlFile,
  node: unknown,
  spec: Extract<Spec, { type: 'langmap' }>,
  at: Position,
  diags: Diagnostics,
  what: string,
): string | Record<string, string> | undefined {
  if (isScalar(node) && typeof node.value === 'string') {
    if (node.value.trim() === '') {
      diags.error(at, `${what} is empty`);
      return undefined;
    }
    return checkText(yf, node, node.value, spec, at, diags, what) ? node.value : undefined;
  }
  if (!isMap(node) || node.items.length === 0) {
    diags.error(at, `${what} must be text or a map from language to text`, 'e.g. "en: ..." and "ar: ..." on separate lines');
    return undefined;
  }
  const out: Record<string, string> = {};
  const keys: Record<string, Position> = {};
  let ok = true;
  for (const pair of node.items) {
    const keyPos = nodePosition(yf, pair.key as Node);
    const lang = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!isLanguageTag(lang)) {
      diags.error(keyPos, `"${lang}" in ${what} is not a BCP 47 language tag`, 'e.g. en, ar, zh-Hans, ja');
      ok = false;
      continue;
    }
    const v = pair.value;
    if (!isScalar(v) || typeof v.value !== 'string' || v.value.trim() === '') {
      diags.error(nodePosition(yf, (v as Node) ?? (pair.key as Node)), `${what} in "${lang}" must be non-empty text`);
      ok = false;
      continue;
    }
    if (!checkText(yf, v, v.value, spec, nodePosition(yf, v as Node), diags, `${what} in "${lang}"`)) {
      ok = false;
      continue;
    }
    Object.defineProperty(out, lang, { value: v.value, enumerable: true, writable: true, configurable: true });
    keys[lang] = nodePosition(yf, v as Node);
  }
  positions.set(out, { at, keys });
  return ok ? out : undefined;
}

/**
 * Control characters (other than tab and line breaks), noncharacters and unpaired surrogates
 * (which YAML's "\\uD800" escapes can produce) print as empty boxes or break the PDF's text:
 * refused, at the value, naming the character.
 */
export const UNPRINTABLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function printable(s: string, at: Position, diags: Diagnostics, what: string): boolean {
  const m = UNPRINTABLE.exec(s);
  if (!m) return true;
  const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  const kind = /[\uD800-\uDFFF]/.test(m[0]) ? 'an unpaired surrogate' : /[\uFFFE\uFFFF]/.test(m[0]) ? 'a noncharacter' : 'a control character';
  diags.error(at, `${what} contains ${kind} (${code}) at character ${[...s.slice(0, m.index)].length + 1}`, 'remove it: it cannot be printed');
  return false;
}

export function isIsoDate(s: string): boolean {
  if (!patterns.date.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function isLanguageTag(s: string): boolean {
  if (!patterns.lang.test(s)) return false;
  try {
    return Intl.getCanonicalLocales(s).length === 1;
  } catch {
    return false;
  }
}

function suggestId(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'my-id'
  );
}
