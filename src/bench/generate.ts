/**
 * Benchmark workspaces: N claims built from the sample workspace's real material, so that every
 * quote verifies and every line is text a newsroom would print. The sources are the sample
 * sources (Arabic, Chinese and Japanese snapshots). Each claim takes the statement of a sample
 * claim and one quote: every other claim a sample quote with its English translation, the
 * others a sentence of a snapshot (about 540 of them), so that a large dossier does not just
 * repeat the same 160 quotes (which would flatter the shaping caches). Every tenth claim has a
 * second quote, from another publisher. The dossier is English, A4, in sections of ten claims.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Diagnostics } from '../diagnostics.js';
import { loadWorkspace } from '../workspace/load.js';
import type { LangText } from '../workspace/types.js';

export const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dossiers');

interface PoolItem {
  source: string;
  publisher: string;
  quote: string;
  translation?: LangText;
  translator?: LangText;
}

export interface Generated {
  dir: string;
  dossierFile: string;
  claims: number;
  notes: number;
}

const yamlString = (s: string) => JSON.stringify(s); // a JSON string is a YAML double-quoted scalar

function english(t: LangText): string {
  return typeof t === 'string' ? t : (t.en ?? Object.values(t)[0]!);
}

/** Writes a workspace with `claims` claims into `dir` (created, or emptied first). */
export function generateWorkspace(dir: string, claims: number, samples = SAMPLES): Generated {
  const diags = new Diagnostics();
  const ws = loadWorkspace(samples, diags);
  if (diags.errorCount) throw new Error(`the sample workspace ${samples} does not load`);
  const pool: PoolItem[] = [];
  const statements: string[] = [];
  for (const c of ws.claims.values()) {
    statements.push(english(c.statement));
    for (const e of c.evidence) {
      pool.push({ source: e.source, publisher: ws.sources.get(e.source)!.publisher, quote: e.quote, translation: e.translation, translator: e.translator });
    }
  }
  // Sentences of the snapshots: cut at sentence ends within a line, so each is a substring.
  const sentences: PoolItem[] = [];
  for (const src of ws.sources.values()) {
    for (const line of src.snapshot.split('\n')) {
      for (const piece of line.split(/(?<=[.!?\u061F\u3002\uFF01\uFF1F])\s*/)) {
        const quote = piece.trim();
        const n = [...quote].length;
        if (n >= 20 && n <= 160) sentences.push({ source: src.id, publisher: src.publisher, quote });
      }
    }
  }

  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'sources'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'claims'));
  for (const s of ws.sources.values()) {
    fs.copyFileSync(s.file, path.join(dir, 'sources', path.basename(s.file)));
    fs.copyFileSync(s.snapshotFile, path.join(dir, 'sources', path.basename(s.snapshotFile)));
  }

  const evidence = (e: PoolItem): string[] => {
    const out = [`    - source: ${e.source}`, `      quote: ${yamlString(e.quote)}`];
    if (e.translation !== undefined) out.push(`      translation: ${yamlString(english(e.translation))}`);
    if (e.translator) out.push(`      translator: ${JSON.stringify(e.translator)}`); // a string or a map: JSON is YAML
    return out;
  };
  const ids: string[] = [];
  let notes = 0;
  let file: string[] = [];
  const flush = () => {
    if (!file.length) return;
    fs.writeFileSync(path.join(dir, 'claims', `bench-${String(Math.floor((ids.length - 1) / 100)).padStart(3, '0')}.yaml`), `${file.join('\n')}\n`);
    file = [];
  };
  for (let k = 0; k < claims; k++) {
    const id = `claim-${String(k + 1).padStart(4, '0')}`;
    ids.push(id);
    // Strides prime to the pools' sizes spread languages and sources.
    const from = k % 2 ? sentences : pool;
    const other = k % 2 ? pool : sentences;
    const first = from[(Math.floor(k / 2) * 7) % from.length]!;
    const lines = [
      `- id: ${id}`,
      `  statement: ${yamlString(statements[k % statements.length]!)}`,
      `  tags: [${k % 2 ? 'odd' : 'even'}]`,
      '  evidence:',
      ...evidence(first),
    ];
    notes++;
    if (k % 10 === 9) {
      const start = (Math.floor(k / 2) * 11) % other.length;
      const second = other.find((e, i) => i >= start && e.publisher !== first.publisher) ?? other.find((e) => e.publisher !== first.publisher);
      if (second) {
        lines.push(...evidence(second));
        notes++;
      }
    }
    file.push(...lines);
    if (ids.length % 100 === 0) flush();
  }
  flush();

  const sections: string[] = [];
  for (let s = 0; s * 10 < ids.length; s++) {
    sections.push(`  - title: "Section ${s + 1}"`, `    claims: [${ids.slice(s * 10, s * 10 + 10).join(', ')}]`);
  }
  const dossierFile = path.join(dir, 'bench.yaml');
  fs.writeFileSync(dossierFile, dossierYaml('bench', `Benchmark dossier: ${claims} claims`, sections));
  return { dir, dossierFile, claims, notes };
}

/** A generated dossier definition: English, dated, in the given sections (YAML lines). */
export function dossierYaml(id: string, title: string, sections: string[]): string {
  return [
    `id: ${id}`,
    `title: ${yamlString(title)}`,
    'language: en',
    'version: 1.0.0',
    'date: 2026-11-22',
    'handling: "TLP:CLEAR"',
    'sections:',
    ...sections,
    '',
  ].join('\n');
}
