/**
 * `dossier quote find` as an editor runs it on the sample workspace: the passage, where it
 * stands, each forgiven difference named, the evidence item to paste; --json; exit 1 with the
 * nearest passages when nothing is close; exit 2 for a source that does not exist.
 */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const ROOT = ['--root', 'dossiers'];

describe('dossier quote find', () => {
  it('finds a passage typed with a full-width comma and prints it with its place, the difference and the evidence', () => {
    const r = runCli(['quote', 'find', 'okx-ai-sun-yuchen-mostaque-zh', '并投资了许多电子游戏和AI项目\uff0c并收益颇丰', ...ROOT]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('found approximately at dossiers/sources/okx-ai-sun-yuchen-mostaque-zh.txt:55:');
    expect(r.stdout).toContain('\n  并投资了许多电子游戏和AI项目,并收益颇丰\n');
    expect(r.stdout).toMatch(/55:\d+ look-alike: the text has U\+FF0C FULLWIDTH COMMA where the source has U\+002C COMMA/);
    const yaml = r.stdout.slice(r.stdout.indexOf('    - source:'));
    expect(parse(yaml.replace(/^ {4}/gm, ''))).toEqual([{ source: 'okx-ai-sun-yuchen-mostaque-zh', quote: '并投资了许多电子游戏和AI项目,并收益颇丰' }]);
  });

  it('--json prints one object with the passage, the named differences and the evidence', () => {
    const typed = 'مما ترك المال احتياطيا قدره 4 ملايين دولار فقط بحلول اكتوبر الماضى';
    const r = runCli(['quote', 'find', 'zephyrnet-stability-aws-bills-ar', typed, ...ROOT, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.found).toBe(true);
    expect(j.passage).toMatchObject({
      stage: 'approximate',
      line: 9,
      col: 173,
      paragraph: 5,
      edits: 0,
      text: 'مما ترك المال احتياطيًا قدره 4 ملايين دولار فقط بحلول أكتوبر الماضي',
    });
    expect(j.differences.map((d: { message: string }) => d.message)).toContain(
      'the text has U+0649 ARABIC LETTER ALEF MAKSURA where the source has U+064A ARABIC LETTER YEH',
    );
    expect(j.differences[1]).toMatchObject({ kind: 'look-alike', text: { code: 'U+0627', name: 'ARABIC LETTER ALEF' }, source: { code: 'U+0623' } });
    expect(parse(j.evidence)[0].quote).toBe(j.passage.quote);
  });

  it('an exact quote is found exactly, with no differences', () => {
    const r = runCli(['quote', 'find', 'zephyrnet-stability-aws-bills-ar', 'ملايين دولار فقط بحلول أكتوبر', ...ROOT]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^found exactly at dossiers\/sources\/zephyrnet-stability-aws-bills-ar\.txt:9:\d+ \(paragraph 5\)\n/);
    expect(r.stdout).not.toContain('differences:');
  });

  it('exits 1 with the nearest passages when nothing is close', () => {
    const r = runCli(['quote', 'find', 'okx-ai-sun-yuchen-mostaque-zh', 'the board voted to dissolve the company', ...ROOT]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^dossiers\/sources\/okx-ai-sun-yuchen-mostaque-zh\.txt: error: nothing in the snapshot of source "okx-ai-sun-yuchen-mostaque-zh" is close to the text: the nearest passage differs by \d+ typos, and close means at most 6/m,
    );
    expect(r.stderr).toMatch(/\n {2}hint: /);
    expect(r.stdout).toMatch(/^nearest passages:\n {2}dossiers\/sources\/okx-ai-sun-yuchen-mostaque-zh\.txt:\d+:\d+ \(paragraph \d+\), \d+ typos: "/);
    const j = JSON.parse(runCli(['quote', 'find', 'okx-ai-sun-yuchen-mostaque-zh', 'the board voted to dissolve the company', ...ROOT, '--json']).stdout);
    expect(j.found).toBe(false);
    expect(j.nearest.length).toBeGreaterThan(0);
  });

  it('a source that does not exist is a usage error with a guess', () => {
    const r = runCli(['quote', 'find', 'zephyrnet-stability-aws-bill-ar', 'x', ...ROOT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "zephyrnet-stability-aws-bills-ar"?');
    expect(runCli(['quote', 'find', '../claims/x', 'x', ...ROOT]).code).toBe(2);
  });
});
