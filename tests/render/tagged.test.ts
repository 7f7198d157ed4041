/**
 * Tagged PDF (PDF/UA-1 as far as a machine can check), read back with pdf.js (pdfjs-dist), an
 * oracle we did not write: the structure tree of a sample briefing and of the mixed-script
 * dossiers, the artifact rule (every piece of text is in marked content the tree refers to, or
 * an Artifact), the reading order of the tree, links, metadata and the outline.
 */
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier, type BuiltDossier } from '../../src/build.js';
import { REPO } from '../helpers/cli.js';
import { foldText, readPdf } from '../helpers/pdf.js';
import { pdfiumPageTexts } from '../helpers/pdfium.js';

interface StructNode {
  role?: string;
  lang?: string;
  type?: string;
  id?: string;
  children?: StructNode[];
}

interface Read {
  roles: Map<string, number>;
  langs: Set<string>;
  /** Text items outside any marked content the tree refers to and outside Artifacts. */
  loose: string[];
  artifacts: number;
  tagged: number;
  /** The text got by walking each page's tree in order (what a screen reader reads). */
  treeText: string;
  /** Each piece of marked content with the language it is in (its element's /Lang or the nearest ancestor's). */
  pieces: { lang: string | undefined; text: string }[];
  links: { contents: string; structParent: number | undefined }[];
  markInfo: unknown;
  metadata: string;
  outline: string[];
  pdfVersion: string;
}

async function read(pdf: Buffer): Promise<Read> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  const r: Read = {
    roles: new Map(),
    langs: new Set(),
    loose: [],
    artifacts: 0,
    tagged: 0,
    treeText: '',
    pieces: [],
    links: [],
    markInfo: await doc.getMarkInfo(),
    metadata: '',
    outline: [],
    pdfVersion: '',
  };
  const meta = await doc.getMetadata();
  r.metadata = meta.metadata ? String((meta.metadata as unknown as { get(k: string): unknown }).get('dc:title') ?? '') : '';
  r.pdfVersion = String((meta.info as Record<string, unknown>).PDFFormatVersion);
  r.outline = ((await doc.getOutline()) ?? []).map((o: { title: string }) => o.title);
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const tree = (await page.getStructTree()) as StructNode | null;
    const ids = new Set<string>();
    const textOf = new Map<string, string>();
    const walkIds = (n: StructNode) => {
      if (n.role) r.roles.set(n.role, (r.roles.get(n.role) ?? 0) + 1);
      if (n.lang) r.langs.add(n.lang);
      if (n.type === 'content' && n.id) ids.add(n.id);
      n.children?.forEach(walkIds);
    };
    if (tree) walkIds(tree);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const stack: { tag: string; id?: string }[] = [];
    for (const item of content.items as { type?: string; tag?: string; id?: string; str?: string }[]) {
      if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') stack.push({ tag: item.tag ?? '', id: item.id });
      else if (item.type === 'endMarkedContent') stack.pop();
      else if (typeof item.str === 'string' && item.str.trim()) {
        if (stack.some((m) => m.tag === 'Artifact')) r.artifacts++;
        else {
          const owner = [...stack].reverse().find((m) => m.id && ids.has(m.id));
          if (owner) {
            r.tagged++;
            textOf.set(owner.id!, (textOf.get(owner.id!) ?? '') + item.str);
          } else r.loose.push(item.str);
        }
      }
    }
    const walkText = (n: StructNode): string => (n.type === 'content' && n.id ? (textOf.get(n.id) ?? '') : (n.children ?? []).map(walkText).join(''));
    if (tree) r.treeText += walkText(tree);
    const walkLang = (n: StructNode, lang: string | undefined): void => {
      if (n.type === 'content' && n.id) r.pieces.push({ lang, text: textOf.get(n.id) ?? '' });
      n.children?.forEach((c) => walkLang(c, n.lang ?? lang));
    };
    if (tree) walkLang(tree, undefined);
    for (const a of (await page.getAnnotations()) as { subtype: string; contentsObj?: { str: string }; structParent?: number }[]) {
      if (a.subtype === 'Link') r.links.push({ contents: a.contentsObj?.str ?? '', structParent: a.structParent });
    }
  }
  await doc.destroy();
  return r;
}

/** Without white space and ZWNJ (pdf.js does not extract it), NFC: letters in order, whatever a reader does with spaces. */
const squeeze = (s: string) =>
  foldText(s)
    .replace(/[\s\u200c]+/g, '')
    .normalize('NFC');

