/**
 * Issue 15 item 7: check --json and list --json, --quiet, aligned list columns, counts in the
 * singular and plural, no colour codes, `dossier completion bash|zsh|fish`; item 9: --help
 * states the default --jobs rule.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyWorkspace, runCli } from '../helpers/cli.js';

const ANSI = /\x1b\[/;

/** A workspace made by `dossier init`: one source, two claims, two quotes, one dossier. */
function initWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-polish-'));
  expect(runCli(['init', 'ws'], dir).code).toBe(0);
  return path.join(dir, 'ws');
}

/** The mini workspace with a claim quoting a source that does not exist: errors. */
function brokenWorkspace(): string {
  const ws = copyWorkspace();
  fs.rmSync(path.join(ws, 'sources/beta.yaml'));
  fs.rmSync(path.join(ws, 'sources/beta.txt'));
  return ws;
}

const COMMANDS = ['init', 'source', 'source add', 'verify', 'build', 'release', 'check', 'list', 'quote', 'quote find', 'schema', 'completion'];

describe('check', () => {
  it('counts in the singular and the plural: "1 source", "1 dossier"', () => {
    const r = runCli(['check', '--root', initWorkspace()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('ok: 1 source, 2 claims, 2 quotes verified, 1 dossier; 0 errors, 0 warnings\n');
  });

  it('--json prints one object: ok, counts, diagnostics', () => {
    const ok = runCli(['check', '--root', initWorkspace(), '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(ok.stdout)).toEqual({ ok: true, counts: { sources: 1, claims: 2, quotes: 2, dossiers: 1 }, diagnostics: [] });

    const ws = brokenWorkspace();
    const bad = runCli(['check', '--root', '.', '--json'], ws);
    expect(bad.code).toBe(1);
    const j = JSON.parse(bad.stdout);
    expect(j.ok).toBe(false);
    expect(j.diagnostics.length).toBeGreaterThan(0);
    for (const d of j.diagnostics) {
      expect(Object.keys(d)).toEqual(expect.arrayContaining(['file', 'severity', 'message']));
      expect(path.isAbsolute(d.file)).toBe(false);
    }
    expect(j.diagnostics.some((d: { severity: string; line: number }) => d.severity === 'error' && d.line > 0)).toBe(true);
  });

  it('--quiet prints nothing on success and the errors on failure', () => {
    const ok = runCli(['check', '--root', initWorkspace(), '--quiet']);
    expect(ok).toEqual({ code: 0, stdout: '', stderr: '' });
    const bad = runCli(['check', '--root', brokenWorkspace(), '--quiet']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/:\d+:\d+: error: /);
    expect(bad.stderr).not.toMatch(/: warning: /);
  });
});

describe('list', () => {
  it('prints aligned columns', () => {
    const r = runCli(['list', '--root', copyWorkspace()]);
    expect(r.code, r.stderr).toBe(0);
    const claims = r.stdout.split('\n').filter((l) => /^ {2}(resigned-march-2024|raised-101m) /.test(l));
    expect(claims).toHaveLength(2);
    // The status column starts at the same place on every line, after the longest id.
    const at = claims.map((l) => l.search(/(corroborated|single-source)/));
    expect(new Set(at).size).toBe(1);
    expect(at[0]).toBe('  resigned-march-2024  '.length);
    expect(r.stdout).toMatch(/^ {2}raised-101m {10}single-source {2}\(1 evidence item\)$/m);
    expect(r.stdout).toMatch(/^ {2}alpha {2}ar {2}Alpha Daily$/m);
  });

  it('--json prints one object with the dossiers, claims and sources', () => {
    const r = runCli(['list', '--root', '.', '--json'], copyWorkspace());
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.ok).toBe(true);
    expect(j.dossiers.map((d: { id: string }) => d.id).sort()).toEqual(['brief', 'brief-ar']);
    expect(j.dossiers.find((d: { id: string }) => d.id === 'brief')).toMatchObject({ file: 'brief.yaml', version: '1.0.0', language: 'en' });
    expect(j.claims).toContainEqual({ id: 'raised-101m', status: 'single-source', evidence: 1 });
    expect(j.sources).toContainEqual(expect.objectContaining({ id: 'alpha', language: 'ar', publisher: 'Alpha Daily' }));
    expect(j.diagnostics).toEqual([]);
  });

  it('--quiet prints nothing on success', () => {
    expect(runCli(['list', '--root', copyWorkspace(), '--quiet'])).toEqual({ code: 0, stdout: '', stderr: '' });
    const bad = runCli(['list', '--root', brokenWorkspace(), '--quiet']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/: error: /);
  });
});

describe('build --quiet', () => {
  it('prints nothing when every dossier is built', () => {
    const ws = copyWorkspace();
    const r = runCli(['build', 'brief.yaml', '--out', 'out', '--quiet'], ws);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.existsSync(path.join(ws, 'out/brief.pdf'))).toBe(true);
  }, 60000);
});

describe('no colour', () => {
  it('prints no ANSI escape codes, even asked for colour (FORCE_COLOR) and with NO_COLOR', () => {
    const ws = brokenWorkspace();
    for (const env of [{ FORCE_COLOR: '1' }, { NO_COLOR: '1' }] as Record<string, string>[])
      for (const args of [['check', '--root', ws], ['list', '--root', ws], ['--help'], ['build', '--help'], ['check', '--bogus']]) {
        const r = runCli(args, undefined, env);
        expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(ANSI);
      }
  });
});

describe('build --help', () => {
  it('states the default --jobs rule', () => {
    const r = runCli(['build', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(
      /--jobs <n> dossiers built at once, by the main thread and N-1 worker threads; 1 builds in the main thread alone \(default: the main thread/,
    );
  });
});

describe('build without --jobs', () => {
  it('builds a few dossiers in the main thread (fewer than 2 per core, or 2 cores or fewer)', () => {
    const r = runCli(['build', '--root', '.', '--out', 'out'], copyWorkspace());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^built 2 of 2 dossiers in [\d.]+ s \(in this thread\)$/m);
  }, 60000);
});

describe('dossier completion', () => {
  it('bash: a script bash accepts (bash -n) that names every command and option', () => {
    const r = runCli(['completion', 'bash']);
    expect(r.code, r.stderr).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`'${c}'`);
    for (const o of ['--root', '--jobs', '--json', '--quiet', '--shard', '--archive', '--no-tags']) expect(r.stdout).toContain(o);
    expect(r.stdout).toMatch(/^complete -o filenames -F _dossier_completion dossier$/m);
    const bash = spawnSync('bash', ['-n'], { input: r.stdout, encoding: 'utf8' });
    if (bash.error) return; // no bash on this machine
    expect(bash.status, bash.stderr).toBe(0);
  });

  it('bash: completes commands, subcommands, options and folders', () => {
    const script = runCli(['completion', 'bash']).stdout;
    const complete = (...words: string[]) => {
      const r = spawnSync(
        'bash',
        [
          '-c',
          `${script}\nCOMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _dossier_completion; printf '%s\\n' "\${COMPREPLY[@]}"`,
          'bash',
          'dossier',
          ...words,
        ],
        { encoding: 'utf8', cwd: path.join(import.meta.dirname, '../..') },
      );
      return r.stdout.split('\n').filter(Boolean);
    };
    if (spawnSync('bash', ['--version']).error) return;
    expect(complete('b')).toEqual(['build']);
    expect(complete('build', '--j')).toEqual(['--jobs', '--json']);
    expect(complete('quote', '')).toEqual(['find', '--help']);
    expect(complete('quote', 'find', '--')).toEqual(['--root', '--json', '--help']);
    expect(complete('--root', 'dossiers', 'li')).toEqual(['list']);
    expect(complete('build', '--root', 'dossie')).toEqual(['dossiers']);
    expect(complete('source', 'add', '--id', '')).toEqual([]);
  });

  it('zsh and fish: scripts naming every command', () => {
    const zsh = runCli(['completion', 'zsh']);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toMatch(/^#compdef dossier\n/);
    expect(zsh.stdout).toContain('bashcompinit');
    for (const c of COMMANDS) expect(zsh.stdout).toContain(`'${c}'`);
    const fish = runCli(['completion', 'fish']);
    expect(fish.code).toBe(0);
    for (const c of COMMANDS) expect(fish.stdout).toContain(` -a ${c.split(' ').at(-1)} `);
    expect(fish.stdout).toContain("complete -c dossier -n '__fish_seen_subcommand_from quote; and not __fish_seen_subcommand_from find' -a find");
    expect(fish.stdout).toContain("-l root -r -a '(__fish_complete_directories)'");
    for (const [shell, check] of [
      ['zsh', ['zsh', '-n']],
      ['fish', ['fish', '--no-execute']],
    ] as const) {
      const r = spawnSync(check[0], [check[1]], { input: shell === 'zsh' ? zsh.stdout : fish.stdout, encoding: 'utf8' });
      if (!r.error) expect(r.status, r.stderr).toBe(0);
    }
  });

  it('another shell is a usage error (exit 2)', () => {
    const r = runCli(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: completion takes bash, zsh or fish (got "tcsh")\n');
  });
});
