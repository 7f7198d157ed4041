/**
 * The workspace format as data: one description per file kind, used both to validate YAML
 * (with positions, in validate.ts) and to write the JSON Schemas that editors autocomplete
 * against (`dossier schema`). Keeping one description avoids the two drifting apart.
 */
import type { FieldClass } from './deceptive.js';
import { LIMITS } from './limits.js';

export type Spec = StringSpec | LangMapSpec | ArraySpec | ObjectSpec | LengthSpec | ChoiceSpec;

export interface StringSpec {
  type: 'string';
  description: string;
  format?: 'id' | 'date' | 'semver' | 'lang' | 'path';
  enum?: readonly string[];
  /** Scalars YAML reads as numbers or booleans are accepted and turned into strings. */
  coerce?: boolean;
  /** Longest value, in characters (limits.ts). */
  maxLength?: number;
  /** Which deceptive characters are errors or warnings here (deceptive.ts). */
  text?: FieldClass;
}

/** A string, or a map from BCP 47 language tag to string. */
export interface LangMapSpec {
  type: 'langmap';
  description: string;
  maxLength: number;
  text: FieldClass;
}

/**
 * A length on paper: a number with its unit, mm, cm, in or pt ("20mm", "0.75in"); validated
 * into points. `min` and `max` are in millimetres.
 */
export interface LengthSpec {
  type: 'length';
  description: string;
  min: number;
  max: number;
}

/** A scalar by one spec or a mapping by another (a paper name, or a custom width and height). */
export interface ChoiceSpec {
  type: 'choice';
  description: string;
  scalar: StringSpec;
  mapping: ObjectSpec;
}

export interface ArraySpec {
  type: 'array';
  description: string;
  items: Spec;
  minItems?: number;
}

export interface ObjectSpec {
  type: 'object';
  description: string;
  properties: Record<string, Spec>;
  required: readonly string[];
  /** Exactly one of these keys must be present. */
  oneOf?: readonly string[];
}

const id = (description: string): StringSpec => ({ type: 'string', format: 'id', description, maxLength: LIMITS.id });
const date = (description: string): StringSpec => ({ type: 'string', format: 'date', description });
const text = (description: string, maxLength: number, cls: FieldClass): StringSpec => ({ type: 'string', description, maxLength, text: cls });
const langmap = (description: string, maxLength: number): LangMapSpec => ({ type: 'langmap', description, maxLength, text: 'prose' });

export const STANCES = ['supports', 'contradicts', 'context'] as const;
export const STATUSES = ['corroborated', 'single-source', 'disputed'] as const;
export const CONFIDENCES = ['high', 'moderate', 'low'] as const;
/** Named paper sizes, portrait width and height in millimetres (ISO 216; US sizes from inches). */
export const PAPER_SIZES_MM = {
  A3: [297, 420],
  A4: [210, 297],
  A5: [148, 210],
  B5: [176, 250],
  Letter: [215.9, 279.4],
  Legal: [215.9, 355.6],
} as const satisfies Record<string, readonly [number, number]>;
export const PAPERS = Object.keys(PAPER_SIZES_MM) as readonly (keyof typeof PAPER_SIZES_MM)[];
export const ORIENTATIONS = ['portrait', 'landscape'] as const;
/** Bounds of a custom paper side and of a margin, in millimetres. */
export const PAPER_SIDE_MM = { min: 50, max: 1200 } as const;
export const MARGIN_MM = { min: 0, max: 200 } as const;

const length = (description: string, bounds: { min: number; max: number }): LengthSpec => ({ type: 'length', description, ...bounds });

/** Page setup a dossier may override (and a template's settings.yaml sets): paper, orientation, margins. */
export const paperSpec: ChoiceSpec = {
  type: 'choice',
  description: `Paper: ${PAPERS.join(', ')}, or a custom size {width: 148mm, height: 210mm}.`,
  scalar: { type: 'string', enum: PAPERS, description: 'A named paper size.' },
  mapping: {
    type: 'object',
    description: 'A custom paper size, exactly as wide and as high as written.',
    required: ['width', 'height'],
    properties: {
      width: length(`Paper width (${PAPER_SIDE_MM.min}mm to ${PAPER_SIDE_MM.max}mm), e.g. 148mm.`, PAPER_SIDE_MM),
      height: length(`Paper height (${PAPER_SIDE_MM.min}mm to ${PAPER_SIDE_MM.max}mm), e.g. 210mm.`, PAPER_SIDE_MM),
    },
  },
};
export const orientationSpec: StringSpec = {
  type: 'string',
  enum: ORIENTATIONS,
  description: 'portrait (the default) or landscape: turns a named paper size.',
};
export const marginsSpec: ObjectSpec = {
  type: 'object',
  description: 'Page margins (mm, cm, in or pt); start is where lines start: left in left-to-right dossiers, right in right-to-left ones.',
  required: [],
  properties: {
    top: length('Top margin, e.g. 22mm.', MARGIN_MM),
    bottom: length('Bottom margin, e.g. 22mm.', MARGIN_MM),
    start: length('Margin on the side where lines start, e.g. 20mm.', MARGIN_MM),
    end: length('Margin on the side where lines end, e.g. 20mm.', MARGIN_MM),
  },
};

