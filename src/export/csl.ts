/**
 * CSL-JSON export: every source a dossier cites, as an item of the CSL input data model
 * (csl-data.json of the citation-style-language/schema project), in order of first citation.
 */
import type { CitedDossier, SourceView } from '../cite/cited.js';

export interface CslDate {
  'date-parts': [number[]];
}

/** The variables we fill; the schema allows no others (additionalProperties: false). */
export interface CslItem {
  id: string;
  type: 'webpage' | 'document';
  title: string;
  'container-title': string;
  publisher: string;
  author?: { literal: string }[];
  issued?: CslDate;
  accessed?: CslDate;
  URL?: string;
  /**
   * CSL has no variable for the address of an archived copy: `archive_location` ("storage
   * location within an archive") is the nearest the schema has, which allows no other key.
   */
  archive_location?: string;
  language: string;
}

/** YYYY, YYYY-MM or YYYY-MM-DD as CSL date parts. */
export function cslDate(date: string | undefined): CslDate | undefined {
  if (!date) return undefined;
  return { 'date-parts': [date.split('-').map(Number)] };
}

export function cslItem(s: SourceView): CslItem {
  const item: CslItem = {
    id: s.id,
    // A snapshot with an address is a web page; without one, a document of the publisher's.
    type: s.url ? 'webpage' : 'document',
    title: s.title.text,
    'container-title': s.publisher,
    publisher: s.publisher,
    language: s.language,
  };
  // An author is one name as written (an organisation, a byline): never split into parts.
  if (s.author) item.author = [{ literal: s.author }];
  const issued = cslDate(s.published);
  if (issued) item.issued = issued;
  const accessed = cslDate(s.accessed);
  if (accessed) item.accessed = accessed;
  if (s.url) item.URL = s.url;
  if (s.archiveUrl) item.archive_location = s.archiveUrl;
  return item;
}

export function cslJson(cited: CitedDossier): CslItem[] {
  return cited.sources.map(cslItem);
}
