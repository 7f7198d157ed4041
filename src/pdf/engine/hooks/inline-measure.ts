/**
 * Hook: the styles of a paragraph's inlines resolved once per paragraph, not once per word.
 *
 * Replaces: TextInlines.prototype.measure (pdfmake/js/TextInlines.js) for texts whose every
 *   inline carries a RunMark and no named `style`; pdfmake's own texts keep pdfmake's measure.
 * Why: pdfmake asks the style stack for 22 properties of every word (StyleContextStack
 *   .getStyleProperty: push the word, walk the stack, pop), about a third of a build's layout
 *   time. Our inlines state their own font, weight and size; everything else comes from the
 *   paragraph, the same for every word of it. The result is the same, property by property and
 *   in the same order (so the same bytes).
 * Relies on: getStyleProperty(item, stack, p, default) being `item[p]` when it is a value, else
 *   the stack's value with the item pushed on top (which, without a `style` key and without
 *   `p`, adds nothing), else the default; measure's sequence of assignments, the sup/sub size
 *   factor 0.58, widthOfText, the LEADING and TRAILING white-space cuts.
 * Guarded by: the sample PDFs' bytes (tests/release/determinism.test.ts compares builds; the
 *   render tests read the text back), tests/unit/engine-fingerprint.test.ts.
 */
import { RUN_MARK, runMarkOf } from '../../../typeset/contract.js';
import { original, pdfmakeModule } from '../pin.js';

interface StyleStack {
  getProperty(p: string): unknown;
}
interface Measuring {
  pdfDocument: { provideFont(font: unknown, bold: unknown, italics: unknown): { lineHeight(size: number): number } };
  widthOfText(text: string, inline: unknown): number;
}
type Measure = (this: Measuring, array: Record<string, unknown>[], stack: StyleStack | undefined) => unknown;

const isValue = (v: unknown) => v !== undefined && v !== null;

/**
 * The keys a word object is made with (line-breaks.ts): the word's own, every style key of an
 * EngineInline, and every key measure sets. Made whole by one object literal, a word has one
 * hidden class from the start, and measure's stores replace values instead of adding keys;
 * added one by one to words of varying keys, each store was a transition V8 looked up at run
 * time (about a third of a warm rebuild). pdfmake and the hooks read these keys by value only
 * (a key holding undefined is as good as none; cloneInline copies both alike).
 */
const WORD_KEYS = new Set([
  'text',
  'lineEnd',
  'noNewLine',
  RUN_MARK,
  ...Object.keys({
    font: 0,
    bold: 0,
    italics: 0,
    alignment: 0,
    fontSize: 0,
    fontFeatures: 0,
    characterSpacing: 0,
    color: 0,
    decoration: 0,
    decorationColor: 0,
    decorationStyle: 0,
    decorationThickness: 0,
    background: 0,
    link: 0,
    linkToPage: 0,
    linkToDestination: 0,
    noWrap: 0,
    opacity: 0,
    sup: 0,
    sub: 0,
    lineHeight: 0,
    preserveLeadingSpaces: 0,
    preserveTrailingSpaces: 0,
  }),
  'leadingIndent',
  'width',
  'height',
  'leadingCut',
  'trailingCut',
]);

/** An inline's own keys but `text` that a word object does not hold from the start (usually none). */
export function extraKeysOf(inline: Record<string, unknown>): string[] {
  return Object.keys(inline).filter((k) => k !== 'text' && !WORD_KEYS.has(k));
}

/**
 * One word of `inline` as pdfmake's TextBreaker makes it (`copyStyle(inline, { ...word })`:
 * the word's text and flags, then every own key of the inline but `text`), with every key of
 * WORD_KEYS present. `extra` is extraKeysOf(inline).
 */
export function wordObject(
  word: { text: string; lineEnd?: boolean; noNewLine?: boolean },
  inline: Record<string, unknown>,
  extra: string[],
): Record<string, unknown> {
  const w: Record<string, unknown> = {
    text: word.text,
    lineEnd: word.lineEnd,
    noNewLine: word.noNewLine,
    [RUN_MARK]: inline[RUN_MARK],
    font: inline.font,
    bold: inline.bold,
    italics: inline.italics,
    alignment: inline.alignment,
    fontSize: inline.fontSize,
    fontFeatures: inline.fontFeatures,
    characterSpacing: inline.characterSpacing,
    color: inline.color,
    decoration: inline.decoration,
    decorationColor: inline.decorationColor,
    decorationStyle: inline.decorationStyle,
    decorationThickness: inline.decorationThickness,
    background: inline.background,
    link: inline.link,
    linkToPage: inline.linkToPage,
    linkToDestination: inline.linkToDestination,
    noWrap: inline.noWrap,
    opacity: inline.opacity,
    sup: inline.sup,
    sub: inline.sub,
    lineHeight: inline.lineHeight,
    preserveLeadingSpaces: inline.preserveLeadingSpaces,
    preserveTrailingSpaces: inline.preserveTrailingSpaces,
    leadingIndent: inline.leadingIndent,
    width: undefined,
    height: undefined,
    leadingCut: inline.leadingCut,
    trailingCut: inline.trailingCut,
  };
  for (const k of extra) w[k] = inline[k];
  return w;
}
const LEADING = /^(\s)+/g;
const TRAILING = /(\s)+$/g;

