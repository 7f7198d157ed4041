/**
 * YAML with positions. Parses one file into the yaml package's node tree, reports syntax
 * problems at their line and column, and refuses documents that are hostile by construction
 * (alias bombs, absurd nesting, custom tags) before anything walks them.
 *
 * Two costs of the yaml package are kept away from hostile files: its composer recurses once
 * per nesting level (a file of 10^6 "[" exhausts memory), so nesting is bounded before it
 * parses (see nestingBeyond); and its own duplicate-key check is quadratic in the number of
 * keys of a mapping, so duplicates are found here, with a Set.
 */
import { Lexer, LineCounter, Parser, parseDocument, isAlias, isMap, isScalar, isSeq, type CST, type Document, type Node } from 'yaml';
import { Diagnostics, type Diagnostic, type Position } from '../diagnostics.js';
import { positionOfIndex } from './files.js';

export interface YamlFile {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The text parsed, to place a character inside a scalar (charPosition). */
  source: string;
}

export const MAX_DEPTH = 64;

/** Tags that only say what the value already is; any other tag is refused. */
const HARMLESS_TAGS = new Set(['!', 'tag:yaml.org,2002:str']);

export function positionAt(yf: { file: string; lineCounter: LineCounter }, offset: number): Position {
  const { line, col } = yf.lineCounter.linePos(offset);
  return { file: yf.file, line, col };
}

export function nodePosition(yf: { file: string; lineCounter: LineCounter }, node: Node | null | undefined): Position {
  const offset = node?.range?.[0] ?? 0;
  return positionAt(yf, offset);
}

const ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * Where the character at `index` of a scalar's value is written in the file: its k-th
 * occurrence in the value is its k-th occurrence in the scalar's source, written literally or,
 * in a double-quoted scalar, as an escape (folding and indentation only touch white space,
 * which is never looked for here). Falls back to the scalar's start.
 */
export function charPosition(yf: YamlFile, node: Node | null | undefined, value: string, index: number): Position {
  const range = node?.range;
  if (!range) return nodePosition(yf, node);
  const cp = value.codePointAt(index)!;
  let k = 0;
  for (let i = value.indexOf(String.fromCodePoint(cp)); i >= 0 && i < index; i = value.indexOf(String.fromCodePoint(cp), i + 1)) k++;
  const raw = yf.source.slice(range[0], range[1]);
  const quoted = raw.startsWith('"');
  for (let i = 0; i < raw.length;) {
    let c = raw.codePointAt(i)!;
    let width = c > 0xffff ? 2 : 1;
    if (quoted && c === 0x5c && i + 1 < raw.length) {
      const n = ESCAPE_LENGTH[raw[i + 1]] ?? 0;
      c = n ? parseInt(raw.slice(i + 2, i + 2 + n), 16) : raw.codePointAt(i + 1)!;
      width = 2 + n;
    }
    if (c === cp && k-- === 0) return positionAt(yf, range[0] + i);
    i += width;
  }
  return nodePosition(yf, node);
}

/**
 * Files parsed earlier in this process, by path: a long-lived process (the watch, batch
 * workers) checks the whole workspace again for every rebuild, and parsing every claim,
 * source and template file again was about a twentieth of a warm rebuild. A file whose text
 * is what was parsed before gets the same parsed tree back, with the same diagnostics. The
 * tree is only read (validate.ts, the template readers); source-add.ts, which edits a parsed
 * file, parses its own copy with parseYaml. Bounded by the text kept.
 */
const parsedBefore = new Map<string, { source: string; yf: YamlFile | undefined; diagnostics: Diagnostic[] }>();
let keptChars = 0;
const MAX_KEPT_CHARS = 2 * 1024 * 1024; // a parsed tree takes some 30 bytes per character

/** parseYaml, reusing the result for a file whose text has not changed since it was last parsed here. */
export function parseYamlReusing(file: string, source: string, diags: Diagnostics): YamlFile | undefined {
  const before = parsedBefore.get(file);
  if (before && before.source === source) {
    for (const d of before.diagnostics) diags.items.push({ ...d });
    return before.yf;
  }
  const own = new Diagnostics();
  const yf = parseYaml(file, source, own);
  for (const d of own.items) diags.items.push({ ...d });
  if (before) keptChars -= before.source.length;
  if (keptChars + source.length > MAX_KEPT_CHARS) {
    parsedBefore.clear();
    keptChars = 0;
  }
  parsedBefore.set(file, { source, yf, diagnostics: own.items });
  keptChars += source.length;
  return yf;
}

