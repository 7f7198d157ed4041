import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, copyWorkspace, runCli } from '../helpers/cli.js';
import { snapshotTree } from '../release/helpers.js';

const NO_STACK = /\n\s+at .+:\d+:\d+/;
const EPOCH = { SOURCE_DATE_EPOCH: '1767225600' }; // 2026-01-01
const REQUIRED = ['--title', 'Harbour notice', '--publisher', 'Test Desk', '--language', 'en'];

/** The mini workspace, and a snapshot file beside it (outside the workspace). */
function setup(bytes: Buffer | string = 'The pier will reopen in July, the harbour master said.\n') {
  const ws = copyWorkspace();
  const file = path.join(path.dirname(ws), `${path.basename(ws)}-article.txt`);
  fs.writeFileSync(file, bytes);
  return { ws, file };
}

function addClaimQuoting(ws: string, source: string, quote: string): void {
  fs.writeFileSync(
    path.join(ws, 'claims/added.yaml'),
    `- id: added-claim\n  statement: "A claim on the added source."\n  evidence:\n    - source: ${source}\n      quote: ${JSON.stringify(quote)}\n`,
  );
}

describe('dossier source add', () => {
  it('copies the snapshot byte for byte, writes the metadata with the modeline, and the workspace checks clean with a claim quoting it', () => {
    // A byte-order mark and CRLF line ends are kept as they are: the copy is the file.
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Le quai rouvrira en juillet,\r\na déclaré la capitainerie.\r\n')]);
    const { ws, file } = setup(bytes);
    const args = [
      'source',
      'add',
      file,
      '--id',
      'harbour-notice',
      '--title',
      'Avis: "quai" \\ port',
      '--publisher',
      'Test Desk',
      '--language',
      'fr',
      '--published',
      '2025-12-30',
      '--author',
      'A. Writer',
      '--url',
      'https://example.org/notice?a=1&b=2',
      '--archive-url',
      'https://archive.example.org/x',
      '--title-translation',
      'Notice: the pier',
      '--root',
      ws,
    ];
    const r = runCli(args, ws, EPOCH);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const sha = (bytes: Buffer) => spawnSync('sha256sum', { input: bytes, encoding: 'utf8' }).stdout.slice(0, 12);
    expect(r.stdout).toBe(
      `wrote sources/harbour-notice.txt (${bytes.length} bytes, sha256 ${sha(bytes)}…, copied from ../${path.basename(file)})\n` +
        'wrote sources/harbour-notice.yaml (accessed 2026-01-01)\n' +
        'next: quote it in a claim (claims/*.yaml) with "source: harbour-notice", then dossier check\n',
    );
    expect(fs.readFileSync(path.join(ws, 'sources/harbour-notice.txt')).equals(bytes)).toBe(true);
    expect(fs.readFileSync(path.join(ws, 'sources/harbour-notice.yaml'), 'utf8')).toBe(
      [
        '# yaml-language-server: $schema=../schemas/source.schema.json',
        'id: "harbour-notice"',
        'title: "Avis: \\"quai\\" \\\\ port"',
        'title_translation: "Notice: the pier"',
        'publisher: "Test Desk"',
        'author: "A. Writer"',
        'language: "fr"',
        'published: "2025-12-30"',
        'accessed: "2026-01-01"',
        'url: "https://example.org/notice?a=1&b=2"',
        'archive_url: "https://archive.example.org/x"',
        '',
      ].join('\n'),
    );
    addClaimQuoting(ws, 'harbour-notice', 'Le quai rouvrira en juillet, a déclaré la capitainerie.');
    const check = runCli(['check', '--root', ws]);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^ok: 3 sources, 3 claims, 4 quotes verified/);
    // The list shows it with its publisher.
    expect(runCli(['list', '--root', ws]).stdout).toMatch(/^ {2}harbour-notice {2}fr {2}Test Desk$/m);
  });

  it('reads the snapshot from standard input with -; accessed is today (UTC) without SOURCE_DATE_EPOCH', () => {
    const ws = copyWorkspace();
    const text = 'Der Anleger öffnet im Juli wieder.\n';
    const env = { ...process.env };
    delete env.SOURCE_DATE_EPOCH;
    const r = spawnSync(
      process.execPath,
      [CLI, 'source', 'add', '-', '--id', 'from-stdin', '--title', 'Anleger', '--publisher', 'Test Desk', '--language', 'de'],
      { cwd: path.dirname(ws), input: text, encoding: 'utf8', env: { ...env, PWD: '' } },
    );
    // --root defaults to dossiers/: run from a folder whose dossiers/ is the workspace.
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: workspace folder not found: dossiers\n {2}hint: make one with dossier init dossiers, or name it with --root DIR$/m);

    const before = new Date().toISOString().slice(0, 10);
    const ok = spawnSync(
      process.execPath,
      [CLI, 'source', 'add', '-', '--id', 'from-stdin', '--title', 'Anleger', '--publisher', 'Test Desk', '--language', 'de', '--root', ws],
      { cwd: ws, input: text, encoding: 'utf8', env },
    );
    const after = new Date().toISOString().slice(0, 10);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^wrote sources\/from-stdin\.txt \(\d+ bytes, sha256 [0-9a-f]{12}…, copied from standard input\)$/m);
    expect(fs.readFileSync(path.join(ws, 'sources/from-stdin.txt'), 'utf8')).toBe(text);
    const accessed = /accessed: "(\d{4}-\d{2}-\d{2})"/.exec(fs.readFileSync(path.join(ws, 'sources/from-stdin.yaml'), 'utf8'))![1];
    expect([before, after]).toContain(accessed);
    addClaimQuoting(ws, 'from-stdin', 'Der Anleger öffnet im Juli wieder.');
    expect(runCli(['check', '--root', ws]).code).toBe(0);
  });

  it('refuses an id whose files exist (exit 1, the files named); nothing changes', () => {
    const { ws, file } = setup();
    const before = snapshotTree(ws);
    const r = runCli(['source', 'add', file, '--id', 'beta', ...REQUIRED, '--root', ws], ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'sources/beta.txt: error: a file of that name exists already; it is never overwritten\n' +
        '  hint: choose another --id, or remove the old source (sources/beta.yaml and its snapshot) first\n' +
        'sources/beta.yaml: error: a file of that name exists already; it is never overwritten\n' +
        '  hint: choose another --id, or remove the old source (sources/beta.yaml and its snapshot) first\n' +
        'nothing was written\n',
    );
    // A snapshot alone with that name is in the way too, and so is <id>.yml.
    fs.writeFileSync(path.join(ws, 'sources/gamma.yml'), 'id: gamma\n');
    const yml = runCli(['source', 'add', file, '--id', 'gamma', ...REQUIRED, '--root', ws], ws);
    expect(yml.code).toBe(1);
    expect(yml.stderr).toMatch(/^sources\/gamma\.yml: error: a file of that name exists already/m);
    fs.rmSync(path.join(ws, 'sources/gamma.yml'));
    expect(snapshotTree(ws)).toEqual(before);
  });

  it("refuses bad option values with the workspace validators' messages (exit 2), every one at once; nothing written", () => {
    const { ws, file } = setup();
    const before = snapshotTree(ws);
    const r = runCli(
      ['source', 'add', file, '--id', 'Harbour_Notice', '--title', 'T', '--publisher', '', '--language', 'english', '--published', '2025-02-30', '--root', ws],
      ws,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      [
        'error: --id "Harbour_Notice" is not a valid id',
        '  hint: use lowercase letters, digits and single hyphens, e.g. "harbour-notice"',
        'error: --publisher is empty',
        'error: --language "english" is not a BCP 47 language tag',
        '  hint: e.g. en, ar, fa, zh-Hans, zh-Hant, ja, ko',
        'error: --published "2025-02-30" is not a date',
        '  hint: write dates as YYYY-MM-DD, e.g. 2024-03-23',
        '',
      ].join('\n'),
    );
    expect(runCli(['source', 'add', file, '--id', 'x', '--title', 'bell\u0007', '--publisher', 'P', '--language', 'en', '--root', ws], ws).stderr).toMatch(
      /^error: --title contains a control character \(U\+0007\) at character 5$/m,
    );
    const missing = runCli(['source', 'add', file, '--id', 'x', '--root', ws], ws);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '--title <title>' not specified/);
    const noFile = runCli(['source', 'add', 'no-such.txt', '--id', 'x', ...REQUIRED, '--root', ws], ws);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/^error: no such file: no-such\.txt\n {2}hint: name the text file of the snapshot, or - to read it from standard input$/m);
    expect(runCli(['source', 'add', file, '--id', 'x', ...REQUIRED, '--root', ws], ws, { SOURCE_DATE_EPOCH: 'yesterday' }).stderr).toMatch(
      /^error: SOURCE_DATE_EPOCH "yesterday" is not a number of seconds/m,
    );
    expect(snapshotTree(ws)).toEqual(before);
  });

  it.each([
    [
      'UTF-16 with a byte-order mark',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('The pier\n', 'utf16le')]),
      /^(\S+):1:1: error: the snapshot is UTF-16; only UTF-8 is accepted\n {2}hint: convert it, e.g\. iconv -f UTF-16 -t UTF-8 \S+ > fixed && mv fixed \S+$/m,
    ],
    [
      'UTF-16 without one',
      Buffer.from('The pier reopens\n', 'utf16le'),
      /^(\S+):1:1: error: the snapshot is UTF-16 without a byte-order mark; only UTF-8 is accepted/m,
    ],
    [
      'Latin-1',
      Buffer.from('First line\nLe quai rouvrira, a d\xe9clar\xe9 la capitainerie.\n', 'latin1'),
      /^(\S+):2:22: error: the snapshot is not valid UTF-8 \(byte 0xe9 at offset 32\)\n {2}hint: save the file as UTF-8; if it is Latin-1 or Windows-1252: iconv -f WINDOWS-1252 -t UTF-8 /m,
    ],
    ['a NUL byte', Buffer.from('ok\nnul \0 here\n'), /^(\S+):2:5: error: the snapshot contains a NUL byte/m],
    ['a control character', Buffer.from('ok\npage\fbreak\n'), /^(\S+):2:5: error: the snapshot contains a control character \(U\+000C\)\n {2}hint: remove it/m],
    ['nothing but white space', Buffer.from(' \n\n'), /^(\S+):1:1: error: the snapshot is empty/m],
  ])('refuses a snapshot with %s at its line and column (exit 1); nothing written', (_what, bytes, message) => {
    const { ws, file } = setup(bytes);
    const before = snapshotTree(ws);
    const r = runCli(['source', 'add', file, '--id', 'bad', ...REQUIRED, '--root', ws], ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(message.exec(r.stderr)![1]).toBe(path.relative(ws, file));
    expect(r.stderr).toMatch(/^nothing was written$/m);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(snapshotTree(ws)).toEqual(before);
  });

  it('standard input: the error is at <stdin>, the hint pipes through iconv; a snapshot over 32 MiB is refused unread', () => {
    const ws = copyWorkspace();
    const r = spawnSync(process.execPath, [CLI, 'source', 'add', '-', '--id', 'bad', ...REQUIRED, '--root', ws], {
      cwd: ws,
      input: Buffer.from('caf\xe9\n', 'latin1'),
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^<stdin>:1:4: error: the snapshot is not valid UTF-8 \(byte 0xe9 at offset 3\)\n {2}hint: save the file as UTF-8; if it is Latin-1 or Windows-1252: pipe it through iconv -f WINDOWS-1252 -t UTF-8 first$/m,
    );

    const big = path.join(ws, '..', `${path.basename(ws)}-big.txt`);
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 32 * 1024 * 1024 + 1);
    const tooBig = runCli(['source', 'add', big, '--id', 'big', ...REQUIRED, '--root', ws], ws);
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toMatch(/-big\.txt: error: the snapshot is too large \(32 MiB; at most 32 MiB\)\n {2}hint: /);
    expect(fs.existsSync(path.join(ws, 'sources/big.txt'))).toBe(false);
  });
});
