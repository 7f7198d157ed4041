/**
 * The CMS signature of a signed release (RFC 5652 SignedData, detached), as PAdES baseline B-B
 * (ETSI EN 319 142-1, with the CAdES attributes of EN 319 122-1) asks for it:
 *   - signed attributes: content-type (id-data), message-digest (SHA-256 of the PDF's bytes
 *     outside /Contents) and signing-certificate-v2 (the SHA-256 of the signer's certificate,
 *     binding the certificate to the signature); no signing-time attribute, which PAdES forbids
 *     (the claimed time is the signature dictionary's /M);
 *   - the signer's certificate and the rest of the chain in `certificates`.
 * Nothing in it comes from the clock, and RSA PKCS#1 v1.5 signatures are deterministic, so the
 * same PDF and the same RSA key give the same bytes (ECDSA signatures differ on each run).
 *
 * Also read back and checked (`dossier verify`): the digest over the signed bytes, the
 * signature over the signed attributes with the certificate's key, and the certificate hash.
 */
import crypto from 'node:crypto';
import { children, derNull, DerError, integer, octets, oid, oidText, readElement, retag, seq, setOf, TAG, tlv, type DerElement } from './sign-der.js';
import type { SigningKey } from './sign-key.js';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

const attribute = (type: string, value: Buffer) => seq(oid(type), setOf(TAG.SET, [value]));

/** The issuer and serial number of a certificate, as its DER holds them (the signer's id). */
function issuerAndSerial(certDer: Buffer): Buffer {
  const tbs = children(children(readElement(certDer))[0]);
  // TBSCertificate: [0] version (optional), serialNumber, signature, issuer, ...
  const i = tbs[0].tag === TAG.CONTEXT_0 ? 1 : 0;
  return seq(tbs[i + 2].der, tbs[i].der);
}

/** The detached CMS SignedData over `content`, DER. */
export function buildCms(content: Buffer, key: SigningKey): Buffer {
  const sha256 = seq(oid(OID.sha256)); // parameters absent (RFC 5754)
  const signedAttrs = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(crypto.createHash('sha256').update(content).digest())),
    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 with the
    // default hash algorithm (SHA-256) left out and no issuerSerial (EN 319 122-1: should not).
    attribute(OID.signingCertificateV2, seq(seq(seq(octets(crypto.createHash('sha256').update(key.certificate).digest()))))),
  ];
  // The signature is over the attributes encoded as a SET OF (RFC 5652 5.4).
  const toSign = setOf(TAG.SET, signedAttrs);
  const rsa = key.privateKey.asymmetricKeyType === 'rsa';
  const signature = crypto.sign('sha256', toSign, key.privateKey);
  const signerInfo = seq(
    integer(1),
    issuerAndSerial(key.certificate),
    sha256,
    setOf(TAG.CONTEXT_0, signedAttrs),
    rsa ? seq(oid(OID.rsaEncryption), derNull()) : seq(oid(OID.ecdsaWithSha256)),
    octets(signature),
  );
  const signedData = seq(
    integer(1),
    setOf(TAG.SET, [sha256]),
    seq(oid(OID.data)),
    tlv(TAG.CONTEXT_0, [key.certificate, ...key.chain]),
    setOf(TAG.SET, [signerInfo]),
  );
  return seq(oid(OID.signedData), tlv(TAG.CONTEXT_0, signedData));
}

export interface CmsCheck {
  /** The signer's certificate (DER), when the signature names one the CMS carries. */
  certificate?: Buffer;
  /** Problems, each a sentence; none when the signature is valid for the content. */
  problems: string[];
  /** The message digest does not match the content: the signed bytes were changed. */
  digestMismatch: boolean;
}

/** Reads a CMS SignedData and checks it over `content`; never throws. */
export function checkCms(cms: Buffer, content: Buffer): CmsCheck {
  const problems: string[] = [];
  let digestMismatch = false;
  try {
    const top = children(readElement(cms));
    if (oidText(top[0]) !== OID.signedData) return { problems: ['the signature is not a CMS SignedData'], digestMismatch };
    const sd = children(children(top[1])[0]);
    const certSet = sd.find((e) => e.tag === TAG.CONTEXT_0);
    const certs = certSet ? children(certSet).map((c) => Buffer.from(c.der)) : [];
    const infos = children(sd[sd.length - 1]);
    if (infos.length !== 1) return { problems: [`the signature has ${infos.length} signers; a release has one`], digestMismatch };
    const si = children(infos[0]);
    // SignerInfo: version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature
    const [, sid, digestAlg, attrs, sigAlg, sigValue] = si;
    if (!attrs || attrs.tag !== TAG.CONTEXT_0) return { problems: ['the signature has no signed attributes (PAdES requires them)'], digestMismatch };
    if (oidText(children(digestAlg)[0]) !== OID.sha256) problems.push('the signature does not use SHA-256');
    const certificate = certs.find((c) => issuerAndSerial(c).equals(sid.der));
    if (!certificate) return { problems: ['the signature does not carry the certificate of its signer'], digestMismatch };

    const byType = new Map<string, DerElement>();
    for (const a of children(attrs)) {
      const [type, values] = children(a);
      byType.set(oidText(type), children(values)[0]);
    }
    const md = byType.get(OID.messageDigest);
    if (!md) problems.push('the signature has no message-digest attribute');
    else if (!md.body.equals(crypto.createHash('sha256').update(content).digest())) {
      digestMismatch = true;
      problems.push('the signed bytes were changed after signing (their SHA-256 is not the one the signature holds)');
    }
    const ct = byType.get(OID.contentType);
    if (!ct || oidText(ct) !== OID.data) problems.push('the signature has no content-type attribute of id-data');
    const scv2 = byType.get(OID.signingCertificateV2);
    const certHash = scv2 && children(children(children(scv2)[0])[0]).find((e) => e.tag === TAG.OCTET_STRING);
    if (!certHash) problems.push('the signature has no signing-certificate-v2 attribute (PAdES baseline B requires one)');
    else if (!certHash.body.equals(crypto.createHash('sha256').update(certificate).digest()))
      problems.push('the signing-certificate-v2 attribute names another certificate than the signer');
    if (byType.has(OID.signingTime)) problems.push('the signature has a signing-time attribute, which PAdES does not allow');

    const alg = oidText(children(sigAlg)[0]);
    if (alg !== OID.rsaEncryption && alg !== OID.sha256WithRSA && alg !== OID.ecdsaWithSha256)
      problems.push(`the signature algorithm ${alg} is not RSA or ECDSA with SHA-256`);
    else {
      const publicKey = new crypto.X509Certificate(certificate).publicKey;
      if (!crypto.verify('sha256', retag(attrs, TAG.SET), publicKey, sigValue.body))
        problems.push("the signature value does not match the signed attributes and the signer's key");
    }
    return { certificate, problems, digestMismatch };
  } catch (e) {
    const why = e instanceof DerError ? e.message : (e as Error).message;
    return { problems: [`the signature cannot be read as CMS (${why})`], digestMismatch };
  }
}