/** Parse YAML text; returns undefined (with diagnostics) when the file cannot be used. */
export function parseYaml(file: string, source: string, diags: Diagnostics): YamlFile | undefined {
  const lineCounter = new LineCounter();
  // The quick bound may count up to about twice the real depth: refuse early only far beyond
  // the limit (still shallow enough for the parser), and let the tree settle the rest exactly.
  const deep = nestingBeyond(source, 4 * MAX_DEPTH);
  if (deep !== undefined) {
    diags.error(
      positionOfIndex(file, source, deep),
      `YAML nesting deeper than ${MAX_DEPTH} levels`,
      'a workspace file is never this deep: check the file is what you meant to put here',
    );
    return undefined;
  }
  const doc = parseDocument(source, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: false, // checked below, in linear time
    version: '1.2',
  });
  const yf = { file, doc, lineCounter, source };
  if (doc.errors.length) {
    // Only the first: after one syntax error the parser's view of the rest is guesswork, and
    // its further complaints (a dozen for one tab) bury the one that matters.
    const err = doc.errors[0];
    const { message, hint, offset } = describeSyntaxError(err.code, firstLine(err.message), source, err.pos[0]);
    diags.error(positionAt(yf, offset), `YAML syntax: ${message}`, hint);
    return undefined;
  }
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') continue; // reported as a refused tag below
    diags.warning(positionAt(yf, w.pos[0]), `YAML: ${firstLine(w.message)}`);
  }
  if (doc.contents && depth(doc.contents) > MAX_DEPTH) {
    diags.error(
      nodePosition(yf, doc.contents),
      `YAML nesting deeper than ${MAX_DEPTH} levels`,
      'a workspace file is never this deep: check the file is what you meant to put here',
    );
    return undefined;
  }
  let refused = false;
  walk(doc.contents, (node) => {
    if (isAlias(node)) {
      // Anchors and aliases let one file grow exponentially when expanded; they are also easy
      // to misuse. The format does not need them.
      diags.error(nodePosition(yf, node), 'YAML aliases (*name) are not allowed in workspace files', 'write the value out in full');
      refused = true;
      return false; // one is enough: a bomb has thousands
    }
    const tag = (node as { tag?: string }).tag;
    if (tag && !HARMLESS_TAGS.has(tag)) {
      const shown = tag.replace(/^tag:yaml\.org,2002:/, '!!');
      // The node's range starts at its value; the tag stands before it on the same line.
      const start = node.range?.[0] ?? 0;
      const lineStart = source.lastIndexOf('\n', start - 1) + 1;
      const tagged = /!\S*\s*$/.exec(source.slice(lineStart, start));
      diags.error(
        positionAt(yf, tagged ? lineStart + tagged.index : start),
        `YAML tags (${shown}) are not allowed in workspace files`,
        'remove the tag; put text in quotes',
      );
      refused = true;
    }
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) {
          diags.error(nodePosition(yf, pair.key as Node), `YAML syntax: the key "${key}" appears twice in one mapping`, syntaxHint('DUPLICATE_KEY'));
          refused = true;
        }
        seen.add(key);
      }
    }
    return true;
  });
  return refused ? undefined : yf;
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** The yaml package's message, in the words of this tool, and where to point. */
function describeSyntaxError(code: string, message: string, source: string, offset: number): { message: string; hint?: string; offset: number } {
  const tab = tabIndent(source, offset);
  if (tab !== undefined) return { message: 'a tab in the indentation', hint: 'YAML indents with spaces only: replace the tab with spaces', offset: tab };
  if (/end with a [\]}]/.test(message)) {
    const open = unclosedFlowStart(source);
    if (open) {
      const [what, close] = open.char === '[' ? ['list [', ']'] : ['mapping {', '}'];
      return {
        message: `a ${what} is never closed with ${close}`,
        hint: `end it with ${close}, or write it as a block (${open.char === '[' ? 'one "- " line per item' : 'one "key: value" line per key'})`,
        offset: open.offset,
      };
    }
  }
  switch (code) {
    case 'MULTIPLE_DOCS':
      return {
        message: 'a workspace file holds one YAML document, but this one has a second',
        hint: 'remove the "---" line and everything after it, or move it to a file of its own',
        offset,
      };
    case 'RESOURCE_EXHAUSTION':
      return {
        message: `nesting too deep to read (more than ${MAX_DEPTH} levels)`,
        hint: 'a workspace file is never this deep: check the file is what you meant to put here',
        offset,
      };
    case 'MISSING_CHAR':
      if (/quote/i.test(message)) {
        const open = unclosedQuoteStart(source);
        return {
          message: 'a quoted value is never closed',
          hint: 'end the value with the same quote mark it starts with; inside "..." write \\" for a quote',
          offset: open ?? offset,
        };
      }
      return { message, hint: syntaxHint(code, message), offset };
    default:
      return { message, hint: syntaxHint(code, message), offset };
  }
}

