/** The formats of `dossier export`; no imports, so the command's definition stays light. */
export const EXPORT_FORMATS = ['csl-json', 'claimreview', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format: ExportFormat;
  root?: string;
  out?: string;
}
