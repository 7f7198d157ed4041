/**
 * `dossier verify` on release PDFs and folders, and every tampering of issue 17 item 2: each
 * caught with a clear message, exit 1; a PDF that is not a dossier exits 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import os from 'node:os';
import { copyWorkspace, REPO, runCli } from '../helpers/cli.js';
import { logicalOrder } from '../../src/evidence/text-layer.js';
import { attachFiles } from '../../src/evidence/attach.js';
import { PdfFile } from '../../src/evidence/read-pdf.js';

const NO_STACK = /\n\s+at .+:\d+:\d+/;
let ws: string;
let dir: string;
let pdfFile: string;

/** A copy of the release folder to damage. */
function copyRelease(): { d: string; pdf: string } {
  const d = fs.mkdtempSync(path.join(ws, 'copy-'));
  fs.cpSync(dir, d, { recursive: true });
  return { d, pdf: path.join(d, path.basename(pdfFile)) };
}

/** The release PDF with its attachments replaced (the update made again from other files). */
function reattach(pdf: Buffer, change: (files: ReturnType<PdfFile['attachments']>) => void): Buffer {
  const m = JSON.parse(
    new PdfFile(pdf)
      .attachments()
      .find((f) => f.name === 'manifest.json')!
      .data.toString(),
  );
  const files = new PdfFile(pdf).attachments();
  change(files);
  const base = pdf.subarray(0, m.pdf.rendered.bytes);
  return attachFiles(
    Buffer.from(base),
    files.map((f) => ({ name: f.name, mime: f.mime!, description: f.description!, relationship: f.relationship as 'Data', data: f.data })),
    new Date(m.dossier.date),
  );
}

function verify(target: string) {
  const r = runCli(['verify', target], ws);
  expect(r.stderr).not.toMatch(NO_STACK);
  return r;
}

beforeAll(() => {
  ws = copyWorkspace();
  const r = runCli(['release', 'brief.yaml'], ws);
  expect(r.code).toBe(0);
  dir = path.join(ws, 'releases/brief/1.0.0');
  pdfFile = path.join(dir, 'brief-1.0.0.pdf');
}, 60000);

