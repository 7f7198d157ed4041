/**
 * Loads a workspace folder into a validated Workspace:
 *   sources/<id>.yaml + sources/<id>.txt, claims/*.yaml, *.yaml dossier definitions.
 * Collects every problem as a diagnostic; the caller decides whether to go on.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Diagnostics, fileStart } from '../diagnostics.js';
import { readTextFile } from './files.js';
import { claimsFileSpec, dossierSpec, sourceSpec, type Spec } from './spec.js';
import type { Claim, Dossier, Source, Workspace } from './types.js';
import { positionOf, validateNode } from './validate.js';
import { parseYaml } from './yaml.js';

const YAML_EXT = /\.ya?ml$/;

export function listYaml(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && YAML_EXT.test(e.name))
    .map((e) => path.join(dir, e.name))
    .sort();
}

function loadYamlFile(root: string, file: string, spec: Spec, what: string, diags: Diagnostics): unknown {
  const tf = readTextFile(root, file, `${what} file`, diags);
  if (!tf) return undefined;
  if (tf.text.trim() === '') {
    diags.error(fileStart(file), `${what} file is empty`, spec.type === 'array' ? 'write a YAML list of claims, each starting with "- id: ..."' : 'write the YAML mapping described in the README');
    return undefined;
  }
  const yf = parseYaml(file, tf.text, diags);
  if (!yf) return undefined;
  return validateNode(yf, yf.doc.contents, spec, diags, what);
}

export interface LoadOptions {
  /** Dossier files to load; default: every *.yaml directly in the root. */
  dossierFiles?: string[];
}

export function loadWorkspace(rootArg: string, diags: Diagnostics, options: LoadOptions = {}): Workspace {
  const root = path.resolve(rootArg);
  const ws: Workspace = { root, sources: new Map(), claims: new Map(), dossiers: new Map() };
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    diags.error(fileStart(root), 'workspace folder does not exist', 'pass --root DIR naming a folder with sources/, claims/ and dossier files');
    return ws;
  }
  loadSources(ws, diags);
  loadClaims(ws, diags);
  const dossierFiles = options.dossierFiles?.map((f) => path.resolve(f)) ?? listYaml(root);
  for (const file of dossierFiles) {
    const d = loadYamlFile(root, file, dossierSpec, 'dossier', diags) as Omit<Dossier, 'file' | 'template' | 'paper'> & Partial<Dossier> | undefined;
    if (!d) continue;
    if (ws.dossiers.has(d.id)) {
      diags.error(positionOf(d, 'id'), `duplicate dossier id "${d.id}"`, `also defined in ${path.relative(process.cwd(), ws.dossiers.get(d.id)!.file)}`);
      continue;
    }
    ws.dossiers.set(d.id, Object.assign(d, { file, template: d.template ?? 'briefing', paper: d.paper ?? 'A4' }) as Dossier);
  }
  return ws;
}

function loadSources(ws: Workspace, diags: Diagnostics): void {
  const dir = path.join(ws.root, 'sources');
  for (const file of listYaml(dir)) {
    const s = loadYamlFile(ws.root, file, sourceSpec, 'source', diags) as Partial<Source> & { id: string; text?: string } | undefined;
    if (!s) continue;
    const stem = path.basename(file).replace(YAML_EXT, '');
    if (s.id !== stem) {
      diags.error(positionOf(s, 'id'), `source id "${s.id}" does not match its file name "${path.basename(file)}"`, `rename the file to ${s.id}.yaml or set id: ${stem}`);
      continue;
    }
    if (ws.sources.has(s.id)) {
      diags.error(positionOf(s, 'id'), `duplicate source id "${s.id}"`);
      continue;
    }
    const snapshotName = s.text ?? `${s.id}.txt`;
    const snapshotFile = path.join(dir, snapshotName);
    const tf = readTextFile(ws.root, snapshotFile, `snapshot of source "${s.id}"`, diags, positionOf(s, s.text ? 'text' : 'id'));
    if (!tf) continue;
    if (tf.text.trim() === '') {
      diags.error(fileStart(snapshotFile), `snapshot of source "${s.id}" is empty`, 'paste the text of the article into it');
      continue;
    }
    delete s.text;
    ws.sources.set(s.id, Object.assign(s, {
      file,
      snapshotFile,
      snapshot: tf.text,
      snapshotSha256: crypto.createHash('sha256').update(tf.bytes).digest('hex'),
    }) as Source);
  }
}

function loadClaims(ws: Workspace, diags: Diagnostics): void {
  const dir = path.join(ws.root, 'claims');
  for (const file of listYaml(dir)) {
    const list = loadYamlFile(ws.root, file, claimsFileSpec, 'claims', diags) as Array<Omit<Claim, 'file'>> | undefined;
    if (!list) continue;
    for (const c of list) {
      const prev = ws.claims.get(c.id);
      if (prev) {
        const at = positionOf(prev, 'id');
        diags.error(positionOf(c, 'id'), `duplicate claim id "${c.id}"`, `first defined at ${path.relative(process.cwd(), at.file)}:${at.line}`);
        continue;
      }
      for (const e of c.evidence) e.stance = e.stance ?? 'supports';
      ws.claims.set(c.id, Object.assign(c, { file, tags: c.tags ?? [] }) as Claim);
    }
  }
}
