/**
 * What one build hands the engine and gets back: the notes to set at the page foot, and the
 * layout's statistics and warnings. One object per build, held by that build's LayoutBuilder
 * (document.ts) and reached by the hooks through it; nothing is kept between builds.
 */
import type { NoteSource } from '../../typeset/content.js';

/** What a document's notes need: their sources, direction, and where warnings go. */
export interface FootnoteSpec {
  notes: Map<number, NoteSource>;
  dir: 'ltr' | 'rtl';
  warnings: string[];
  /** Filled in by the layout: passes run and milliseconds spent. */
  stats?: LayoutStats;
  /**
   * Filled in by the layout: the notes whose markers each page (from 0) holds, in the order
   * placed, which is the order of their notes at the page foot.
   */
  cited?: number[][];
}

export interface LayoutStats {
  passes: number;
  /** Measuring every note once, before the first pass. */
  measureMs: number;
  firstPassMs: number;
  /** All passes after the first together (0 when the first settled). */
  extraPassesMs: number;
  /**
   * Layouts of the whole document, each with its footnote passes: 1, or more when the notes are
   * numbered per page and a layout showed other numbers than it was typeset with
   * (pdf/note-numbering.ts).
   */
  layouts?: number;
}
