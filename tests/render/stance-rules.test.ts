/**
 * Stances told apart by shape, not colour (handouts print in black): beside a supporting quote
 * a thin solid rule, beside context a dotted one, beside a contradicting quote a heavy one;
 * read back from the page's content stream. And styles.yaml checks the two keys.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkspace, renderDossier } from '../../src/build.js';
import { copyWorkspace, REPO, runCli } from '../helpers/cli.js';
import { contentStreams } from '../helpers/pdf.js';

describe('stance rules', () => {
  it('supports, context and contradicts are drawn with different rules', async () => {
    const ws = copyWorkspace();
    const claims = path.join(ws, 'claims', 'main.yaml');
    let text = fs.readFileSync(claims, 'utf8');
    // The mini briefing's first claim: its English quote as context, and again as a contradiction.
    const beta = '    - source: beta\n      quote: Emad Mostaque resigned as chief executive in March 2024.\n';
    expect(text).toContain(beta);
    text = text.replace(beta, `${beta}      stance: context\n${beta}      stance: contradicts\n`);
    fs.writeFileSync(claims, text);
    const cw = checkWorkspace(ws);
    expect(cw.diags.errorCount, JSON.stringify(cw.diags.items)).toBe(0);
    const stances = [...cw.checked.values()].flatMap((c) => c.claim.evidence.map((e) => e.stance ?? 'supports'));
    expect(new Set(stances)).toEqual(new Set(['supports', 'contradicts', 'context']));
    const pdf = (await renderDossier(cw, cw.ws.dossiers.get('brief')!)).pdf;
    const ops = contentStreams(pdf).join('\n');
    // pdfkit writes a line width as "W w" and a dash pattern as "[on off] 0 d".
    expect(ops).toMatch(/(^|\s)3 w\b/m);
    expect(ops).toMatch(/(^|\s)1\.2 w\b/m);
    expect(ops).toMatch(/\[1 1\.8\] 0 d/);
  });

  it('styles.yaml refuses a rule style it does not know and a rule out of range, at their lines', () => {
    const ws = copyWorkspace();
    const house = path.join(ws, 'templates', 'house');
    fs.cpSync(path.join(REPO, 'templates', 'briefing'), house, { recursive: true });
    const styles = path.join(house, 'styles.yaml');
    fs.writeFileSync(
      styles,
      fs
        .readFileSync(styles, 'utf8')
        .replace('evidence-context: { indent: 14, rule: 1.2, ruleStyle: dotted }', 'evidence-context: { indent: 14, rule: 1.2, ruleStyle: wavy }')
        .replace('evidence-contradicts: { indent: 14, rule: 3, ruleStyle: solid }', 'evidence-contradicts: { indent: 14, rule: 9, ruleStyle: solid }'),
    );
    fs.writeFileSync(path.join(ws, 'brief.yaml'), fs.readFileSync(path.join(ws, 'brief.yaml'), 'utf8') + 'template: house\n');
    const r = runCli(['check', '--root', '.', 'brief.yaml'], ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /templates\/house\/styles\.yaml:\d+:\d+: error: style "ruleStyle" of class "evidence-context" must be one of solid, dashed, dotted/,
    );
    expect(r.stderr).toMatch(/templates\/house\/styles\.yaml:\d+:\d+: error: style "rule" of class "evidence-contradicts" must be between 0 and 6; got 9/);
  });
});
