import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/diagnostics.js';
import { loadWorkspace } from '../../src/workspace/load.js';
import { positionOf } from '../../src/workspace/validate.js';
import { copyWorkspace, MINI } from '../helpers/cli.js';

function load(root: string) {
  const diags = new Diagnostics();
  const ws = loadWorkspace(root, diags);
  return { ws, diags, errors: diags.items.filter((d) => d.severity === 'error') };
}

describe('workspace loading', () => {
  it('loads the mini workspace without problems and keeps positions', () => {
    const { ws, errors } = load(MINI);
    expect(errors).toEqual([]);
    expect([...ws.sources.keys()]).toEqual(['alpha', 'beta']);
    expect([...ws.claims.keys()]).toEqual(['resigned-march-2024', 'raised-101m']);
    const claim = ws.claims.get('raised-101m')!;
    const at = positionOf(claim.evidence[0], 'quote');
    expect(path.basename(at.file)).toBe('main.yaml');
    // the quote of the second claim stands on line 18 of claims/main.yaml, after "quote: "
    expect(at.line).toBe(18);
    expect(at.col).toBe(14);
    expect(ws.dossiers.get('brief')!.paper).toBeUndefined(); // the template's settings.yaml decides
    expect(ws.dossiers.get('brief-ar')!.paper).toBe('Letter');
  });

  it('reports an unknown key at its line with a did-you-mean', () => {
    const dir = copyWorkspace();
    const file = path.join(dir, 'claims/main.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('  tags: [funding]', '  tagz: [funding]'));
    const { errors } = load(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file, line: 15, col: 3 });
    expect(errors[0].message).toContain('unknown key "tagz"');
    expect(errors[0].hint).toContain('did you mean "tags"');
  });

  it('reports YAML syntax errors with line and column', () => {
    const dir = copyWorkspace();
    const file = path.join(dir, 'brief.yaml');
    fs.writeFileSync(file, 'id: brief\ntitle: [unclosed\nlanguage: en\n');
    const { errors } = load(dir);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].file).toBe(file);
    expect(errors[0].message).toMatch(/YAML syntax/);
    expect(errors[0].line).toBeGreaterThanOrEqual(2);
  });

  it('rejects bad ids, dates, versions, languages and paper sizes, each at its line', () => {
    const dir = copyWorkspace();
    const file = path.join(dir, 'brief.yaml');
    fs.writeFileSync(
      file,
      [
        'id: Brief_1',
        'title: T',
        'language: not a tag',
        'version: 1.0',
        'date: 2026-02-30',
        'paper: A6',
        'sections:',
        '  - title: S',
        '    claims: [raised-101m]',
        '',
      ].join('\n'),
    );
    const { errors } = load(dir);
    const byLine = Object.fromEntries(errors.map((e) => [e.line, e.message]));
    expect(byLine[1]).toMatch(/not a valid id/);
    expect(byLine[3]).toMatch(/not a BCP 47 language tag/);
    expect(byLine[4]).toMatch(/not a semantic version/);
    expect(byLine[5]).toMatch(/not a date/);
    expect(byLine[6]).toMatch(/must be one of A3, A4, A5, B5, Letter, Legal/);
  });

  it('reports duplicate claim ids and missing required keys', () => {
    const dir = copyWorkspace();
    fs.writeFileSync(
      path.join(dir, 'claims/more.yaml'),
      '- id: raised-101m\n  statement: again\n  evidence:\n    - source: beta\n      quote: Beta report\n- id: no-evidence\n  statement: x\n',
    );
    const { errors } = load(dir);
    expect(errors.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('is missing the required key "evidence"'), expect.stringContaining('duplicate claim id "raised-101m"')]),
    );
  });

  it('treats __proto__ and constructor as unknown keys and pollutes nothing', () => {
    const dir = copyWorkspace();
    fs.writeFileSync(
      path.join(dir, 'claims/evil.yaml'),
      '- id: evil\n  statement: x\n  __proto__: { polluted: true }\n  constructor: 1\n  evidence:\n    - source: beta\n      quote: Beta report\n',
    );
    const { errors } = load(dir);
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('unknown key "__proto__"'), expect.stringContaining('unknown key "constructor"')]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses snapshots that are not UTF-8, and symbolic links out of the workspace', () => {
    const dir = copyWorkspace();
    fs.writeFileSync(path.join(dir, 'sources/beta.txt'), Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a])); // "Café" in Latin-1
    fs.rmSync(path.join(dir, 'sources/alpha.txt'));
    fs.symlinkSync('/etc/hostname', path.join(dir, 'sources/alpha.txt'));
    const { errors } = load(dir);
    expect(errors.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('not valid UTF-8'), expect.stringContaining('points outside the workspace')]),
    );
  });
});
