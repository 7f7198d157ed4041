/**
 * The style keys a template's styles.yaml may set, their types and their defaults: what the
 * typesetter (typeset/content.ts) resolves a block's style into, and what the template loader
 * (render.ts) checks styles.yaml against. Kept apart from both so that `dossier check` loads
 * no fonts.
 */

export interface BlockStyle {
  fontSize: number;
  bold: boolean;
  italics: boolean;
  color: string;
  lineHeight: number;
  marginTop: number;
  marginBottom: number;
  indent: number;
  /** Keep on the page of the block that follows (headings always are). */
  keepWithNext: boolean;
  /**
   * Where lines stand: start (left in left-to-right text, right in right-to-left text), end,
   * center, or justify (lines filled out to both sides by the space between words, and between
   * characters in Chinese and Japanese; never by hyphenation, never inside an Arabic word; the
   * last line of a paragraph stands at the start).
   */
  alignment: Alignment;
}

export const ALIGNMENTS = ['start', 'end', 'center', 'justify'] as const;
export type Alignment = (typeof ALIGNMENTS)[number];

/** Style keys whose text values are one of a few words. */
export const STYLE_CHOICES = { alignment: ALIGNMENTS } as const;

export const STYLE_DEFAULTS: Readonly<BlockStyle> = {
  fontSize: 10,
  bold: false,
  italics: false,
  color: '#000000',
  lineHeight: 1.25,
  marginTop: 0,
  marginBottom: 4,
  indent: 0,
  keepWithNext: false,
  alignment: 'start',
};