function syntaxHint(code: string, message = ''): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once in a mapping: remove or rename the repeated key';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_DQ_ESCAPE':
      return 'inside "..." a backslash starts an escape such as \\n or \\"; write \\\\ for a backslash, or use single quotes';
    case 'MISSING_CHAR':
      return /[\]}]/.test(message)
        ? 'close every [ with ] and every { with }'
        : 'check the indentation: list items start with "- " and keys of one mapping line up';
    case 'BAD_INDENT':
      return 'check the indentation: list items start with "- " and keys of one mapping line up';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a value containing ": " must be quoted';
    case 'KEY_OVER_1024_CHARS':
      return 'a key is one short word; is a ":" missing after the key, or a line break?';
    default:
      return 'quote values that contain ":", "#", or start with a special character';
  }
}

/** Offset of a tab in the indentation of the line at `offset`, or of the line before, if any. */
function tabIndent(source: string, offset: number): number | undefined {
  let lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  for (let k = 0; k < 2; k++) {
    let end = source.indexOf('\n', lineStart);
    if (end < 0) end = source.length;
    const line = source.slice(lineStart, end);
    const indent = /^[ \t]*/.exec(line)![0];
    const rest = line.slice(indent.length);
    if (indent.includes('\t') && rest !== '' && !rest.startsWith('#')) return lineStart + indent.indexOf('\t');
    if (lineStart === 0) break;
    lineStart = source.lastIndexOf('\n', lineStart - 2) + 1;
  }
  return undefined;
}

/** The opening bracket of a flow collection ([...] or {...}) that the file never closes. */
function unclosedFlowStart(source: string): { offset: number; char: string } | undefined {
  let found: { offset: number; char: string } | undefined;
  try {
    for (const token of new Parser().parse(source)) {
      CSTwalk(token, (t) => {
        if (found || t.type !== 'flow-collection') return;
        const close = t.start.source === '[' ? ']' : '}';
        if (!t.end.some((e) => e.source === close)) found = { offset: t.start.offset, char: t.start.source };
      });
      if (found) break;
    }
  } catch {
    return undefined;
  }
  return found;
}

