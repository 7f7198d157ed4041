/**
 * Publishers are compared by identity, not by bytes: "Reuters", "REUTERS", "Reuters" with a
 * hidden U+200B and "Reuters" with a Cyrillic "е" are one publisher, so that a claim cannot be
 * made "corroborated" by spelling one publisher two ways. The identity is the name after NFKC,
 * case folding, removal of default-ignorable code points, white space folded, and then its
 * confusable skeleton (UTS #39: NFD, each character replaced by its prototype from Unicode's
 * confusables.txt, NFD again). The table comes from the npm package unhomoglyph (MIT; the data
 * is Unicode's confusables.txt, Unicode licence), a mapping of every confusable code point.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import type { Source } from '../workspace/types.js';
import { positionOf } from '../workspace/validate.js';

let prototypes: Readonly<Record<string, string>> | undefined;

/** Loaded on first use: 100 KB of JSON that a workspace without sources never needs. */
function table(): Readonly<Record<string, string>> {
  prototypes ??= createRequire(import.meta.url)('unhomoglyph/data.json') as Record<string, string>;
  return prototypes;
}

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/** UTS #39 skeleton: NFD, prototypes, NFD. */
export function skeleton(s: string): string {
  const map = table();
  let out = '';
  for (const c of s.normalize('NFD')) out += Object.hasOwn(map, c) ? map[c] : c;
  return out.normalize('NFD');
}

const keys = new Map<string, string>();

/** The identity of a publisher's name: equal identities are one publisher. */
export function publisherKey(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    // Upper then lower case: full case folding for what NFKC leaves (ß -> ss, ς -> σ).
    const folded = name.normalize('NFKC').replace(IGNORABLE, '').toUpperCase().toLowerCase().normalize('NFKC');
    key = skeleton(folded.replace(/\s+/gu, ' ').trim());
    keys.set(name, key);
  }
  return key;
}

/** Where two spellings differ, with the code points of what is not ASCII (look-alikes read the same). */
export function difference(a: string, b: string): string {
  const x = [...a];
  const y = [...b];
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let end = 0;
  while (end < x.length - start && end < y.length - start && x[x.length - 1 - end] === y[y.length - 1 - end]) end++;
  const part = (cs: string[]) => {
    const mid = cs.slice(start, cs.length - end);
    const codes = mid.filter((c) => c.codePointAt(0)! > 0x7e).map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    return `"${mid.join('')}"${codes.length ? ` (${codes.slice(0, 4).join(' ')}${codes.length > 4 ? ' ...' : ''})` : ''}`;
  };
  return `${part(x)} where the other has ${part(y)}`;
}

/**
 * Sources whose publishers are one publisher by identity but are spelled differently: a
 * warning at each later spelling, naming the first, since claims citing both count them once.
 */
export function reportPublisherCollisions(sources: Iterable<Source>, diags: Diagnostics): void {
  const first = new Map<string, Source>();
  for (const s of sources) {
    const key = publisherKey(s.publisher);
    const seen = first.get(key);
    if (!seen) {
      first.set(key, s);
      continue;
    }
    if (seen.publisher === s.publisher) continue;
    diags.warning(
      positionOf(s, 'publisher'),
      `publisher "${s.publisher}" of source "${s.id}" is the same publisher as "${seen.publisher}" of source "${seen.id}" (${path.basename(seen.file)}): the names differ only in case, invisible characters, compatibility forms or look-alike letters (${difference(s.publisher, seen.publisher)}), so claims citing both count one publisher`,
      'spell the publisher the same way in both sources; if they are different publishers, name them so that they can be told apart',
    );
  }
}
