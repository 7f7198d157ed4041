/**
 * Throwaway signing keys for the tests of signed releases: an RSA key made by Node's crypto
 * (fast), a self-signed certificate and a PKCS#12 file made by node-forge, written to a
 * temporary folder at test time. No key is committed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

export interface TestKey {
  /** The .p12 file. */
  file: string;
  passphrase: string;
  /** SHA-256 of the certificate's DER, lowercase hex: the fingerprint the release must record. */
  fingerprint: string;
  /** The certificate, PEM (for openssl cms -verify -certfile). */
  certPem: string;
}

export interface KeyOptions {
  commonName?: string;
  passphrase?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Leave the certificate or the key out of the .p12. */
  withCert?: boolean;
  withKey?: boolean;
}

const DAY = 24 * 3600 * 1000;

export function makeTestKey(dir: string, name: string, opts: KeyOptions = {}): TestKey {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey((key as forge.pki.rsa.PrivateKey).n, (key as forge.pki.rsa.PrivateKey).e);
  cert.serialNumber = crypto
    .randomBytes(8)
    .toString('hex')
    .replace(/^[89a-f]/, '1');
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - DAY);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 365 * DAY);
  const attrs = [
    { name: 'commonName', value: opts.commonName ?? 'Test Desk' },
    { name: 'organizationName', value: 'Dossier Press Tests' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true }]);
  cert.sign(key as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  const passphrase = opts.passphrase ?? 'correct horse battery staple';
  const p12 = forge.pkcs12.toPkcs12Asn1(
    opts.withKey === false ? null : (key as forge.pki.rsa.PrivateKey),
    // forge's typings say a certificate is required; its code takes null for a .p12 with a key alone.
    opts.withCert === false ? (null as unknown as forge.pki.Certificate) : [cert],
    passphrase,
    { algorithm: 'aes256' },
  );
  const file = path.join(dir, `${name}.p12`);
  fs.writeFileSync(file, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { file, passphrase, fingerprint: crypto.createHash('sha256').update(der).digest('hex'), certPem: forge.pki.certificateToPem(cert) };
}
