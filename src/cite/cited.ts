/**
 * The cited dossier: the selection with every quote numbered as a note, each note knowing
 * whether it is the first citation of its source (full reference) or a later one (short form),
 * and each text picked in the language the reader needs. This is the data templates see.
 */
import { quoteMarksFor, type QuoteMarks } from './quote-marks.js';
import { strongestQuotes, type StrongestQuotes } from './strongest.js';
import type { Selection } from '../select/select.js';
import { directionOf, type Dir } from '../template/tree.js';
import type { LangText, Paper, Source, Stance, Status } from '../workspace/types.js';

export interface Localized {
  text: string;
  lang: string;
  dir: Dir;
}

/**
 * Text in the wanted language, else English, else the first given. A plain string is taken
 * to be in `plainLang`.
 */
export function pick(value: LangText | undefined, wanted: string, plainLang: string): Localized | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return { text: value, lang: plainLang, dir: directionOf(plainLang) };
  const primary = wanted.split('-')[0];
  const key =
    (Object.hasOwn(value, wanted) && wanted) ||
    Object.keys(value).find((k) => k.split('-')[0] === primary) ||
    (Object.hasOwn(value, 'en') && 'en') ||
    Object.keys(value)[0];
  return { text: value[key], lang: key, dir: directionOf(key) };
}

/** Same primary language ("zh" of "zh-Hans"): nothing to translate. */
function sameLanguage(a: string, b: string): boolean {
  return a.split('-')[0] === b.split('-')[0];
}

export interface SourceView {
  id: string;
  /** Its number in the dossier's list of sources (order of first citation), from 1. */
  n: number;
  title: Localized;
  /** The title in the dossier's language (else English); none for a source in the dossier's language. */
  titleTranslation?: Localized;
  publisher: string;
  author?: string;
  published?: string;
  accessed?: string;
  url?: string;
  archiveUrl?: string;
  language: string;
  sha256: string;
}

export interface NoteView {
  n: number;
  /** First citation of this source in the dossier: print the full reference. */
  full: boolean;
  source: SourceView;
  paragraph: number;
  line: number;
  /**
   * Where the quote starts within its paragraph (1-based character), set only for paragraphs
   * over 600 characters, where a paragraph number alone does not find the passage.
   */
  charInParagraph?: number;
  claimId: string;
}

const LONG_PARAGRAPH = 600;

function charInLongParagraph(text: string, offset: number): number | undefined {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return end - start > LONG_PARAGRAPH ? [...text.slice(start, offset)].length + 1 : undefined;
}

export interface EvidenceView {
  /** The verified text, and the quotation marks of its language (printed around it, not part of it). */
  quote: Localized & QuoteMarks;
  translation?: Localized;
  translator?: string;
  /** The translator, when not the dossier's `translator` (credited once, in the front matter). */
  translatorCredit?: string;
  stance: Stance;
  note: number;
}

export interface ClaimView {
  id: string;
  statement: Localized;
  status: Status;
  confidence?: string;
  tags: string[];
  evidence: EvidenceView[];
  /** The quotes a one-page handout prints for this claim (strongest.ts). */
  strongest: StrongestQuotes<EvidenceView, NoteView>;
}

export interface SectionView {
  title: Localized;
  claims: ClaimView[];
}

export interface CitedDossier {
  id: string;
  title: Localized;
  lang: string;
  dir: Dir;
  version?: string;
  date?: string;
  summary?: Localized;
  handling?: string;
  /** The logo for templates to print: `<img src="{{logo.src}}" alt="{{logo.alt.text}}"/>`; unset when there is none or it was refused. */
  logo?: { src: string; alt: Localized };
  /** Who made most of the printed translations: credited once; others are credited where they stand. */
  translator?: string;
  /** The dossier's own paper, if it sets one (the page setup is template/settings.ts's). */
  paper?: Paper;
  sections: SectionView[];
  notes: NoteView[];
  /** Every cited source, in order of first citation. */
  sources: SourceView[];
  counts: { claims: number; corroborated: number; 'single-source': number; disputed: number };
}

function sourceView(s: Source, n: number, lang: string): SourceView {
  return {
    id: s.id,
    n,
    title: { text: s.title, lang: s.language, dir: directionOf(s.language) },
    titleTranslation: sameLanguage(s.language, lang) ? undefined : pick(s.title_translation, lang, 'en'),
    publisher: s.publisher,
    author: s.author,
    published: s.published,
    accessed: s.accessed,
    url: s.url,
    archiveUrl: s.archive_url,
    language: s.language,
    sha256: s.snapshotSha256,
  };
}

export function citeDossier(selection: Selection, sources: ReadonlyMap<string, Source>): CitedDossier {
  const d = selection.dossier;
  const lang = d.language;
  const notes: NoteView[] = [];
  const cited = new Map<string, SourceView>();
  const counts = { claims: 0, corroborated: 0, 'single-source': 0, disputed: 0 };

  const sections = selection.sections.map((sel): SectionView => ({
    title: pick(sel.section.title, lang, lang)!,
    claims: sel.claims.map((checked): ClaimView => {
      counts.claims++;
      counts[checked.status]++;
      const c = checked.claim;
      const evidence = c.evidence.map((e, i): EvidenceView => {
        const source = sources.get(e.source)!;
        let view = cited.get(source.id);
        const full = !view;
        if (!view) {
          view = sourceView(source, cited.size + 1, lang);
          cited.set(source.id, view);
        }
        const loc = checked.locations[i];
        const n = notes.length + 1;
        notes.push({
          n,
          full,
          source: view,
          paragraph: loc.paragraph,
          line: loc.line,
          charInParagraph: charInLongParagraph(source.snapshot, loc.start),
          claimId: c.id,
        });
        const translation = sameLanguage(source.language, lang) ? undefined : pick(e.translation, lang, 'en');
        return {
          quote: { text: e.quote.trim(), lang: source.language, dir: directionOf(source.language), ...quoteMarksFor(source.language) },
          translation,
          // Named in the language of the translation printed, where the data names them in it.
          translator: translation && pick(e.translator, translation.lang, 'en')?.text,
          stance: e.stance,
          note: n,
        };
      });
      return {
        id: c.id,
        statement: pick(c.statement, lang, 'en')!,
        status: checked.status,
        confidence: c.confidence,
        tags: c.tags,
        evidence,
        strongest: strongestQuotes(evidence, notes),
      };
    }),
  }));

  const translator = mainTranslator(sections);
  for (const e of sections.flatMap((s) => s.claims.flatMap((c) => c.evidence))) {
    if (e.translator !== undefined && e.translator !== translator) e.translatorCredit = e.translator;
  }
  return {
    id: d.id,
    title: pick(d.title, lang, lang)!,
    lang,
    dir: directionOf(lang),
    version: d.version,
    date: d.date,
    summary: pick(d.summary, lang, lang),
    handling: d.handling,
    logo: d.logo && { src: d.logo.src, alt: pick(d.logo.alt, lang, lang)! },
    translator,
    paper: d.paper,
    sections,
    notes,
    sources: [...cited.values()],
    counts,
  };
}

/** The translator of most printed translations (the first such in reading order on a tie). */
function mainTranslator(sections: SectionView[]): string | undefined {
  const counts = new Map<string, number>();
  for (const e of sections.flatMap((s) => s.claims.flatMap((c) => c.evidence))) {
    if (e.translation && e.translator !== undefined) counts.set(e.translator, (counts.get(e.translator) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [name, n] of counts) if (best === undefined || n > counts.get(best)!) best = name;
  return best;
}
