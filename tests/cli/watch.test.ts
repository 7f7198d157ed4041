/**
 * Issue 15 item 6: `dossier build --watch` and `dossier check --watch`. The CLI runs in a child
 * process on a copy of the mini workspace (two dossiers: brief, in English, and brief-ar, in
 * Arabic); files are edited as an editor would, and the test waits for the lines the watch
 * prints (never for a fixed time). The oracle for the PDFs is a cold `dossier build` of the
 * same files in a fresh process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changedFiles, inputFolders, isScratchName, scanInputs } from '../../src/commands/watch-folders.js';
import { CLI, copyWorkspace, runCli } from '../helpers/cli.js';

const LONG = 120_000;

/** The watch process, with what it printed so far. */
class Watch {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[], cwd: string) {
    this.child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, DOSSIER_DEBUG: '' } });
    this.child.stdout!.setEncoding('utf8').on('data', (s: string) => (this.stdout += s));
    this.child.stderr!.setEncoding('utf8').on('data', (s: string) => (this.stderr += s));
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
  }

  lines(which: 'stdout' | 'stderr' = 'stdout'): string[] {
    return this[which].split('\n').filter(Boolean);
  }

  /** Waits until the stream has a line matching `re` after its first `from` lines; returns that line's index. */
  async line(re: RegExp, from = 0, which: 'stdout' | 'stderr' = 'stdout', ms = 90_000): Promise<number> {
    const until = Date.now() + ms;
    for (;;) {
      const i = this.lines(which).findIndex((l, k) => k >= from && re.test(l));
      if (i >= 0) return i;
      if (Date.now() > until || this.child.exitCode !== null) {
        throw new Error(`no line ${re} on ${which} after line ${from}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

const running: Watch[] = [];
afterEach(() => {
  for (const w of running.splice(0)) if (w.child.exitCode === null) w.child.kill('SIGKILL');
});

function watch(args: string[], cwd: string): Watch {
  const w = new Watch(args, cwd);
  running.push(w);
  return w;
}

/** Replaces `from` with `to` in a file the way editors save: a new file renamed over the old one. */
function edit(file: string, from: string | RegExp, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  expect(next, `${from} in ${file}`).not.toBe(text);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.swp`);
  fs.writeFileSync(tmp, next);
  fs.renameSync(tmp, file);
}

/** A cold build of the workspace as it is now, in a fresh process, into `out`. */
function coldBuild(dir: string, out: string, files = ['brief.yaml', 'brief-ar.yaml']): Record<string, Buffer> {
  const r = runCli(['build', ...files, '--out', out, '--jobs', '1'], dir);
  expect(r.code, r.stderr).toBe(0);
  return Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(dir, out, f.replace(/\.yaml$/, '.pdf')))]));
}

const pdf = (dir: string, id: string) => fs.readFileSync(path.join(dir, 'out', `${id}.pdf`));

/** Every temporary file of our writers anywhere below dir (src/io/temp-names.ts). */
function temps(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => /(^|\/)\.[^/]+\.\d+(-[0-9a-f]{8})?\.tmp$|(^|\/)\.tmp-/.test(f));
}

const TIME = '\\d\\d:\\d\\d:\\d\\d';

