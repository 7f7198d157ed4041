import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyWorkspace, runCli } from '../helpers/cli.js';

const NO_STACK = /\n\s+at .+:\d+:\d+/;

describe('dossier CLI', () => {
  it('check exits 0 on a good workspace', () => {
    const dir = copyWorkspace();
    const r = runCli(['check', '--root', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 sources, 2 claims, 3 quotes verified, 2 dossiers/);
  });

  it('build writes <out>/<id>.pdf for every dossier', () => {
    const dir = copyWorkspace();
    const out = path.join(dir, 'out');
    const r = runCli(['build', '--root', dir, '--out', out]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'brief.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.existsSync(path.join(out, 'brief-ar.pdf'))).toBe(true);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 30000);

  it('content errors: exit 1, path:line:col diagnostics, every error reported, no stack, earlier PDF untouched', () => {
    const dir = copyWorkspace();
    const out = path.join(dir, 'out');
    expect(runCli(['build', 'brief.yaml', '--out', out], dir).code).toBe(0);
    const before = fs.readFileSync(path.join(out, 'brief.pdf'));
    const mtime = fs.statSync(path.join(out, 'brief.pdf')).mtimeMs;

    const claims = path.join(dir, 'claims/main.yaml');
    fs.writeFileSync(
      claims,
      fs.readFileSync(claims, 'utf8').replace('had raised $101 million', 'had raised $102 million').replace('  tags: [funding]', '  tagz: [funding]'),
    );
    const r = runCli(['build', 'brief.yaml', '--out', out], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^claims\/main\.yaml:15:3: error: unknown key "tagz"/m);
    expect(r.stderr).toMatch(/hint: did you mean "tags"\?/);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stderr).toMatch(/^claims\/main\.yaml:18:14: error: quote in claim "raised-101m" does not occur/m);
    expect(r.stderr).toMatch(/2 errors, \d+ warnings?; nothing was built/);
    expect(fs.readFileSync(path.join(out, 'brief.pdf')).equals(before)).toBe(true);
    expect(fs.statSync(path.join(out, 'brief.pdf')).mtimeMs).toBe(mtime);

    // fix the key; the changed quote is now the only error, reported at the quote's line
    fs.writeFileSync(claims, fs.readFileSync(claims, 'utf8').replace('tagz', 'tags'));
    const r2 = runCli(['check', '--root', '.'], dir);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/^claims\/main\.yaml:18:14: error: quote in claim "raised-101m" does not occur in the snapshot of source "beta"/m);
    // each differing character named, and the exact passage of the snapshot ready to paste
    expect(r2.stderr).toContain('"beta": the quote has U+0032 DIGIT TWO where the source has U+0031 DIGIT ONE\n');
    expect(r2.stderr).toContain('hint: the passage at sources/beta.txt:4:1 (paragraph 3), ready to paste: quote: "The company had raised $101 million"\n');
  }, 30000);

  it('usage errors exit 2', () => {
    expect(runCli(['build', 'no-such-file.yaml']).code).toBe(2);
    expect(runCli(['frobnicate']).code).toBe(2);
    expect(runCli(['build', '--root', '/nonexistent/dir']).code).toBe(2);
    expect(runCli(['--version']).code).toBe(0);
  });

  it('an unknown template is a content error naming the dossier line', () => {
    const dir = copyWorkspace();
    fs.appendFileSync(path.join(dir, 'brief.yaml'), 'template: briefng\n');
    const r = runCli(['build', '--root', dir, '--out', path.join(dir, 'out')], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/brief\.yaml:12:11: error: unknown template "briefng"/);
    expect(fs.existsSync(path.join(dir, 'out/brief.pdf'))).toBe(false);
  });

  it('a template syntax error names the template file and line', () => {
    const dir = copyWorkspace();
    const tdir = path.join(dir, 'templates/briefing');
    fs.cpSync(path.resolve(import.meta.dirname, '../../templates/briefing'), tdir, { recursive: true });
    fs.writeFileSync(path.join(tdir, 'partials/claim.hbs'), '<p>\n{{#if x}}\nunclosed\n</p>\n');
    const r = runCli(['build', 'brief.yaml', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/templates\/briefing\/partials\/claim\.hbs:\d+:1: error: template syntax/);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(fs.existsSync(path.join(dir, 'out/brief.pdf'))).toBe(false);
  });
});
