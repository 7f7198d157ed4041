/**
 * Workspaces at the documented limits (README, Limits), for tests and measurements: a source
 * whose snapshot is as large as a file may be (32 MiB), and a workspace of many claims. The
 * text is made up and says so; the publishers are fictional.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MAX_FILE_BYTES } from '../workspace/files.js';

const QUOTE = 'The company had raised $101 million';

function base(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'sources'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'claims'));
  fs.writeFileSync(path.join(dir, 'sources/wire.yaml'), 'id: wire\ntitle: Wire report\npublisher: Example Wire\nlanguage: en\n');
  fs.writeFileSync(path.join(dir, 'sources/desk.yaml'), 'id: desk\ntitle: Desk report\npublisher: Example Desk\nlanguage: en\n');
  fs.writeFileSync(path.join(dir, 'sources/desk.txt'), `${QUOTE} in its first round, the desk reported.\n`);
}

function dossier(dir: string, claimId: string): string {
  const file = path.join(dir, 'brief.yaml');
  fs.writeFileSync(file, `id: brief\ntitle: Brief\nlanguage: en\ndate: 2026-01-01\nsections:\n  - title: Money\n    claims: [${claimId}]\n`);
  return file;
}

/** A snapshot of exactly `bytes` bytes (default: the limit) whose last line is quoted. */
export function bigSnapshotWorkspace(dir: string, bytes = MAX_FILE_BYTES): string {
  base(dir);
  const last = `${QUOTE}.\n`;
  const lines: string[] = [];
  let size = last.length;
  for (let k = 1; ; k++) {
    const line = `Paragraph ${k} of a generated snapshot: the committee met, read the figures and adjourned.\n`;
    if (size + line.length > bytes) break;
    lines.push(line);
    size += line.length;
  }
  lines.push(' '.repeat(bytes - size), last);
  fs.writeFileSync(path.join(dir, 'sources/wire.txt'), lines.join(''));
  fs.writeFileSync(
    path.join(dir, 'claims/main.yaml'),
    `- id: raised\n  statement: The company raised $101 million.\n  evidence:\n    - source: wire\n      quote: ${QUOTE}\n`,
  );
  return dossier(dir, 'raised');
}

/** `claims` claims, each quoting two sources, in files of 1,000. */
export function manyClaimsWorkspace(dir: string, claims: number): string {
  base(dir);
  fs.writeFileSync(path.join(dir, 'sources/wire.txt'), `${QUOTE}.\n`);
  for (let f = 0; f * 1000 < claims; f++) {
    const out: string[] = [];
    for (let k = f * 1000; k < Math.min(claims, (f + 1) * 1000); k++) {
      out.push(
        `- id: claim-${k}`,
        `  statement: Claim ${k} of a generated workspace says the company raised money.`,
        `  tags: [t${k % 10}]`,
        '  evidence:',
        '    - source: wire',
        `      quote: ${QUOTE}`,
        '    - source: desk',
        '      quote: had raised $101 million',
      );
    }
    fs.writeFileSync(path.join(dir, `claims/c${String(f).padStart(3, '0')}.yaml`), `${out.join('\n')}\n`);
  }
  return dossier(dir, 'claim-0');
}
