/**
 * A style class chosen by data (`class="evidence-{{stance}}"` in the briefing's claim partial)
 * that the template's styles.yaml does not define: `check` and `build` both refuse it, at the
 * dossier's template, naming the class; nothing is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyWorkspace, REPO, runCli } from '../helpers/cli.js';

const errorLines = (s: string) => s.split('\n').filter((l) => /: error: /.test(l));

describe('style classes chosen by data', () => {
  it('a stance class missing from a copied template fails check and build alike', () => {
    const dir = copyWorkspace();
    const house = path.join(dir, 'templates', 'house');
    fs.cpSync(path.join(REPO, 'templates', 'briefing'), house, { recursive: true });
    const styles = path.join(house, 'styles.yaml');
    const without = fs.readFileSync(styles, 'utf8').replace(/^evidence-supports: .*\n/m, '');
    expect(without).not.toContain('evidence-supports');
    fs.writeFileSync(styles, without);
    fs.writeFileSync(path.join(dir, 'brief.yaml'), fs.readFileSync(path.join(dir, 'brief.yaml'), 'utf8') + 'template: house\n');
    const c = runCli(['check', '--root', '.', 'brief.yaml'], dir);
    const b = runCli(['build', '--root', '.', '--out', 'out', '--jobs', '1', 'brief.yaml'], dir);
    expect(c.code).toBe(1);
    expect(b.code).toBe(1);
    const lines = errorLines(c.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^brief\.yaml:\d+:\d+: error: the template "house" gives a block the style class "evidence-supports", which its styles\.yaml does not define/,
    );
    expect(errorLines(b.stderr)).toEqual(lines);
    expect(c.stderr).toContain('hint: define "evidence-supports"');
    expect(fs.existsSync(path.join(dir, 'out', 'brief.pdf'))).toBe(false);
  });
});
