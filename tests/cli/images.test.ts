/**
 * Images through the command line: `check` finds every image problem `build` would, each at
 * the file, line and column of the template's <img> or of the dossier's logo, and `build`
 * writes no PDF then. Images are made in the test (tests/helpers/images.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { copyWorkspace, REPO, runCli } from '../helpers/cli.js';
import { ANIMATION_CONTROL, png } from '../helpers/images.js';

const errorLines = (s: string) => s.split('\n').filter((l) => /: error: /.test(l));

/** The mini workspace with a copy of the briefing template as templates/mine, used by both dossiers. */
function withTemplate(extraMarkup: string): { dir: string; doc: string; line: number; col: number } {
  const dir = copyWorkspace();
  const tpl = path.join(dir, 'templates/mine');
  fs.cpSync(path.join(REPO, 'templates/briefing'), tpl, { recursive: true });
  const doc = path.join(tpl, 'document.hbs');
  const source = fs.readFileSync(doc, 'utf8');
  const at = source.indexOf('{{> logo}}');
  fs.writeFileSync(doc, `${source.slice(0, at)}${extraMarkup}\n${source.slice(at)}`);
  const before = source.slice(0, at);
  for (const f of ['brief.yaml', 'brief-ar.yaml']) fs.appendFileSync(path.join(dir, f), 'template: mine\n');
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  return { dir, doc: 'templates/mine/document.hbs', line: before.split('\n').length, col: 1 };
}

function checkAndBuild(dir: string) {
  const c = runCli(['check', '--root', '.'], dir);
  const b = runCli(['build', '--root', '.', '--out', 'out', '--jobs', '1'], dir);
  return { c, b };
}

