/**
 * Hook: every drawn piece of text in its structure element's marked content, or an Artifact.
 *
 * Overrides (tagged documents only): Renderer.prototype.renderLine, renderVector,
 *   renderImage and renderSVG (pdfmake/js/Renderer.js) in the engine's Renderer subclass (document.ts), and
 *   pdfkit's goTo and link in the engine's PDFDocument subclass (link annotations, within the
 *   document and out of it, get a /StructParent and /Contents).
 * Why: PDF/UA-1 asks that nothing on a page be outside the structure tree. A line is drawn in
 *   groups, in logical order (drawing-order.ts), each group one piece of marked content
 *   (`/P <</MCID n>> BDC … EMC`) added to the element the text belongs to
 *   (tagging/structure.ts); text with no place in the document tree (running header and
 *   footer) and every vector (rules, borders, the footnote rule) are Artifacts. The first line
 *   of each heading adds an outline item at its place.
 * Relies on: renderLine(line, x, y) drawing exactly line.inlines (drawing-order.ts relies on
 *   the same); pdfkit's markStructureContent/markContent/endMarkedContent (each closes open
 *   structure markings first), PDFStructureElement.add, goTo and link -> annotate taking
 *   structParent (_fragment calls link for a text's `link` option),
 *   the outline's addItem(title, { top }) pointing at the current page.
 * Guarded by: tests/render/tagged.test.ts, tests/unit/engine-fingerprint.test.ts.
 */
import { citeOf, type LineInline, type PlacedLine } from '../model.js';
import type { ImageBlock } from '../../../template/tree.js';
import type { StructElem, StructureTree } from '../tagging/structure.js';
import { foreignScriptLang } from '../tagging/foreign-script.js';
import { drawingOrder, type RenderLine } from './drawing-order.js';

export interface MarkingDoc {
  markStructureContent(tag: string, options?: { lang?: string }): unknown;
  markContent(tag: string, options?: Record<string, unknown> | null): unknown;
  endMarkedContent(): unknown;
  addNamedDestination(name: string, ...args: unknown[]): void;
  outline: OutlineItem;
  /** The link element whose annotation the next goTo makes, with its /Contents. */
  pendingLink?: { elem: StructElem; contents: string };
}
interface OutlineItem {
  addItem(title: string, options?: { top?: number; expanded?: boolean }): OutlineItem;
}

/** Per document: the tree, and the outline items of the headings open at each level. */
export class TaggedRendering {
  private readonly outlineAt: OutlineItem[] = [];
  private readonly outlined = new Set<unknown>();

  constructor(
    readonly tree: StructureTree,
    private readonly doc: MarkingDoc,
  ) {}

  /** Draws one line, group by group, each in its marked content. */
  renderLine(draw: RenderLine, line: PlacedLine, x: number, y: number): void {
    const foreign = foreignLangs(line.inlines, this.tree.lang);
    const groups = drawingOrder(line.inlines).flatMap((run) => split(run, foreign));
    groups.forEach((inlines, k) => {
      const part = groups.length === 1 ? line : this.part(line, inlines, k);
      // Resolved as it is drawn: an inline element (a Reference, a Span) joins its block here.
      const target = this.tree.targetFor(inlines[0].dossierRun, linkOf(inlines[0]), foreign.get(inlines[0]));
      if (target.kind === 'artifact') {
        this.doc.markContent('Artifact', { type: 'Pagination' });
        draw(part, x, y);
      } else {
        const block = inlines[0].dossierRun?.origin?.block;
        const heading = block && this.tree.headings.get(block);
        if (heading && !this.outlined.has(block)) {
          this.outlined.add(block);
          this.addOutline(heading.level, heading.title, y);
        }
        const elem = target.elem;
        const tag = elem.dictionary.data.S as string;
        const lang = tag === 'Span' ? (elem.dictionary.data.Lang as string | undefined)?.toString() : undefined;
        elem.add(this.doc.markStructureContent(tag, lang ? { lang } : {}));
        this.doc.pendingLink = target.link && { elem, contents: target.link.contents };
        draw(part, x, y);
        this.doc.pendingLink = undefined;
      }
      this.doc.endMarkedContent();
    });
    for (const inline of line.inlines) {
      const cite = citeOf(inline);
      if (cite !== undefined) this.doc.addNamedDestination(`fnref-${cite}`, 'XYZ', (x || 0) + inline.x, y || 0, null);
    }
    this.tree.endLine();
  }

