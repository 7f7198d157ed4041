/**
 * The signing key of `dossier release --sign KEY.p12`: a PKCS#12 file (.p12/.pfx) holding a
 * private key and its certificate, opened with a passphrase read from an environment variable
 * (default DOSSIER_SIGN_PASSPHRASE) or a file, never from the command line, where it would be
 * seen in `ps` and in the shell's history.
 *
 * node-forge reads the PKCS#12 container (Node's crypto cannot); the key is then handed to
 * Node's crypto, which signs (RSA PKCS#1 v1.5 or ECDSA). Every problem is a diagnostic naming
 * the file, what is wrong and how to fix it, raised before anything is rendered or written.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { DiagnosticError } from '../diagnostics.js';
import { certificateFacts, type CertificateFacts } from './sign-cert.js';

export type { CertificateFacts } from './sign-cert.js';

export const DEFAULT_PASSPHRASE_ENV = 'DOSSIER_SIGN_PASSPHRASE';

export interface PassphraseSource {
  /** The environment variable holding the passphrase (default DOSSIER_SIGN_PASSPHRASE). */
  env?: string;
  /** A file whose content (one trailing line break aside) is the passphrase. */
  file?: string;
  /** The passphrase itself: for the programmatic API only; the command line never takes one. */
  value?: string;
}

export interface SigningKey {
  file: string;
  privateKey: crypto.KeyObject;
  /** The signer's certificate, DER, exactly as in the file. */
  certificate: Buffer;
  /** The other certificates in the file (the issuer chain), DER; carried in the signature. */
  chain: Buffer[];
  facts: CertificateFacts;
}

const fail = (file: string, message: string, hint: string): DiagnosticError =>
  new DiagnosticError([{ file: path.resolve(file), line: 0, col: 0, severity: 'error', message, hint }]);

const EXPORT_HINT = 'make one with: openssl pkcs12 -export -inkey key.pem -in cert.pem -out KEY.p12';

/** The passphrase, from the environment variable or the file; never from an argument. */
export function readPassphrase(keyFile: string, source: PassphraseSource, env: NodeJS.ProcessEnv = process.env): string {
  if (source.value !== undefined) return source.value;
  if (source.file !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(source.file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
      throw fail(
        source.file,
        `cannot read the passphrase file of ${keyFile}: ${why}`,
        'give --sign-passphrase-file the file that holds the passphrase (one line)',
      );
    }
    return text.replace(/\r?\n$/, '');
  }
  const name = source.env ?? DEFAULT_PASSPHRASE_ENV;
  const value = env[name];
  if (value === undefined)
    throw fail(
      keyFile,
      `the passphrase of the signing key is not given: the environment variable ${name} is not set`,
      `set ${name} to the passphrase of ${path.basename(keyFile)} (empty for a file without one), or pass --sign-passphrase-file FILE`,
    );
  return value;
}

const bin = (b: forge.util.ByteStringBuffer | string) => Buffer.from(typeof b === 'string' ? b : b.getBytes(), 'binary');

/**
 * A certificate's DER from what forge read. forge keeps the raw structure only for certificates
 * it cannot parse; a parsed one is encoded again, and checked against the hash forge took of the
 * original to-be-signed part, so that the certificate in the signature is byte for byte the
 * issuer's.
 */
function certificateDer(bag: forge.pkcs12.Bag): Buffer | undefined {
  if (bag.asn1) return bin(forge.asn1.toDer(bag.asn1));
  const cert = bag.cert as (forge.pki.Certificate & { md?: forge.md.MessageDigest }) | undefined;
  if (!cert) return undefined;
  const der = bin(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)));
  if (cert.md) {
    const again = forge.md[cert.md.algorithm as 'sha256']?.create();
    if (again) {
      const pki = forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 };
      again.update(forge.asn1.toDer(pki.getTBSCertificate(cert)).getBytes());
      if (again.digest().toHex() !== cert.md.digest().toHex()) return undefined;
    }
  }
  return der;
}

export function loadSigningKey(file: string, source: PassphraseSource, now = new Date(), env: NodeJS.ProcessEnv = process.env): SigningKey {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw fail(
      file,
      `cannot read the signing key: ${why}`,
      `give --sign a PKCS#12 file (.p12 or .pfx) holding your private key and certificate; ${EXPORT_HINT}`,
    );
  }
  const passphrase = readPassphrase(file, source, env);
  const from = source.value !== undefined ? 'the caller' : source.file !== undefined ? `the file ${source.file}` : `$${source.env ?? DEFAULT_PASSPHRASE_ENV}`;

  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
  } catch {
    throw fail(file, 'the signing key is not a PKCS#12 file (.p12 or .pfx)', `${EXPORT_HINT} (a PEM key or certificate alone will not do)`);
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (e) {
    const msg = (e as Error).message;
    if (/MAC could not be verified|Invalid password|wrong password|decrypt/i.test(msg))
      throw fail(file, `the passphrase (from ${from}) does not open the signing key`, `give the passphrase ${path.basename(file)} was exported with`);
    throw fail(file, `the signing key cannot be read as PKCS#12: ${msg}`, EXPORT_HINT);
  }

  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const keyBag = keyBags.find((b) => b.key || b.asn1);
  if (!keyBag) throw fail(file, 'the signing key file holds no private key (only certificates)', `export the key with its certificate: ${EXPORT_HINT}`);
  const pkcs8 = keyBag.key
    ? bin(forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key as forge.pki.rsa.PrivateKey))))
    : bin(forge.asn1.toDer(keyBag.asn1!));
  let privateKey: crypto.KeyObject;
  try {
    privateKey = crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  } catch (e) {
    throw fail(file, `the private key in the signing key file cannot be used: ${(e as Error).message}`, EXPORT_HINT);
  }
  if (privateKey.asymmetricKeyType !== 'rsa' && privateKey.asymmetricKeyType !== 'ec')
    throw fail(
      file,
      `the signing key is a ${privateKey.asymmetricKeyType} key; releases are signed with RSA or ECDSA keys`,
      'use an RSA (2048 bits or more) or ECDSA (P-256) key',
    );

  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const certs = certBags.map(certificateDer).filter((c): c is Buffer => c !== undefined);
  const own = certs.find((der) => {
    try {
      return new crypto.X509Certificate(der).checkPrivateKey(privateKey);
    } catch {
      return false;
    }
  });
  if (!own)
    throw fail(
      file,
      certs.length ? 'the signing key file holds no certificate for its private key' : 'the signing key file holds a private key but no certificate',
      `export the key together with its certificate: ${EXPORT_HINT}`,
    );

  // A release is signed once and kept: a certificate outside its validity period now makes a
  // signature every validator reports as expired (pdfsig: "Certificate has Expired"), so it is
  // refused rather than warned about.
  const facts = certificateFacts(own);
  if (now < new Date(facts.notBefore))
    throw fail(
      file,
      `the certificate of the signing key (${facts.subject}) is not valid before ${facts.notBefore}`,
      'sign with a certificate that is valid now',
    );
  if (now > new Date(facts.notAfter))
    throw fail(file, `the certificate of the signing key (${facts.subject}) expired on ${facts.notAfter}`, 'renew the certificate and export a new .p12');

  return { file, privateKey, certificate: own, chain: certs.filter((c) => c !== own), facts };
}
