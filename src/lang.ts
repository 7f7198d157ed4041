/**
 * What the tool knows about a language from its BCP 47 tag: the direction it is written in,
 * its script family (for the font fallback order) and whether CJK line-breaking rules apply.
 * One list per fact, used by templates, typesetting and line breaking alike.
 */

/** Primary language subtags written in the Arabic script. */
const ARABIC_SCRIPT = new Set(['ar', 'fa', 'ur', 'ps', 'sd', 'ug', 'ckb']);
/** Primary language subtags written in the Hebrew script. */
const HEBREW_SCRIPT = new Set(['he', 'yi']);
/** Other languages written right to left (Thaana). */
const OTHER_RTL = new Set(['dv']);
/** Primary subtags typeset with Chinese, Japanese and Korean rules and faces. */
const CJK = new Set(['ja', 'zh', 'ko', 'yue', 'cmn', 'wuu', 'hak', 'nan', 'gan', 'hsn', 'lzh']);

export type Dir = 'ltr' | 'rtl';
export type ScriptFamily = 'arabic' | 'hebrew' | 'cjk' | 'other';

/** The primary language subtag, lower-cased ("zh" of "zh-Hant-TW"). */
export function primarySubtag(lang: string): string {
  return lang.toLowerCase().split(/[-_]/)[0] ?? '';
}

export function directionOf(lang: string): Dir {
  const p = primarySubtag(lang);
  return ARABIC_SCRIPT.has(p) || HEBREW_SCRIPT.has(p) || OTHER_RTL.has(p) ? 'rtl' : 'ltr';
}

export function scriptFamilyOf(lang: string): ScriptFamily {
  const p = primarySubtag(lang);
  if (ARABIC_SCRIPT.has(p)) return 'arabic';
  if (HEBREW_SCRIPT.has(p)) return 'hebrew';
  if (CJK.has(p)) return 'cjk';
  return 'other';
}

export function isCjkLang(lang: string): boolean {
  return CJK.has(primarySubtag(lang));
}
