/**
 * Signed releases (issue 17 item 3): `dossier release --sign KEY.p12` with a throwaway key made
 * at test time. The oracles are other programs' readings: poppler's pdfsig and OpenSSL's cms
 * (when installed), qpdf --check, pdf.js (attachments, the signature widget, the structure
 * tree), the unsigned release made by the same tool without --sign (the signed file's first
 * bytes), and the key's certificate as the test made it (the fingerprint).
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { release as releaseApi } from '../../src/index.js';
import { copyWorkspace, runCli } from '../helpers/cli.js';
import { pdfiumSignatures } from '../helpers/pdfium.js';
import { makeTestKey, type TestKey } from '../helpers/signing-key.js';

const NO_STACK = /\n\s+at .+:\d+:\d+/;
const has = (tool: string, arg = '-v') => spawnSync(tool, [arg]).error === undefined;
const hasPdfsig = has('pdfsig');
const hasQpdf = has('qpdf', '--version');
const hasOpenssl = has('openssl', 'version');
const DAY = 24 * 3600 * 1000;

let ws: string;
let keys: string;
let key: TestKey;
let dir: string;
let pdfFile: string;
let unsignedPdf: Buffer;

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

function release(args: string[], passphrase?: string, env: Record<string, string> = {}) {
  const r = runCli(['release', 'brief.yaml', ...args], ws, passphrase === undefined ? env : { DOSSIER_SIGN_PASSPHRASE: passphrase, ...env });
  expect(r.stderr).not.toMatch(NO_STACK);
  return r;
}

function verify(target: string, ...more: string[]) {
  const r = runCli(['verify', target, ...more], ws);
  expect(r.stderr).not.toMatch(NO_STACK);
  return r;
}

/** The signature's byte range and CMS, read with a regular expression (not with our reader). */
function signatureParts(pdf: Buffer) {
  const m = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]\s*\/Contents <([0-9a-fA-F]+)>/.exec(pdf.toString('latin1'))!;
  const [a, b, c, d] = m.slice(1, 5).map(Number);
  return { range: [a, b, c, d], cms: Buffer.from(m[5], 'hex'), signed: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]) };
}

beforeAll(() => {
  ws = copyWorkspace();
  keys = fs.mkdtempSync(path.join(ws, 'keys-'));
  key = makeTestKey(keys, 'desk');
  expect(release(['--out', 'unsigned']).code).toBe(0);
  unsignedPdf = fs.readFileSync(path.join(ws, 'unsigned/brief/1.0.0/brief-1.0.0.pdf'));
  const r = release(['--sign', key.file], key.passphrase);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  dir = path.join(ws, 'releases/brief/1.0.0');
  pdfFile = path.join(dir, 'brief-1.0.0.pdf');
}, 120000);

