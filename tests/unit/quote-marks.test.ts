/**
 * Quotes print in the marks of their own language, and a translator is credited once: in the
 * front matter for the translator of most quotes, beside the quote for any other.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkspace, citedDossierOf, renderDossier } from '../../src/build.js';
import { quoteMarksFor } from '../../src/cite/quote-marks.js';
import { copyWorkspace, REPO } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';

describe('quotation marks', () => {
  it('follow the quote’s language, its script and region where they differ', () => {
    expect(quoteMarksFor('en')).toEqual({ open: '“', close: '”' });
    expect(quoteMarksFor('ar')).toEqual({ open: '«', close: '»' });
    expect(quoteMarksFor('ja')).toEqual({ open: '「', close: '」' });
    expect(quoteMarksFor('zh-Hans')).toEqual({ open: '“', close: '”' });
    expect(quoteMarksFor('zh-Hant')).toEqual({ open: '「', close: '」' });
    expect(quoteMarksFor('zh-TW')).toEqual({ open: '「', close: '」' });
    expect(quoteMarksFor('de-AT')).toEqual({ open: '„', close: '“' });
    // French sets its guillemets off with a narrow no-break space, so they never stand alone on a line.
    expect(quoteMarksFor('fr-CA')).toEqual({ open: '«\u202f', close: '\u202f»' });
    expect(quoteMarksFor('sw')).toEqual({ open: '“', close: '”' });
  });

  it('stand around every quote the samples print, and pdf.js reads them there', async () => {
    const cw = checkWorkspace(path.join(REPO, 'dossiers'));
    const dossier = cw.ws.dossiers.get('mostaque-profile')!;
    const cited = citedDossierOf(cw, dossier);
    const quotes = cited.sections.flatMap((s) => s.claims.flatMap((c) => c.evidence.map((e) => e.quote)));
    const byLang = new Map(quotes.map((q) => [q.lang.split('-')[0], q]));
    expect([...byLang.keys()].sort()).toEqual(['ar', 'ja', 'zh']);
    for (const q of quotes) expect({ open: q.open, close: q.close }).toEqual(quoteMarksFor(q.lang));
    // In the PDF: the Japanese quote of the first claim in 「」, the Chinese one in “”.
    const built = await renderDossier(cw, dossier);
    const { pages } = await readPdf(built.pdf);
    const text = pages[0].items.map((i) => i.str).join('');
    const ja = byLang.get('ja')!;
    const zh = byLang.get('zh')!;
    expect(text).toContain(`「${quotes.find((q) => q.lang === ja.lang)!.text}」`);
    expect(text).toContain(`“${quotes.find((q) => q.lang === zh.lang)!.text}”`);
  });
});

describe('translator credit', () => {
  it('names the translator of most quotes once and credits any other beside its quote', () => {
    const ws = copyWorkspace();
    const claims = path.join(ws, 'claims', 'main.yaml');
    const cw0 = checkWorkspace(ws);
    const en0 = citedDossierOf(cw0, cw0.ws.dossiers.get('brief')!);
    expect(en0.translator).toBe('Test desk');
    const evidence0 = en0.sections.flatMap((s) => s.claims.flatMap((c) => c.evidence));
    expect(evidence0.filter((e) => e.translation).length).toBeGreaterThan(0);
    expect(evidence0.every((e) => e.translatorCredit === undefined)).toBe(true);

    // A second translated quote by someone else, and a third by the first desk: the desk with
    // two is credited once; the other is credited beside its quote.
    fs.appendFileSync(
      claims,
      [
        '- id: extra-translations',
        '  statement: Mostaque announced his resignation.',
        '  tags: [funding]', // the mini briefing's "Money" section selects by this tag
        '  evidence:',
        '    - source: alpha',
        '      quote: أعلن عماد مصطفى استقالته',
        '      translation: Emad Mostaque announced his resignation',
        '      translator: Second desk',
        '    - source: alpha',
        '      quote: من منصب الرئيس التنفيذي',
        '      translation: as chief executive',
        '      translator: Test desk',
        '',
      ].join('\n'),
    );
    const cw = checkWorkspace(ws);
    expect(cw.diags.errorCount, JSON.stringify(cw.diags.items)).toBe(0);
    const en = citedDossierOf(cw, cw.ws.dossiers.get('brief')!);
    const evidence = en.sections.flatMap((s) => s.claims.flatMap((c) => c.evidence));
    expect(evidence.some((e) => e.translator === 'Second desk')).toBe(true);
    expect(en.translator).toBe('Test desk');
    expect(evidence.filter((e) => e.translatorCredit !== undefined).map((e) => e.translatorCredit)).toEqual(['Second desk']);
    // The Arabic briefing prints no translation of Arabic quotes: nobody to credit for them.
    const ar = citedDossierOf(cw, cw.ws.dossiers.get('brief-ar')!);
    const arEvidence = ar.sections.flatMap((s) => s.claims.flatMap((c) => c.evidence));
    expect(arEvidence.filter((e) => e.quote.lang === 'ar').every((e) => e.translation === undefined && e.translatorCredit === undefined)).toBe(true);
  });
});

describe('translations in the dossier’s language', () => {
  it('a translator named per language is credited in the language of the translation printed', () => {
    const cw = checkWorkspace(path.join(REPO, 'dossiers'));
    const byDossier = (id: string) => citedDossierOf(cw, cw.ws.dossiers.get(id)!);
    const ar = byDossier('stability-finances-ar');
    const en = byDossier('mostaque-profile');
    // The sample names its editors in English and, for the Arabic translations, in Arabic.
    expect(en.translator).toBe('dossier-press sample editors (machine-assisted)');
    expect(ar.translator).toMatch(/^[\u0600-\u06ff]/u);
    const arEvidence = ar.sections.flatMap((s) => s.claims.flatMap((c) => c.evidence)).filter((e) => e.translation);
    expect(arEvidence.length).toBeGreaterThan(0);
    for (const e of arEvidence) expect(e.translation!.lang).toBe('ar');
  });

  it('a title is translated into the dossier’s language where the data has it, else English, and not at all in its own language', () => {
    const cw = checkWorkspace(path.join(REPO, 'dossiers'));
    const ar = citedDossierOf(cw, cw.ws.dossiers.get('stability-finances-ar')!);
    const en = citedDossierOf(cw, cw.ws.dossiers.get('mostaque-profile')!);
    const title = (d: typeof ar, id: string) => d.sources.find((s) => s.id === id)?.titleTranslation;
    // An Arabic source in the Arabic briefing: the reader has the title itself.
    expect(title(ar, 'gate-mostaque-stable-diffusion-ar')).toBeUndefined();
    expect(title(en, 'gate-mostaque-stable-diffusion-ar')?.lang).toBe('en');
    // A Chinese source: Arabic in the Arabic briefing, English in the English one.
    expect(title(ar, 'okx-ai-sun-yuchen-mostaque-zh')).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(title(en, 'okx-ai-sun-yuchen-mostaque-zh')).toMatchObject({ lang: 'en', text: expect.stringContaining('Justin Sun') });
  });
});