describe('dossier verify', () => {
  it('verifies a release folder and its PDF alone: exit 0, one summary line', () => {
    for (const target of [dir, pdfFile]) {
      const r = verify(target);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('verified brief 1.0.0: 2 claims, 3 quotes, 2 sources\n');
    }
    const j = runCli(['verify', pdfFile, '--json'], ws);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: true, dossier: 'brief', version: '1.0.0', claims: 2, quotes: 3, sources: 2, diagnostics: [] });
  }, 30000);

  it('the PDF carries its evidence: snapshots and metadata (/Source), claims, definition and manifest (/Data)', () => {
    const files = new PdfFile(fs.readFileSync(pdfFile)).attachments();
    expect(files.map((f) => [f.name, f.relationship, f.mime]).sort()).toEqual([
      ['alpha.source.json', 'Source', 'application/json'],
      ['alpha.txt', 'Source', 'text/plain'],
      ['beta.source.json', 'Source', 'application/json'],
      ['beta.txt', 'Source', 'text/plain'],
      ['claims.json', 'Data', 'application/json'],
      ['dossier.json', 'Data', 'application/json'],
      ['manifest.json', 'Data', 'application/json'],
    ]);
    expect(files.find((f) => f.name === 'beta.txt')!.data.equals(fs.readFileSync(path.join(ws, 'sources/beta.txt')))).toBe(true);
    const folder = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const attached = JSON.parse(files.find((f) => f.name === 'manifest.json')!.data.toString());
    expect(attached.contentSha256).toBe(folder.contentSha256);
    expect(attached.pdf.rendered).toEqual(folder.pdf.rendered);
    expect(attached.pdf.sha256).toBeUndefined();
  });

  it('an altered attachment (a snapshot edited inside the PDF) is caught, and the quote that no longer occurs in it', () => {
    const { pdf } = copyRelease();
    fs.writeFileSync(
      pdf,
      reattach(fs.readFileSync(pdfFile), (files) => {
        const snap = files.find((f) => f.name === 'beta.txt')!;
        snap.data = Buffer.from(snap.data.toString().replace('had raised $101 million', 'had raised $10 million'));
      }),
    );
    const r = verify(pdf);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /brief-1\.0\.0\.pdf: error: attachment beta\.txt was altered: its SHA-256 is [0-9a-f]{12}…, the manifest says [0-9a-f]{12}…\n {2}hint: restore the PDF from the release/,
    );
    expect(r.stderr).toMatch(/error: the snapshot of source beta differs from the manifest's hash/);
    expect(r.stderr).toMatch(/error: quote 1 of claim raised-101m no longer occurs in the attached snapshot of source beta/);
    expect(r.stderr).toMatch(/^not verified: brief 1\.0\.0: \d+ problems$/m);
  });

  it('a missing attachment, and one added after the release', () => {
    const { pdf } = copyRelease();
    fs.writeFileSync(
      pdf,
      reattach(fs.readFileSync(pdfFile), (files) => {
        files.splice(
          files.findIndex((f) => f.name === 'alpha.txt'),
          1,
        );
        files.push({ name: 'extra.txt', mime: 'text/plain', relationship: 'Data', description: 'x', data: Buffer.from('x') });
      }),
    );
    const r = verify(pdf);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: attachment alpha\.txt is missing/);
    expect(r.stderr).toMatch(/error: attachment extra\.txt is not in the manifest: it was added after the release/);
  });

  it('a status that no longer follows: the claims changed inside the PDF (a contradicting item added)', () => {
    const { pdf } = copyRelease();
    fs.writeFileSync(
      pdf,
      reattach(fs.readFileSync(pdfFile), (files) => {
        const f = files.find((x) => x.name === 'claims.json')!;
        const claims = JSON.parse(f.data.toString());
        claims[1].evidence.push({ source: 'beta', quote: claims[1].evidence[0].quote, stance: 'contradicts' });
        f.data = Buffer.from(JSON.stringify(claims));
      }),
    );
    const r = verify(pdf);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: attachment claims\.json was altered/);
    expect(r.stderr).toMatch(/error: claim raised-101m differs from the manifest's hash/);
    expect(r.stderr).toMatch(/error: claim raised-101m is released as single-source, but its attached evidence earns disputed/);
  });

  it('a page edited after the release: the rendered bytes differ, and the quote is no longer in the text layer', () => {
    const { pdf } = copyRelease();
    // Rewrite the first page's content stream with one quote's words changed, as an editor would.
    const bytes = Buffer.from(fs.readFileSync(pdfFile));
    const doc = new PdfFile(bytes);
    const page = doc.pages()[0];
    const stream = doc.stream(page.get('Contents'))!;
    const content = doc.decode(stream).toString('latin1');
    // Drop the marked content of one quote's text: every text-showing operator of MCID 9 on.
    const edited = content.replace(/\[<[0-9a-f]+> 0\] TJ/g, (m, at: number) => (at > content.length / 2 ? '[] TJ' : m));
    const packed = zlib.deflateSync(Buffer.from(edited, 'latin1'));
    const start = stream.raw.byteOffset - bytes.byteOffset;
    // Same length keeps the xref table valid: pad or refuse.
    expect(packed.length).toBeLessThanOrEqual(stream.raw.length);
    bytes.fill(0x20, start, start + stream.raw.length);
    packed.copy(bytes, start);
    fs.writeFileSync(pdf, bytes);
    const r = verify(pdf);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error: the pages were changed after the release: the PDF as rendered \(its first bytes\) no longer has the SHA-256 the manifest gives/,
    );
    expect(r.stderr).toMatch(/error: quote \d of claim [a-z0-9-]+ is not in the PDF's text: the pages do not show "/);
  });

  it('a revision appended after the release (an incremental update by another program)', () => {
    const { pdf } = copyRelease();
    const bytes = fs.readFileSync(pdfFile);
    const doc = new PdfFile(bytes);
    const xref = /startxref\n(\d+)\n%%EOF\n$/.exec(bytes.toString('latin1'))![1];
    const size = doc.trailer.get('Size') as number;
    const root = doc.trailer.get('Root') as { num: number };
    const obj = `${size} 0 obj\n(an annotation, say)\nendobj\n`;
    const at = bytes.length;
    const tail = `${obj}xref\n${size} 1\n${String(at).padStart(10, '0')} 00000 n \ntrailer\n<<\n/Size ${size + 1}\n/Root ${root.num} 0 R\n/Prev ${xref}\n>>\nstartxref\n${at + obj.length}\n%%EOF\n`;
    fs.writeFileSync(pdf, Buffer.concat([bytes, Buffer.from(tail)]));
    const r = verify(pdf);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: the PDF was changed after the release: it holds more than its pages and the attached files/);
  });

  it('a release folder: a hash that differs (SHA256SUMS and the manifest), a missing file', () => {
    const { d, pdf } = copyRelease();
    fs.appendFileSync(path.join(d, 'CHANGELOG.md'), 'edited\n');
    fs.appendFileSync(pdf, '% a byte more\n');
    const r = verify(d);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SHA256SUMS: error: CHANGELOG\.md does not match its checksum/);
    expect(r.stderr).toMatch(/SHA256SUMS: error: brief-1\.0\.0\.pdf does not match its checksum/);
    expect(r.stderr).toMatch(/brief-1\.0\.0\.pdf: error: the PDF does not match manifest\.json: SHA-256 [0-9a-f]{12}… \(\d+ bytes\), the manifest says/);
    fs.rmSync(path.join(d, 'CHANGELOG.md'));
    expect(verify(d).stderr).toMatch(/SHA256SUMS: error: CHANGELOG\.md is missing/);
  });

  it('a PDF that is not a dossier, and a file that is no PDF: exit 2; no such file: exit 2', () => {
    const plain = path.join(ws, 'plain.pdf');
    fs.writeFileSync(plain, fs.readFileSync(pdfFile).subarray(0, JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).pdf.rendered.bytes));
    const r = verify(plain);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plain\.pdf: error: not a dossier: it has no files attached/);
    fs.writeFileSync(path.join(ws, 'notes.pdf'), 'hello');
    expect(verify(path.join(ws, 'notes.pdf')).code).toBe(2);
    expect(verify(path.join(ws, 'nope.pdf')).code).toBe(2);
  });
});