/** How footnotes are numbered (pdf/note-numbering.ts): through the document, or from 1 on every page. */
export const NOTE_NUMBERINGS = ['continuous', 'per-page'] as const;
export const notesSpec: ObjectSpec = {
  type: 'object',
  description: 'The notes at the page foot.',
  required: [],
  properties: {
    numbering: {
      type: 'string',
      enum: NOTE_NUMBERINGS,
      description: 'continuous (the default): notes numbered 1, 2, 3... through the document; per-page: numbered from 1 again on every page.',
    },
  },
};

export const sourceSpec: ObjectSpec = {
  type: 'object',
  description: 'Metadata of one source; its text snapshot is sources/<id>.txt.',
  required: ['id', 'title', 'publisher', 'language'],
  properties: {
    id: id('Source id: lowercase letters, digits and hyphens; equals the file name stem.'),
    title: text('Title in the language of the source.', LIMITS.title, 'prose'),
    title_translation: text('Title translated into English.', LIMITS.title, 'prose'),
    publisher: text('Who published the source.', LIMITS.name, 'name'),
    author: text('Author, when known.', LIMITS.name, 'name'),
    language: { type: 'string', format: 'lang', description: 'BCP 47 language tag of the source (ar, zh-Hans, ja, ...).' },
    published: date('Publication date, YYYY-MM-DD.'),
    accessed: date('Date the snapshot was taken, YYYY-MM-DD.'),
    url: text('Address of the original.', LIMITS.url, 'code'),
    archive_url: text('Address of an archived copy.', LIMITS.url, 'code'),
    text: { type: 'string', format: 'path', description: 'Snapshot file name inside sources/ (default <id>.txt).', maxLength: LIMITS.name, text: 'code' },
  },
};

export const evidenceSpec: ObjectSpec = {
  type: 'object',
  description: 'One piece of evidence: an exact quote from a source.',
  required: ['source', 'quote'],
  properties: {
    source: id('Id of the source quoted.'),
    quote: text('Exact text from the source snapshot (compared after NFC and whitespace folding).', LIMITS.quote, 'quote'),
    translation: langmap('Translation of the quote: a string (English) or a map from language to string.', LIMITS.quote),
    translator: text('Who translated the quote.', LIMITS.name, 'name'),
    stance: { type: 'string', enum: STANCES, description: 'How the quote bears on the claim (default supports).' },
  },
};

export const claimSpec: ObjectSpec = {
  type: 'object',
  description: 'A claim backed by evidence.',
  required: ['id', 'statement', 'evidence'],
  properties: {
    id: id('Claim id: lowercase letters, digits and hyphens; unique in the workspace.'),
    statement: langmap('The claim: a string (English) or a map from language to string.', LIMITS.statement),
    evidence: { type: 'array', minItems: 1, items: evidenceSpec, description: 'One or more quotes.' },
    tags: { type: 'array', items: id('A tag.'), description: 'Tags used by dossier sections to select claims.' },
    status: { type: 'string', enum: STATUSES, description: 'Optional; must agree with the status the evidence earns.' },
    confidence: { type: 'string', enum: CONFIDENCES, description: 'Editorial confidence.' },
  },
};

export const claimsFileSpec: ArraySpec = {
  type: 'array',
  description: 'A list of claims.',
  items: claimSpec,
};

export const sectionSpec: ObjectSpec = {
  type: 'object',
  description: 'A section of a dossier: a title and the claims it holds.',
  required: ['title'],
  oneOf: ['claims', 'select'],
  properties: {
    title: langmap('Section title: a string or a map from language to string.', LIMITS.title),
    claims: { type: 'array', items: id('A claim id.'), description: 'Claim ids, in order.' },
    select: {
      type: 'object',
      description: 'Claims chosen by tag and status, in workspace order.',
      required: [],
      properties: {
        tags: { type: 'array', items: id('A tag.'), description: 'Claims with any of these tags.' },
        status: { type: 'array', items: { type: 'string', enum: STATUSES, description: 'A status.' }, description: 'Only claims with one of these statuses.' },
      },
    },
  },
};

