/**
 * Paragraph text -> typeset runs. Three things decide where one run ends and the next begins:
 *   - style (bold, italic, small, citation marker),
 *   - font, chosen per character by coverage (see fonts.ts),
 *   - bidi embedding level, resolved for the whole paragraph (UAX #9 via bidi.ts).
 * Each run carries its level so that placed lines can be reordered (rule L2) in the pdfmake
 * adapter. Splitting a word into runs does not let pdfmake break it: pdfmake only breaks
 * where the line-breaking algorithm allows, across runs too.
 */
import { mirroredChar, resolveParagraph, type BaseDirection } from './bidi.js';
import type { RunMark, TreeOrigin } from './contract.js';
import {
  coverageVariesByStyle,
  covers,
  faceStyleOf,
  fallbackOrder,
  fontScriptOf,
  fontScriptOfLang,
  isBoldStandIn,
  type FamilyName,
  type FontScript,
  type RunFonts,
} from './fonts.js';
import type { Dir } from '../template/tree.js';
import { TextMemo } from './text-memo.js';

export interface PieceStyle {
  bold?: boolean;
  italic?: boolean;
  small?: boolean;
}

/** A piece of paragraph text with one style and language, before font and bidi splitting. */
export interface Piece {
  text: string;
  lang: string;
  style: PieceStyle;
  /** Set on citation markers: the note number. */
  cite?: number;
  /** A named destination the piece links to (a note's number links back to its marker). */
  link?: string;
  /** An address outside the document the piece links to (`<a href>`). */
  uri?: string;
  /**
   * Set on the pieces of a span whose direction differs from its surroundings (an Arabic title
   * in an English note): they are resolved as one directional isolate (UAX #9 RLI/LRI ... PDI),
   * so the span reads as a unit instead of being interleaved with the text around it.
   */
  isolate?: { id: number; dir: Dir };
  /** The document-tree node the text comes from (none for page furniture). */
  origin?: TreeOrigin;
}

/**
 * A run of one style, font and level. Its RunMark part (levels, language, citation, mirroring,
 * origin) is what the engine reads (typeset/contract.ts); a mirrored character is a run of its
 * own, so that its glyph is mirrored and the text copied out is not.
 */
export interface Run extends RunMark {
  text: string;
  family: FamilyName;
  style: PieceStyle;
  link?: string;
}

const COMMON_OR_INHERITED = /^[\p{Script=Zyyy}\p{Script=Zinh}]$/u;
const INHERITED = /^\p{Script=Zinh}$/u;
const COMMON = /^\p{Script=Zyyy}$/u;
const ZWNJ = '\u200c';

/**
 * Splits one piece by font coverage, in the face of the text's style (the piece's, or its
 * paragraph's in `fonts`). Neutral characters stay with their neighbour's font. With house
 * fonts (`fonts.scripts`), a character is set in the house font named for its script (or, for
 * a digit, space or punctuation, for the language's script) when that font has it; every other
 * character falls back to the built-in fonts, in their order.
 */
export function splitByFont(text: string, lang: string, fonts?: RunFonts, style: PieceStyle = {}): { text: string; family: FamilyName }[] {
  const order = fallbackOrder(lang);
  const face = faceStyleOf(Boolean(style.bold) || Boolean(fonts?.bold), Boolean(style.italic) || Boolean(fonts?.italics));
  const houseFonts = fonts && Object.keys(fonts.scripts).length > 0 ? fonts : undefined;
  const langScript = houseFonts && fontScriptOfLang(lang);
  const out: { text: string; family: FamilyName }[] = [];
  const chars = [...text];
  /**
   * Whether a family sets the character at i. A letter goes to a family whose faces differ in
   * coverage (a house font, a CJK bold subset) only with the combining marks that follow it, so
   * that a mark is never set in another font than its base (a zero-width non-joiner may be).
   */
  const sets = (family: FamilyName, i: number): boolean => {
    if (!covers(family, chars[i].codePointAt(0)!, face)) return false;
    if (!coverageVariesByStyle(family)) return true;
    for (let k = i + 1; k < chars.length && INHERITED.test(chars[k]); k++) {
      if (chars[k] !== ZWNJ && !covers(family, chars[k].codePointAt(0)!, face)) return false;
    }
    return true;
  };
  const house = (i: number): FamilyName | undefined => {
    const family = houseFonts?.scripts[fontScriptOf(chars[i]) ?? langScript!];
    return family && sets(family, i) ? family : undefined;
  };
  let prev: FamilyName | undefined;
  /** The script of the last letter, while house fonts are in use. */
  let letters: FontScript | undefined;
  for (const [i, ch] of chars.entries()) {
    const cp = ch.codePointAt(0)!;
    let family: FamilyName | undefined;
    if (houseFonts) letters = fontScriptOf(ch) ?? letters;
    // A digit, space or sign among the language's own letters goes back to its house font
    // after a letter that fell back ("€5": the 5 in the house font, even if € is not).
    const own = houseFonts && COMMON.test(ch) && (letters ?? langScript) === langScript ? house(i) : undefined;
    if (prev && INHERITED.test(ch) && (!coverageVariesByStyle(prev) || covers(prev, cp, face))) {
      family = prev; // combining marks, ZWJ and ZWNJ belong with their base character
    } else if (own) {
      family = own;
    } else if (prev && !isBoldStandIn(prev) && COMMON_OR_INHERITED.test(ch) && covers(prev, cp, face)) {
      family = prev;
    } else {
      family = house(i) ?? order.find((f) => sets(f, i)) ?? order[0];
    }
    const last = out[out.length - 1];
    if (last && last.family === family) last.text += ch;
    else out.push({ text: ch, family });
    prev = family;
  }
  return out;
}

