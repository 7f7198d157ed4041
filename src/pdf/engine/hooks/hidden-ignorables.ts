/**
 * Hook: a character fontkit hides (the zero-width non-joiner of Persian, a direction mark)
 * copies out as itself, not as a space.
 *
 * Replaces: pdfkit's EmbeddedFont.prototype.encode (pdfkit/js/pdfkit.js), patched once per
 *   process on the class of the first embedded font the engine's PDFDocument provides (pdfkit
 *   does not export the class); the original runs first.
 * Why: fontkit draws a default-ignorable character with the font's space glyph and no advance
 *   (hideDefaultIgnorables), and pdfkit's ToUnicode gives each glyph the text of its first use:
 *   the space. So "می‌خواهد" copied out as "می خواهد" in every reader: two words. The hidden
 *   glyph is now a second subset entry of the space glyph (subset-entries.ts) with no width
 *   and the character's own text; it draws nothing either way.
 * Which character: a glyph of the space's text drawn with no advance stands for a hidden
 *   character of the fragment's text. Where the text holds hidden characters of one kind only
 *   (the usual case: ZWNJs), each such glyph is that character; with several kinds the order
 *   of glyphs (visual) and of characters (logical) need not agree, and they stay spaces.
 * Relies on: EmbeddedFont.encode(text, features) returning [glyph ids as 4-digit hex,
 *   positions], `unicode` filled by subset glyph id; fontkit's hideDefaultIgnorables (its
 *   default-ignorable set: Unicode's, less U+115F, U+1160, U+3164, U+FFA0); what
 *   subset-entries.ts relies on.
 * Guarded by: tests/render/space-marks.test.ts, tests/unit/engine-fingerprint.test.ts.
 */
import { afterEncode, secondEntry, type EntryFont } from './subset-entries.js';

interface Position {
  xAdvance: number;
  advanceWidth: number;
}
interface Font extends EntryFont {
  encode(text: string, features?: unknown): [string[], Position[]];
}

const HIDDEN = /[\p{Default_Ignorable_Code_Point}]/gu;
const NOT_HIDDEN_BY_FONTKIT = new Set([0x115f, 0x1160, 0x3164, 0xffa0]);

/** Patches pdfkit's EmbeddedFont class (that of `font`) unless done. Returns whether it is done. */
export function installHiddenIgnorables(font: object): boolean {
  return afterEncode<Font>(font, copyHiddenAsThemselves);
}

function copyHiddenAsThemselves(font: Font, text: string, hex: string[], positions: Position[]): void {
  const hidden = new Set([...(text.match(HIDDEN) ?? [])].map((c) => c.codePointAt(0)!).filter((c) => !NOT_HIDDEN_BY_FONTKIT.has(c)));
  if (hidden.size !== 1) return;
  const [ch] = hidden;
  for (let i = 0; i < hex.length; i++) {
    const gid = parseInt(hex[i], 16);
    const u = font.unicode[gid];
    if (positions[i].xAdvance === 0 && u?.length === 1 && u[0] === 0x20) {
      hex[i] = secondEntry(font, gid, [ch], 0);
      positions[i] = { ...positions[i], advanceWidth: 0 };
    }
  }
}