describe('dossier release --sign', () => {
  it('signs the PDF; the manifest records the certificate; the first bytes are the unsigned release; SHA256SUMS covers the signed PDF', () => {
    const pdf = fs.readFileSync(pdfFile);
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(m.signature.profile).toBe('PAdES-B-B');
    expect(m.signature.certificate.sha256).toBe(key.fingerprint);
    expect(m.signature.certificate.subject).toBe('CN=Test Desk, O=Dossier Press Tests');
    expect(m.pdf).toMatchObject({ sha256: sha(pdf), bytes: pdf.length, unsigned: { sha256: sha(unsignedPdf), bytes: unsignedPdf.length } });
    expect(pdf.subarray(0, unsignedPdf.length).equals(unsignedPdf)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8')).toContain(`${sha(pdf)}  brief-1.0.0.pdf\n`);
    // The content is the unsigned release's: signing is not content.
    const plain = JSON.parse(fs.readFileSync(path.join(ws, 'unsigned/brief/1.0.0/manifest.json'), 'utf8'));
    expect(m.contentSha256).toBe(plain.contentSha256);
    expect(plain.signature).toBeUndefined();
    // The byte range is the whole file but the signature, which is PAdES.
    const { range } = signatureParts(pdf);
    expect(range[0]).toBe(0);
    expect(range[2] + range[3]).toBe(pdf.length);
    expect(pdf.toString('latin1', range[1] - 10, range[1])).toMatch(/\/Contents $/);
    expect(pdf.toString('latin1')).toMatch(/\/SubFilter \/ETSI\.CAdES\.detached/);
  });

  it('the same content and the same key give the same bytes (RSA signatures are deterministic; /M is the release date)', () => {
    expect(release(['--sign', key.file, '--out', 'again'], key.passphrase).code).toBe(0);
    expect(fs.readFileSync(path.join(ws, 'again/brief/1.0.0/brief-1.0.0.pdf')).equals(fs.readFileSync(pdfFile))).toBe(true);
  }, 60000);

  it('dossier verify: valid, names the signer, and writes the unsigned bytes on request', () => {
    for (const target of [dir, pdfFile]) {
      const r = verify(target);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        `verified brief 1.0.0: 2 claims, 3 quotes, 2 sources; signed by CN=Test Desk, O=Dossier Press Tests (certificate SHA-256 ${key.fingerprint.slice(0, 12)}…): signature valid, signer not checked against a trust list\n`,
      );
    }
    const j = JSON.parse(verify(pdfFile, '--json').stdout);
    expect(j).toMatchObject({
      ok: true,
      signature: {
        valid: true,
        sha256: key.fingerprint,
        signedAt: '2026-11-22T00:00:00.000Z',
        unsigned: { bytes: unsignedPdf.length, sha256: sha(unsignedPdf) },
      },
    });
    const out = path.join(ws, 'unsigned-out.pdf');
    expect(verify(dir, '--unsigned-out', out).code).toBe(0);
    expect(fs.readFileSync(out).equals(unsignedPdf)).toBe(true);
    expect(JSON.parse(verify(path.join(ws, 'unsigned/brief/1.0.0'), '--json').stdout).signature).toBeNull();
  }, 30000);

  it('PDFium finds one PAdES signature: its byte range is the file but /Contents, and the CMS holds the SHA-256 of those bytes', async () => {
    const pdf = fs.readFileSync(pdfFile);
    const sigs = await pdfiumSignatures(pdf);
    expect(sigs).toHaveLength(1);
    const [s] = sigs;
    expect(s.subFilter).toBe('ETSI.CAdES.detached');
    expect(s.time).toBe('D:20261122000000Z');
    const [a, b, c, d] = s.byteRange;
    expect([a, c + d]).toEqual([0, pdf.length]);
    expect(pdf.toString('latin1', b, c)).toBe(`<${s.contents.toString('hex')}>`);
    // The message-digest attribute: the 32 bytes of the digest, as an OCTET STRING (04 20).
    const digest = crypto
      .createHash('sha256')
      .update(Buffer.concat([pdf.subarray(a, b), pdf.subarray(c, c + d)]))
      .digest();
    expect(s.contents.includes(Buffer.concat([Buffer.from([0x04, 0x20]), digest]))).toBe(true);
  });

  it.skipIf(!hasPdfsig)('pdfsig (poppler): Signature is Valid, ETSI.CAdES.detached, the total document signed', () => {
    const r = spawnSync('pdfsig', [pdfFile], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/Signature Validation: Signature is Valid\./);
    expect(r.stdout).toMatch(/Signature Type: ETSI\.CAdES\.detached/);
    expect(r.stdout).toMatch(/Total document signed/);
    expect(r.stdout).toMatch(/Signer Certificate Common Name: Test Desk/);
  });

  it.skipIf(!hasOpenssl)('openssl cms -verify accepts the CMS over the byte range, with the certificate as the trust anchor', () => {
    const { cms, signed } = signatureParts(fs.readFileSync(pdfFile));
    const tmp = fs.mkdtempSync(path.join(ws, 'cms-'));
    // The CMS is padded with zeros to the placeholder's size: openssl reads the DER element alone.
    fs.writeFileSync(path.join(tmp, 'sig.der'), cms);
    fs.writeFileSync(path.join(tmp, 'data.bin'), signed);
    fs.writeFileSync(path.join(tmp, 'cert.pem'), key.certPem);
    const args = [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      'sig.der',
      '-content',
      'data.bin',
      '-CAfile',
      'cert.pem',
      '-purpose',
      'any',
      '-out',
      'out.bin',
    ];
    const r = spawnSync('openssl', args, { cwd: tmp, encoding: 'utf8' });
    expect(r.stderr).toMatch(/Verification successful/);
    const attrs = spawnSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'sig.der'], { cwd: tmp, encoding: 'utf8' }).stdout;
    expect(attrs).toMatch(/id-smime-aa-signingCertificateV2/);
    expect(attrs).not.toMatch(/signingTime/);
  });

  it.skipIf(!hasQpdf)('qpdf --check passes', () => {
    expect(spawnSync('qpdf', ['--check', pdfFile]).status).toBe(0);
  });

  it('pdf.js opens it: the attachments are listed, an invisible printable signature widget on page 1, nested in a Form element', async () => {
    const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(pdfFile)), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
    const att = (await doc.getAttachments()) as Record<string, { filename: string }>;
    expect(Object.values(att).map((a) => a.filename).length).toBe(7);
    const page = await doc.getPage(1);
    const widgets = (await page.getAnnotations()).filter((a) => a.subtype === 'Widget');
    expect(widgets).toHaveLength(1);
    expect(widgets[0]).toMatchObject({ fieldType: 'Sig', fieldName: 'Signature', annotationFlags: 132, rect: [0, 0, 0, 0] });
    const tree = JSON.stringify(await page.getStructTree());
    expect(tree).toMatch(/"role":"Form","children":\[\{"type":"annotation"/);
  });

  it('a byte changed inside the signed range, in the signature, or in the zeros after it: each caught (exit 1)', () => {
    const bad = path.join(ws, 'tampered.pdf');
    const pdf = Buffer.from(fs.readFileSync(pdfFile));
    pdf[12] ^= 0x01; // in the binary comment after %PDF-1.7: the file still reads
    fs.writeFileSync(bad, pdf);
    const r = verify(bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /tampered\.pdf: error: the signature does not match the PDF: the signed bytes were changed after signing \(their SHA-256 is not the one the signature holds\)\n {2}hint: restore the PDF from the release/,
    );
    // The signature itself altered: a digit of the CMS changed.
    const sig = Buffer.from(fs.readFileSync(pdfFile));
    const at = signatureParts(sig).range[1] + 600;
    sig[at] = sig[at] === 0x30 ? 0x31 : 0x30;
    fs.writeFileSync(bad, sig);
    const s = verify(bad);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/error: the signature is not valid: /);
    // The zeros after the CMS in /Contents are outside the byte range: writing into them is caught too.
    const pad = Buffer.from(fs.readFileSync(pdfFile));
    const end = signatureParts(pad).range[2] - 2;
    pad[end] = 0x66;
    fs.writeFileSync(bad, pad);
    const p = verify(bad);
    expect(p.code).toBe(1);
    expect(p.stderr).toMatch(/error: the signature is not valid: its \/Contents holds other bytes after the signature, which nothing signs/);
  });

  it('a revision appended after signing (an incremental update by another program) is flagged', () => {
    const bytes = fs.readFileSync(pdfFile);
    const text = bytes.toString('latin1');
    const xref = /startxref\n(\d+)\n%%EOF\n?$/.exec(text)![1];
    const size = Number(/\/Size (\d+)/.exec(text.slice(text.lastIndexOf('trailer')))![1]);
    const root = /\/Root (\d+) 0 R/.exec(text.slice(text.lastIndexOf('trailer')))![1];
    const obj = `\n${size} 0 obj\n(an annotation, say)\nendobj\n`;
    const at = bytes.length + 1;
    const tail = `${obj}xref\n${size} 1\n${String(at).padStart(10, '0')} 00000 n \ntrailer\n<<\n/Size ${size + 1}\n/Root ${root} 0 R\n/Prev ${xref}\n>>\nstartxref\n${bytes.length + obj.length}\n%%EOF\n`;
    const bad = path.join(ws, 'appended.pdf');
    fs.writeFileSync(bad, Buffer.concat([bytes, Buffer.from(tail)]));
    const r = verify(bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`appended\\.pdf: error: the PDF was changed after it was signed: ${tail.length} bytes follow the signed bytes`));
  });

  it('a release folder whose manifest names another signer, or whose PDF lost its signature', () => {
    const d = fs.mkdtempSync(path.join(ws, 'copy-'));
    fs.cpSync(dir, d, { recursive: true });
    const mf = path.join(d, 'manifest.json');
    const m = JSON.parse(fs.readFileSync(mf, 'utf8'));
    m.signature.certificate.sha256 = '0'.repeat(64);
    fs.writeFileSync(mf, JSON.stringify(m));
    expect(verify(d).stderr).toMatch(/error: the PDF is signed by another certificate than manifest\.json records/);
    fs.writeFileSync(path.join(d, 'brief-1.0.0.pdf'), unsignedPdf);
    expect(verify(d).stderr).toMatch(/error: manifest\.json says the PDF is signed by CN=Test Desk, O=Dossier Press Tests, but the PDF carries no signature/);
  });
});

