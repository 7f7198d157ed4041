/**
 * Deceptive text is never printed silently (README, "Deceptive characters"): the cases of
 * issue 12, each through the real CLI. Every diagnostic stands at the character itself, names
 * it as U+XXXX with its name, and shows it as <U+XXXX> wherever a value is quoted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyWorkspace, REPO, runCli } from '../helpers/cli.js';
import { foldText, readPdf } from '../helpers/pdf.js';

const BASE = path.join(REPO, 'tests/errors/_base/workspace');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The corpus' good workspace with some files replaced. */
function workspace(files: Record<string, string>): string {
  const dir = copyWorkspace(BASE);
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function build(dir: string, ...extra: string[]) {
  const r = runCli(['build', '--root', '.', '--out', 'out', '--jobs', '1', ...extra], dir);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  return r;
}

const CLAIM = (statement: string, quote = 'The company had raised $101 million', more = '') =>
  `- id: raised-101m\n  statement: ${statement}\n  tags: [funding]\n  evidence:\n    - source: wire\n      quote: ${quote}\n${more}`;

describe('reproduced in issue 12', () => {
  it('U+202E in a statement: an error at the character, nothing printed', () => {
    const dir = workspace({ 'claims/main.yaml': CLAIM('"The company raised \\u202E$101 million."') });
    const r = build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('claims/main.yaml:2:34: error: "statement" contains U+202E RIGHT-TO-LEFT OVERRIDE: it reorders the text around it when printed');
    expect(r.stderr).toContain('hint: delete it');
    expect(fs.existsSync(path.join(dir, 'out/brief.pdf'))).toBe(false);
  });

  it('U+200F in a handling label: an error at the character (written literally, not as an escape)', () => {
    const dir = workspace({
      'brief.yaml': 'id: brief\ntitle: Brief\nlanguage: en\nhandling: EMBARGO \u200F2024-05-01\nsections:\n  - title: Money\n    claims: [raised-101m]\n',
    });
    const r = build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('brief.yaml:4:19: error: "handling" contains U+200F RIGHT-TO-LEFT MARK');
    // The label is quoted nowhere raw: the terminal line cannot be reordered.
    expect(r.stderr).not.toContain('\u200F');
  });

  it('U+FEFF inside a snapshot word: a quote carrying it is refused; one without it verifies and prints the word whole', async () => {
    const snapshot = 'The company had raised $101 million. Later the Reu\uFEFFters office closed.\n';
    const carrying = workspace({ 'sources/wire.txt': snapshot, 'claims/main.yaml': CLAIM('The office closed.', '"the Reu\\uFEFFters office closed"') });
    const r1 = build(carrying);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain('claims/main.yaml:6:22: error: quote in claim "raised-101m" contains U+FEFF ZERO WIDTH NO-BREAK SPACE');
    expect(r1.stderr).toContain('the snapshot has one at sources/wire.txt:1:51');

    const clean = workspace({ 'sources/wire.txt': snapshot, 'claims/main.yaml': CLAIM('The office closed.', 'the Reuters office closed') });
    const r2 = build(clean);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toContain(
      'sources/wire.txt:1:51: warning: the passage quoted by claim "raised-101m" contains U+FEFF ZERO WIDTH NO-BREAK SPACE, left out when matching',
    );
    const { pages } = await readPdf(fs.readFileSync(path.join(clean, 'out/brief.pdf')));
    expect(foldText(pages.map((p) => p.text).join(' '))).toContain('the Reuters office closed');
  }, 30000);

  it('a soft hyphen that changes a match is shown', () => {
    const dir = workspace({ 'sources/wire.txt': 'The company had raised $101 mil\u00ADlion.\n' });
    const r = runCli(['check', '--root', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/sources\/wire\.txt:1:32: warning: .*U\+00AD SOFT HYPHEN, left out when matching/);
  });
});

describe('publishers by identity', () => {
  const second = (publisher: string) => ({
    'sources/desk.yaml': `id: desk\ntitle: Desk report\npublisher: ${publisher}\nlanguage: en\n`,
    'sources/desk.txt': 'It said it had raised $101 million.\n',
    'claims/main.yaml': CLAIM(
      'The company raised $101 million.',
      'The company had raised $101 million',
      '    - source: desk\n      quote: had raised $101 million\n',
    ),
  });

  it.each([
    ['a Cyrillic е', '"Example Wir\\u0435"', '"e" where the other has "е" (U+0435)'],
    ['a hidden U+200B', '"Example\\u200B Wire"', '"" where the other has "<U+200B>" (U+200B)'],
    ['other case and a fullwidth letter', '"EXAMPLE \\uFF37IRE"', '(U+FF37)'],
  ])('"Example Wire" and the same name with %s are one publisher: single-source, with a warning naming both', (_, publisher, shown) => {
    const dir = workspace(second(publisher));
    const r = runCli(['list', '--root', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/raised-101m\s+single-source/);
    // Sources are read in name order: the warning stands at the second, wire, naming desk's spelling.
    expect(r.stderr).toMatch(
      /sources\/wire\.yaml:3:12: warning: publisher "Example Wire" of source "wire" is the same publisher as "[^"]+" of source "desk" \(desk\.yaml\)/,
    );
    expect(r.stderr).toContain(shown);
  });

  it('a written status "corroborated" that only a look-alike spelling would earn is an error', () => {
    const files = second('"Example Wir\\u0435"');
    files['claims/main.yaml'] = files['claims/main.yaml'].replace('  tags:', '  status: corroborated\n  tags:');
    const r = build(workspace(files));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('says status "corroborated" but its evidence earns "single-source"');
  });

  it('two different publishers still corroborate', () => {
    const r = runCli(['list', '--root', workspace(second('Example Desk'))]);
    expect(r.stdout).toMatch(/raised-101m\s+corroborated/);
    expect(r.stderr).toBe('');
  });
});

describe('legitimate uses stay clean', () => {
  it('ZWNJ in Persian, ZWJ in an emoji, a variation selector after an emoji and a Han character, a flag tag sequence', () => {
    const dir = workspace({
      'claims/main.yaml': CLAIM(
        '{ en: "The company raised $101 million 👩\u200D💻 ❤\uFE0F 葛\u{E0100} 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", fa: "شرکت ۱۰۱ میلیون دلار جمع\u200Cآوری کرد" }',
      ),
    });
    const r = runCli(['check', '--root', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('a right-to-left mark the snapshot really has may be quoted: a warning, and the dossier is built', () => {
    const dir = workspace({
      'sources/wire.yaml': 'id: wire\ntitle: تقرير\npublisher: Example Wire\nlanguage: ar\n',
      'sources/wire.txt': 'جمعت الشركة 101\u200F مليون دولار.\n',
      'claims/main.yaml': CLAIM('The company raised $101 million.', '"جمعت الشركة 101\\u200F مليون دولار"'),
    });
    const r = build(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'claims/main.yaml:6:30: warning: quote in claim "raised-101m" contains U+200F RIGHT-TO-LEFT MARK, as the snapshot of source "wire" does',
    );
  }, 30000);

  it('a bidi control the snapshot does not have is an error at the quote', () => {
    const dir = workspace({ 'claims/main.yaml': CLAIM('The company raised $101 million.', '"The company had raised \\u202D$101 million"') });
    const r = runCli(['check', '--root', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'claims/main.yaml:6:38: error: quote in claim "raised-101m" contains U+202D LEFT-TO-RIGHT OVERRIDE, which the snapshot of source "wire" does not have there',
    );
    expect(r.stderr).not.toContain('does not occur in the snapshot');
  });
});

describe('values quoted in diagnostics show what is invisible', () => {
  it('an unknown claim id with a zero width space is printed as <U+200B>, in text and in --json', () => {
    const dir = workspace({ 'brief.yaml': 'id: brief\ntitle: Brief\nlanguage: en\nsections:\n  - title: Money\n    claims: ["raised\\u200B-101m"]\n' });
    const r = build(dir, '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('<U+200B>');
    expect(r.stderr + r.stdout).not.toContain('\u200B');
  });
});