/** Properties measure reads, with pdfmake's defaults. */
const DEFAULTS: Record<string, unknown> = {
  font: 'Roboto',
  bold: false,
  italics: false,
  alignment: 'left',
  fontSize: 12,
  fontFeatures: null,
  characterSpacing: 0,
  color: 'black',
  decoration: null,
  decorationColor: null,
  decorationStyle: null,
  decorationThickness: null,
  background: null,
  link: null,
  linkToPage: null,
  linkToDestination: null,
  noWrap: null,
  opacity: 1,
  sup: false,
  sub: false,
  lineHeight: 1,
  preserveLeadingSpaces: false,
  preserveTrailingSpaces: false,
};

export function installInlineMeasure(): void {
  const TextInlines = pdfmakeModule<{ prototype: object }>('TextInlines');
  const measure = original<Measure>(TextInlines.prototype, 'measure');
  Object.assign(TextInlines.prototype, {
    measure(this: Measuring, array: Record<string, unknown>[], stack: StyleStack | undefined) {
      if (!stack || !array.length || !array.every((i) => runMarkOf(i) && !('style' in i))) return measure.call(this, array, stack);
      // The paragraph's value of every property, read once: what getStyleProperty finds when the word does not set it.
      const fromStack: Record<string, unknown> = {};
      for (const p of Object.keys(DEFAULTS)) {
        const v = stack.getProperty(p);
        fromStack[p] = isValue(v) ? v : DEFAULTS[p];
      }
      const leadingIndent = isValue(array[0].leadingIndent) ? array[0].leadingIndent : (stack.getProperty('leadingIndent') ?? 0);
      if (leadingIndent) {
        array[0].leadingCut = -(leadingIndent as number);
        array[0].leadingIndent = leadingIndent;
      }
      // Each property stored by name, not through a loop over names: V8 keeps these stores
      // fast, where a computed key on ~10,000 words a build cost more than the rest of measure.
      const v = (x: unknown, p: string) => (x !== undefined && x !== null ? x : fromStack[p]);
      for (const item of array) {
        item.font = this.pdfDocument.provideFont(v(item.font, 'font'), v(item.bold, 'bold'), v(item.italics, 'italics'));
        item.alignment = v(item.alignment, 'alignment');
        item.fontSize = v(item.fontSize, 'fontSize');
        item.fontFeatures = v(item.fontFeatures, 'fontFeatures');
        item.characterSpacing = v(item.characterSpacing, 'characterSpacing');
        item.color = v(item.color, 'color');
        item.decoration = v(item.decoration, 'decoration');
        item.decorationColor = v(item.decorationColor, 'decorationColor');
        item.decorationStyle = v(item.decorationStyle, 'decorationStyle');
        item.decorationThickness = v(item.decorationThickness, 'decorationThickness');
        item.background = v(item.background, 'background');
        item.link = v(item.link, 'link');
        item.linkToPage = v(item.linkToPage, 'linkToPage');
        item.linkToDestination = v(item.linkToDestination, 'linkToDestination');
        item.noWrap = v(item.noWrap, 'noWrap');
        item.opacity = v(item.opacity, 'opacity');
        item.sup = v(item.sup, 'sup');
        item.sub = v(item.sub, 'sub');
        if (item.sup || item.sub) (item.fontSize as number) *= 0.58;
        const lineHeight = v(item.lineHeight, 'lineHeight') as number;
        const text = item.text as string;
        item.width = this.widthOfText(text, item);
        item.height = (item.font as { lineHeight(size: number): number }).lineHeight(item.fontSize as number) * lineHeight;
        if (!item.leadingCut) item.leadingCut = 0;
        if (!v(item.preserveLeadingSpaces, 'preserveLeadingSpaces')) {
          const leadingSpaces = text.match(LEADING);
          if (leadingSpaces) (item.leadingCut as number) += this.widthOfText(leadingSpaces[0], item);
        }
        item.trailingCut = 0;
        if (!v(item.preserveTrailingSpaces, 'preserveTrailingSpaces')) {
          const trailingSpaces = text.match(TRAILING);
          if (trailingSpaces) item.trailingCut = this.widthOfText(trailingSpaces[0], item);
        }
      }
      return array;
    },
  });
}
