/**
 * Hook: PDF/A-3 identification and output intent, for archival builds (`dossier release`,
 * `build --archive`).
 *
 * Adds to: pdfkit's MetadataMixin._addInfo, overridden in the engine's PDFDocument subclass
 *   (document.ts) together with the xmp-metadata hook: while the XMP packet is being written,
 *   the catalog gets /OutputIntents with the sRGB profile (PDF/A's device-independent colour:
 *   every colour the dossier draws is DeviceRGB), and the XMP gets pdfaid:part 3 with
 *   conformance A when the PDF is tagged, else B (xmpMetadata).
 * Why not `subset: 'PDF/A-3a'`: pdfkit's PDF/A subset writes its own XMP (unescaped title, no
 *   pdfuaid) and reads the profile by path at the end of every build; here the one XMP packet
 *   carries pdfuaid and pdfaid together, and the profile is read once and checked by hash.
 * Relies on: endMetadata calling _addInfo before the catalog (_root) is ended, so a key added to
 *   _root.data is written; PDFDocument.ref(data) and PDFReference.end(data) writing a stream
 *   (compressed like every other stream of the document); the ICC profile pdfkit ships,
 *   js/data/sRGB_IEC61966_2_1.icc (ICC's sRGB2014, "may be copied, distributed, embedded, made,
 *   used, and sold without restriction", color.org), 3,024 bytes, pinned by its SHA-256 below.
 * Guarded by: tests/evidence/pdfa.test.ts (reads the catalog and XMP with pdf.js),
 *   tests/unit/engine-fingerprint.test.ts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { packageDir } from '../pin.js';

export const SRGB_PROFILE_SHA256 = '384b832de3412066743b52a75ee906b6fb9fb8d9e09e936fc2c43223815c6e0a';
const PROFILE_NAME = 'sRGB IEC61966-2.1';

export interface IntentHost {
  ref(data: Record<string, unknown>): { end(data?: Buffer): void };
  _root: { data: Record<string, unknown> };
}

let profile: Buffer | undefined;

function srgbProfile(): Buffer {
  if (profile) return profile;
  const bytes = fs.readFileSync(path.join(packageDir('pdfkit'), 'js', 'data', 'sRGB_IEC61966_2_1.icc'));
  const hash = crypto.createHash('sha256').update(bytes).digest('hex');
  if (hash !== SRGB_PROFILE_SHA256) throw new Error(`pdfkit's sRGB profile is not the one this tool was made with (sha256 ${hash})`);
  return (profile = bytes);
}

/** The catalog's /OutputIntents: one GTS_PDFA1 intent with the sRGB profile. */
export function addOutputIntent(doc: IntentHost): void {
  const icc = doc.ref({ N: 3 });
  icc.end(srgbProfile());
  const intent = doc.ref({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    Info: new String(PROFILE_NAME),
    OutputConditionIdentifier: new String(PROFILE_NAME),
    DestOutputProfile: icc,
  });
  intent.end();
  doc._root.data.OutputIntents = [intent];
}
