/**
 * YAML with positions. Parses one file into the yaml package's node tree, reports syntax
 * problems at their line and column, and refuses documents that are hostile by construction
 * (alias bombs, absurd nesting) before anything walks them.
 */
import { LineCounter, parseDocument, isAlias, isMap, isSeq, type Document, type Node } from 'yaml';
import { Diagnostics, type Position } from '../diagnostics.js';

export interface YamlFile {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

const MAX_DEPTH = 64;

export function positionAt(yf: { file: string; lineCounter: LineCounter }, offset: number): Position {
  const { line, col } = yf.lineCounter.linePos(offset);
  return { file: yf.file, line, col };
}

export function nodePosition(yf: { file: string; lineCounter: LineCounter }, node: Node | null | undefined): Position {
  const offset = node?.range?.[0] ?? 0;
  return positionAt(yf, offset);
}

/** Parse YAML text; returns undefined (with diagnostics) when the file cannot be used. */
export function parseYaml(file: string, source: string, diags: Diagnostics): YamlFile | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    version: '1.2',
  });
  const yf = { file, doc, lineCounter };
  let ok = true;
  for (const err of doc.errors) {
    const pos = positionAt(yf, err.pos[0]);
    diags.error(pos, `YAML syntax: ${firstLine(err.message)}`, syntaxHint(err.code));
    ok = false;
  }
  if (!ok) return undefined;
  if (doc.contents && depth(doc.contents, 0) > MAX_DEPTH) {
    diags.error(nodePosition(yf, doc.contents), `YAML nesting deeper than ${MAX_DEPTH} levels`, 'a workspace file is never this deep: check the file is what you meant to put here');
    return undefined;
  }
  const alias = findAlias(doc.contents);
  if (alias) {
    // Anchors and aliases let one file grow exponentially when expanded; they are also easy
    // to misuse. The format does not need them.
    diags.error(nodePosition(yf, alias), 'YAML aliases (*name) are not allowed in workspace files', 'write the value out in full');
    return undefined;
  }
  return yf;
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function syntaxHint(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once in a mapping: remove or rename the repeated key';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation: list items start with "- " and keys of one mapping line up';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a value containing ": " must be quoted';
    default:
      return 'quote values that contain ":", "#", or start with a special character';
  }
}

function depth(node: unknown, d: number): number {
  if (d > MAX_DEPTH) return d;
  if (isMap(node)) return Math.max(d + 1, ...node.items.map((p) => depth(p.value, d + 1)));
  if (isSeq(node)) return Math.max(d + 1, ...node.items.map((v) => depth(v, d + 1)));
  return d;
}

function findAlias(node: unknown): Node | undefined {
  if (isAlias(node)) return node;
  if (isMap(node)) {
    for (const p of node.items) {
      const a = findAlias(p.key) ?? findAlias(p.value);
      if (a) return a;
    }
  }
  if (isSeq(node)) {
    for (const v of node.items) {
      const a = findAlias(v);
      if (a) return a;
    }
  }
  return undefined;
}
