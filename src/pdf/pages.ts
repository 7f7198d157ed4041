/** Pages of a PDF written by pdfkit (each page object has /Type /Page). */
export function countPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}
