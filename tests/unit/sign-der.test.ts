/**
 * The small DER reader and writer of signed releases (src/evidence/sign-der.ts), against
 * node-forge's ASN.1 implementation as the oracle: object identifiers, lengths in long form,
 * a structure another encoder made read into its parts, and DER's order of a SET OF.
 */
import crypto from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { children, oid, oidText, readElement, setOf, TAG, tlv } from '../../src/evidence/sign-der.js';

const forgeDer = (a: forge.asn1.Asn1) => Buffer.from(forge.asn1.toDer(a).getBytes(), 'binary');

describe('sign-der', () => {
  it('object identifiers encode as forge encodes them, and read back', () => {
    for (const id of ['1.2.840.113549.1.9.16.2.47', '2.16.840.1.101.3.4.2.1', '1.2.840.10045.4.3.2', '2.999.1234567', '0.9.2342.19200300.100.1.1']) {
      const ours = oid(id);
      expect(ours.equals(forgeDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OID, false, forge.asn1.oidToDer(id).getBytes())))).toBe(true);
      expect(oidText(readElement(ours))).toBe(id);
    }
  });

  it('lengths of 128 bytes and more use the long form, as forge writes them', () => {
    for (const n of [0, 127, 128, 255, 256, 70000]) {
      const body = Buffer.alloc(n, 7);
      const forgeOctets = forgeDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OCTETSTRING, false, body.toString('binary')));
      expect(tlv(TAG.OCTET_STRING, body).equals(forgeOctets)).toBe(true);
      expect(readElement(forgeOctets).body.equals(body)).toBe(true);
    }
  });

  it('a structure made by another encoder (a public key as Node exports it) reads into its parts, each with its own bytes', () => {
    const { publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const parsed = forge.asn1.fromDer(forge.util.createBuffer(spki.toString('binary')));
    const parts = children(readElement(spki));
    expect(parts.length).toBe((parsed.value as forge.asn1.Asn1[]).length);
    expect(Buffer.concat(parts.map((p) => p.der)).equals(readElement(spki).body)).toBe(true);
    expect(oidText(children(parts[0])[0])).toBe('1.2.840.10045.2.1');
  });

  it('SET OF sorts its elements by their encodings (X.690 11.6), whatever order they come in', () => {
    const a = tlv(TAG.OCTET_STRING, Buffer.from([1, 2]));
    const b = tlv(TAG.OCTET_STRING, Buffer.from([1]));
    const c = oid('1.2.3');
    const set = setOf(TAG.SET, [a, c, b]);
    expect(set.equals(setOf(TAG.SET, [b, a, c]))).toBe(true);
    const order = children(readElement(set)).map((e) => e.der.toString('hex'));
    expect(order).toEqual([...order].sort());
  });
});