/** Offset of the opening quote of a quoted scalar that the file never closes. */
function unclosedQuoteStart(source: string): number | undefined {
  let found: number | undefined;
  const visit = (token: CST.Token | CST.CollectionItem['value']) => {
    if (!token || found !== undefined) return;
    if ((token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') && !closes(token.source)) {
      found = token.offset;
    }
  };
  try {
    for (const token of new Parser().parse(source)) {
      if (found !== undefined) break;
      CSTwalk(token, visit);
    }
  } catch {
    return undefined;
  }
  return found;
}

function closes(s: string): boolean {
  const q = s[0];
  if (s.length < 2 || s[s.length - 1] !== q) return false;
  if (q === "'") return true;
  let backslashes = 0;
  for (let i = s.length - 2; i > 0 && s[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** Visits the tokens of a CST document (nesting is bounded by then). */
function CSTwalk(token: CST.Token, visit: (t: CST.Token) => void): void {
  visit(token);
  const t = token as { value?: CST.Token; items?: { key?: CST.Token | null; value?: CST.Token | null; sep?: CST.SourceToken[] }[] };
  if (t.value && typeof t.value === 'object') CSTwalk(t.value, visit);
  for (const item of t.items ?? []) {
    if (item.key) CSTwalk(item.key, visit);
    if (item.value) CSTwalk(item.value, visit);
  }
}

/**
 * Offset at which the nesting of `source` exceeds `limit` levels, or undefined. A quick pass
 * over the characters bounds the depth from above for ordinary files (few brackets, shallow
 * indentation); only files it cannot clear are read by the yaml lexer (linear, no recursion),
 * stopping at the first level over the limit, so a hostile file costs microseconds. Both
 * passes may count a level too many, never too few (by more than a factor of two, which the
 * exact check on the parsed tree then settles).
 */
export function nestingBeyond(source: string, limit: number): number | undefined {
  if (quickDepthBound(source) <= limit) return undefined;
  let flow = 0;
  const indents: number[] = [];
  let lineStart = true;
  let lineDepth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(source)) {
    if (token === '\x02' || token === '\x18' || token === '\x1f') continue; // the lexer's markers, not text
    const at = offset;
    offset += token.length;
    if (token === '[' || token === '{') {
      flow++;
      if (flow + lineDepth > limit) return at;
    } else if (token === ']' || token === '}') {
      flow = Math.max(0, flow - 1);
    } else if (token.endsWith('\n')) {
      lineStart = true; // a line break, or a block scalar running to the end of its last line
    } else if (lineStart && token[0] !== ' ' && token[0] !== '\t' && token[0] !== '#') {
      const column = at - source.lastIndexOf('\n', at - 1) - 1;
      while (indents.length && indents[indents.length - 1] > column) indents.pop();
      if (indents[indents.length - 1] !== column) indents.push(column);
      // a mapping and a list may share a column: two levels per column
      lineDepth = 2 * indents.length;
      lineStart = false;
    }
    // Compact nesting on one line ("- - - x", "? - x"): each indicator may open a level.
    if (flow === 0 && (token === '-' || token === '?' || token === ':')) {
      lineDepth++;
      if (lineDepth > limit) return at;
    }
  }
  return undefined;
}

/**
 * An upper bound of the nesting depth, from the characters alone. A block collection starts
 * at the column where a line's leading run of spaces and indicators ("- ", "? ", ": ") ends,
 * and at most two (a mapping and the list that is one of its values) share a column. Every
 * "[" or "{" may open a flow collection, but a line without quotes or comments whose brackets
 * balance (each closing one an opening one before it on the line, as in "tags: [a, b]")
 * cannot close what an earlier line opened: it adds only its own depth, for that line. The
 * opening brackets of every other line count for the rest of the file.
 */
function quickDepthBound(source: string): number {
  let open = 0; // flow levels that may still be open
  let deepest = 0;
  let widest = 0;
  let run = 0;
  let leading = true;
  let lineOpens = 0;
  let lineDepth = 0;
  let lineMax = 0;
  let clean = true;
  const endLine = () => {
    if (clean && lineDepth === 0) deepest = Math.max(deepest, open + lineMax);
    else open += lineOpens;
    deepest = Math.max(deepest, open);
    lineOpens = lineDepth = lineMax = 0;
    clean = true;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      lineOpens++;
      if (++lineDepth > lineMax) lineMax = lineDepth;
    } else if (c === 0x5d || c === 0x7d) {
      if (--lineDepth < 0) clean = false;
    } else if (c === 0x22 || c === 0x27 || c === 0x23) {
      clean = false; // a quote or a comment: its brackets may be text
    }
    if (c === 10) {
      endLine();
      leading = true;
      run = 0;
    } else if (leading) {
      if (c === 0x20 || c === 0x09 || c === 0x2d || c === 0x3f || c === 0x3a) {
        run++;
        if (run > widest) widest = run;
      } else {
        leading = false;
      }
    }
  }
  endLine();
  return deepest + 2 * (widest + 1) + 1;
}

/** Depth of a node tree, without recursion. */
function depth(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [node, d] = stack.pop()!;
    if (isMap(node)) {
      max = Math.max(max, d + 1);
      if (d + 1 > MAX_DEPTH) return d + 1;
      for (const p of node.items) stack.push([p.value, d + 1]);
    } else if (isSeq(node)) {
      max = Math.max(max, d + 1);
      if (d + 1 > MAX_DEPTH) return d + 1;
      for (const v of node.items) stack.push([v, d + 1]);
    }
  }
  return max;
}

/** Visits every node (keys included) in document order; `visit` returns false to stop. */
function walk(root: unknown, visit: (node: Node) => boolean): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (!visit(node as Node)) return;
    if (isMap(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i].value, node.items[i].key);
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
}
