/**
 * The language to tag a piece of text with when its letters are in a script its declared
 * language is not written in: "عماد مشتاق" in an English summary, a Chinese publisher's name in
 * an English note, an English translator's name in an Arabic briefing. PDF/UA asks for a /Lang
 * on every passage in another language than its parent's, and a screen reader picks its voice
 * from it; the data only says the language of whole strings.
 *
 * Letters decide, never digits, spaces or punctuation. Where the data does not say which
 * language a foreign script stands for, the choice is the one word processors make with their
 * per-script default languages (LibreOffice's Western, Asian and complex-text languages): the
 * document's language when it is written in that script, else a fixed language per script
 * (Han with kana is Japanese). This is a reading aid, not a claim about the text: a language
 * the data declares always wins.
 */

/** Scripts (Unicode Script values) each primary language subtag is written in; the rest use Latin. */
const SCRIPTS_OF: Record<string, string[]> = {
  ar: ['Arabic'],
  fa: ['Arabic'],
  ur: ['Arabic'],
  ps: ['Arabic'],
  sd: ['Arabic'],
  ug: ['Arabic'],
  ckb: ['Arabic'],
  he: ['Hebrew'],
  yi: ['Hebrew'],
  zh: ['Han', 'Bopomofo'],
  yue: ['Han'],
  ja: ['Han', 'Hiragana', 'Katakana'],
  ko: ['Hangul', 'Han'],
  ru: ['Cyrillic'],
  uk: ['Cyrillic'],
  be: ['Cyrillic'],
  bg: ['Cyrillic'],
  mk: ['Cyrillic'],
  sr: ['Cyrillic', 'Latin'],
  kk: ['Cyrillic'],
  mn: ['Cyrillic'],
  el: ['Greek'],
  th: ['Thai'],
  hi: ['Devanagari'],
  mr: ['Devanagari'],
  ne: ['Devanagari'],
  hy: ['Armenian'],
  ka: ['Georgian'],
  am: ['Ethiopic'],
  dv: ['Thaana'],
};

/** The language a script's letters are tagged with when nothing else says (see the module comment). */
const DEFAULT_LANG_OF: Record<string, string> = {
  Latin: 'en',
  Arabic: 'ar',
  Hebrew: 'he',
  Han: 'zh',
  Bopomofo: 'zh',
  Hiragana: 'ja',
  Katakana: 'ja',
  Hangul: 'ko',
  Cyrillic: 'ru',
  Greek: 'el',
  Thai: 'th',
  Devanagari: 'hi',
  Armenian: 'hy',
  Georgian: 'ka',
  Ethiopic: 'am',
  Thaana: 'dv',
};

const SCRIPT_TESTS: [string, RegExp][] = Object.keys(DEFAULT_LANG_OF).map((s) => [s, new RegExp(`^\\p{Script=${s}}$`, 'u')]);
const LETTER = /^\p{L}$/u;

function primary(lang: string): string {
  return lang.toLowerCase().split(/[-_]/)[0] ?? '';
}

export function scriptsOfLang(lang: string): string[] {
  return SCRIPTS_OF[primary(lang)] ?? ['Latin'];
}

const NOT_A_LETTER = '';

/**
 * Each character's script as found ('' for a character that is not a letter, undefined for a
 * letter of no script tested here), kept: tagging asks for every character of every drawn word.
 */
const scriptOfChar = new Map<string, string | undefined>();

function letterScript(ch: string): string | undefined {
  let script = scriptOfChar.get(ch);
  if (script !== undefined || scriptOfChar.has(ch)) return script;
  script = LETTER.test(ch) ? SCRIPT_TESTS.find(([, re]) => re.test(ch))?.[0] : NOT_A_LETTER;
  if (scriptOfChar.size < 100_000) scriptOfChar.set(ch, script);
  return script;
}

/**
 * The language to tag `text` with, when its letters are not in a script `lang` is written in;
 * undefined when they are (or when it has no letters). A piece that mixes scripts ("小黑兔Sam",
 * "晨”,Stable") goes by its non-Latin letters, since Latin names and brands stand in text of every
 * script. `context` lists languages to prefer, nearest first (the document's): the first one
 * written in the foreign script is taken.
 */
export function foreignScriptLang(text: string, lang: string, context: string[] = []): string | undefined {
  // Tagging asks for every drawn word, and words come back: the answer is kept (a pure function).
  const key = `${lang}\u0000${context.length}\u0000${context.join('\u0000')}\u0000${text}`; // language tags hold no NUL
  let found = knownLangs.get(key);
  if (found === undefined && !knownLangs.has(key)) {
    found = scriptLang(text, lang, context);
    if (knownLangs.size >= MAX_KNOWN) knownLangs.clear();
    knownLangs.set(key, found);
  }
  return found;
}

/** Answers of foreignScriptLang kept, by language, context and text; at most MAX_KNOWN (then started afresh). */
const knownLangs = new Map<string, string | undefined>();
const MAX_KNOWN = 50_000;

function scriptLang(text: string, lang: string, context: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const ch of text) {
    const script = letterScript(ch);
    if (script) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  const nonLatin = [...counts].filter(([s]) => s !== 'Latin').sort((a, b) => b[1] - a[1]);
  const script = nonLatin.length ? nonLatin[0][0] : counts.has('Latin') ? 'Latin' : undefined;
  if (!script || scriptsOfLang(lang).includes(script)) return undefined;
  // Japanese when kana stand among the Han letters.
  if (script === 'Han' && (counts.has('Hiragana') || counts.has('Katakana'))) return context.find((l) => primary(l) === 'ja') ?? 'ja';
  return context.find((l) => scriptsOfLang(l).includes(script)) ?? DEFAULT_LANG_OF[script];
}
