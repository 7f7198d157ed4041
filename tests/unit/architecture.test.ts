/**
 * The shape of src/: no import cycles (type-only imports included), and pdfmake, pdfkit and their
 * internals reached only from src/pdf/engine/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

const SRC = path.join(REPO, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every module specifier a file imports or re-exports, statically or dynamically. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*'([^']+)'/g)) out.push(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*'([^']+)'/g)) out.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) out.push(m[1]!);
  for (const m of text.matchAll(/\brequire(?:\.resolve)?\(\s*[`']([^`'$]+)/g)) out.push(m[1]!);
  return out;
}

const files = sourceFiles(SRC);
const graph = new Map<string, string[]>(
  files.map((f) => {
    const deps = specifiers(fs.readFileSync(f, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => path.resolve(path.dirname(f), s).replace(/\.js$/, '.ts'));
    return [f, deps.filter((d) => fs.existsSync(d))];
  }),
);

/** The cycles of a directed graph met by a depth-first walk, each from its first node back to it. */
function findCycles(g: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of g.get(f) ?? []) {
      if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d]);
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of g.keys()) if (!state.has(f)) visit(f);
  return cycles;
}

describe('architecture', () => {
  it('finds the modules and their imports', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(graph.get(path.join(SRC, 'build.ts'))).toContain(path.join(SRC, 'check.ts'));
  });

  it('has no import cycle', () => {
    expect(findCycles(graph).map((c) => c.map((p) => path.relative(SRC, p)).join(' -> '))).toEqual([]);
  });

  it('the cycle finder finds a cycle where there is one', () => {
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      findCycles(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('only src/pdf/engine/ loads pdfmake or pdfkit', () => {
    const engine = path.join(SRC, 'pdf', 'engine') + path.sep;
    const outside = files
      .filter((f) => !f.startsWith(engine))
      .flatMap((f) =>
        specifiers(fs.readFileSync(f, 'utf8'))
          .filter((s) => /^(pdfmake|pdfkit)(\/|$)/.test(s))
          .map((s) => `${path.relative(SRC, f)}: ${s}`),
      );
    expect(outside).toEqual([]);
  });
});
