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
import { runMarkOf } from '../../../typeset/contract.js';
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
const ASSIGNED = [
  'alignment',
  'fontSize',
  'fontFeatures',
  'characterSpacing',
  'color',
  'decoration',
  'decorationColor',
  'decorationStyle',
  'decorationThickness',
  'background',
  'link',
  'linkToPage',
  'linkToDestination',
  'noWrap',
  'opacity',
  'sup',
  'sub',
];

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
      const style = (item: Record<string, unknown>, p: string) => (isValue(item[p]) ? item[p] : fromStack[p]);
      const leadingIndent = isValue(array[0].leadingIndent) ? array[0].leadingIndent : (stack.getProperty('leadingIndent') ?? 0);
      if (leadingIndent) {
        array[0].leadingCut = -(leadingIndent as number);
        array[0].leadingIndent = leadingIndent;
      }
      for (const item of array) {
        item.font = this.pdfDocument.provideFont(style(item, 'font'), style(item, 'bold'), style(item, 'italics'));
        for (const p of ASSIGNED) item[p] = style(item, p);
        if (item.sup || item.sub) (item.fontSize as number) *= 0.58;
        const lineHeight = style(item, 'lineHeight') as number;
        const text = item.text as string;
        item.width = this.widthOfText(text, item);
        item.height = (item.font as { lineHeight(size: number): number }).lineHeight(item.fontSize as number) * lineHeight;
        if (!item.leadingCut) item.leadingCut = 0;
        if (!style(item, 'preserveLeadingSpaces')) {
          const leadingSpaces = text.match(LEADING);
          if (leadingSpaces) (item.leadingCut as number) += this.widthOfText(leadingSpaces[0], item);
        }
        item.trailingCut = 0;
        if (!style(item, 'preserveTrailingSpaces')) {
          const trailingSpaces = text.match(TRAILING);
          if (trailingSpaces) item.trailingCut = this.widthOfText(trailingSpaces[0], item);
        }
      }
      return array;
    },
  });
}