describe('dossier build --watch', () => {
  it(
    'builds, rebuilds only the dossier whose inputs changed, byte for byte as a cold build; other dossiers and unused claims rebuild nothing',
    async () => {
      const dir = copyWorkspace();
      const w = watch(['build', 'brief.yaml', 'brief-ar.yaml', '--out', 'out', '--watch'], dir);
      const ready = await w.line(/^watching this folder for changes \(Ctrl-C to stop\)$/);
      expect(w.lines().slice(0, ready)).toEqual([
        expect.stringMatching(new RegExp(`^${TIME} built out/brief\\.pdf: 1 page, \\d+ KB, 2 claims, 3 notes, \\d+ ms$`)),
        expect.stringMatching(new RegExp(`^${TIME} built out/brief-ar\\.pdf: 1 page, \\d+ KB, 1 claim, 2 notes, \\d+ ms$`)),
      ]);
      expect(w.stderr).toBe('');
      // The first builds, A then B, against cold builds of the same files.
      const cold1 = coldBuild(dir, 'cold1');
      expect(pdf(dir, 'brief').equals(cold1['brief.yaml']), 'brief.pdf as a cold build').toBe(true);
      expect(pdf(dir, 'brief-ar').equals(cold1['brief-ar.yaml']), 'brief-ar.pdf as a cold build').toBe(true);
      const arBefore = pdf(dir, 'brief-ar');

      // A claim only brief selects (tag funding): brief is rebuilt (A again, after B), brief-ar is not.
      edit(path.join(dir, 'claims/main.yaml'), 'The company raised $101 million', 'The company raised 101 million dollars');
      const rebuilt = await w.line(/rebuilt/, ready);
      expect(w.lines()[rebuilt]).toMatch(
        new RegExp(`^${TIME} rebuilt out/brief\\.pdf: 1 page, \\d+ KB, 2 claims, 3 notes, \\d+ ms \\(claims/main\\.yaml changed\\)$`),
      );

      // A claim no dossier selects, in a new file: nothing is rebuilt, and the watch says so.
      fs.writeFileSync(
        path.join(dir, 'claims/unused.yaml'),
        '- id: unused-claim\n  statement: Not in any dossier.\n  tags: [elsewhere]\n  evidence:\n    - source: beta\n      quote: "The company had raised $101 million"\n',
      );
      const unused = await w.line(/unused/, rebuilt + 1);
      expect(w.lines()[unused]).toMatch(new RegExp(`^${TIME} claims/unused\\.yaml changed: no dossier uses it; nothing rebuilt$`));
      // Exactly one rebuild between: brief's.
      expect(w.lines().slice(rebuilt, unused)).toHaveLength(1);
      expect(w.stderr).toBe('');
      expect(pdf(dir, 'brief-ar').equals(arBefore)).toBe(true);

      // A, B, A in one process: each PDF is the bytes of a cold build of the same files.
      const cold2 = coldBuild(dir, 'cold2');
      expect(cold2['brief.yaml'].equals(cold1['brief.yaml']), 'the edit changes the PDF').toBe(false);
      expect(pdf(dir, 'brief').equals(cold2['brief.yaml']), 'brief.pdf rebuilt as a cold build').toBe(true);
      expect(pdf(dir, 'brief-ar').equals(cold2['brief-ar.yaml'])).toBe(true);

      // The Arabic statement of a claim both select: only brief-ar prints it, so only it is rebuilt (B after A).
      edit(path.join(dir, 'claims/main.yaml'), 'استقال مصطفى من منصب', 'استقال السيد مصطفى من منصب');
      const arabic = await w.line(/rebuilt/, unused + 1);
      expect(w.lines()[arabic]).toMatch(/^\S+ rebuilt out\/brief-ar\.pdf: .* \(claims\/main\.yaml changed\)$/);
      const cold3 = coldBuild(dir, 'cold3');
      expect(pdf(dir, 'brief').equals(cold3['brief.yaml'])).toBe(true);
      expect(pdf(dir, 'brief-ar').equals(cold3['brief-ar.yaml']), 'the Arabic dossier after the English one, as a cold build').toBe(true);
      expect(cold3['brief-ar.yaml'].equals(cold2['brief-ar.yaml'])).toBe(false);

      // Ctrl-C: exit 130, and nothing left behind.
      w.child.kill('SIGINT');
      const end = await w.exited;
      expect(w.lines().slice(arabic + 1)).toEqual(['stopped watching (SIGINT)']);
      expect(end.code, w.stderr).toBe(130);
      expect(temps(dir)).toEqual([]);
      expect(w.stderr).toBe('');
    },
    LONG * 2,
  );

  it(
    'a broken claim: the error with file:line:col, the last good PDF kept, watching on; fixed: rebuilt',
    async () => {
      const dir = copyWorkspace();
      const w = watch(['build', '--root', '.', '--out', 'out', '--watch'], dir);
      const ready = await w.line(/^watching /);
      const good = pdf(dir, 'brief');
      const mtime = fs.statSync(path.join(dir, 'out/brief.pdf')).mtimeMs;
      const claims = path.join(dir, 'claims/main.yaml');

      edit(claims, '  tags: [funding]', '  tags: [funding');
      const failed = await w.line(/nothing rebuilt/, 0, 'stderr');
      const err = w.lines('stderr');
      // The diagnostic as `dossier build` prints it: file:line:col, message, hint.
      const position = fs
        .readFileSync(claims, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('[funding'));
      expect(err.slice(0, failed).join('\n')).toMatch(new RegExp(`^claims/main\\.yaml:${position + 1}:\\d+: error: .+\\n  hint: .+`, 'm'));
      expect(err[failed]).toMatch(
        new RegExp(`^${TIME} 1 error, 0 warnings \\(claims/main\\.yaml changed\\); nothing rebuilt; kept the last good out/brief-ar\\.pdf, out/brief\\.pdf$`),
      );
      expect(pdf(dir, 'brief').equals(good)).toBe(true);
      expect(fs.statSync(path.join(dir, 'out/brief.pdf')).mtimeMs).toBe(mtime);
      expect(w.child.exitCode).toBe(null);

      // Fixed as it was: nothing to rebuild, and the watch says the PDFs are up to date.
      edit(claims, / {2}tags: \[funding\n/, '  tags: [funding]\n');
      const same = await w.line(/out\/brief\.pdf is up to date/, ready + 1);
      expect(w.lines()[same]).toMatch(
        new RegExp(`^${TIME} out/brief\\.pdf is up to date: its inputs are as when it was built \\(claims/main\\.yaml changed\\)$`),
      );
      expect(
        w
          .lines()
          .slice(ready + 1, same + 1)
          .filter((l) => / rebuilt /.test(l)),
      ).toEqual([]);
      expect(pdf(dir, 'brief').equals(good)).toBe(true);

      // Then the edit the author meant: rebuilt.
      edit(claims, 'The company raised $101 million', 'The company raised 101 million dollars');
      const fixed = await w.line(/rebuilt out\/brief\.pdf/, same + 1);
      expect(w.lines()[fixed]).toMatch(new RegExp(`^${TIME} rebuilt out/brief\\.pdf: `));
      expect(pdf(dir, 'brief').equals(good)).toBe(false);
      expect(pdf(dir, 'brief').equals(coldBuild(dir, 'cold', ['brief.yaml'])['brief.yaml'])).toBe(true);

      // A new claims file with a claim brief selects (tag funding): brief is rebuilt; removed: again.
      const extra = path.join(dir, 'claims/extra.yaml');
      fs.writeFileSync(
        extra,
        '- id: extra-claim\n  statement: More money.\n  tags: [funding]\n  evidence:\n    - source: beta\n      quote: "The company had raised $101 million"\n',
      );
      const added = await w.line(/claims\/extra\.yaml changed/, fixed + 1);
      expect(w.lines()[added]).toMatch(
        new RegExp(`^${TIME} rebuilt out/brief\\.pdf: 1 page, \\d+ KB, 3 claims, 4 notes, \\d+ ms \\(claims/extra\\.yaml changed\\)$`),
      );
      fs.rmSync(extra);
      const removed = await w.line(/claims\/extra\.yaml changed/, added + 1);
      expect(w.lines()[removed]).toMatch(/ rebuilt out\/brief\.pdf: 1 page, \d+ KB, 2 claims, 3 notes, /);

      // A broken definition fails that dossier alone, with its error; the watch goes on.
      edit(path.join(dir, 'brief.yaml'), 'title: Mini briefing', 'title: Mini briefing\ntemplate: nope');
      const alone = await w.line(/failed brief /, failed + 1, 'stderr');
      expect(w.lines('stderr')[alone]).toMatch(
        new RegExp(`^${TIME} failed brief \\(brief\\.yaml\\): 1 error \\(brief\\.yaml changed\\); kept the last good out/brief\\.pdf$`),
      );
      expect(w.lines('stderr')[alone - 2]).toMatch(/^brief\.yaml:\d+:11: error: unknown template "nope"$/);
      w.child.kill('SIGINT');
      expect((await w.exited).code).toBe(130);
      expect(temps(dir)).toEqual([]);
    },
    LONG,
  );

  it(
    '--json: one JSON line per build on standard output, the rest on standard error; SIGTERM: exit 143, no temporary file; --jobs is a usage error',
    async () => {
      const dir = copyWorkspace();
      const w = watch(['build', 'brief.yaml', '--out', 'out', '--watch', '--json'], dir);
      await w.line(/^watching /, 0, 'stderr');
      expect(w.lines('stderr')[0]).toMatch(new RegExp(`^${TIME} built out/brief\\.pdf: `));
      const built = JSON.parse(w.lines()[0]) as { id: string; ok: boolean; pdf: string; sha256: string };
      expect(built).toMatchObject({ id: 'brief', ok: true, pdf: 'out/brief.pdf' });
      expect(built.sha256).toBe(crypto.createHash('sha256').update(pdf(dir, 'brief')).digest('hex'));
      w.child.kill('SIGTERM');
      expect((await w.exited).code).toBe(143);
      expect(w.lines()).toHaveLength(1);
      expect(temps(dir)).toEqual([]);
      expect(fs.readdirSync(path.join(dir, 'out'))).toEqual(['brief.pdf']);

      const r = runCli(['build', 'brief.yaml', '--watch', '--jobs', '2'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: --watch builds in this thread, kept warm between builds; leave out --jobs$/m);
    },
    LONG,
  );
});

describe('what the watch looks at', () => {
  it("editors' scratch files are not inputs; a file made and removed within a burst is no change; inputs elsewhere are watched by name", () => {
    for (const name of ['.main.yaml.swp', 'main.yaml~', '#main.yaml#', '4913', '.brief.pdf.123-0a1b2c3d.tmp']) expect(isScratchName(name), name).toBe(true);
    for (const name of ['main.yaml', 'alpha.txt', 'document.hbs']) expect(isScratchName(name), name).toBe(false);

    const dir = copyWorkspace();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-elsewhere-'));
    fs.writeFileSync(path.join(elsewhere, 'other.yaml'), 'id: other\n');
    fs.writeFileSync(path.join(elsewhere, 'unrelated.yaml'), 'id: unrelated\n');
    const folders = inputFolders(dir, [], [path.join(elsewhere, 'other.yaml'), path.join(dir, 'sources/alpha.txt')]);
    const before = scanInputs(folders);
    expect([...before.keys()].map((f) => path.relative(dir, f)).sort()).toEqual(
      [
        'brief-ar.yaml',
        'brief.yaml',
        'claims/main.yaml',
        'sources/alpha.txt',
        'sources/alpha.yaml',
        'sources/beta.txt',
        'sources/beta.yaml',
        path.relative(dir, path.join(elsewhere, 'other.yaml')),
      ].sort(),
    );
    fs.writeFileSync(path.join(dir, 'claims/4913'), '');
    fs.writeFileSync(path.join(dir, 'claims/new.yaml'), '- id: x\n');
    fs.writeFileSync(path.join(dir, 'claims/notes.txt'), 'not a claims file');
    fs.rmSync(path.join(dir, 'claims/4913'));
    fs.rmSync(path.join(dir, 'sources/beta.txt'));
    fs.appendFileSync(path.join(elsewhere, 'other.yaml'), 'title: x\n');
    fs.appendFileSync(path.join(elsewhere, 'unrelated.yaml'), 'title: x\n');
    expect(changedFiles(before, scanInputs(folders))).toEqual(
      [path.join(dir, 'claims/new.yaml'), path.join(dir, 'sources/beta.txt'), path.join(elsewhere, 'other.yaml')].sort(),
    );
    // The PDFs of an output folder are never inputs, even with --out sources.
    fs.writeFileSync(path.join(dir, 'sources/brief.pdf'), '%PDF-');
    expect(scanInputs(inputFolders(dir, [], [], path.join(dir, 'sources'))).has(path.join(dir, 'sources/brief.pdf'))).toBe(false);
    expect(scanInputs(inputFolders(dir, [], [])).has(path.join(dir, 'sources/brief.pdf'))).toBe(true);
  });
});

describe('dossier check --watch', () => {
  it(
    'checks, then again on every change: ok, the errors, ok again',
    async () => {
      const dir = copyWorkspace();
      const w = watch(['check', '--root', '.', '--watch'], dir);
      const ready = await w.line(/^watching /);
      expect(w.lines()[0]).toMatch(new RegExp(`^${TIME} ok: 2 sources, 2 claims, 3 quotes verified, 2 dossiers; 0 errors, 0 warnings$`));
      expect(ready).toBe(1);

      edit(path.join(dir, 'claims/main.yaml'), 'quote: "The company had raised $101 million"', 'quote: "The company had raised $102 million"');
      const failed = await w.line(/claims\/main\.yaml changed: 1 error, 0 warnings$/, 0, 'stderr');
      expect(w.lines('stderr').slice(0, failed).join('\n')).toMatch(/^claims\/main\.yaml:\d+:\d+: error: .*quote/m);

      edit(path.join(dir, 'claims/main.yaml'), '$102 million', '$101 million');
      await w.line(new RegExp(`^${TIME} claims/main\\.yaml changed: ok: 2 sources`), ready + 1);
      w.child.kill('SIGINT');
      expect((await w.exited).code).toBe(130);
    },
    LONG,
  );
});
