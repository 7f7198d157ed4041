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
  /** The rule beside a blockquote, on the side where lines start: its width in points (0: none). */
  rule: number;
  /** How that rule is drawn: a line, dashes or dots (stances told apart by shape, not colour). */
  ruleStyle: RuleStyle;
  /**
   * Which house fonts the block is set in (settings.yaml, fonts): body, headings or notes.
   * Without a `font` in its classes, h1-h3 take headings, note takes notes, every other class
   * the `default` class's font, else body.
   */
  font: FontRole;
}

/** The roles of text a template's house fonts are named for (settings.yaml, fonts). */
export const FONT_ROLES = ['body', 'headings', 'notes'] as const;
export type FontRole = (typeof FONT_ROLES)[number];

/** The role of the kinds of block that have their own: headings and notes. */
export function kindFontRole(kindClass: string | undefined): FontRole | undefined {
  if (kindClass === 'h1' || kindClass === 'h2' || kindClass === 'h3') return 'headings';
  if (kindClass === 'note') return 'notes';
  return undefined;
}

export const ALIGNMENTS = ['start', 'end', 'center', 'justify'] as const;
export type Alignment = (typeof ALIGNMENTS)[number];

export const RULE_STYLES = ['solid', 'dashed', 'dotted'] as const;
export type RuleStyle = (typeof RULE_STYLES)[number];

/** Style keys whose text values are one of a few words. */
export const STYLE_CHOICES = { alignment: ALIGNMENTS, ruleStyle: RULE_STYLES, font: FONT_ROLES } as const;

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
  rule: 1.2,
  ruleStyle: 'solid',
  font: 'body',
};
