/**
 * Signed releases (`dossier release --sign KEY.p12`): the finished PDF/A-3 file gets one more
 * incremental update holding a PAdES baseline B-B signature (sign-placeholder.ts makes the
 * update, sign-cms.ts the CMS, @signpdf/signpdf computes the /ByteRange and puts the signature
 * into /Contents). The bytes before that update are the unsigned release, unchanged.
 * `dossier verify` reads it back with sign-verify.ts.
 */
import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import { buildCms } from './sign-cms.js';
import type { SigningKey } from './sign-key.js';
import { addSignaturePlaceholder } from './sign-placeholder.js';

/** @signpdf's signer interface, with our PAdES CMS (its P12Signer adds signing-time and no signing-certificate-v2). */
class PadesSigner extends Signer {
  constructor(private readonly key: SigningKey) {
    super();
  }
  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return buildCms(pdfBuffer, this.key);
  }
}

/**
 * Room for the CMS: the size of one made over nothing (the same certificates, attributes and
 * signature length as the real one), plus a margin for ECDSA signatures, whose DER length
 * varies by a few bytes, rounded up. For an RSA key the size is always the same.
 */
function contentsBytes(key: SigningKey): number {
  return Math.ceil((buildCms(Buffer.alloc(0), key).length + 64) / 64) * 64;
}

/** The unsigned PDF with its signature appended. */
export async function signPdf(unsigned: Buffer, key: SigningKey, date: Date): Promise<Buffer> {
  const { pdf } = addSignaturePlaceholder(unsigned, date, contentsBytes(key));
  return new SignPdf().sign(pdf, new PadesSigner(key));
}
