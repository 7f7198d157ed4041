/**
 * The structure tree of a tagged PDF (PDF/UA-1), built from the document tree.
 *
 * Block elements are made up front, in document order, so that the tree reads in logical order
 * whatever order pdfmake draws in (right-to-left table rows, notes drawn at the page foot after
 * the body): Document > H1-H3, P, BlockQuote, L > LI > Lbl + LBody, Table > TR > TH/TD, Note.
 * Inline elements are made when their first text is drawn and appended to their block then, so
 * they stand among the block's marked content where they occur: Span (a passage in another
 * language), Reference > Link (a citation marker), Link (a note's number linking back).
 * Each drawn piece of text asks `targetFor` where its marked content belongs; text without an
 * origin in the document tree (running header and footer) is an Artifact.
 */
import type { RunMark } from '../../../typeset/contract.js';
import type { Block, DocTree, Inline } from '../../../template/tree.js';

/** pdfkit's structure element, as used here. */
export interface StructElem {
  dictionary: { data: Record<string, unknown> };
  add(child: unknown): StructElem;
  end(): void;
}

/** The pdfkit calls the tree needs. */
export interface StructDoc {
  struct(type: string, options?: { lang?: string; scope?: string; title?: string; alt?: string }): StructElem;
  addStructure(elem: StructElem): unknown;
}

/** Where a drawn piece of text goes: an element (and the link it is part of), or an artifact. */
export type Target = { kind: 'artifact' } | { kind: 'element'; elem: StructElem; link?: { contents: string } };

export interface TaggingLabels {
  /** The /Contents of a citation marker's link: "Note 3". */
  noteLink(n: number): string;
  /** The /Contents of a note number's link back to its marker. */
  backLink(n: number): string;
}

/** The text of inlines, as a reader would copy it (for outline titles). */
function plainText(inlines: Inline[]): string {
  return inlines.map((i) => (i.kind === 'text' ? i.text : i.kind === 'span' ? plainText(i.children) : i.kind === 'br' ? ' ' : '')).join('');
}

export class StructureTree {
  readonly root: StructElem;
  /** The document's language. */
  readonly lang: string;
  /** The element a block's own text goes to. */
  private readonly textElem = new Map<Block, StructElem>();
  private readonly langOf = new Map<StructElem, string>();
  /** List markers: the Lbl of each item of a list. */
  private readonly labels = new Map<Block, StructElem[]>();
  /** Inline elements made so far (Span by span, Reference by citation). */
  private readonly inlineElems = new Map<unknown, StructElem>();
  /** Link elements of the line being drawn: ended when it is done (their annotations are on its page). */
  private lineLinks = new Map<unknown, StructElem>();
  /** Images with alt text: block -> its Figure. */
  private readonly figures = new Map<Block, StructElem>();
  /** Headings seen, for the outline: block -> level. */
  readonly headings = new Map<Block, { level: number; title: string }>();

  constructor(
    private readonly doc: StructDoc,
    tree: DocTree,
    private readonly labelsText: TaggingLabels,
  ) {
    this.lang = tree.lang;
    this.root = doc.struct('Document', { lang: tree.lang });
    this.langOf.set(this.root, tree.lang);
    doc.addStructure(this.root);
    this.addBlocks(tree.blocks, this.root);
  }

  private child(parent: StructElem, type: string, lang?: string, extra: { scope?: string; alt?: string } = {}): StructElem {
    const parentLang = this.langOf.get(parent)!;
    const elem = this.doc.struct(type, { ...extra, lang: lang && lang !== parentLang ? lang : undefined });
    parent.add(elem);
    this.langOf.set(elem, lang ?? parentLang);
    return elem;
  }

  private addBlocks(blocks: Block[], parent: StructElem): void {
    for (const b of blocks) {
      switch (b.kind) {
        case 'heading':
          this.textElem.set(b, this.child(parent, `H${b.level}`, b.lang));
          this.headings.set(b, { level: b.level, title: plainText(b.children).trim() });
          break;
        case 'para':
          this.textElem.set(b, this.child(parent, 'P', b.lang));
          break;
        case 'quote':
          this.addBlocks(b.children, this.child(parent, 'BlockQuote', b.lang));
          break;
        case 'list': {
          const list = this.child(parent, 'L', b.lang);
          this.labels.set(
            b,
            b.items.map((item) => {
              const li = this.child(list, 'LI');
              const lbl = this.child(li, 'Lbl');
              this.addBlocks(item, this.child(li, 'LBody'));
              return lbl;
            }),
          );
          break;
        }
        case 'table': {
          const table = this.child(parent, 'Table', b.lang);
          const row = (cells: Block[][], header: boolean) => {
            const tr = this.child(table, 'TR');
            for (const cell of cells) this.addBlocks(cell, this.child(tr, header ? 'TH' : 'TD', undefined, header ? { scope: 'Column' } : {}));
          };
          if (b.header) row(b.header, true);
          for (const r of b.rows) row(r, false);
          break;
        }
        case 'note': {
          const note = this.child(parent, 'Note', b.lang);
          note.dictionary.data.ID = new String(`fn-${b.n}`); // unique: note numbers are
          this.textElem.set(b, note);
          break;
        }
        case 'image':
          // Figure with /Alt, then its Caption beside it (inside the Figure, the alt text
          // would hide it from readers that speak the /Alt instead of the content).
          // A decorative image (alt="") is drawn as an Artifact and has no element.
          if (b.alt) this.figures.set(b, this.child(parent, 'Figure', b.lang, { alt: b.alt }));
          if (b.caption) this.textElem.set(b, this.child(parent, 'Caption', b.lang));
          break;
        case 'columns':
          // Read column after column: their blocks join the parent in that order.
          for (const column of b.columns) this.addBlocks(column, parent);
          break;
        case 'pagebreak':
          break;
        case 'qr':
          // The code itself is drawn as vectors, Artifacts; its address, printed beside it, is the text.
          this.textElem.set(b, this.child(parent, 'P', b.lang));
          break;
      }
    }
  }

