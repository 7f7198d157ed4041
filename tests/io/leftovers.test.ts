/**
 * Recognising temporary names and telling leftovers of dead processes from the work of live
 * ones (in process; the CLI tests are in signals.test.ts), and the mapping of error codes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticError, formatDiagnostic } from '../../src/diagnostics.js';
import { outputError } from '../../src/io/errors.js';
import { removeLeftovers } from '../../src/io/leftovers.js';
import { parseTempName, tempFileName, tempReleaseName } from '../../src/io/temp-names.js';

describe('temporary names', () => {
  it('are recognised with their target and process id, release versions with hyphens too', () => {
    expect(parseTempName(tempFileName('brief.pdf'))).toEqual({ kind: 'file', target: 'brief.pdf', pid: process.pid });
    expect(parseTempName(tempFileName('a.b.schema.json'))).toEqual({ kind: 'file', target: 'a.b.schema.json', pid: process.pid });
    expect(parseTempName('.brief.pdf.4242.tmp')).toEqual({ kind: 'file', target: 'brief.pdf', pid: 4242 });
    expect(parseTempName(tempReleaseName('1.0.0-rc.1'))).toEqual({ kind: 'release', target: '1.0.0-rc.1', pid: process.pid });
    for (const other of ['brief.pdf', '.brief.pdf.swp', '.brief.pdf.tmp', '.tmp-notes', '.brief.pdf.12ab.tmp', 'brief.pdf.4242.tmp']) {
      expect(parseTempName(other), other).toBeUndefined();
    }
  });
});

describe('removeLeftovers', () => {
  const dead = 2 ** 22 + 12345; // above Linux's largest process id: never running
  const long = new Date('2001-02-03T04:05:06Z');

  function folder(names: string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-leftovers-'));
    for (const n of names) fs.writeFileSync(path.join(dir, n), 'partial');
    return dir;
  }

  it('removes those of dead processes for the target, with a warning naming each; leaves the rest', () => {
    const keep = [
      'brief.pdf',
      `.brief.pdf.${process.ppid}-0123abcd.tmp`, // a process that runs: it may be writing it now
      `.brief.pdf.${process.pid}-0123abcd.tmp`, // this process, written since it started
      `.other.pdf.${dead}-0123abcd.tmp`, // another target
      '.brief.pdf.swp',
    ];
    const gone = [`.brief.pdf.${dead}-0123abcd.tmp`, `.brief.pdf.${dead}.tmp`, `.brief.pdf.${process.pid}-89abcdef.tmp`];
    const dir = folder([...keep, ...gone]);
    // This process's id on a file older than the process: an earlier process had the same id.
    fs.utimesSync(path.join(dir, gone[2]), long, long);

    const notes = removeLeftovers(dir, (t) => t.kind === 'file' && t.target === 'brief.pdf');
    expect(fs.readdirSync(dir).sort()).toEqual([...keep].sort());
    expect(notes.map((d) => path.basename(d.file)).sort()).toEqual([...gone].sort());
    const line = formatDiagnostic(
      notes.find((d) => d.file.endsWith(`${dead}.tmp`))!,
      dir,
    );
    expect(line).toBe(
      `.brief.pdf.${dead}.tmp: warning: removed a temporary file of brief.pdf left behind by an interrupted run (process ${dead}, no longer running)`,
    );
  });

  it('removes a release temporary folder with what it holds', () => {
    const dir = folder([]);
    const tmp = path.join(dir, `.tmp-2.0.0-${dead}-0123abcd`);
    fs.mkdirSync(tmp);
    fs.writeFileSync(path.join(tmp, 'manifest.json'), '{');
    const notes = removeLeftovers(dir, (t) => t.kind === 'release');
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(notes[0].message).toMatch(/^removed a temporary folder of release 2\.0\.0 left behind/);
  });

  it('is quiet about a folder that is not there', () => {
    expect(removeLeftovers('/nonexistent/folder', () => true)).toEqual([]);
  });
});

describe('outputError', () => {
  const err = (code: string, syscall = 'open', p = '/x/y') => Object.assign(new Error(code), { code, syscall, path: p });

  it('makes an environment error a diagnostic at the path, with the code and a hint', () => {
    const e = outputError(err('ENOSPC'), '/out/brief.pdf', 'cannot write the PDF') as DiagnosticError;
    expect(e).toBeInstanceOf(DiagnosticError);
    expect(e.diagnostics).toEqual([
      {
        file: '/out/brief.pdf',
        line: 0,
        col: 0,
        severity: 'error',
        message: 'cannot write the PDF: no space left on the device (ENOSPC)',
        hint: expect.stringContaining('--out'),
      },
    ]);
    expect(formatDiagnostic(e.diagnostics[0], '/')).toBe(
      'out/brief.pdf: error: cannot write the PDF: no space left on the device (ENOSPC)\n  hint: free some space on that disk, or write elsewhere with --out DIR',
    );
  });

  it('names the file that stands where a folder should be', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-inway-'));
    fs.writeFileSync(path.join(dir, 'file'), '');
    const e = outputError(err('ENOTDIR', 'mkdir', path.join(dir, 'file/sub')), path.join(dir, 'file/sub'), 'cannot create the folder') as DiagnosticError;
    expect(e.diagnostics[0].message).toBe(
      `cannot create the folder: ${path.relative(process.cwd(), path.join(dir, 'file'))} is a file, not a folder (ENOTDIR)`,
    );
  });

  it("leaves anything else as it was: a bug is not the user's to fix", () => {
    for (const e of [err('EBADF'), err('EINVAL'), new TypeError('x'), 'text']) expect(outputError(e, '/out/brief.pdf', 'cannot write the PDF')).toBe(e);
  });
});
