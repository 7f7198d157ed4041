/**
 * The quotation marks a quote is printed in: those of the quote's own language, not the
 * dossier's (an Arabic quote in an English briefing stands in « », as an Arabic reader would
 * write it; a Japanese one in 「」). The marks are printed around the verified text and are not
 * part of it: quote verification, the evidence check of the text layer and the exports use
 * the text alone.
 *
 * In right-to-left text the marks are written in logical order, opening mark first; the bidi
 * algorithm mirrors « and » where the reader expects them (U+00AB and U+00BB are Bidi_Mirrored).
 */

export interface QuoteMarks {
  open: string;
  close: string;
}

const NNBSP = '\u202f';

/** By primary language subtag; a full tag (zh-Hant) is looked up first. */
const MARKS: Record<string, QuoteMarks> = {
  en: { open: '“', close: '”' },
  ar: { open: '«', close: '»' },
  fa: { open: '«', close: '»' },
  ur: { open: '“', close: '”' },
  he: { open: '„', close: '”' },
  fr: { open: `«${NNBSP}`, close: `${NNBSP}»` },
  es: { open: '«', close: '»' },
  it: { open: '«', close: '»' },
  pt: { open: '“', close: '”' },
  ru: { open: '«', close: '»' },
  uk: { open: '«', close: '»' },
  de: { open: '„', close: '“' },
  nl: { open: '“', close: '”' },
  pl: { open: '„', close: '”' },
  tr: { open: '“', close: '”' },
  ja: { open: '「', close: '」' },
  zh: { open: '“', close: '”' },
  'zh-hant': { open: '「', close: '」' },
  'zh-tw': { open: '「', close: '」' },
  'zh-hk': { open: '「', close: '」' },
  ko: { open: '“', close: '”' },
};

const FALLBACK: QuoteMarks = { open: '“', close: '”' };

export function quoteMarksFor(lang: string): QuoteMarks {
  const tag = lang.toLowerCase();
  const [primary, second] = tag.split('-');
  return MARKS[`${primary}-${second}`] ?? MARKS[primary!] ?? FALLBACK;
}
