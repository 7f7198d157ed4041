/**
 * What a release says about its signer's certificate (manifest.json `signature.certificate`,
 * `dossier verify`): read with Node's crypto alone, so that verifying loads no PKCS#12 code.
 */
import crypto from 'node:crypto';

/** What a release records about its signer (manifest.json `signature.certificate`). */
export interface CertificateFacts {
  /** SHA-256 of the certificate's DER bytes, lowercase hex (the fingerprint). */
  sha256: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
}

/** A distinguished name as one line: "CN=Desk, O=Example News". */
const oneLine = (dn: string) => dn.split('\n').join(', ');

export function certificateFacts(der: Buffer): CertificateFacts {
  const x = new crypto.X509Certificate(der);
  return {
    sha256: crypto.createHash('sha256').update(der).digest('hex'),
    subject: oneLine(x.subject),
    issuer: oneLine(x.issuer),
    serialNumber: x.serialNumber.toLowerCase(),
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: new Date(x.validTo).toISOString(),
  };
}