  /**
   * An image of the document tree: in its Figure's marked content, the Figure's layout
   * attributes set to where it is drawn (x, y from the page's top, as pdfkit places it); an
   * image without alt text, or from no block, is decoration.
   */
  renderFigure(block: ImageBlock | undefined, draw: () => void, box: { x: number; y: number; width: number; height: number; pageHeight: number }): void {
    const figure = block && this.tree.figureFor(block);
    if (!figure) return this.renderArtifact(draw);
    const { x, y, width, height, pageHeight } = box;
    const round = (n: number) => Math.round(n * 100) / 100;
    figure.dictionary.data.A = { O: 'Layout', Placement: 'Block', BBox: [x, pageHeight - y - height, x + width, pageHeight - y].map(round) };
    figure.add(this.doc.markStructureContent('Figure'));
    draw();
    this.doc.endMarkedContent();
  }

  /** A vector (rule, border, background) is decoration. */
  renderArtifact(draw: () => void): void {
    this.doc.markContent('Artifact', { type: 'Layout' });
    draw();
    this.doc.endMarkedContent();
  }

  private part(line: PlacedLine, inlines: LineInline[], k: number): PlacedLine {
    const height = line.getHeight();
    const ascender = line.getAscenderHeight();
    const part = Object.assign(Object.create(line) as PlacedLine, { inlines, getHeight: () => height, getAscenderHeight: () => ascender });
    if (k > 0) Object.assign(part, { _outline: undefined, id: undefined });
    return part;
  }

  private addOutline(level: number, title: string, y: number): void {
    const parent =
      level > 1
        ? (this.outlineAt[level - 2] ??
          this.outlineAt
            .slice(0, level - 1)
            .reverse()
            .find(Boolean))
        : undefined;
    const item = (parent ?? this.doc.outline).addItem(title, { top: y, expanded: true });
    this.outlineAt[level - 1] = item;
    this.outlineAt.length = level;
  }
}

const linkOf = (inline: LineInline): string | undefined => (inline as { linkToDestination?: string }).linkToDestination;

/** What decides where an inline's text goes (see StructureTree.targetFor), compared without making elements. */
function placeKey(inline: LineInline, foreign: Map<LineInline, string>): string {
  const mark = inline.dossierRun;
  const o = mark?.origin;
  if (!o) return 'artifact';
  return [
    ids(o.block),
    o.inline ? ids(o.inline) : '',
    o.label ? JSON.stringify(o.label) : '',
    mark.lang,
    mark.cite ?? '',
    linkOf(inline) ?? '',
    mark.uri ?? '',
    foreign.get(inline) ?? '',
  ].join('|');
}

/**
 * The inlines of a line whose letters are in a script their language is not written in, with
 * the language to tag them with (foreign-script.ts). An inline without letters (a space, a
 * digit, a comma) between two of the same foreign language takes it too, so "عماد مشتاق" is one
 * Span, not two around a space.
 */
function foreignLangs(inlines: LineInline[], documentLang: string): Map<LineInline, string> {
  const NEUTRAL = '';
  const found = inlines.map((i) => {
    const mark = i.dossierRun;
    if (!mark?.origin || !/\p{L}/u.test(i.text)) return NEUTRAL;
    return foreignScriptLang(i.text, mark.lang, [documentLang]);
  });
  const out = new Map<LineInline, string>();
  found.forEach((lang, k) => {
    if (lang === NEUTRAL) {
      const before = found
        .slice(0, k)
        .reverse()
        .find((l) => l !== NEUTRAL);
      const after = found.slice(k + 1).find((l) => l !== NEUTRAL);
      if (before !== undefined && before === after) out.set(inlines[k], before);
    } else if (lang !== undefined) out.set(inlines[k], lang);
  });
  return out;
}
const objectIds = new WeakMap<object, number>();
let nextId = 0;
function ids(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) objectIds.set(o, (id = ++nextId));
  return id;
}

/** Consecutive inlines of a run that go to the same place. */
function split(run: LineInline[], foreign: Map<LineInline, string>): LineInline[][] {
  const out: LineInline[][] = [];
  let key: string | undefined;
  for (const inline of run) {
    const k = placeKey(inline, foreign);
    if (k === key) out[out.length - 1].push(inline);
    else out.push([inline]);
    key = k;
  }
  return out;
}
