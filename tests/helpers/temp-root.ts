/**
 * Each test file's temporary files under a folder of its own, removed when the file is done.
 *
 * Tests copy workspaces, write PDFs and make folders to damage with `fs.mkdtempSync(os.tmpdir())`
 * (some 390 folders and 200 MB a run of `npm test`); none removed them all, so every run on a
 * developer's machine left its share in /tmp. Node's os.tmpdir() reads TMPDIR at each call, and
 * the CLI processes the tests start inherit it, so pointing TMPDIR at one folder per test file
 * catches them all. Vitest runs this file before each test file (vitest.config.ts, setupFiles).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const outer = process.env.TMPDIR;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-tests-'));
process.env.TMPDIR = root;

afterAll(() => {
  if (outer === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = outer;
  fs.rmSync(root, { recursive: true, force: true, maxRetries: 5 });
});
