/**
 * Unicode character names ("U+FF0C FULLWIDTH COMMA"), for telling an editor which character of
 * a quote differs from the source. The names are Unicode's (UnicodeData.txt, NameAliases.txt),
 * from the npm package unicode-name (MIT, pinned exactly), whose src/name.js is one JSON object
 * after `export default`. We read that data ourselves instead of importing the package because
 * the package is ESM-only and loads 1.6 MB of sequence names too: quote checking is
 * synchronous, and must stay so on Node 20.16, which cannot require() an ES module. The lookup
 * below is the package's unicodeReadableName (tests/unit/char-names.test.ts compares the two).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeOf } from '../workspace/deceptive.js';

interface NameData {
  NAMES: Record<string, string>;
  ALIASES: Record<string, Partial<Record<'correction' | 'control' | 'figment' | 'alternate' | 'abbreviation', string[]>>>;
  CP_RANGES: Record<string, [number, number][]>;
  JAMO: { INITIAL: string[]; MEDIAL: string[]; FINAL: string[] };
  REPLACE_BASE: number;
  COMMON_WORDS: string[];
}

let data: NameData | undefined;

/** Loaded on first use (about 750 KB of JSON): only a quote that differs needs names. */
function names(): NameData {
  if (!data) {
    // The package exports only its entry point, src/index.js; name.js stands beside it.
    const dir = path.dirname(fileURLToPath(import.meta.resolve('unicode-name')));
    const text = fs.readFileSync(path.join(dir, 'name.js'), 'utf8');
    data = JSON.parse(text.slice(text.indexOf('{'))) as NameData;
  }
  return data;
}

const HANGUL_START = 0xac00;
const HANGUL_END = 0xd7a3;

/** The names are stored with frequent words replaced by one character at or above REPLACE_BASE. */
function expand(raw: string, d: NameData): string {
  let out = '';
  for (const c of raw) {
    const cp = c.codePointAt(0)!;
    out += cp < d.REPLACE_BASE ? c : `${d.COMMON_WORDS[cp - d.REPLACE_BASE]} `;
  }
  return out.trim();
}

function baseName(cp: number, d: NameData): string | undefined {
  const raw = d.NAMES[String.fromCodePoint(cp)];
  if (raw !== undefined) return expand(raw, d);
  for (const [prefix, ranges] of Object.entries(d.CP_RANGES)) {
    if (ranges.some(([lo, hi]) => cp >= lo && cp <= hi)) return `${prefix}${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  if (cp >= HANGUL_START && cp <= HANGUL_END) {
    const base = cp - HANGUL_START;
    const { INITIAL, MEDIAL, FINAL } = d.JAMO;
    return `HANGUL SYLLABLE ${INITIAL[Math.floor(base / 588)]}${MEDIAL[Math.floor((base % 588) / 28)]}${FINAL[base % 28]}`;
  }
  return undefined;
}

/** The name of a code point: its corrected name, its name, or an alias (controls have only aliases). */
export function charName(cp: number): string {
  const d = names();
  const aliases = d.ALIASES[String.fromCodePoint(cp)];
  const correction = aliases?.correction?.at(-1);
  if (correction) return correction;
  const name = baseName(cp, d);
  if (name) return name;
  const alias = aliases?.control?.[0] ?? aliases?.figment?.[0] ?? aliases?.alternate?.[0] ?? aliases?.abbreviation?.[0];
  return alias ?? 'unnamed character';
}

/** "U+FF0C FULLWIDTH COMMA". */
export function describeCodePoint(cp: number): string {
  return `${codeOf(cp)} ${charName(cp)}`;
}
