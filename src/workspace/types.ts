/** The loaded, validated workspace: what the later stages work from. */

/** A string (English) or a map from language tag to string. */
export type LangText = string | Readonly<Record<string, string>>;

export type Stance = 'supports' | 'contradicts' | 'context';
export type Status = 'corroborated' | 'single-source' | 'disputed';
export type Confidence = 'high' | 'moderate' | 'low';

export interface Source {
  id: string;
  title: string;
  title_translation?: string;
  publisher: string;
  author?: string;
  language: string;
  published?: string;
  accessed?: string;
  url?: string;
  archive_url?: string;
  /** The YAML file this came from. */
  file: string;
  /** Absolute path of the snapshot. */
  snapshotFile: string;
  /** Snapshot text as read (UTF-8, BOM removed). */
  snapshot: string;
  /** SHA-256 (hex) of the snapshot file's bytes. */
  snapshotSha256: string;
}

export interface Evidence {
  source: string;
  quote: string;
  translation?: LangText;
  translator?: string;
  stance: Stance;
}

export interface Claim {
  id: string;
  statement: LangText;
  evidence: Evidence[];
  tags: string[];
  status?: Status;
  confidence?: Confidence;
  file: string;
}

/** A named paper size, or a custom one in points. */
export type Paper = 'A3' | 'A4' | 'A5' | 'B5' | 'Letter' | 'Legal' | { width: number; height: number };
export type Orientation = 'portrait' | 'landscape';
/** Margins in points; start is where lines start (left in left-to-right text, right in right-to-left). */
export interface Margins {
  top?: number;
  bottom?: number;
  start?: number;
  end?: number;
}

/** How footnotes are numbered: through the document (the default), or from 1 on every page. */
export type NoteNumbering = 'continuous' | 'per-page';

export interface Section {
  title: LangText;
  claims?: string[];
  select?: { tags?: string[]; status?: Status[] };
}

export interface Dossier {
  id: string;
  title: LangText;
  language: string;
  sections: Section[];
  version?: string;
  date?: string;
  summary?: LangText;
  template: string;
  /** Page setup overriding the template's settings.yaml (template/settings.ts); lengths in points. */
  paper?: Paper;
  orientation?: Orientation;
  margins?: Margins;
  /** How the notes at the page foot are numbered, over the template's settings.yaml. */
  notes?: { numbering?: NoteNumbering };
  handling?: string;
  /** A logo near the title: an image file (template folder, then assets/) and what it shows. */
  logo?: { src: string; alt: LangText };
  file: string;
}

export interface Workspace {
  root: string;
  sources: Map<string, Source>;
  /** In a stable order: files sorted by name, claims in file order. */
  claims: Map<string, Claim>;
  dossiers: Map<string, Dossier>;
  /**
   * What was written but failed to load, reported at the time: later stages stay silent about
   * references to these rather than call them unknown.
   */
  rejected: {
    sources: Set<string>;
    claims: Set<string>;
    /** A claims file, or a claim without a readable id, could not be read at all. */
    claimsIncomplete: boolean;
  };
}