describe('verify: what the pages print', () => {
  it('a handout prints each claim’s strongest quotes: the others are recorded as not printed and checked in their snapshots only', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-handout-release-'));
    const r = runCli(['release', path.join(REPO, 'dossiers', 'stability-finances-handout.yaml'), '--out', out], REPO);
    expect(r.code, r.stderr).toBe(0);
    const folder = path.join(out, 'stability-finances-handout', '1.0.0');
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { unprinted?: { claim: string; quote: number }[] };
    // What the release says it does not print is what pdf.js does not find in the pages.
    expect(manifest.unprinted?.length).toBeGreaterThan(0);
    const v = runCli(['verify', folder], REPO);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(new RegExp(`\\(${manifest.unprinted!.length} quotes not printed by the template, checked in their snapshots\\)`));
  });

  it('Persian digits, the Arabic thousands separator and a zero-width non-joiner read back in a release of the mixed-script fixture', () => {
    for (const name of ['mixed-en', 'mixed-ar']) {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-mixed-release-'));
      const r = runCli(['release', path.join(REPO, 'tests', 'fixtures', 'mixed', `${name}.yaml`), '--out', out], REPO);
      expect(r.code, r.stderr).toBe(0);
      const v = runCli(['verify', path.join(out, name, '1.0.0')], REPO);
      expect(v.stderr).toBe('');
      expect(v.code).toBe(0);
    }
  });

  it('reads a right-to-left line in logical order with its digits left to right, in every script', () => {
    // Glyphs as drawn, left to right: the words reversed, each number left to right.
    expect(logicalOrder([...'۱۴۰۲ لاس رد']).join('')).toBe('در سال ۱۴۰۲');
    expect(logicalOrder([...'رفن ١٬٢٠٠']).join('')).toBe('١٬٢٠٠ نفر');
  });
});
