/**
 * Links out of the document: `<a href>` in a template makes a URI link annotation over its text,
 * tagged as PDF/UA asks (a Link element holding the text, the annotation's /StructParent, its
 * address as /Contents); only web and mailto addresses are accepted. The built-in templates link
 * a source's address and its archived copy. Read back with pdf.js.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier } from '../../src/build.js';
import { parseMarkup } from '../../src/template/markup.js';
import { copyWorkspace } from '../helpers/cli.js';

interface StructNode {
  role?: string;
  type?: string;
  id?: string;
  children?: StructNode[];
}

const URL = 'https://example.org/alpha/article?id=7';
const ARCHIVE = 'https://web.archive.org/web/2026/https://example.org/alpha/article';

async function read(pdf: Buffer) {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  const links: { url?: string; contents: string; structParent?: number }[] = [];
  let linkText = '';
  let text = '';
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    for (const a of (await page.getAnnotations()) as { subtype: string; url?: string; contentsObj?: { str: string }; structParent?: number }[]) {
      if (a.subtype === 'Link' && a.url) links.push({ url: a.url, contents: a.contentsObj?.str ?? '', structParent: a.structParent });
    }
    // The text of every Link element of the structure tree, by its marked content.
    const content = await page.getTextContent({ includeMarkedContent: true });
    const byId = new Map<string, string>();
    let open: string | undefined;
    for (const item of content.items as { type?: string; id?: string; str?: string }[]) {
      if (item.type === 'beginMarkedContentProps') open = item.id;
      else if (item.type === 'endMarkedContent') open = undefined;
      else if (typeof item.str === 'string') {
        text += item.str;
        if (open) byId.set(open, (byId.get(open) ?? '') + item.str);
      }
    }
    const walk = (n: StructNode, inLink: boolean): void => {
      if (n.type === 'content' && n.id && inLink) linkText += byId.get(n.id) ?? '';
      n.children?.forEach((c) => walk(c, inLink || n.role === 'Link'));
    };
    const tree = (await page.getStructTree()) as StructNode | null;
    if (tree) walk(tree, false);
  }
  await doc.destroy();
  return { links, linkText, text };
}

describe('links out of the document', () => {
  it('a source’s address and archived copy are links, tagged: Link elements, /StructParent, the address as /Contents', async () => {
    const ws = copyWorkspace();
    fs.appendFileSync(path.join(ws, 'sources', 'alpha.yaml'), `url: "${URL}"\narchive_url: "${ARCHIVE}"\n`);
    const cw = checkWorkspace(ws);
    expect(cw.diags.errorCount, JSON.stringify(cw.diags.items)).toBe(0);
    const b = await renderDossier(cw, cw.ws.dossiers.get('brief')!);
    const r = await read(b.pdf);
    const uris = r.links.map((l) => l.url);
    expect(uris).toContain(URL);
    expect(uris).toContain(ARCHIVE);
    for (const l of r.links) {
      expect(l.contents).toBe(l.url);
      expect(l.structParent).toBeGreaterThanOrEqual(0);
    }
    // The address is printed, and it is the text of the Link elements (pdf.js may break it into pieces).
    expect(r.linkText.replace(/\s/g, '')).toContain(URL);
    expect(r.linkText.replace(/\s/g, '')).toContain(ARCHIVE);
    // The control: without addresses, no link out of the document.
    const cwPlain = checkWorkspace(copyWorkspace());
    const plain = await read((await renderDossier(cwPlain, cwPlain.ws.dossiers.get('brief')!)).pdf);
    expect(plain.links).toEqual([]);
  }, 120_000);

  it('untagged (--no-tags), the link is there without a structure', async () => {
    const ws = copyWorkspace();
    fs.appendFileSync(path.join(ws, 'sources', 'alpha.yaml'), `url: "${URL}"\n`);
    const cw = checkWorkspace(ws);
    const b = await renderDossier(cw, cw.ws.dossiers.get('brief')!, {}, { tagged: false });
    const r = await read(b.pdf);
    expect(r.links.map((l) => l.url)).toContain(URL);
  }, 120_000);
});

describe('<a href> in markup', () => {
  const doc = (body: string) => parseMarkup(`<document lang="en">${body}</document>`).blocks;

  it('makes a span with the address', () => {
    expect(doc(`<p>See <a href="${URL}">the article</a>.</p>`)).toMatchObject([
      {
        kind: 'para',
        children: [
          { kind: 'text', text: 'See ' },
          { kind: 'span', href: URL, children: [{ kind: 'text', text: 'the article' }] },
          { kind: 'text', text: '.' },
        ],
      },
    ]);
    expect(doc('<p><a href="mailto:desk@example.org">desk</a></p>')).toMatchObject([{ children: [{ href: 'mailto:desk@example.org' }] }]);
    // No address (a source without a URL): plain text.
    expect(doc('<p><a href="">none</a></p>')).toMatchObject([{ children: [{ kind: 'span', children: [{ text: 'none' }] }] }]);
    expect((doc('<p><a href="">none</a></p>')[0] as { children: { href?: string }[] }).children[0].href).toBeUndefined();
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'ftp://example.org/x', '../secret.pdf', 'https://exa mple.org'])('refuses href="%s"', (href) => {
    expect(() => doc(`<p><a href="${href}">x</a></p>`)).toThrow(/links may go to http:\/\/, https:\/\/ or mailto: addresses only/);
  });
});
