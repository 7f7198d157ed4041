/**
 * `check` runs every gate `build` runs short of layout, so a workspace `check` passes never
 * fails `build` for a content reason, and the two agree (the error corpus holds each template
 * gate; tests/cli/error-corpus.test.ts runs `check` on every case too). Here: an empty
 * folder, the memory budget, and a label a dossier's language lacks in a copied template.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyWorkspace, REPO, runCli } from '../helpers/cli.js';

const errorLines = (s: string) => s.split('\n').filter((l) => /: error: /.test(l));

describe('check and build agree', () => {
  it('on an empty folder both fail with one error, naming the folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-empty-'));
    const c = runCli(['check', '--root', '.'], dir);
    const b = runCli(['build', '--root', '.', '--out', 'out'], dir);
    expect(c.code).toBe(1);
    expect(b.code).toBe(1);
    expect(errorLines(c.stderr)).toEqual([`${dir}: error: no dossier definitions (*.yaml) in this workspace folder`]);
    expect(errorLines(b.stderr)).toEqual(errorLines(c.stderr));
    expect(c.stderr).toContain('hint: a dossier definition is a .yaml file');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('the memory budget is weighed by check as by build, at the dossier id', () => {
    const dir = copyWorkspace();
    const env = { DOSSIER_MEMORY_BUDGET_MIB: '1' };
    const c = runCli(['check', '--root', '.'], dir, env);
    const b = runCli(['build', '--root', '.', '--out', 'out', '--jobs', '1'], dir, env);
    expect(c.code).toBe(1);
    expect(b.code).toBe(1);
    expect(errorLines(c.stderr)[0]).toMatch(/^brief(-ar)?\.yaml:1:5: error: this dossier prints [\d,]+ characters: building it would take about/);
    expect(errorLines(c.stderr).sort()).toEqual(errorLines(b.stderr).sort());
  });

  it('a copied template missing a label for the dossier language: both fail at the template line, nothing printed as the key', () => {
    const dir = copyWorkspace();
    const tpl = path.join(dir, 'templates/mine');
    fs.cpSync(path.join(REPO, 'templates/briefing'), tpl, { recursive: true });
    const labels = path.join(tpl, 'labels.yaml');
    fs.writeFileSync(labels, fs.readFileSync(labels, 'utf8').replace(/^ {2}disputed: .*\n/gm, ''));
    for (const f of ['brief.yaml', 'brief-ar.yaml']) fs.appendFileSync(path.join(dir, f), 'template: mine\n');
    const c = runCli(['check', '--root', '.'], dir);
    const b = runCli(['build', '--root', '.', '--out', 'out', '--jobs', '1'], dir);
    expect(c.code).toBe(1);
    expect(b.code).toBe(1);
    // Where the cover partial asks for the label (line and column of its `{{t "disputed"}}`).
    const cover = fs.readFileSync(path.join(tpl, 'partials/cover.hbs'), 'utf8').split('\n');
    const line = cover.findIndex((l) => l.includes('{{t "disputed"}}'));
    const at = `${line + 1}:${cover[line]!.indexOf('{{t "disputed"}}') + 1}`;
    expect(errorLines(c.stderr)).toEqual([
      `templates/mine/partials/cover.hbs:${at}: error: label "disputed" is not in labels.yaml for "ar" (nor for "en", which stands in for missing labels)`,
      `templates/mine/partials/cover.hbs:${at}: error: label "disputed" is not in labels.yaml for "en"`,
    ]);
    expect(new Set(errorLines(b.stderr))).toEqual(new Set(errorLines(c.stderr)));
    expect(fs.existsSync(path.join(dir, 'out/brief.pdf'))).toBe(false);
  });
});