export const dossierSpec: ObjectSpec = {
  type: 'object',
  description: 'A dossier definition.',
  required: ['id', 'title', 'language', 'sections'],
  properties: {
    id: id('Dossier id: the output file is <id>.pdf.'),
    title: langmap('Title: a string or a map from language to string.', LIMITS.title),
    language: { type: 'string', format: 'lang', description: 'Language of the dossier; ar, fa, ur and he are set right to left.' },
    sections: { type: 'array', minItems: 1, items: sectionSpec, description: 'Sections, in order.' },
    version: { type: 'string', format: 'semver', coerce: true, description: 'Semantic version, e.g. 1.2.0.' },
    date: date('Date of the dossier, YYYY-MM-DD; also the PDF creation date.'),
    summary: langmap('A short summary printed on the cover.', LIMITS.summary),
    template: id('Template name (default briefing).'),
    paper: { ...paperSpec, description: `${paperSpec.description} Overrides the template's settings.yaml (briefing: A4).` },
    orientation: { ...orientationSpec, description: `${orientationSpec.description} Overrides the template's settings.yaml.` },
    margins: { ...marginsSpec, description: `${marginsSpec.description} Each one given overrides the template's settings.yaml.` },
    notes: { ...notesSpec, description: `${notesSpec.description} Overrides the template's settings.yaml.` },
    handling: text('Handling label printed on every page, e.g. TLP:AMBER.', LIMITS.handling, 'code'),
    logo: {
      type: 'object',
      description:
        "A logo printed near the title: an image file (PNG, JPEG or SVG) in the template's folder or the workspace's assets/ folder, and its alt text.",
      required: ['src', 'alt'],
      properties: {
        src: text('The image file, relative to the template folder or assets/, e.g. newsroom-logo.png.', LIMITS.name, 'code'),
        alt: langmap('What the logo shows, for readers who cannot see it (the PDF is tagged): a string or a map from language to string.', LIMITS.label),
      },
    },
  },
};

export type FileKind = 'source' | 'claims' | 'dossier';
export const fileSpecs: Record<FileKind, Spec> = {
  source: sourceSpec,
  claims: claimsFileSpec,
  dossier: dossierSpec,
};

const ID_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const SEMVER_PATTERN =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$';
const LANG_PATTERN = '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$';
const LENGTH_PATTERN = '^\\s*[0-9]+(\\.[0-9]+)?\\s*(mm|cm|in|pt)\\s*$';

export const patterns = {
  id: new RegExp(ID_PATTERN),
  date: new RegExp(DATE_PATTERN),
  semver: new RegExp(SEMVER_PATTERN),
  lang: new RegExp(LANG_PATTERN),
  length: new RegExp(LENGTH_PATTERN),
};

/** JSON Schema (draft 2020-12) for one spec. */
export function toJsonSchema(spec: Spec): Record<string, unknown> {
  switch (spec.type) {
    case 'string': {
      const out: Record<string, unknown> = { type: 'string', description: spec.description };
      if (spec.enum) out.enum = [...spec.enum];
      if (spec.format === 'id') out.pattern = ID_PATTERN;
      if (spec.format === 'date') {
        out.pattern = DATE_PATTERN;
        out.format = 'date';
      }
      if (spec.format === 'semver') out.pattern = SEMVER_PATTERN;
      if (spec.format === 'lang') out.pattern = LANG_PATTERN;
      if (spec.maxLength) out.maxLength = spec.maxLength;
      return out;
    }
    case 'langmap':
      return {
        description: spec.description,
        oneOf: [
          { type: 'string', maxLength: spec.maxLength },
          {
            type: 'object',
            propertyNames: { pattern: LANG_PATTERN },
            additionalProperties: { type: 'string', maxLength: spec.maxLength },
            minProperties: 1,
          },
        ],
      };
    case 'length':
      return { type: 'string', description: `${spec.description} A number and its unit: mm, cm, in or pt.`, pattern: LENGTH_PATTERN };
    case 'choice':
      return { description: spec.description, oneOf: [toJsonSchema(spec.scalar), toJsonSchema(spec.mapping)] };
    case 'array': {
      const out: Record<string, unknown> = {
        type: 'array',
        description: spec.description,
        items: toJsonSchema(spec.items),
      };
      if (spec.minItems) out.minItems = spec.minItems;
      return out;
    }
    case 'object': {
      const properties: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(spec.properties)) properties[k] = toJsonSchema(v);
      const out: Record<string, unknown> = {
        type: 'object',
        description: spec.description,
        properties,
        required: [...spec.required],
        additionalProperties: false,
      };
      if (spec.oneOf) out.oneOf = spec.oneOf.map((k) => ({ required: [k] }));
      return out;
    }
  }
}

export function jsonSchemaDocument(kind: FileKind): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${kind === 'claims' ? 'claims' : kind}.schema.json`,
    title: `dossier-press ${kind} file`,
    ...toJsonSchema(fileSpecs[kind]),
  };
}