describe('images: check and build agree, at the <img> or the logo', () => {
  it('an <img> without alt text', () => {
    const { dir, doc, line } = withTemplate('<img src="logo.png"/>');
    fs.writeFileSync(path.join(dir, 'assets/logo.png'), png({ width: 20, height: 10 }));
    const { c, b } = checkAndBuild(dir);
    expect(c.code).toBe(1);
    expect(b.code).toBe(1);
    expect(errorLines(c.stderr)).toEqual([
      `${doc}:${line}:1: error: <img> needs alt="...": the PDF is tagged, and readers who cannot see the image hear its alt text`,
    ]);
    expect(c.stderr).toContain('alt="" marks a purely decorative image');
    expect(new Set(errorLines(b.stderr))).toEqual(new Set(errorLines(c.stderr)));
    expect(fs.existsSync(path.join(dir, 'out/brief.pdf'))).toBe(false);
  });

  it.each([
    ['../brief.yaml', 'src "../brief.yaml" steps out of its folder with ".."'],
    ['/etc/passwd', 'src "/etc/passwd" is an absolute path or uses \\'],
    ['https://example.com/logo.png', 'src "https://example.com/logo.png" is a URL; a build never fetches anything'],
  ])('src %j is refused before the template runs', (src, message) => {
    const { dir, doc, line } = withTemplate(`<p>Before.</p><img src="${src}" alt="x"/>`);
    const { c, b } = checkAndBuild(dir);
    expect(errorLines(c.stderr)).toEqual([`${doc}:${line}:15: error: ${message}`]);
    expect(new Set(errorLines(b.stderr))).toEqual(new Set(errorLines(c.stderr)));
  });

  it('a file that fails its checks (animated PNG, link out of assets/, missing): at the <img> naming it', () => {
    const { dir, doc, line } = withTemplate(
      '<img src="a.png" alt="A"/>\n<figure><img src="b.png" alt="B"/><figcaption>B</figcaption></figure>\n<img src="c.png" alt="C"/>',
    );
    fs.writeFileSync(path.join(dir, 'assets/a.png'), png({ width: 4, height: 4, extra: [ANIMATION_CONTROL] }));
    fs.writeFileSync(path.join(dir, 'outside.png'), png({ width: 4, height: 4 }));
    fs.symlinkSync(path.join(dir, 'outside.png'), path.join(dir, 'assets/b.png'));
    const { c, b } = checkAndBuild(dir);
    expect(c.code).toBe(1);
    expect(errorLines(c.stderr)).toEqual([
      `${doc}:${line}:1: error: image assets/a.png is an animated PNG`,
      `${doc}:${line + 1}:9: error: image assets/b.png is a link to a file outside assets/`,
      `${doc}:${line + 2}:1: error: image "c.png" is not in templates/mine/c.png nor in assets/c.png`,
    ]);
    expect(new Set(errorLines(b.stderr))).toEqual(new Set(errorLines(c.stderr)));
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('a dossier logo: used when good, refused at its src line when not', () => {
    const dir = copyWorkspace();
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets/logo.png'), png({ width: 300, height: 100 }));
    fs.appendFileSync(path.join(dir, 'brief.yaml'), 'logo:\n  src: logo.png\n  alt: Example Newsroom\n');
    const good = checkAndBuild(dir);
    expect(good.c.code).toBe(0);
    expect(good.b.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'out/brief.pdf'))).toBe(true);

    const lines = fs.readFileSync(path.join(dir, 'brief.yaml'), 'utf8').split('\n');
    const srcLine = lines.findIndex((l) => l.startsWith('  src:')) + 1;
    fs.writeFileSync(path.join(dir, 'assets/logo.png'), png({ width: 300, height: 100 }).subarray(0, 60));
    const bad = checkAndBuild(dir);
    expect(bad.c.code).toBe(1);
    expect(bad.b.code).toBe(1);
    expect(errorLines(bad.c.stderr)).toEqual([
      `brief.yaml:${srcLine}:8: error: logo: image assets/logo.png is damaged or cut short (chunk "IDAT" runs past the end of the file)`,
    ]);
    expect(errorLines(bad.b.stderr)).toEqual(errorLines(bad.c.stderr));

    fs.writeFileSync(path.join(dir, 'brief.yaml'), lines.filter((l) => !l.startsWith('  alt:')).join('\n'));
    const noAlt = runCli(['check', '--root', '.'], dir);
    expect(errorLines(noAlt.stderr)).toEqual([`brief.yaml:${srcLine}:3: error: "logo" is missing the required key "alt"`]);
  });

  it("a template's logo (settings.yaml): printed where a dossier names none, refused at its own line", async () => {
    const { dir } = withTemplate('');
    const settings = path.join(dir, 'templates/mine/settings.yaml');
    fs.appendFileSync(settings, 'logo:\n  src: house.png\n  alt: { en: House Newsroom, ar: غرفة الأخبار }\n');
    fs.writeFileSync(path.join(dir, 'templates/mine/house.png'), png({ width: 200, height: 80 }));
    // brief names its own logo, brief-ar none: the template's stands in for brief-ar only.
    fs.writeFileSync(path.join(dir, 'assets/own.png'), png({ width: 100, height: 100 }));
    fs.appendFileSync(path.join(dir, 'brief.yaml'), 'logo:\n  src: own.png\n  alt: Own Desk\n');
    const good = checkAndBuild(dir);
    expect(good.c.code, good.c.stderr).toBe(0);
    expect(good.b.code, good.b.stderr).toBe(0);
    const alts = async (file: string) => {
      const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), isEvalSupported: false, verbosity: 0 }).promise;
      const found: string[] = [];
      const walk = (n: { role?: string; alt?: string; children?: unknown[] } | null) => {
        if (!n) return;
        if (n.role === 'Figure' && n.alt) found.push(n.alt);
        for (const c of n.children ?? []) walk(c as typeof n);
      };
      walk((await (await doc.getPage(1)).getStructTree()) as never);
      await doc.destroy();
      return found;
    };
    expect(await alts(path.join(dir, 'out/brief.pdf'))).toEqual(['Own Desk']);
    expect(await alts(path.join(dir, 'out/brief-ar.pdf'))).toEqual(['غرفة الأخبار']);

    // A damaged template logo: one error, at its src line in settings.yaml.
    fs.writeFileSync(path.join(dir, 'templates/mine/house.png'), png({ width: 200, height: 80 }).subarray(0, 60));
    const lines = fs.readFileSync(settings, 'utf8').split('\n');
    const srcLine = lines.findIndex((l) => l.startsWith('  src: house.png')) + 1;
    const bad = checkAndBuild(dir);
    expect(bad.c.code).toBe(1);
    expect(bad.b.code).toBe(1);
    expect(errorLines(bad.c.stderr)).toEqual([
      `templates/mine/settings.yaml:${srcLine}:8: error: logo: image templates/mine/house.png is damaged or cut short (chunk "IDAT" runs past the end of the file)`,
    ]);
    expect(errorLines(bad.b.stderr)).toEqual(errorLines(bad.c.stderr));
  });
});
