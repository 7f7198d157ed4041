/**
 * The empty space at the foot of each page, above its notes, read back from a tagged PDF with
 * pdf.js: which text is a note comes from the structure tree (Note elements), which text is
 * running header or footer from the Artifact marks, so nothing here trusts the layout code.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

interface StructNode {
  role?: string;
  type?: string;
  id?: string;
  children?: StructNode[];
}

/** One line of text as pdf.js reports it, in points from the top of the page. */
export interface TextLine {
  str: string;
  /** Baseline, from the top of the page. */
  baseline: number;
  fontSize: number;
}

export interface PageFoot {
  page: number;
  /** Body text (neither note nor artifact), top to bottom. */
  body: TextLine[];
  /** Note text. */
  notes: TextLine[];
  /** Lowest point of the body text: its last baseline plus a descent of 0.3 em. */
  bodyBottom: number;
  /**
   * Top of the note area (the highest note text less an ascent of 1 em and the 10 pt of space
   * and rule above the notes), or the bottom of the text area on a page without notes.
   */
  limit: number;
  /** limit - bodyBottom: the empty space at the page foot, in points. */
  gap: number;
}

const DESCENT = 0.3;
const NOTE_SEPARATOR = 10;

/**
 * Reads the page feet of a tagged PDF. `textBottom` is the y (from the top, in points) where the
 * text area ends: the page height less the bottom margin of the template's settings.
 */
export async function pageFeet(bytes: Buffer | Uint8Array, textBottom: number): Promise<PageFoot[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const out: PageFoot[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const height = page.view[3];
      const tree = (await page.getStructTree()) as StructNode | null;
      const noteIds = new Set<string>();
      const walk = (n: StructNode, inNote: boolean) => {
        const note = inNote || n.role === 'Note';
        if (n.type === 'content' && n.id && note) noteIds.add(n.id);
        n.children?.forEach((c) => walk(c, note));
      };
      if (tree) walk(tree, false);
      const content = await page.getTextContent({ includeMarkedContent: true });
      const stack: { tag?: string; id?: string }[] = [];
      const body: TextLine[] = [];
      const notes: TextLine[] = [];
      for (const item of content.items as { type?: string; tag?: string; id?: string; str?: string; transform?: number[] }[]) {
        if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') stack.push({ tag: item.tag, id: item.id });
        else if (item.type === 'endMarkedContent') stack.pop();
        else if (typeof item.str === 'string' && item.str.trim() && item.transform) {
          if (stack.some((m) => m.tag === 'Artifact')) continue;
          const line = { str: item.str, baseline: height - item.transform[5], fontSize: Math.hypot(item.transform[2], item.transform[3]) };
          (stack.some((m) => m.id && noteIds.has(m.id)) ? notes : body).push(line);
        }
      }
      body.sort((a, b) => a.baseline - b.baseline);
      notes.sort((a, b) => a.baseline - b.baseline);
      const bodyBottom = Math.max(...body.map((l) => l.baseline + DESCENT * l.fontSize));
      const limit = notes.length ? Math.min(...notes.map((l) => l.baseline - l.fontSize)) - NOTE_SEPARATOR : textBottom;
      out.push({ page: p, body, notes, bodyBottom, limit, gap: limit - bodyBottom });
    }
  } finally {
    await doc.destroy();
  }
  return out;
}
