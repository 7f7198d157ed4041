/**
 * The loose form of a character, for finding the passage a mistyped quote was meant to quote
 * (find.ts). Two characters with one loose key are look-alikes an editor types for each other:
 * the finder counts them as no difference, then names each one. Nothing here makes a quote
 * verify: verification compares the folded text only (normalize.ts).
 *
 * The key of a character is, in order: our table of what editors type for what (straight and
 * curly quotes, dashes, Arabic letters written with or without hamza, ى for ي, ة for ه),
 * then NFKC (full-width and compatibility forms: U+FF0C is a comma), lower case, then the
 * UTS #39 prototype of each character (Latin/Cyrillic/Greek look-alikes; the same confusables
 * table that compares publishers, publisher.ts). Arabic vowel marks and the tatweel are
 * "ignorable": key 0, left out or added at no cost.
 */
import { skeleton } from './publisher.js';

const DOUBLE_QUOTES = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02';
const SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b\u2032\u2039\u203a`\u00b4\uff07";
const DASHES = '-\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d';

const TYPED_FOR: Record<string, string> = {
  '\u0649': '\u064a', // ى ALEF MAKSURA for ي YEH
  '\u06cc': '\u064a', // ی FARSI YEH
  '\u0626': '\u064a', // ئ YEH WITH HAMZA ABOVE
  '\u0629': '\u0647', // ة TEH MARBUTA for ه HEH
  '\u0623': '\u0627', // أ ALEF WITH HAMZA ABOVE
  '\u0625': '\u0627', // إ ALEF WITH HAMZA BELOW
  '\u0622': '\u0627', // آ ALEF WITH MADDA ABOVE
  '\u0671': '\u0627', // ٱ ALEF WASLA
  '\u0624': '\u0648', // ؤ WAW WITH HAMZA ABOVE
  '\u06a9': '\u0643', // ک KEHEH for ك KAF
  '\u060c': ',', // ، ARABIC COMMA
  '\u061b': ';', // ؛ ARABIC SEMICOLON
  '\u061f': '?', // ؟ ARABIC QUESTION MARK
  '\u3001': ',', // 、 IDEOGRAPHIC COMMA
  '\u3002': '.', // 。 IDEOGRAPHIC FULL STOP
};
for (const c of DOUBLE_QUOTES) TYPED_FOR[c] = '"';
for (const c of SINGLE_QUOTES) TYPED_FOR[c] = "'";
for (const c of DASHES) TYPED_FOR[c] = '-';

/** Arabic vowel marks, Quranic marks and the tatweel: written or left out at will. */
function isIgnorable(cp: number): boolean {
  return cp === 0x640 || (cp >= 0x610 && cp <= 0x61a) || (cp >= 0x64b && cp <= 0x65f) || cp === 0x670 || (cp >= 0x6d6 && cp <= 0x6ed);
}

const ids = new Map<string, number>();
const byCodePoint = new Map<number, number>();

/** The loose key of a code point as a small integer (0: ignorable); equal keys are look-alikes. */
export function looseKey(cp: number): number {
  let id = byCodePoint.get(cp);
  if (id !== undefined) return id;
  if (isIgnorable(cp)) id = 0;
  else {
    const c = String.fromCodePoint(cp);
    const typed = Object.hasOwn(TYPED_FOR, c) ? TYPED_FOR[c] : c;
    const key = skeleton(typed.normalize('NFKC').toLowerCase()).normalize('NFC');
    id = ids.get(key);
    if (id === undefined) {
      id = ids.size + 1;
      ids.set(key, id);
    }
  }
  byCodePoint.set(cp, id);
  return id;
}
