/**
 * The comparison form of text for quote checking: Unicode NFC, every run of whitespace folded
 * to one space. Nothing else is forgiven: a changed letter, digit or punctuation mark fails.
 * `map` leads back from each folded character to its offset in the original text, so a found
 * quote can be cited by its real position.
 */
export interface Folded {
  text: string;
  /** map[i]: offset in the original of folded character i; map[text.length]: original length. */
  map: number[];
}

const MARK = /\p{M}/u;
const SPACE = /\s/u;

export function fold(original: string): Folded {
  const out: string[] = [];
  const map: number[] = [];
  let i = 0;
  let pendingSpace = -1;
  while (i < original.length) {
    const ch = original[i];
    if (SPACE.test(ch)) {
      if (pendingSpace < 0) pendingSpace = i;
      i++;
      continue;
    }
    if (pendingSpace >= 0) {
      if (out.length > 0) {
        out.push(' ');
        map.push(pendingSpace);
      }
      pendingSpace = -1;
    }
    // A segment: one base character and the combining marks after it. NFC only composes
    // within such a segment, so normalising segment by segment keeps the offset map exact.
    let j = i + (isHighSurrogate(original.charCodeAt(i)) ? 2 : 1);
    while (j < original.length) {
      const cp = original.codePointAt(j)!;
      const c = String.fromCodePoint(cp);
      if (!MARK.test(c)) break;
      j += c.length;
    }
    const seg = original.slice(i, j).normalize('NFC');
    for (let k = 0; k < seg.length; k++) {
      out.push(seg[k]);
      map.push(i);
    }
    i = j;
  }
  map.push(original.length);
  return { text: out.join(''), map };
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** Fold a quote for searching: the same folding, trimmed. */
export function foldQuote(quote: string): string {
  return fold(quote.trim()).text;
}
