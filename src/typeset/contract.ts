/**
 * The contract between typesetting and the engine (src/pdf/engine/): what every text inline
 * handed to pdfmake carries besides pdfmake's own style keys. One object, under one key, set
 * by content.ts and read only by the engine's hooks. pdfmake copies it, by reference, onto each
 * word it cuts from the inline (StyleContextStack.copyStyle copies every own key), so it must
 * be treated as read-only.
 */
import type { Block, ImageBlock, Inline } from '../template/tree.js';

/** The key under which a pdfmake inline carries its RunMark. */
export const RUN_MARK = 'dossierRun';

/**
 * The document-tree node a run's text comes from: a block, and the innermost inline if any.
 * Text the typesetter adds to a block is marked by `label`: a list item's marker (`item`, its
 * index) or a note's number.
 */
export interface TreeOrigin {
  block: Block;
  inline?: Inline;
  label?: { kind: 'list-marker'; item: number } | { kind: 'note-number' };
}

export interface RunMark {
  /** Bidi level that orders this run among its neighbours on a line (UAX #9 rule L2). */
  level: number;
  /**
   * Level of the run's own characters, which decides their internal order when shaped. It
   * differs from `level` only for citation markers: they are isolates that move as one unit at
   * the level of their initiator while their digits read left to right.
   */
  shapeLevel: number;
  /** BCP 47 language of the text: line-breaking rules, and the tagged /Lang later. */
  lang: string;
  /** Set on citation markers: the note number. */
  cite?: number;
  /** Set on the text of a link out of the document (`<a href>`): its address. */
  uri?: string;
  /**
   * A character drawn mirrored in right-to-left text ("(" as ")"): the engine draws it with a
   * second instance of its font whose text mapping gives the character itself.
   */
  mirror?: boolean;
  /** Where the text comes from; absent for page furniture (running header and footer). */
  origin?: TreeOrigin;
  /**
   * Set on runs of a right-to-left paragraph: a line of it that is not justified (the last
   * line of a justified paragraph) stands on the right (line-order).
   */
  rtlParagraph?: true;
  /**
   * Set on runs of a paragraph kept with the block after it (a heading, a style with
   * keepWithNext): a kept block let split is never cut right after it (kept-blocks).
   */
  keepWithNext?: true;
}

/** A text inline as typesetting hands it to pdfmake. */
export interface EngineInline {
  text: string;
  /** A family of typeset/fonts.ts, with the MIRRORED suffix for mirrored characters. */
  font: string;
  bold: boolean;
  italics: boolean;
  fontSize?: number;
  lineHeight?: number;
  sup?: boolean;
  linkToDestination?: string;
  /** pdfmake's link to an address outside the document. */
  link?: string;
  [RUN_MARK]: RunMark;
}

/** The RunMark of a pdfmake inline, if typesetting made it. */
export function runMarkOf(inline: unknown): RunMark | undefined {
  if (!inline || typeof inline !== 'object') return undefined;
  return (inline as { [RUN_MARK]?: RunMark })[RUN_MARK];
}

/**
 * The key under which a pdfmake image or svg node carries the document-tree image block it
 * draws: the tagged rendering puts the drawing in that block's Figure (or an Artifact when its
 * alt text is empty). pdfmake copies the node shallowly onto the page, so the mark goes along.
 */
export const IMAGE_MARK = 'dossierImage';

export function imageMarkOf(item: unknown): ImageBlock | undefined {
  if (!item || typeof item !== 'object') return undefined;
  return (item as { [IMAGE_MARK]?: ImageBlock })[IMAGE_MARK];
}
