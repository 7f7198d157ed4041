/**
 * Hook: the XMP metadata of a tagged document.
 *
 * Overrides: pdfkit's MetadataMixin._addInfo (pdfkit/js/pdfkit.js), in the engine's PDFDocument
 *   subclass (document.ts), for tagged documents.
 * Why: PDF/UA-1 asks for XMP with pdfuaid:part 1, dc:title and dc:language; an archival build
 *   (hooks/pdfa.ts) adds pdfaid:part 3 and its conformance to the same packet (an untagged
 *   archival build has pdfaid alone). pdfkit writes the
 *   title into the XML unescaped (a title with "&" or "<" makes the packet invalid) and no
 *   language; `subset: 'PDF/UA'` would add pdfuaid but also PDF/A-1's CIDSet to every font.
 * Relies on: endMetadata calling _addInfo once, then closing the packet and writing it as the
 *   catalog's /Metadata for PDF versions other than 1.3; this.info holding Title, Creator,
 *   Producer and CreationDate.
 * Guarded by: tests/render/tagged.test.ts, tests/evidence/pdfa.test.ts,
 *   tests/unit/engine-fingerprint.test.ts.
 */

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** PDF/A identification: part 3, conformance A (tagged) or B. */
export interface PdfaId {
  conformance: 'A' | 'B';
}

/** The rdf:Description elements for a tagged (pdfuaid) or archival (pdfaid) document's XMP packet. */
export function xmpMetadata(info: Record<string, unknown>, lang: string, pdfa?: PdfaId, tagged = true): string {
  const text = (v: unknown) => escapeXml(String(v ?? ''));
  const date = info.CreationDate instanceof Date ? `${info.CreationDate.toISOString().split('.')[0]}Z` : '';
  return [
    `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">`,
    `<xmp:CreateDate>${date}</xmp:CreateDate><xmp:ModifyDate>${date}</xmp:ModifyDate><xmp:CreatorTool>${text(info.Creator)}</xmp:CreatorTool>`,
    `</rdf:Description>`,
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">`,
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${text(info.Title)}</rdf:li></rdf:Alt></dc:title>`,
    info.Subject ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${text(info.Subject)}</rdf:li></rdf:Alt></dc:description>` : '',
    lang ? `<dc:language><rdf:Bag><rdf:li>${text(lang)}</rdf:li></rdf:Bag></dc:language>` : '',
    `</rdf:Description>`,
    `<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Producer>${text(info.Producer)}</pdf:Producer></rdf:Description>`,
    tagged ? `<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part></rdf:Description>` : '',
    pdfa
      ? `<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>3</pdfaid:part><pdfaid:conformance>${pdfa.conformance}</pdfaid:conformance></rdf:Description>`
      : '',
  ]
    .filter(Boolean)
    .join('\n');
}
