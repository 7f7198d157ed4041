/**
 * The document tree: what templates produce (through markup.ts) and the typesetter consumes.
 * Small on purpose: a handful of block and inline kinds, each carrying the language and
 * direction it is written in, so the typesetter can choose fonts and bidi levels per run.
 */

import type { Dir } from '../lang.js';
import type { ImageAsset } from '../image/problem.js';

export type { Dir };
export { directionOf } from '../lang.js';

export interface InlineStyle {
  bold?: boolean;
  italic?: boolean;
  small?: boolean;
}

export type Inline =
  | { kind: 'text'; text: string }
  /** `href`: an address outside the document the span's text links to (`<a href>`). */
  | { kind: 'span'; lang?: string; dir?: Dir; style: InlineStyle; href?: string; children: Inline[] }
  /** A citation marker: note number n. */
  | { kind: 'cite'; n: number }
  | { kind: 'br' };

export interface TextBlockBase {
  lang: string;
  dir: Dir;
  /** Style class from the template (e.g. "statement", "translation"). */
  cls?: string;
  children: Inline[];
}

export type Block =
  | ({ kind: 'heading'; level: 1 | 2 | 3 } & TextBlockBase)
  | ({ kind: 'para' } & TextBlockBase)
  | { kind: 'quote'; lang: string; dir: Dir; cls?: string; children: Block[] }
  | { kind: 'list'; ordered: boolean; lang: string; dir: Dir; items: Block[][] }
  | { kind: 'table'; lang: string; dir: Dir; header: Block[][] | null; rows: Block[][][] }
  | { kind: 'note'; n: number; lang: string; dir: Dir; children: Inline[] }
  | ImageBlock
  /** Columns side by side, the first where lines start; each holds its own blocks (no flow between them). */
  | { kind: 'columns'; lang: string; dir: Dir; columns: Block[][] }
  | { kind: 'pagebreak' }
  /** A QR code of a web address (value), `size` points square, with the address printed beside it (qr.ts). */
  | { kind: 'qr'; lang: string; dir: Dir; cls?: string; value: string; size: number };

/** A width asked for in the markup: millimetres, points, or per cent of the text column. */
export interface ImageWidth {
  value: number;
  unit: 'mm' | 'pt' | '%';
}

/**
 * An image on a line of its own (<img>, or <figure> with <img> and <figcaption>), with its
 * caption below it. The file is found and checked after the tree is made (src/image/attach.ts),
 * which sets `asset`; the typesetter needs it.
 */
export interface ImageBlock {
  kind: 'image';
  lang: string;
  dir: Dir;
  cls?: string;
  src: string;
  /** What the image shows, for readers who cannot see it; '' marks a decorative image (an Artifact). */
  alt: string;
  width?: ImageWidth;
  /** Where it stands on its line: start (left in left-to-right text, right in right-to-left), center, end. */
  align: 'start' | 'center' | 'end';
  caption?: Inline[];
  asset?: ImageAsset;
}

export interface DocTree {
  lang: string;
  dir: Dir;
  title: string;
  blocks: Block[];
}
