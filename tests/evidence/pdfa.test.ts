/**
 * The release PDF as PDF/A-3 (issue 17 items 1 and 5), read back with tools we did not write:
 * pdf.js for the attachments (getAttachments) and the XMP packet (pdfaid and pdfuaid together),
 * qpdf, when installed, for the catalog's /OutputIntents and /AF, each file specification's
 * /AFRelationship, the embedded-file parameters and that every font is embedded. (veraPDF is
 * not installable here.) A build without --archive stays as it was: no attachments, no pdfaid.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyWorkspace, runCli } from '../helpers/cli.js';

let ws: string;
let pdf: Buffer;
const hasQpdf = spawnSync('qpdf', ['--version']).status === 0;

async function open(bytes: Buffer) {
  return getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
}

beforeAll(() => {
  ws = copyWorkspace();
  expect(runCli(['release', 'brief.yaml'], ws).code).toBe(0);
  pdf = fs.readFileSync(path.join(ws, 'releases/brief/1.0.0/brief-1.0.0.pdf'));
}, 60000);

describe('PDF/A-3 release PDF', () => {
  it('pdf.js lists the attachments with their bytes: the snapshots as stored, JSON for the rest', async () => {
    const doc = await open(pdf);
    const att = (await doc.getAttachments()) as Record<string, { filename: string; content: Uint8Array; description?: string }>;
    const names = Object.values(att)
      .map((a) => a.filename)
      .sort();
    expect(names).toEqual(['alpha.source.json', 'alpha.txt', 'beta.source.json', 'beta.txt', 'claims.json', 'dossier.json', 'manifest.json']);
    const snap = Object.values(att).find((a) => a.filename === 'alpha.txt')!;
    expect(Buffer.from(snap.content).equals(fs.readFileSync(path.join(ws, 'sources/alpha.txt')))).toBe(true);
    const manifest = JSON.parse(Buffer.from(Object.values(att).find((a) => a.filename === 'manifest.json')!.content).toString());
    expect(manifest.dossier).toMatchObject({ id: 'brief', version: '1.0.0' });
    expect(manifest.attachments.map((a: { name: string }) => a.name).sort()).toEqual(names.filter((n) => n !== 'manifest.json'));
  });

  it('the XMP packet says PDF/A-3 level a and PDF/UA-1 (tagged), and keeps dc:title', async () => {
    const doc = await open(pdf);
    const meta = (await doc.getMetadata()).metadata as unknown as { get(k: string): unknown };
    expect(meta.get('pdfaid:part')).toBe('3');
    expect(meta.get('pdfaid:conformance')).toBe('A');
    expect(meta.get('pdfuaid:part')).toBe('1');
    expect(meta.get('dc:title')).toBe('Mini briefing');
  });

  it.skipIf(!hasQpdf)('qpdf: /OutputIntents with the sRGB profile, /AF with /AFRelationship per file, dated embedded files, every font embedded', () => {
    const out = path.join(ws, 'qdf.pdf');
    expect(spawnSync('qpdf', ['--check', path.join(ws, 'releases/brief/1.0.0/brief-1.0.0.pdf')]).status).toBe(0);
    expect(spawnSync('qpdf', ['--qdf', '--object-streams=disable', path.join(ws, 'releases/brief/1.0.0/brief-1.0.0.pdf'), out]).status).toBe(0);
    const text = fs.readFileSync(out, 'latin1');
    // qpdf writes each object's keys sorted, one per line.
    const objects = [...text.matchAll(/\n\d+ 0 obj\n(<<[\s\S]*?\n>>)/g)].map((m) => m[1]);
    const intent = objects.find((o) => /\/Type \/OutputIntent\b/.test(o))!;
    expect(intent).toMatch(/\/S \/GTS_PDFA1/);
    expect(intent).toMatch(/\/OutputConditionIdentifier \(sRGB IEC61966-2\.1\)/);
    expect(intent).toMatch(/\/DestOutputProfile \d+ 0 R/);
    const catalog = objects.filter((o) => /\/Type \/Catalog\b/.test(o));
    expect(catalog).toHaveLength(1); // the catalog of the last revision (qpdf writes that one)
    expect(catalog[0]).toMatch(/\/OutputIntents \[/);
    expect(/\/AF \[([^\]]*)\]/.exec(catalog[0])![1].match(/\d+ 0 R/g)).toHaveLength(7);
    const specs = objects.filter((o) => /\/Type \/Filespec\b/.test(o));
    expect(specs.map((o) => /\/AFRelationship \/(\w+)/.exec(o)![1]).sort()).toEqual(['Data', 'Data', 'Data', 'Source', 'Source', 'Source', 'Source']);
    for (const o of specs) expect(o).toMatch(/\/UF \(/);
    const files = objects.filter((o) => /\/Type \/EmbeddedFile\b/.test(o));
    expect(files).toHaveLength(7);
    for (const o of files) {
      expect(o).toMatch(/\/ModDate \(D:20261122000000Z\)/);
      expect(o).toMatch(/\/Subtype \/(text#2fplain|application#2fjson)/i);
    }
    const descriptors = objects.filter((o) => /\/Type \/FontDescriptor\b/.test(o));
    expect(descriptors.length).toBeGreaterThan(0);
    for (const d of descriptors) expect(d).toMatch(/\/FontFile[23]? \d+ 0 R/);
  });

  it('build --archive writes a PDF/A-3 too; a plain build has no pdfaid and no attachments', async () => {
    const a = runCli(['build', 'brief.yaml', '--out', 'arch', '--archive', '--jobs', '1'], ws);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const archived = fs.readFileSync(path.join(ws, 'arch/brief.pdf'));
    expect(runCli(['verify', path.join(ws, 'arch/brief.pdf')], ws).stdout).toBe('verified brief 1.0.0: 2 claims, 3 quotes, 2 sources\n');
    expect(Object.keys((await (await open(archived)).getAttachments()) ?? {})).toHaveLength(7);
    const u = runCli(['build', 'brief.yaml', '--out', 'arch-untagged', '--archive', '--no-tags', '--jobs', '1'], ws);
    expect(u.code).toBe(0);
    const meta = (await (await open(fs.readFileSync(path.join(ws, 'arch-untagged/brief.pdf')))).getMetadata()).metadata as unknown as {
      get(k: string): unknown;
    };
    expect(meta.get('pdfaid:conformance')).toBe('B');
    expect(meta.get('pdfuaid:part')).toBeFalsy();
    expect(runCli(['build', 'brief.yaml', '--out', 'plain', '--jobs', '1'], ws).code).toBe(0);
    const plain = await open(fs.readFileSync(path.join(ws, 'plain/brief.pdf')));
    expect(await plain.getAttachments()).toBeNull();
    expect(((await plain.getMetadata()).metadata as unknown as { get(k: string): unknown }).get('pdfaid:part')).toBeFalsy();
  }, 60000);
});
