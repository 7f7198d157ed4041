/**
 * The release manifest: what a release was made from and what it holds. The inputs part
 * (dossier, tool, pdfmake, template, fonts, sources, claims) is known before rendering and
 * identifies the content: `contentSha256` is the SHA-256 of its canonical JSON, so "the same
 * content" never depends on the clock or on where the workspace lies. The PDF part is filled
 * in after rendering.
 */
import fs from 'node:fs';
import path from 'node:path';
import { creationDateOf, type CheckedWorkspace } from '../check.js';
import type { CitedDossier } from '../cite/cited.js';
import { installedVersion } from '../pdf/engine/pin.js';
import { fontFiles, fontkitModule } from '../typeset/fonts.js';
import type { HouseFonts } from '../typeset/house-fonts.js';
import { TOOL_VERSION } from '../version.js';
import type { CertificateFacts } from '../evidence/sign-cert.js';
import type { Dossier, Status } from '../workspace/types.js';
import type { Bump } from './semver.js';
import { hashOf, sha256 } from './hash.js';

export const MANIFEST_FORMAT = 1;

export interface FontEntry {
  /** A built-in font: its file name; a house font: its path in the workspace (fonts/X.ttf). */
  file: string;
  sha256: string;
  bytes: number;
  /** PostScript names of the faces of this file embedded in the PDF (subsets). */
  embedded: string[];
  /** A house font's licence file, beside it in the workspace (not part of the content hash). */
  license?: string;
}

export interface SourceEntry {
  id: string;
  publisher: string;
  language: string;
  /** The snapshot file, relative to the workspace root, with / separators. */
  snapshot: string;
  snapshotSha256: string;
  /** Hash of the source's metadata (title, publisher, dates, urls...). */
  metadataSha256: string;
}

export interface ClaimEntry {
  id: string;
  status: Status;
  /** Hash of the claim's whole content (statement, evidence, translations, tags, confidence). */
  sha256: string;
  statementSha256: string;
  /** Hash of what the claim rests on: each evidence item's source, quote and stance. */
  evidenceSha256: string;
}

export interface ImageEntry {
  /** assets/logo.png, or the file in the template folder. */
  file: string;
  sha256: string;
}

export interface ManifestInputs {
  dossier: { id: string; version: string; date: string; title: string; language: string; definitionSha256: string };
  tool: { name: string; version: string };
  pdfmake: { version: string };
  template: { name: string; sha256: string };
  fonts: FontEntry[];
  sources: SourceEntry[];
  claims: ClaimEntry[];
  /** The image files the PDF prints (logo, template images), by name and SHA-256; absent when none. */
  images?: ImageEntry[];
}

export interface Manifest extends ManifestInputs {
  format: number;
  /** SHA-256 of the canonical JSON of the inputs (fonts without `embedded`): the content's identity. */
  contentSha256: string;
  /** The release this one was compared with, and the size of the step. */
  changes: { since: string; bump: Bump; required: Bump } | null;
  pdf: { file: string; sha256: string; bytes: number; pages: number; rendered?: RenderedPdf; unsigned?: UnsignedPdf };
  /**
   * Quotes of the released claims that the pages do not print (a handout prints each claim's
   * strongest), by claim and quote number from 1; absent when every quote is printed.
   * `dossier verify` looks for every other quote in the PDF's text.
   */
  unprinted?: { claim: string; quote: number }[];
  /** The files attached to the PDF (PDF/A-3 associated files) other than the manifest itself. */
  attachments?: { name: string; sha256: string; bytes: number }[];
  /** Not part of the content: where this release was made. */
  builtWith: { node: string; platform: string };
  /**
   * A signed release (`--sign`): who signed the PDF. Only in the release folder's manifest: the
   * manifest attached to the PDF is part of the unsigned bytes, which stay those of an unsigned
   * release. Not part of the content either (contentSha256).
   */
  signature?: ReleaseSignature;
}

/** The first bytes of a signed release's PDF: the PDF as an unsigned release writes it. */
export interface UnsignedPdf {
  sha256: string;
  bytes: number;
}

export interface ReleaseSignature {
  /** PAdES baseline B-B: /SubFilter /ETSI.CAdES.detached, CMS with signing-certificate-v2. */
  profile: 'PAdES-B-B';
  /** The claimed signing time written into the signature (/M): the release date, not the clock. */
  signedAt: string;
  certificate: CertificateFacts;
}

/**
 * The PDF as the engine wrote it, before the files were attached (src/evidence/attach.ts): the
 * first bytes of the released file. The manifest attached to the PDF names these, since it
 * cannot name the hash of the file it is in.
 */
export interface RenderedPdf {
  sha256: string;
  bytes: number;
}

/** Font files hashed once per process (the CJK collection is 19 MB). */
let fontCache: { file: string; sha256: string; bytes: number; faces: string[] }[] | undefined;

function fontInfo() {
  fontCache ??= fontFiles().map((file) => {
    const bytes = fs.readFileSync(file);
    const opened = fontkitModule().create(bytes) as unknown as { postscriptName?: string; fonts?: { postscriptName: string }[] };
    const faces = opened.fonts ? opened.fonts.map((f) => f.postscriptName) : [opened.postscriptName ?? path.basename(file)];
    return { file: path.basename(file), sha256: sha256(bytes), bytes: bytes.length, faces };
  });
  return fontCache;
}

/** Every file below dir, as sorted relative paths with / separators. */
function filesBelow(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesBelow(path.join(dir, e.name), rel));
    else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

export function templateHash(dir: string): string {
  return hashOf(filesBelow(dir).map((rel) => [rel, sha256(fs.readFileSync(path.join(dir, ...rel.split('/'))))]));
}

