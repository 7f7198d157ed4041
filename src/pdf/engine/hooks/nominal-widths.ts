/**
 * Hook: a letter drawn with no advance gets a nominal width of 1/1000 em in the PDF, taken back
 * by the text's positioning, so pdf.js does not read a space before the next glyph.
 *
 * Replaces: pdfkit's EmbeddedFont.prototype.encode (pdfkit/js/pdfkit.js), patched once per
 *   process on the class of the first embedded font the engine's PDFDocument provides (pdfkit
 *   does not export the class); the original runs first.
 * Why: Noto Naskh Arabic draws lam-alef ("لا") as two glyphs, the alef with no advance. pdf.js
 *   (as Firefox copies) measures the gap before each glyph from the end of the last glyph with
 *   a width; a letter of width 0 does not move that end, so the lam after it seemed a space's
 *   width away and "لا" copied out as "ل ا" ("قائلاً" as "قائل ا"). pdf.js leaves alone what it
 *   takes for a diacritic (its text a nonspacing mark), a format character or a space; any
 *   other glyph with no width in the font's /W array gets 1 there. The position pdfkit writes
 *   after it (TJ's number: the advance minus the width) takes the same 1 back, so every glyph
 *   prints where it did: (1 - 1)/1000 em is exactly no move.
 * And a space before a mark: pdf.js takes the space glyph at the left of a word ending in a
 *   mark ("مباشرةً", drawn left to right: space, tanween, ta marbuta, ...) for a gap twice: it
 *   writes a space before the mark (a space glyph between two others) and again before the
 *   base (a mark has no width for it, so the base still seems a space away), and "مباشرةً إلى"
 *   copied out as "مباشرة ً إلى". Such a space is drawn with a second subset entry of its glyph
 *   whose text is a direction mark and the space (as space-marks.ts does): pdf.js writes it
 *   where it is, and the base follows it with no gap. The mark is U+061C ARABIC LETTER MARK
 *   before an Arabic-script letter, U+200F before a Hebrew one, else U+200E.
 * Relies on: EmbeddedFont.encode(text, features) returning [glyph ids as 4-digit hex,
 *   positions] and filling `widths` (the /W array) and `unicode` (ToUnicode) by subset glyph
 *   id; pdfkit's _fragment writing, after each glyph, minus (position.xAdvance -
 *   position.advanceWidth) as TJ's number; positions not read elsewhere after encode.
 * Guarded by: tests/render/space-marks.test.ts (lam-alef copied whole by pdf.js),
 *   tests/unit/engine-fingerprint.test.ts.
 */
import { afterEncode, secondEntry, type EntryFont } from './subset-entries.js';

interface Position {
  advanceWidth: number;
}
interface Font extends EntryFont {
  encode(text: string, features?: unknown): [string[], Position[]];
}

/** The width given, in the PDF's thousandths of an em. */
export const NOMINAL_WIDTH = 1;
/** What pdf.js's text layer leaves out of its gap measuring: getCharUnicodeCategory (pdf.js 5). */
const PDFJS_SPECIAL = /^(\s)|(\p{Mn})|(\p{Cf})$/u;
const MARK = /^\p{Mn}/u;
const SPACE = /^\s$/u;
const ARABIC_LETTER = /^[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const RTL_LETTER = /^[\p{Script=Hebrew}\p{Script=Samaritan}\p{Script=Mandaic}]/u;

const ALM = 0x061c;
const RLM = 0x200f;
const LRM = 0x200e;
const textOf = (font: Font, gid: number): string => String.fromCodePoint(...(font.unicode[gid] ?? []));

/** Patches pdfkit's EmbeddedFont class (that of `font`) unless done. Returns whether it is done. */
export function installNominalWidths(font: object): boolean {
  return afterEncode<Font>(font, nominalWidths);
}

function nominalWidths(font: Font, _text: string, hex: string[], positions: Position[]): void {
  for (let i = 0; i < hex.length; i++) {
    const gid = parseInt(hex[i], 16);
    if (font.widths[gid] === 0 && !PDFJS_SPECIAL.test(String.fromCodePoint(...(font.unicode[gid] ?? [0x20])))) font.widths[gid] = NOMINAL_WIDTH;
    // The positions are the run's own copies or pdfkit's cached ones: replaced, not changed.
    if (font.widths[gid] === NOMINAL_WIDTH && positions[i].advanceWidth === 0) positions[i] = { ...positions[i], advanceWidth: NOMINAL_WIDTH };
  }
  for (let i = 0; i + 1 < hex.length; i++) {
    const gid = parseInt(hex[i], 16);
    if (!SPACE.test(textOf(font, gid)) || !MARK.test(textOf(font, parseInt(hex[i + 1], 16)))) continue;
    let base = i + 1;
    while (base < hex.length && MARK.test(textOf(font, parseInt(hex[base], 16)))) base++;
    const letter = base < hex.length ? textOf(font, parseInt(hex[base], 16)) : '';
    const mark = ARABIC_LETTER.test(letter) ? ALM : RTL_LETTER.test(letter) ? RLM : LRM;
    hex[i] = secondEntry(font, gid, [mark, ...font.unicode[gid]], font.widths[gid]);
  }
}