describe('release --sign: again, and with another key', () => {
  it('the same key: unchanged; no --sign: unchanged (the signed release stands); another key: refused, nothing changed', () => {
    const before = fs.readFileSync(pdfFile);
    expect(release(['--sign', key.file], key.passphrase).stdout).toMatch(/^unchanged: .* signed by CN=Test Desk/);
    expect(release([]).stdout).toMatch(/^unchanged: /);
    const other = makeTestKey(keys, 'other', { commonName: 'Other Desk' });
    const r = release(['--sign', other.file], other.passphrase);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/brief\.yaml:\d+:\d+: error: version 1\.0\.0 of "brief" is already released, signed by another certificate: CN=Test Desk/);
    expect(r.stderr).toMatch(/hint: a released version's files never change; sign the next version \(e\.g\. version: 1\.0\.1\)/);
    const u = release(['--sign', key.file, '--out', 'unsigned'], key.passphrase);
    expect(u.code).toBe(1);
    expect(u.stderr).toMatch(/error: version 1\.0\.0 of "brief" is already released unsigned/);
    expect(fs.readFileSync(pdfFile).equals(before)).toBe(true);
  }, 60000);
});

describe('the programmatic API', () => {
  it('release({ sign }) signs with a passphrase given by the caller; a wrong one is a diagnostic, not a throw', async () => {
    const r = await releaseApi({ file: path.join(ws, 'brief.yaml'), out: path.join(ws, 'api'), sign: { key: key.file, passphrase: key.passphrase } });
    expect(r.ok).toBe(true);
    expect(r.release!.manifest.signature!.certificate.sha256).toBe(key.fingerprint);
    expect(fs.readFileSync(path.join(ws, 'api/brief/1.0.0/brief-1.0.0.pdf')).equals(fs.readFileSync(pdfFile))).toBe(true);
    const bad = await releaseApi({ file: path.join(ws, 'brief.yaml'), out: path.join(ws, 'api-bad'), sign: { key: key.file, passphrase: 'no' } });
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0].message).toBe('the passphrase (from the caller) does not open the signing key');
    expect(fs.existsSync(path.join(ws, 'api-bad'))).toBe(false);
  }, 60000);
});