/** The effective date of a dossier: its `date`, else the instant SOURCE_DATE_EPOCH gives. */
export function dateOf(dossier: Dossier): string {
  return dossier.date ?? creationDateOf(dossier).toISOString();
}

export interface InputsArgs {
  cw: CheckedWorkspace;
  dossier: Dossier & { version: string };
  cited: CitedDossier;
  template: { name: string; dir: string; settings?: { fonts?: HouseFonts } };
  /** The image files the dossier prints (src/image/attach.ts, imageEntries). */
  images?: ImageEntry[];
}

/** Faces of the house font files manifests listed in this process, by file and hash. */
const houseFaces = new Map<string, string[]>();

export function manifestInputs({ cw, dossier, cited, template, images }: InputsArgs): ManifestInputs {
  // version and date are recorded on their own; the definition hash covers the rest.
  const { file: _file, version: _v, date: _d, ...definition } = dossier;
  const sources = cited.sources.map((view): SourceEntry => {
    const s = cw.ws.sources.get(view.id)!;
    const { file: _f, snapshotFile, snapshot: _t, snapshotSha256, ...metadata } = s;
    return {
      id: s.id,
      publisher: s.publisher,
      language: s.language,
      snapshot: path.relative(cw.ws.root, snapshotFile).split(path.sep).join('/'),
      snapshotSha256,
      metadataSha256: hashOf(metadata),
    };
  });
  // Each claim once, where it first appears (a claim may stand in two sections).
  const views = [...new Map(cited.sections.flatMap((s) => s.claims).map((c) => [c.id, c])).values()];
  const claims = views.map((view): ClaimEntry => {
    const { file: _f, ...content } = cw.ws.claims.get(view.id)!;
    return {
      id: view.id,
      status: view.status,
      sha256: hashOf(content),
      statementSha256: hashOf(content.statement),
      evidenceSha256: hashOf(content.evidence.map((e) => ({ source: e.source, quote: e.quote, stance: e.stance }))),
    };
  });
  return {
    dossier: {
      id: dossier.id,
      version: dossier.version,
      date: dateOf(dossier),
      title: cited.title.text,
      language: dossier.language,
      definitionSha256: hashOf(definition),
    },
    tool: { name: 'dossier-press', version: TOOL_VERSION },
    pdfmake: { version: installedVersion('pdfmake') },
    template: { name: template.name, sha256: templateHash(template.dir) },
    fonts: [
      ...fontInfo().map((f): FontEntry => ({ file: f.file, sha256: f.sha256, bytes: f.bytes, embedded: [] })),
      // House fonts count in the content hash like the built-in ones: another font, another content.
      ...(template.settings?.fonts?.files ?? []).map((f): FontEntry => {
        houseFaces.set(`${f.shown}\0${f.sha256}`, f.faces);
        return { file: f.shown, sha256: f.sha256, bytes: f.bytes, embedded: [], license: f.license };
      }),
    ],
    sources,
    claims,
    ...(images?.length ? { images } : {}),
  };
}

/** The identity of a release's content. */
export function contentHash(inputs: ManifestInputs): string {
  const { dossier, tool, pdfmake, template, fonts, sources, claims, images } = inputs;
  // Images count only when there are some, so releases made before images keep their hash.
  return hashOf({
    dossier,
    tool,
    pdfmake,
    template,
    fonts: fonts.map((f) => ({ file: f.file, sha256: f.sha256 })),
    sources,
    claims,
    ...(images?.length ? { images } : {}),
  });
}

/** PostScript names of the fonts a PDF embeds (pdfkit writes /BaseFont /TAGTAG+Name). */
export function embeddedFaces(pdf: Buffer): Set<string> {
  const names = new Set<string>();
  for (const m of pdf.toString('latin1').matchAll(/\/BaseFont \/(?:[A-Z]{6}\+)?([^\s/<>[\]()]+)/g)) names.add(m[1]);
  return names;
}

export interface PdfFacts {
  file: string;
  bytes: Buffer;
  pages: number;
}

export function completeManifest(inputs: ManifestInputs, pdf: PdfFacts, changes: Manifest['changes']): Manifest {
  const used = embeddedFaces(pdf.bytes);
  const faces = new Map(fontInfo().map((f) => [f.file, f.faces]));
  return {
    format: MANIFEST_FORMAT,
    ...inputs,
    fonts: inputs.fonts.map((f) => ({ ...f, embedded: (faces.get(f.file) ?? houseFaces.get(`${f.file}\0${f.sha256}`) ?? []).filter((n) => used.has(n)) })),
    contentSha256: contentHash(inputs),
    changes,
    pdf: { file: pdf.file, sha256: sha256(pdf.bytes), bytes: pdf.bytes.length, pages: pdf.pages },
    builtWith: { node: process.versions.node, platform: `${process.platform}-${process.arch}` },
  };
}

export function manifestText(m: Manifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

/** Reads a manifest; throws an Error with a plain message when it is not one we can use. */
export function readManifest(file: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  const m = value as Partial<Manifest>;
  const ok =
    m &&
    typeof m === 'object' &&
    typeof m.format === 'number' &&
    typeof m.contentSha256 === 'string' &&
    typeof m.dossier?.id === 'string' &&
    typeof m.dossier.version === 'string' &&
    Array.isArray(m.claims) &&
    Array.isArray(m.sources);
  if (!ok) throw new Error(`${file} is not a dossier-press release manifest`);
  if (m.format! > MANIFEST_FORMAT) throw new Error(`${file} has manifest format ${m.format}, newer than this tool reads (${MANIFEST_FORMAT})`);
  return m as Manifest;
}
