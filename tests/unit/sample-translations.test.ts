/**
 * The sample dossiers give each foreign-language quote a translation in the reader's language:
 * the Arabic sample (made for an Arabic-reading desk) an Arabic one under every Chinese and
 * Japanese quote, credited like the English ones; the English samples still the English one.
 * Read through the public API (checkWorkspace, citedDossierOf), as templates see the data; the
 * script of each text is judged by the Unicode Script property, not by the language tag alone.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkspace, citedDossierOf } from '../../src/build.js';
import type { CitedDossier } from '../../src/cite/cited.js';
import { REPO } from '../helpers/cli.js';

const cw = checkWorkspace(path.join(REPO, 'dossiers'));

function cited(): CitedDossier[] {
  return [...cw.ws.dossiers.values()].map((d) => citedDossierOf(cw, d));
}

const primary = (lang: string) => lang.split('-')[0];
const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;
const ARABIC = /\p{Script=Arabic}/gu;
const LATIN = /\p{Script=Latin}/gu;

/** Every quote not in the dossier's own language, with where it stands. */
function foreignQuotes(d: CitedDossier) {
  return d.sections.flatMap((s) =>
    s.claims.flatMap((c) => c.evidence.filter((e) => primary(e.quote.lang) !== primary(d.lang)).map((e) => ({ claim: c.id, note: e.note, e }))),
  );
}

describe('translations of quotes in the sample dossiers', () => {
  it('the samples check without errors, and there is an Arabic one and an English one', () => {
    expect(cw.diags.errorCount).toBe(0);
    const langs = cited().map((d) => primary(d.lang));
    expect(langs).toContain('ar');
    expect(langs).toContain('en');
  });

  it('the Arabic sample prints an Arabic translation, credited, under every Chinese and Japanese quote', () => {
    for (const d of cited().filter((x) => primary(x.lang) === 'ar')) {
      const foreign = foreignQuotes(d);
      // Not true by emptiness: the sample quotes both the Chinese and the Japanese article.
      expect(new Set(foreign.map((f) => primary(f.e.quote.lang))), d.id).toEqual(new Set(['zh', 'ja']));
      const wrong = foreign
        .filter(({ e }) => {
          const t = e.translation;
          if (!t || t.lang !== 'ar' || t.dir !== 'rtl' || !e.translator?.trim()) return true;
          // Arabic, not English under an Arabic tag: Latin letters only in names (Stability AI,
          // Lightspeed Venture Partners...), outnumbered by the Arabic ones in every sentence.
          return count(t.text, ARABIC) <= count(t.text, LATIN);
        })
        .map(({ claim, note, e }) => `${d.id} note ${note} (${claim}): ${e.translation?.lang} ${e.translation?.text.slice(0, 50)}`);
      expect(wrong).toEqual([]);
    }
  });

  it('the English samples still print the English translation of every foreign quote', () => {
    const english = cited().filter((x) => primary(x.lang) === 'en');
    for (const d of english) {
      const foreign = foreignQuotes(d);
      expect(foreign.length, d.id).toBeGreaterThan(0);
      const wrong = foreign
        .filter(({ e }) => !e.translation || e.translation.lang !== 'en' || e.translation.dir !== 'ltr' || count(e.translation.text, ARABIC) > 0)
        .map(({ claim, note, e }) => `${d.id} note ${note} (${claim}): ${e.translation?.lang} ${e.translation?.text.slice(0, 50)}`);
      expect(wrong).toEqual([]);
    }
    // Among them the Chinese and Japanese quotes that the Arabic sample translates into Arabic.
    const langs = new Set(english.flatMap((d) => foreignQuotes(d).map((f) => primary(f.e.quote.lang))));
    expect(langs).toContain('zh');
    expect(langs).toContain('ja');
  });
});