describe('release --sign: errors name the file, say what is wrong and how to fix it, and write nothing', () => {
  function refused(args: string[], passphrase: string | undefined, message: RegExp, code = 1, env: Record<string, string> = {}) {
    const out = `never-${crypto.randomBytes(4).toString('hex')}`;
    const r = release([...args, '--out', out], passphrase, env);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(fs.existsSync(path.join(ws, out))).toBe(false);
    return r;
  }

  it('a wrong passphrase', () => {
    const r = refused(['--sign', key.file], 'not it', /desk\.p12: error: the passphrase \(from \$DOSSIER_SIGN_PASSPHRASE\) does not open the signing key/);
    expect(r.stderr).toMatch(/hint: give the passphrase desk\.p12 was exported with/);
  });

  it('the passphrase from a file (one trailing line break ignored), or from another variable; an unset variable', () => {
    const pw = path.join(keys, 'passphrase.txt');
    fs.writeFileSync(pw, `${key.passphrase}\n`);
    expect(release(['--sign', key.file, '--sign-passphrase-file', pw, '--out', 'from-file']).code).toBe(0);
    expect(release(['--sign', key.file, '--sign-passphrase-env', 'DESK_PW', '--out', 'from-env'], undefined, { DESK_PW: key.passphrase }).code).toBe(0);
    refused(
      ['--sign', key.file, '--sign-passphrase-env', 'DOSSIER_TEST_NEVER_SET'],
      undefined,
      /desk\.p12: error: the passphrase of the signing key is not given: the environment variable DOSSIER_TEST_NEVER_SET is not set\n {2}hint: set DOSSIER_TEST_NEVER_SET/,
    );
    refused(
      ['--sign', key.file, '--sign-passphrase-file', path.join(keys, 'nope.txt')],
      undefined,
      /nope\.txt: error: cannot read the passphrase file of .*: no such file/,
    );
  }, 60000);

  it('a missing key file, a file that is not PKCS#12, a .p12 without key or without certificate', () => {
    refused(
      ['--sign', path.join(keys, 'missing.p12')],
      'x',
      /missing\.p12: error: cannot read the signing key: no such file\n {2}hint: give --sign a PKCS#12 file/,
    );
    const pem = path.join(keys, 'key.pem');
    fs.writeFileSync(pem, '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n');
    refused(['--sign', pem], 'x', /key\.pem: error: the signing key is not a PKCS#12 file/);
    const certOnly = makeTestKey(keys, 'cert-only', { withKey: false });
    refused(['--sign', certOnly.file], certOnly.passphrase, /cert-only\.p12: error: the signing key file holds no private key/);
    const keyOnly = makeTestKey(keys, 'key-only', { withCert: false });
    refused(['--sign', keyOnly.file], keyOnly.passphrase, /key-only\.p12: error: the signing key file holds a private key but no certificate/);
  });

  it('an expired certificate, and one not yet valid, are refused', () => {
    const old = makeTestKey(keys, 'old', { notBefore: new Date(Date.now() - 800 * DAY), notAfter: new Date(Date.now() - 400 * DAY) });
    refused(
      ['--sign', old.file],
      old.passphrase,
      /old\.p12: error: the certificate of the signing key \(CN=Test Desk, O=Dossier Press Tests\) expired on \d{4}-/,
    );
    const future = makeTestKey(keys, 'future', { notBefore: new Date(Date.now() + 10 * DAY) });
    refused(['--sign', future.file], future.passphrase, /future\.p12: error: the certificate of the signing key .* is not valid before \d{4}-/);
  });

  it('usage: passphrase options without --sign, or both at once (exit 2)', () => {
    refused(['--sign-passphrase-env', 'X'], undefined, /error: --sign-passphrase-env and --sign-passphrase-file go with --sign KEY\.p12/, 2);
    refused(['--sign', key.file, '--sign-passphrase-env', 'X', '--sign-passphrase-file', 'y'], undefined, /error: give the passphrase one way/, 2);
  });
});
