/**
 * The exports of a checked dossier: CSL-JSON validated against the CSL project's own schema
 * (tests/schemas/csl-data.json, with ajv), ClaimReview JSON-LD checked for what Google's
 * ClaimReview documentation requires (schema.org publishes no JSON Schema), and the checked
 * dossier JSON, whose offsets must point at each quote's passage in its snapshot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { checkWorkspace, type CheckedWorkspace } from '../../src/check.js';
import { exportText } from '../../src/commands/export.js';
import { copyWorkspace, MINI, REPO } from '../helpers/cli.js';

const CSL_SCHEMA = JSON.parse(fs.readFileSync(path.join(REPO, 'tests/schemas/csl-data.json'), 'utf8'));

function validateCsl(items: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(CSL_SCHEMA);
  return validate(items) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** The mini workspace with every source field filled in on alpha. */
function fullMini(): string {
  const dir = copyWorkspace();
  fs.appendFileSync(
    path.join(dir, 'sources/alpha.yaml'),
    'author: Alpha Desk\nurl: https://alpha.example/news/1\narchive_url: https://archive.example/2024/alpha.example/news/1\n',
  );
  return dir;
}

function checked(root: string, file: string): CheckedWorkspace {
  const cw = checkWorkspace(root, [path.join(root, file)]);
  expect(cw.diags.items.filter((d) => d.severity === 'error')).toEqual([]);
  return cw;
}

function exported(root: string, file: string, format: 'csl-json' | 'claimreview' | 'json') {
  return JSON.parse(exportText(checked(root, file), format));
}

/** Every sample dossier and both mini ones. */
function allDossiers(): [string, string][] {
  const samples = fs.readdirSync(path.join(REPO, 'dossiers')).filter((f) => f.endsWith('.yaml'));
  return [...samples.map((f): [string, string] => [path.join(REPO, 'dossiers'), f]), [MINI, 'brief.yaml'], [MINI, 'brief-ar.yaml']];
}

describe('csl-json export', () => {
  it('is valid against csl-data.json for every sample dossier', () => {
    for (const [root, file] of allDossiers()) expect(validateCsl(exported(root, file, 'csl-json')), file).toEqual([]);
  });

  it('carries every field of a source, the archive address in archive_location', () => {
    const items = exported(fullMini(), 'brief.yaml', 'csl-json');
    expect(validateCsl(items)).toEqual([]);
    expect(items).toEqual([
      {
        id: 'alpha',
        type: 'webpage',
        title: 'عنوان المقال',
        'container-title': 'Alpha Daily',
        publisher: 'Alpha Daily',
        language: 'ar',
        author: [{ literal: 'Alpha Desk' }],
        issued: { 'date-parts': [[2024, 3, 23]] },
        accessed: { 'date-parts': [[2026, 11, 22]] },
        URL: 'https://alpha.example/news/1',
        archive_location: 'https://archive.example/2024/alpha.example/news/1',
      },
      expect.objectContaining({ id: 'beta', type: 'document', title: 'Beta report', publisher: 'Beta Wire', language: 'en' }),
    ]);
  });

  it('the schema catches what it should: an archive-url variable would be refused', () => {
    const items = exported(fullMini(), 'brief.yaml', 'csl-json');
    expect(validateCsl(items)).toEqual([]);
    expect(validateCsl([{ ...items[0], 'archive-url': 'https://x.example' }]).join('\n')).toMatch(/additional properties/);
  });
});

/** What Google's ClaimReview documentation requires of a ClaimReview, and the JSON-LD context. */
function claimReviewProblems(r: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (r['@context'] !== 'https://schema.org') problems.push('@context is not https://schema.org');
  if (r['@type'] !== 'ClaimReview') problems.push('@type is not ClaimReview');
  if (typeof r.claimReviewed !== 'string' || !r.claimReviewed) problems.push('no claimReviewed');
  const rating = r.reviewRating as Record<string, unknown> | undefined;
  if (rating?.['@type'] !== 'Rating' || typeof rating.alternateName !== 'string' || !rating.alternateName) problems.push('no reviewRating with alternateName');
  const item = r.itemReviewed as Record<string, unknown> | undefined;
  if (typeof r.url !== 'string' && item?.['@type'] !== 'Claim') problems.push('neither url nor itemReviewed');
  if (r.author !== undefined && typeof (r.author as Record<string, unknown>).name !== 'string') problems.push('author without a name');
  return problems;
}