const LRI = '\u2066';
const RLI = '\u2067';
const PDI = '\u2069';

/** Levels of paragraphs resolved before in this process (only read here). */
const resolvedLevels = new TextMemo<Uint8Array>(1024 * 1024);

/**
 * Embedding levels for the pieces' text, with isolates inserted for bidi resolution only:
 * the returned levels index the text without the inserted controls.
 */
function pieceLevels(pieces: Piece[], dir: BaseDirection): { levels: Uint8Array; initiatorLevel: Map<number, number> } {
  let bidiText = '';
  const initiatorAt = new Map<number, number>();
  const keep: number[] = []; // positions in bidiText of the real characters
  pieces.forEach((p, i) => {
    const prev = pieces[i - 1]?.isolate?.id;
    const next = pieces[i + 1]?.isolate?.id;
    if (p.isolate && p.isolate.id !== prev) {
      initiatorAt.set(p.isolate.id, bidiText.length);
      bidiText += p.isolate.dir === 'rtl' ? RLI : LRI;
    }
    for (let k = 0; k < p.text.length; k++) keep.push(bidiText.length + k);
    bidiText += p.text;
    if (p.isolate && p.isolate.id !== next) bidiText += PDI;
  });
  const key = `${dir}\0${bidiText}`;
  const levels = resolvedLevels.get(key) ?? resolvedLevels.set(key, resolveParagraph(bidiText, dir).levels);
  const initiatorLevel = new Map([...initiatorAt].map(([id, at]) => [id, levels[at]]));
  return { levels: Uint8Array.from(keep, (k) => levels[k]), initiatorLevel };
}

/** Pieces split by font before in this process (only read here). */
const splitBefore = new TextMemo<{ text: string; family: FamilyName }[]>(1024 * 1024);

/** splitByFont of a piece, as computed before for the same text, language, fonts and face. */
function fontParts(piece: Piece, fonts: RunFonts | undefined): { text: string; family: FamilyName }[] {
  // A house family's name is made from its fonts' contents: the same name, the same coverage.
  const face = `${piece.style.bold ? 'b' : ''}${piece.style.italic ? 'i' : ''}`;
  const key = `${piece.lang}\0${fonts ? JSON.stringify(fonts) : ''}\0${face}\0${piece.text}`;
  return splitBefore.get(key) ?? splitBefore.set(key, splitByFont(piece.text, piece.lang, fonts, piece.style));
}

/** The runs of a paragraph; `fonts`, its style and the house fonts of its role (runFontsOf). */
export function paragraphRuns(pieces: Piece[], dir: BaseDirection, fonts?: RunFonts): Run[] {
  const { levels, initiatorLevel } = pieceLevels(pieces, dir);
  const runs: Run[] = [];
  let offset = 0;
  for (const piece of pieces) {
    for (const part of fontParts(piece, fonts)) {
      let start = 0;
      while (start < part.text.length) {
        const level = levels[offset + start];
        let end = start + 1;
        while (end < part.text.length && levels[offset + end] === level) end++;
        const order = piece.cite !== undefined && piece.isolate ? (initiatorLevel.get(piece.isolate.id) ?? level) : level;
        const run: Run = {
          text: part.text.slice(start, end),
          family: part.family,
          lang: piece.lang,
          style: piece.style,
          level: order,
          shapeLevel: level,
          cite: piece.cite,
          link: piece.link,
          uri: piece.uri,
          origin: piece.origin,
        };
        runs.push(...(level % 2 ? splitMirrored(run) : [run]));
        start = end;
      }
      offset += part.text.length;
    }
  }
  return runs;
}

/** Splits every character that right-to-left text mirrors into a run of its own. */
function splitMirrored(run: Run): Run[] {
  if (![...run.text].some((ch) => mirroredChar(ch))) return [run];
  const out: Run[] = [];
  let plain = '';
  for (const ch of run.text) {
    if (!mirroredChar(ch)) {
      plain += ch;
      continue;
    }
    if (plain) out.push({ ...run, text: plain });
    plain = '';
    out.push({ ...run, text: ch, mirror: true });
  }
  if (plain) out.push({ ...run, text: plain });
  return out;
}

/** The runs with the text between UTF-16 offsets [start, end) left out; levels are kept. */
export function dropText(runs: Run[], start: number, end: number): Run[] {
  if (end <= start) return runs;
  const out: Run[] = [];
  let offset = 0;
  for (const run of runs) {
    const runStart = offset;
    const runEnd = offset + run.text.length;
    offset = runEnd;
    if (runEnd <= start || runStart >= end) {
      out.push(run);
      continue;
    }
    const text = run.text.slice(0, Math.max(0, start - runStart)) + run.text.slice(Math.max(0, end - runStart));
    if (text) out.push({ ...run, text });
  }
  return out;
}