const cases = [
  { ws: 'dossiers', id: 'openai-founding' },
  { ws: 'tests/fixtures/mixed', id: 'mixed-en' },
  { ws: 'tests/fixtures/mixed', id: 'mixed-ar' },
];
const built = new Map<string, { b: BuiltDossier; r: Read }>();

beforeAll(async () => {
  for (const { ws, id } of cases) {
    const cw = checkWorkspace(path.join(REPO, ws));
    const dossier = [...cw.ws.dossiers.values()].find((d) => d.id === id)!;
    const b = await renderDossier(cw, dossier);
    built.set(id, { b, r: await read(b.pdf) });
  }
}, 120_000);

describe.each(cases)('tagged PDF: $id', ({ id }) => {
  it('PDF 1.7, marked, with /Lang, XMP (pdfuaid 1, title, language), the title shown, an outline from the headings', () => {
    const { b, r } = built.get(id)!;
    expect(r.pdfVersion).toBe('1.7');
    expect(r.markInfo).toMatchObject({ Marked: true });
    const latin1 = b.pdf.toString('latin1');
    expect(latin1).toMatch(/\/DisplayDocTitle true/);
    expect(latin1).toMatch(new RegExp(`/Lang \\(${b.tree.lang}\\)`));
    expect(latin1).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect(latin1).toMatch(new RegExp(`<dc:language><rdf:Bag><rdf:li>${b.tree.lang}</rdf:li>`));
    const headings = b.tree.blocks.filter((x) => x.kind === 'heading' && x.level === 1);
    expect(r.outline.length).toBe(headings.length);
  });

  it('a structure tree of the document tree: Document, H1, H2, P, BlockQuote, Note, Reference, Link, Span with /Lang', () => {
    const { b, r } = built.get(id)!;
    for (const role of ['Document', 'H1', 'H2', 'P', 'BlockQuote', 'Note', 'Reference', 'Link', 'Span']) expect(r.roles.get(role), role).toBeGreaterThan(0);
    // One Reference per citation marker, one Note per note (pages can split a note's content: Note counted per page).
    const notes = b.cited.notes.length;
    expect(r.roles.get('Reference')).toBe(notes);
    expect(b.pdf.toString('latin1').match(/\/S \/Note/g)?.length).toBe(notes);
    for (let n = 1; n <= notes; n++) expect(b.pdf.toString('latin1')).toContain(`/ID (fn-${n})`);
    // Every language of a quote or translation is marked where it differs from the dossier's.
    const quoteLangs = new Set(b.cited.sections.flatMap((s) => s.claims.flatMap((c) => c.evidence.map((e) => e.quote.lang))));
    for (const lang of quoteLangs) if (lang !== b.tree.lang) expect(r.langs, lang).toContain(lang);
  });

  it('every piece of text is in an element of its language: no letters of a script the language is not written in', () => {
    const { b, r } = built.get(id)!;
    // Which scripts each language of the fixtures is written in (CLDR's likely scripts), and
    // Latin anywhere: names and brands in Latin letters stand in text of every script.
    const scripts: Record<string, string[]> = {
      zxx: [],
      en: ['Latin'],
      vi: ['Latin'],
      ar: ['Arabic'],
      fa: ['Arabic'],
      ur: ['Arabic'],
      he: ['Hebrew'],
      zh: ['Han'],
      ja: ['Han', 'Hiragana', 'Katakana'],
      ko: ['Hangul', 'Han'],
    };
    const all = ['Arabic', 'Hebrew', 'Han', 'Hiragana', 'Katakana', 'Hangul'];
    const wrong = r.pieces.flatMap(({ lang, text }) => {
      const effective = lang ?? b.tree.lang;
      const allowed = scripts[effective.split('-')[0]];
      expect(allowed, effective).toBeDefined();
      // Letters only: a format character (the ALM of direction-marks.ts is Script=Arabic) is no letter.
      const letters = text.replace(/\p{Cf}/gu, '');
      const foreign = all.filter((sc) => !allowed.includes(sc) && new RegExp(`\\p{Script=${sc}}`, 'u').test(letters));
      return foreign.length ? [`${JSON.stringify(text)} under ${effective}: ${foreign.join(', ')}`] : [];
    });
    expect(r.pieces.length).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });

  it('nothing on a page is outside the tree: every piece of text is tagged or an artifact (running header and footer)', () => {
    const { r } = built.get(id)!;
    expect(r.loose).toEqual([]);
    expect(r.tagged).toBeGreaterThan(50);
    expect(r.artifacts).toBeGreaterThan(0);
  });

  it('every link annotation has /Contents and a /StructParent', () => {
    const { r } = built.get(id)!;
    expect(r.links.length).toBeGreaterThan(0);
    expect(r.links.filter((l) => !l.contents.trim() || l.structParent === undefined)).toEqual([]);
  });

  it('the tree reads in document order: every statement, quote and translation, each in logical order', () => {
    const { b, r } = built.get(id)!;
    const tree = squeeze(r.treeText);
    let from = 0;
    const missing: string[] = [];
    for (const section of b.cited.sections) {
      for (const claim of section.claims) {
        const texts = [claim.statement.text, ...claim.evidence.flatMap((e) => [e.quote.text, ...(e.translation ? [e.translation.text] : [])])];
        for (const t of texts) {
          const at = tree.indexOf(squeeze(t), from);
          if (at < 0) {
            const anywhere = tree.indexOf(squeeze(t));
            const probe = squeeze(t).slice(0, 12);
            const near = tree.indexOf(probe);
            missing.push(
              `${t.slice(0, 60)} | anywhere ${anywhere} | near ${near}: ${near >= 0 ? tree.slice(near, near + squeeze(t).length + 10) : ''} || want ${squeeze(t)}`,
            );
          } else from = at;
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

/** White space folded to single spaces, NFKC, no ZWNJ: text as copied, spaces kept. */
const spaced = (s: string) =>
  foldText(s.replace(/\u200c/g, ''))
    .normalize('NFKC')
    .replace(/\s+/g, ' ');
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;

describe.each(cases)('copy and paste of $id in pdf.js and PDFium', ({ id }) => {
  it('every statement, quote and translation without Arabic or Hebrew script comes out in order with its spaces', async () => {
    const { b } = built.get(id)!;
    const pdfjs = spaced((await readPdf(b.pdf)).pages.map((p) => p.items.map((i) => i.str).join(' ')).join(' '));
    const pdfiumText = (await pdfiumPageTexts(b.pdf)).join(' ');
    // PDFium marks a hyphen it takes for a soft one at a line end as U+FFFE, which Chrome's copy
    // then drops ("nonprofit"): every hyphen of these texts is typed, and a line that ends with
    // one carries a mark after it (hooks/line-end-mark.ts), so none may be taken for soft.
    expect(pdfiumText).not.toMatch(/\ufffe/);
    // A line break after a hyphen that ends a line stands for nothing ("non-" / "profit").
    const pdfium = spaced(pdfiumText.replace(/-[\u200e]?\r?\n/g, '-'));
    const texts = b.cited.sections.flatMap((s) =>
      s.claims.flatMap((c) => [c.statement, ...c.evidence.flatMap((e) => [e.quote, ...(e.translation ? [e.translation] : [])])]),
    );
    const ltr = texts.map((t) => spaced(t.text)).filter((t) => !RTL_SCRIPT.test(t));
    expect(ltr.length).toBeGreaterThan(5);
    // A line break stands for a space, or for nothing in text written without spaces (Chinese, Japanese).
    const found = (hay: string, t: string) => (t.includes(' ') ? hay.includes(t) : hay.replace(/ /g, '').includes(t));
    expect(ltr.filter((t) => !found(pdfium, t))).toEqual([]);
    // pdf.js joins the items of a line without spaces where the text has none; compare without white space there.
    expect(ltr.filter((t) => !pdfjs.replace(/ /g, '').includes(t.replace(/ /g, '')))).toEqual([]);
  });
});

describe('untagged output', () => {
  it('--no-tags (tagged: false) gives PDF 1.3 without a structure tree', async () => {
    const cw = checkWorkspace(path.join(REPO, 'tests/fixtures/mini'));
    const dossier = [...cw.ws.dossiers.values()].find((d) => d.id === 'brief')!;
    const b = await renderDossier(cw, dossier, {}, { tagged: false });
    expect(b.pdf.subarray(0, 8).toString()).toBe('%PDF-1.3');
    expect(b.pdf.toString('latin1')).not.toMatch(/StructTreeRoot|MarkInfo/);
  });
});