describe('claimreview export', () => {
  it('has the required properties for every claim of every sample dossier', () => {
    for (const [root, file] of allDossiers()) {
      const reviews = exported(root, file, 'claimreview');
      const json = exported(root, file, 'json');
      const claims = new Set(json.sections.flatMap((s: { claims: { id: string }[] }) => s.claims.map((c) => c.id)));
      expect(reviews.length, file).toBe(claims.size);
      for (const r of reviews) expect(claimReviewProblems(r), `${file}: ${r.claimReviewed}`).toEqual([]);
    }
  });

  it('rates the evidence status in words and says it is not a rating of truth', () => {
    const reviews = exported(fullMini(), 'brief.yaml', 'claimreview');
    expect(reviews[0]).toEqual({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      claimReviewed: 'Mostaque resigned as CEO in March 2024.',
      inLanguage: 'en',
      reviewRating: {
        '@type': 'Rating',
        alternateName: 'corroborated',
        ratingExplanation: 'Evidence status, not a rating of truth: corroborated means supporting quotes from at least two different publishers.',
      },
      itemReviewed: {
        '@type': 'Claim',
        appearance: [
          {
            '@type': 'CreativeWork',
            url: 'https://alpha.example/news/1',
            headline: 'عنوان المقال',
            publisher: { '@type': 'Organization', name: 'Alpha Daily' },
            datePublished: '2024-03-23',
          },
        ],
      },
      isPartOf: { '@type': 'CreativeWork', name: 'Mini briefing', version: '1.0.0' },
      datePublished: '2026-11-22',
    });
    expect(reviews[1].reviewRating.alternateName).toBe('single source');
    expect(reviews[1].itemReviewed).toEqual({ '@type': 'Claim' });
    const disputed = exported(path.join(REPO, 'dossiers'), 'openai-founding.yaml', 'claimreview').filter(
      (r: { reviewRating: { alternateName: string } }) => r.reviewRating.alternateName === 'disputed',
    );
    expect(disputed.length).toBeGreaterThan(0);
  });

  it('the check catches what it should', () => {
    const [r] = exported(MINI, 'brief.yaml', 'claimreview');
    expect(claimReviewProblems({ ...r, '@context': 'http://schema.org/' })).toEqual(['@context is not https://schema.org']);
    expect(claimReviewProblems({ ...r, reviewRating: { '@type': 'Rating' } })).toEqual(['no reviewRating with alternateName']);
    expect(claimReviewProblems({ ...r, itemReviewed: undefined })).toEqual(['neither url nor itemReviewed']);
  });
});

describe('json export', () => {
  it('gives each quote the offsets where verification found it, in UTF-16, code points and UTF-8 bytes', () => {
    for (const [root, file] of allDossiers()) {
      const cw = checked(root, file);
      const j = JSON.parse(exportText(cw, 'json'));
      let quotes = 0;
      for (const section of j.sections)
        for (const claim of section.claims) {
          expect(claim.status).toBe(cw.checked.get(claim.id)!.status);
          for (const e of claim.evidence) {
            quotes++;
            const source = cw.ws.sources.get(e.source)!;
            const snapshot = source.snapshot;
            const bytes = fs.readFileSync(source.snapshotFile);
            const { start, end, codePoints, utf8Bytes, passage } = e.location;
            expect(snapshot.slice(start, end)).toBe(passage);
            expect([...snapshot].slice(codePoints[0], codePoints[1]).join('')).toBe(passage);
            const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
            expect(bytes.subarray(bom + utf8Bytes[0], bom + utf8Bytes[1]).toString('utf8')).toBe(passage);
            expect(j.notes[e.note - 1]).toMatchObject({ n: e.note, claim: claim.id, source: e.source });
          }
        }
      expect(quotes, file).toBe(j.notes.length);
    }
  });

  it('holds the dossier, its statuses, notes and sources', () => {
    const j = exported(MINI, 'brief.yaml', 'json');
    expect(j).toMatchObject({ format: 1, id: 'brief', date: '2026-11-22', counts: { claims: 2, corroborated: 1, 'single-source': 1 } });
    const [claim] = j.sections[0].claims;
    expect(claim).toMatchObject({ id: 'resigned-march-2024', status: 'corroborated', tags: ['departure'] });
    expect(claim.evidence[0]).toMatchObject({
      source: 'alpha',
      stance: 'supports',
      note: 1,
      translation: { text: 'Emad Mostaque announced his resignation as CEO in March 2024.', lang: 'en' },
      location: { line: 2, paragraph: 2 },
    });
    expect(j.sources.map((s: { id: string; snapshot: string }) => [s.id, s.snapshot])).toEqual([
      ['alpha', 'sources/alpha.txt'],
      ['beta', 'sources/beta.txt'],
    ]);
    expect(j.notes[0]).toMatchObject({ n: 1, firstCitation: true, line: 2, paragraph: 2 });
  });
});
