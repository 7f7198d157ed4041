/**
 * Round trip through the PDF: random mixed-script paragraphs (Arabic, Latin, Han, kana, ASCII
 * and Arabic-Indic digits, punctuation and brackets of each script) printed as claims and as
 * verified quotes, in their own languages and directions, come back from the PDF's text (read
 * by pdfjs-dist) with every character: the extracted text holds each character at least as
 * often as the paragraphs do. White space and bidi marks are not compared (extraction adds and
 * drops them); everything else is.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier } from '../../src/build.js';
import { foldText, readPdf } from '../helpers/pdf.js';

/** PROPERTY_SCALE=10 npx vitest run tests/property runs ten times as many cases. */
const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPERTY_SCALE ?? 1)));

const WORDS: Record<string, string[]> = {
  ar: ['عماد', 'مصطفى', 'شركة', 'مليون', 'دولار', 'في', 'من', 'المؤسس', 'استقال', 'تمويل', 'لا', 'إلى', '٢٠٢٤', '١٠١', '،', '؟', ':', '.'],
  latin: ['Stability', 'AI', 'OpenAI', 'CEO', 'Emad', 'Mostaque', 'Coatue', 'café', '2024', '101', '$', '%', '-', '.', ',', '!', '?', '"'],
  han: ['融资', '估值', '公司', '创始人', '亿美元', '十', '年', '，', '。', '“', '”'],
  kana: ['です', 'ました', 'スタビリティ', 'アイ', 'の', 'は', 'を', '、', '。', 'ー'],
};
/**
 * Characters with a mirrored form (Bidi_Mirrored): in right-to-left text they are drawn with
 * the glyph of their mirror image, from a second instance of the font whose text mapping gives
 * the character itself, so they must come back as written in every paragraph.
 */
const MIRRORED = ['(', ')', '[', ']', '«', '»', '（', '）', '「', '」', '<', '>'];
const LANGS: Record<string, string> = { ar: 'ar', latin: 'en', han: 'zh-Hans', kana: 'ja' };

/** A paragraph: mostly words of its own script, some of the others, spaces between most. */
function paragraphOf(scripts: string[], extra: string[] = []) {
  return fc.constantFrom(...scripts).chain((main) =>
    fc
      .array(fc.tuple(fc.oneof({ weight: 3, arbitrary: fc.constant(main) }, { weight: 2, arbitrary: fc.constantFrom(...scripts) }), fc.nat(), fc.boolean()), {
        minLength: 3,
        maxLength: 24,
      })
      .map((picks) => ({
        lang: LANGS[main]!,
        text: picks
          .map(([script, n, space], i) => {
            const words = [...WORDS[script]!, ...extra];
            return (i > 0 && (space || script === 'latin' || script === 'ar') ? ' ' : '') + words[n % words.length];
          })
          .join('')
          .trim(),
      })),
  );
}
const mixed = paragraphOf(Object.keys(WORDS), MIRRORED);
const leftToRight = paragraphOf(['latin', 'han', 'kana'], MIRRORED);

/** Each character's count, white space and bidi controls left out. */
function counts(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const ch of foldText(s).replace(/\s/g, '')) m.set(ch, (m.get(ch) ?? 0) + 1);
  return m;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-roundtrip-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function workspace(claims: { statement: { lang: string; text: string }; quote: { lang: string; text: string } }[]): string {
  const dir = path.join(scratch, 'ws');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'sources'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'claims'));
  const sources = new Map<string, string[]>();
  for (const c of claims) sources.set(c.quote.lang, [...(sources.get(c.quote.lang) ?? []), c.quote.text]);
  for (const [lang, lines] of sources) {
    const id = `src-${lang.toLowerCase()}`;
    fs.writeFileSync(path.join(dir, 'sources', `${id}.yaml`), `id: ${id}\ntitle: Source ${lang}\npublisher: Publisher ${lang}\nlanguage: ${lang}\n`);
    fs.writeFileSync(path.join(dir, 'sources', `${id}.txt`), `${lines.join('\n')}\n`);
  }
  const yaml = claims.map((c, i) =>
    [
      `- id: claim-${i}`,
      `  statement: { ${c.statement.lang}: ${JSON.stringify(c.statement.text)} }`,
      '  evidence:',
      `    - source: src-${c.quote.lang.toLowerCase()}`,
      `      quote: ${JSON.stringify(c.quote.text)}`,
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'claims/main.yaml'), `${yaml.join('\n')}\n`);
  fs.writeFileSync(
    path.join(dir, 'brief.yaml'),
    `id: brief\ntitle: Round trip\nlanguage: en\ndate: 2026-01-01\nsections:\n  - title: Claims\n    claims: [${claims.map((_, i) => `claim-${i}`).join(', ')}]\n`,
  );
  return dir;
}

async function roundTrip(claims: { statement: { lang: string; text: string }; quote: { lang: string; text: string } }[]): Promise<string[]> {
  const cw = checkWorkspace(workspace(claims));
  expect(cw.diags.items.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  const built = await renderDossier(cw, cw.ws.dossiers.get('brief')!);
  const { pages } = await readPdf(built.pdf);
  const have = counts(pages.map((p) => p.text).join(''));
  const need = counts(claims.flatMap((c) => [c.statement.text, c.quote.text]).join(''));
  return [...need]
    .filter(([ch, n]) => (have.get(ch) ?? 0) < n)
    .map(([ch, n]) => `${ch} (U+${ch.codePointAt(0)!.toString(16).toUpperCase()}) ${have.get(ch) ?? 0}/${n}`);
}

/** A render costs about a second: shrinking a failure is cut short rather than run for minutes. */
const SETTINGS = { interruptAfterTimeLimit: 90_000, markInterruptAsFailure: false };

describe('text round trip through the PDF', () => {
  it('every character of random mixed-script, mixed-direction claims and quotes can be read back from the PDF', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ statement: mixed, quote: mixed }), { minLength: 1, maxLength: 6 }), async (claims) => {
        expect(await roundTrip(claims), 'characters printed fewer times than written').toEqual([]);
      }),
      { ...SETTINGS, numRuns: runs(5) },
    );
  }, 180000);

  it('brackets and quotation marks in left-to-right paragraphs (Latin, Chinese, Japanese) come back too', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ statement: leftToRight, quote: leftToRight }), { minLength: 1, maxLength: 6 }), async (claims) => {
        expect(await roundTrip(claims), 'characters printed fewer times than written').toEqual([]);
      }),
      { ...SETTINGS, numRuns: runs(3) },
    );
  }, 180000);

  // Drawn with its mirror image's glyph, a lone bracket or guillemet in right-to-left text is
  // copied out as itself: "عماد عماد «" gives «, not ».
  it('a bracket or guillemet in right-to-left text reads back as itself', async () => {
    const claims = ['عماد عماد «', 'عماد عماد ('].map((text) => ({ statement: { lang: 'ar', text }, quote: { lang: 'ar', text: 'عماد عماد عماد' } }));
    expect(await roundTrip(claims)).toEqual([]);
  }, 60000);
});
