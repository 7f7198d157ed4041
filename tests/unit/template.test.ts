import { describe, expect, it } from 'vitest';
import { checkWorkspace } from '../../src/build.js';
import { citeDossier } from '../../src/cite/cited.js';
import { Diagnostics } from '../../src/diagnostics.js';
import { selectClaims } from '../../src/select/select.js';
import { parseMarkup } from '../../src/template/markup.js';
import { findTemplate, renderTemplate } from '../../src/template/render.js';
import type { Block, Inline } from '../../src/template/tree.js';

/** All text of a list of inlines, as a reader would copy it. */
function plainText(inlines: Inline[]): string {
  return inlines.map((i) => (i.kind === 'text' ? i.text : i.kind === 'span' ? plainText(i.children) : i.kind === 'br' ? '\n' : String(i.n))).join('');
}
import { MINI } from '../helpers/cli.js';

function allText(blocks: Block[]): string {
  return blocks
    .map((b) => ('children' in b && Array.isArray(b.children) ? (b.kind === 'quote' ? allText(b.children as Block[]) : plainText(b.children as never)) : ''))
    .join('\n');
}

describe('templates', () => {
  it('prints data literally: markup and Handlebars syntax in a claim stay text', () => {
    const cw = checkWorkspace(MINI);
    const dossier = cw.ws.dossiers.get('brief')!;
    const cited = citeDossier(selectClaims(cw.ws, dossier, cw.checked, new Diagnostics()), cw.ws.sources);
    const tree = renderTemplate(findTemplate(cw.ws.root, 'briefing', { file: dossier.file, line: 1, col: 1 }), cited);
    const text = allText(tree.blocks);
    expect(text).toContain('The company raised $101 million <b>{{x}}</b>.');
  });

  it('numbers notes and gives the first note of a source the full reference', () => {
    const cw = checkWorkspace(MINI);
    const dossier = cw.ws.dossiers.get('brief')!;
    const cited = citeDossier(selectClaims(cw.ws, dossier, cw.checked, new Diagnostics()), cw.ws.sources);
    expect(cited.notes.map((n) => [n.n, n.source.id, n.full])).toEqual([
      [1, 'alpha', true],
      [2, 'beta', true],
      [3, 'beta', false],
    ]);
  });

  it('markup parser keeps language and direction and refuses unknown elements', () => {
    const tree = parseMarkup('<document lang="en"><p>Hi <span lang="ar">مرحبا</span><cite n="2"/></p><blockquote lang="ar"><p>نص</p></blockquote></document>');
    expect(tree.dir).toBe('ltr');
    const [p, q] = tree.blocks;
    expect(p).toMatchObject({ kind: 'para', lang: 'en', dir: 'ltr' });
    expect(q).toMatchObject({ kind: 'quote', lang: 'ar', dir: 'rtl' });
    expect(() => parseMarkup('<document lang="en"><script>x</script></document>')).toThrow(/unknown element <script>/);
  });

  it('markup errors carry the line of the generated markup, counted in linear time', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `<p>line ${i}</p>`);
    const markup = `<document lang="en">\n${lines.join('\n')}\n<p><bogus/></p>\n</document>`;
    const t0 = performance.now();
    let error: unknown;
    try {
      parseMarkup(markup);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ message: 'unknown element <bogus>', line: 100_002 });
    expect(performance.now() - t0).toBeLessThan(5000); // counting from the start for each tag took minutes
  });
});
