import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, check, formatDiagnostic, release, version } from '../../src/index.js';
import { copyWorkspace, MINI } from '../helpers/cli.js';

describe("programmatic API (the package's exports)", () => {
  it('check: ok with counts, or the diagnostics the CLI prints', () => {
    expect(check({ root: MINI })).toEqual({ ok: true, diagnostics: [], counts: { sources: 2, claims: 2, quotes: 3, dossiers: 2 } });
    const ws = copyWorkspace();
    fs.writeFileSync(
      path.join(ws, 'sources/beta.yaml'),
      fs.readFileSync(path.join(ws, 'sources/beta.yaml'), 'utf8').replace('language: en', 'language: english'),
    );
    const r = check({ root: ws });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({
      file: path.join(ws, 'sources/beta.yaml'),
      line: 4,
      col: 11,
      severity: 'error',
      message: '"language" "english" is not a BCP 47 language tag',
    });
    expect(formatDiagnostic(r.diagnostics[0], ws)).toBe(
      'sources/beta.yaml:4:11: error: "language" "english" is not a BCP 47 language tag\n  hint: e.g. en, ar, fa, zh-Hans, zh-Hant, ja, ko',
    );
    expect(check({ root: path.join(ws, 'nowhere') }).ok).toBe(false);
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('build writes the PDFs and returns one result per dossier; release writes releases/<id>/<version>/ or says why not', async () => {
    const ws = copyWorkspace();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-api-'));
    const b = await build({ root: ws, files: [path.join(ws, 'brief.yaml')], out: path.join(out, 'pdf') });
    expect(b.ok).toBe(true);
    expect(b.results).toHaveLength(1);
    expect(b.results[0]).toMatchObject({ id: 'brief', ok: true, pdf: path.join(out, 'pdf/brief.pdf'), pages: 1, claims: 2 });

    const r = await release({ file: path.join(ws, 'brief.yaml'), out: path.join(out, 'rel') });
    expect(r.ok).toBe(true);
    expect(r.release).toMatchObject({ kind: 'released', dir: path.join(out, 'rel/brief/1.0.0') });
    expect(r.release!.manifest.pdf.file).toBe('brief-1.0.0.pdf');
    // The same version with other content is refused, as a diagnostic.
    fs.writeFileSync(path.join(ws, 'brief.yaml'), fs.readFileSync(path.join(ws, 'brief.yaml'), 'utf8').replace('Mini briefing', 'Mini briefing, changed'));
    const again = await release({ file: path.join(ws, 'brief.yaml'), out: path.join(out, 'rel') });
    expect(again.ok).toBe(false);
    expect(again.diagnostics.some((d) => d.severity === 'error' && /1\.0\.0/.test(d.message))).toBe(true);

    // A workspace error stops the batch: nothing built, the error returned.
    fs.writeFileSync(path.join(ws, 'claims/main.yaml'), '- id: [\n');
    const bad = await build({ root: ws, out: path.join(out, 'pdf2') });
    expect(bad.ok).toBe(false);
    expect(bad.results).toEqual([]);
    expect(bad.diagnostics[0]).toMatchObject({ file: path.join(ws, 'claims/main.yaml'), severity: 'error' });
    expect(fs.existsSync(path.join(out, 'pdf2'))).toBe(false);
  }, 60000);
});
