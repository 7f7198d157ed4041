/** Test helpers over the line breaker (src/typeset/linebreak.ts). */
import { typesetBreaks, type BreakLang } from '../../src/typeset/linebreak.js';

/** Text split into the segments between break opportunities; the concatenation equals the input. */
export function splitForLayout(text: string, lang: BreakLang): string[] {
  const segments: string[] = [];
  let last = 0;
  for (const b of typesetBreaks(text, lang)) {
    segments.push(text.slice(last, b.position));
    last = b.position;
  }
  if (last < text.length) segments.push(text.slice(last));
  return segments;
}
