// linebreak 1.1.0 ships no typings. ESM entry: dist/module.mjs, default export = the LineBreaker class.
declare module 'linebreak' {
  export interface Break {
    /** UTF-16 offset where the next segment starts. */
    position: number;
    /** true after a mandatory break (BK, CR, LF, NL). */
    required: boolean;
  }
  export default class LineBreaker {
    constructor(text: string);
    /** The next break opportunity, or null after the last one (which is always at text.length). */
    nextBreak(): Break | null;
  }
}
