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
}

export interface LayoutStats {
  passes: number;
  /** Measuring every note once, before the first pass. */
  measureMs: number;
  firstPassMs: number;
  /** All passes after the first together (0 when the first settled). */
  extraPassesMs: number;
}
