/**
 * Hook: line breaking over the whole paragraph.
 *
 * Replaces: TextBreaker.prototype.getBreaks (pdfmake/js/TextBreaker.js), for texts whose every
 *   inline carries a RunMark; pdfmake's own texts keep pdfmake's breaking.
 * Why: pdfmake finds break opportunities run by run with the plain `linebreak` package and
 *   guesses at run boundaries; we break the paragraph as a whole by UAX #14 with the Japanese
 *   and Chinese line-start and line-end rules, and never inside a Latin word in CJK text
 *   (typeset/linebreak.ts).
 * Relies on: TextInlines.buildInlines calling getBreaks(flattened inlines, styleContextStack)
 *   and measuring the words it returns; StyleContextStack.copyStyle copying every own key but
 *   `text` (so the RunMark reaches each word); the word flags lineEnd and noNewLine as
 *   TextBreaker sets them.
 * Guarded by: tests/unit/linebreak-conformance.test.ts, tests/render/mixed-script.test.ts,
 *   tests/unit/engine-fingerprint.test.ts.
 */
import { runMarkOf } from '../../../typeset/contract.js';
import { typesetBreaks } from '../../../typeset/linebreak.js';
import { TextMemo } from '../../../typeset/text-memo.js';
import { extraKeysOf, wordObject } from './inline-measure.js';
import { original, pdfmakeModule } from '../pin.js';

interface BreakInline {
  text?: unknown;
}
export interface Word {
  text: string;
  lineEnd?: boolean;
  noNewLine?: boolean;
}

/**
 * Splits a paragraph's inlines into the words pdfmake places, at the paragraph's break
 * opportunities: a word ends at a break; a word that runs on into the next inline (no break
 * at the boundary) is marked noNewLine, as pdfmake does; a hard line break ends a line.
 */
export function paragraphWords(inlines: BreakInline[], lang: string): Word[][] {
  const texts = inlines.map((i) => (i.text === undefined || i.text === null ? '' : String(i.text)));
  const markers = inlines.map((i) => runMarkOf(i)?.cite !== undefined);
  // The same paragraph in a later build breaks the same way (the words are only read: getBreaks
  // copies them); which inlines are citation markers is part of the key (`c` before the length).
  const key = `${lang}\0${texts.map((t, i) => `${markers[i] ? 'c' : ''}${t.length}`).join(',')}\0${texts.join('')}`;
  return brokenBefore.get(key) ?? brokenBefore.set(key, wordsOf(texts, markers, lang));
}

/** Paragraphs broken before in this process. */
const brokenBefore = new TextMemo<Word[][]>(1024 * 1024);

function wordsOf(texts: string[], markers: boolean[], lang: string): Word[][] {
  const full = texts.join('');
  const breaks = new Set(typesetBreaks(full, lang).map((b) => b.position));
  // A citation marker stays with the text it cites: UAX #14 allows a break between "word." and
  // the digits of a marker (IS before NU only holds after a number), which would put a lone
  // marker at the start of the next line.
  let at = 0;
  texts.forEach((text, i) => {
    if (markers[i]) breaks.delete(at);
    at += text.length;
  });
  const out: Word[][] = [];
  let offset = 0;
  for (const text of texts) {
    const words: Word[] = [];
    let last = 0;
    for (let k = 1; k <= text.length; k++) {
      if (k < text.length && !breaks.has(offset + k)) continue;
      const word: Word = { text: text.slice(last, k) };
      if (/\r?\n$|\r$/.test(word.text)) {
        word.text = word.text.replace(/\r?\n$|\r$/, '');
        word.lineEnd = true;
      }
      words.push(word);
      last = k;
    }
    const end = offset + text.length;
    const lastWord = words[words.length - 1];
    if (!words.length) words.push({ text: '' });
    else if (!lastWord.lineEnd && end < full.length && !breaks.has(end)) lastWord.noNewLine = true;
    out.push(words);
    offset = end;
  }
  return out;
}

type GetBreaks = (this: unknown, texts: unknown, styles: unknown) => unknown[];

export function installLineBreaks(): void {
  const TextBreaker = pdfmakeModule<{ prototype: object }>('TextBreaker');
  const getBreaks = original<GetBreaks>(TextBreaker.prototype, 'getBreaks');
  Object.assign(TextBreaker.prototype, {
    getBreaks(this: unknown, texts: unknown, styles: unknown) {
      if (!Array.isArray(texts) || !texts.length || !texts.every((t) => runMarkOf(t))) return getBreaks.call(this, texts, styles);
      const results: Record<string, unknown>[] = [];
      paragraphWords(texts as BreakInline[], runMarkOf(texts[0])!.lang).forEach((words, i) => {
        const inline = texts[i] as Record<string, unknown>;
        // pdfmake's copyStyle(inline, { ...word }), as one object literal (inline-measure.ts wordObject).
        const extra = extraKeysOf(inline);
        for (const word of words) results.push(wordObject(word, inline, extra));
      });
      return results;
    },
  });
}