  /** The Figure an image block is drawn in; undefined for a decorative image (an Artifact). */
  figureFor(block: Block): StructElem | undefined {
    return this.figures.get(block);
  }

  /**
   * Where text with this RunMark (and pdfmake link target) goes. `foreign` is the language of
   * text whose letters are in a script its declared language is not written in
   * (foreign-script.ts): it goes in a Span of that language inside where it would have gone.
   */
  targetFor(mark: RunMark | undefined, linkTo: string | undefined, foreign?: string): Target {
    const target = this.declaredTarget(mark, linkTo);
    const previous = this.lastForeign;
    this.lastForeign = undefined;
    if (target.kind === 'artifact' || foreign === undefined || foreign === this.langOf.get(target.elem)) return target;
    // One Span per stretch of foreign text: a second stretch later in the same element is a
    // Span of its own, so the element's content keeps its reading order.
    const elem = previous && previous.parent === target.elem && previous.lang === foreign ? previous.elem : this.child(target.elem, 'Span', foreign);
    this.lastForeign = { parent: target.elem, lang: foreign, elem };
    return { ...target, elem };
  }

  /** The Span of foreign-script text drawn last, while the text drawn next may continue it. */
  private lastForeign: { parent: StructElem; lang: string; elem: StructElem } | undefined;

  /** Where text goes by what the document tree declares (its block, span, citation, language). */
  private declaredTarget(mark: RunMark | undefined, linkTo: string | undefined): Target {
    const origin = mark?.origin;
    if (!origin) return { kind: 'artifact' };
    const { block, inline, label } = origin;
    if (label?.kind === 'list-marker') {
      const lbl = this.labels.get(block)?.[label.item];
      return lbl ? { kind: 'element', elem: lbl } : { kind: 'artifact' };
    }
    const blockElem = this.textElem.get(block);
    if (!blockElem) return { kind: 'artifact' };
    if (inline?.kind === 'cite' && mark.cite !== undefined) {
      const link = this.lineLink(inline, () =>
        this.child(
          this.inlineElem(inline, () => this.child(blockElem, 'Reference')),
          'Link',
        ),
      );
      return { kind: 'element', elem: link, link: { contents: this.labelsText.noteLink(mark.cite) } };
    }
    if (mark.uri !== undefined) {
      // A link out of the document: a Link element per line, its annotation named by its address.
      const link = this.lineLink(inline ?? block, () => this.child(blockElem, 'Link', mark.lang));
      return { kind: 'element', elem: link, link: { contents: mark.uri } };
    }
    if (label?.kind === 'note-number' && linkTo && block.kind === 'note') {
      const link = this.lineLink(block, () => this.child(blockElem, 'Link'));
      return { kind: 'element', elem: link, link: { contents: this.labelsText.backLink(block.n) } };
    }
    // A passage in another language than its block: a Span with /Lang, one per span.
    if (mark.lang !== this.langOf.get(blockElem)) {
      return { kind: 'element', elem: this.inlineElem(inline ?? block, () => this.child(blockElem, 'Span', mark.lang), mark.lang) };
    }
    return { kind: 'element', elem: blockElem };
  }

  private inlineElem(key: unknown, make: () => StructElem, lang?: string): StructElem {
    const k = lang ? `${lang}\u0000${String(this.keyId(key))}` : key;
    let elem = this.inlineElems.get(k);
    if (!elem) this.inlineElems.set(k, (elem = make()));
    return elem;
  }

  private readonly ids = new Map<unknown, number>();
  private keyId(key: unknown): number {
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.ids.size));
    return id;
  }

  private lineLink(key: unknown, make: () => StructElem): StructElem {
    let elem = this.lineLinks.get(key);
    if (!elem) this.lineLinks.set(key, (elem = make()));
    return elem;
  }

  /** A line is drawn: its link elements (and a citation's Reference) are complete. */
  endLine(): void {
    for (const [key, link] of this.lineLinks) {
      link.end();
      const reference = this.inlineElems.get(key);
      if (reference) {
        reference.end();
        this.inlineElems.delete(key);
      }
    }
    this.lineLinks = new Map();
  }
}
