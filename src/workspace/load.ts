/**
 * Loads a workspace folder into a validated Workspace:
 *   sources/<id>.yaml + sources/<id>.txt, claims/*.yaml, *.yaml dossier definitions.
 * Collects every problem as a diagnostic; the caller decides whether to go on.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Diagnostics, fileStart } from '../diagnostics.js';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { listFolder, readTextFile } from './files.js';
import { claimSpec, claimsFileSpec, dossierSpec, sourceSpec, type Spec } from './spec.js';
import type { Claim, Dossier, Source, Workspace } from './types.js';
import { positionOf, validateNode } from './validate.js';
import { nodePosition, parseYamlReusing, type YamlFile } from './yaml.js';

const YAML_EXT = /\.ya?ml$/;

/** The YAML files of a folder, sorted by name. */
export function listYaml(dir: string, what = 'workspace', diags = new Diagnostics()): string[] {
  return listFolder(dir, what, diags)
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && YAML_EXT.test(e.name))
    .map((e) => path.join(dir, e.name));
}

function readYamlFile(root: string, file: string, spec: Spec, what: string, diags: Diagnostics): YamlFile | undefined {
  const tf = readTextFile(root, file, `${what} file`, diags);
  if (!tf) return undefined;
  const yf = parseYamlReusing(file, tf.text, diags);
  if (yf && (yf.doc.contents === null || (isScalar(yf.doc.contents) && yf.doc.contents.value === null))) {
    diags.error(
      fileStart(file),
      `${what} file is empty`,
      spec.type === 'array' ? 'write a YAML list of claims, each starting with "- id: ..."' : 'write the YAML mapping described in the README',
    );
    return undefined;
  }
  return yf;
}

function loadYamlFile(root: string, file: string, spec: Spec, what: string, diags: Diagnostics): unknown {
  const yf = readYamlFile(root, file, spec, what, diags);
  return yf && validateNode(yf, yf.doc.contents, spec, diags, what);
}

/** The id written in a mapping node, even one that failed validation (to silence follow-on errors). */
function writtenId(node: unknown): string | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && p.key.value === 'id');
  return pair && isScalar(pair.value) && typeof pair.value.value === 'string' ? pair.value.value : undefined;
}

export interface LoadOptions {
  /** Dossier files to load; default: every *.yaml directly in the root. */
  dossierFiles?: string[];
}

export function loadWorkspace(rootArg: string, diags: Diagnostics, options: LoadOptions = {}): Workspace {
  const ws = emptyWorkspace(rootArg);
  const root = ws.root;
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    diags.error(fileStart(root), 'workspace folder does not exist', 'pass --root DIR naming a folder with sources/, claims/ and dossier files');
    return ws;
  }
  loadSources(ws, diags);
  loadClaims(ws, diags);
  const dossierFiles = options.dossierFiles?.map((f) => path.resolve(f)) ?? listYaml(root, 'the workspace', diags);
  // Two definitions with one id would write the same PDF: neither is built, both are named.
  const duplicated = new Map<string, Dossier>();
  for (const file of dossierFiles) {
    const d = loadYamlFile(root, file, dossierSpec, 'dossier', diags) as (Omit<Dossier, 'file' | 'template'> & Partial<Dossier>) | undefined;
    if (!d) continue;
    const first = ws.dossiers.get(d.id) ?? duplicated.get(d.id);
    if (first) {
      diags.error(
        positionOf(d, 'id'),
        `duplicate dossier id "${d.id}"`,
        `also defined in ${path.relative(process.cwd(), first.file)}; give each dossier its own id`,
      );
      if (!duplicated.has(d.id)) {
        diags.error(
          positionOf(first, 'id'),
          `duplicate dossier id "${d.id}"`,
          `also defined in ${path.relative(process.cwd(), file)}; give each dossier its own id`,
        );
        duplicated.set(d.id, first);
        ws.dossiers.delete(d.id);
      }
      continue;
    }
    ws.dossiers.set(d.id, Object.assign(d, { file, template: d.template ?? 'briefing' }) as Dossier);
  }
  return ws;
}

function loadSources(ws: Workspace, diags: Diagnostics): void {
  for (const file of listYaml(path.join(ws.root, 'sources'), 'sources/', diags)) loadSourceFile(ws, file, diags);
}

/** A workspace with nothing loaded yet. */
function emptyWorkspace(rootArg: string): Workspace {
  return {
    root: path.resolve(rootArg),
    sources: new Map(),
    claims: new Map(),
    dossiers: new Map(),
    rejected: { sources: new Set(), claims: new Set(), claimsIncomplete: false },
  };
}

/**
 * One source, read and checked as loading the workspace does, without the rest of it (for
 * `dossier quote find`); undefined, with the diagnostics, when it cannot be used.
 */
export function loadSource(rootArg: string, id: string, diags: Diagnostics): Source | undefined {
  const ws = emptyWorkspace(rootArg);
  const root = ws.root;
  loadSourceFile(ws, path.join(root, 'sources', `${id}.yaml`), diags);
  return ws.sources.get(id);
}

function loadSourceFile(ws: Workspace, file: string, diags: Diagnostics): void {
  const dir = path.dirname(file);
  const stem = path.basename(file).replace(YAML_EXT, '');
  // Claims citing a source that failed to load are not reported again: its own error says why.
  ws.rejected.sources.add(stem);
  const s = loadYamlFile(ws.root, file, sourceSpec, 'source', diags) as (Partial<Source> & { id: string; text?: string }) | undefined;
  if (!s) return;
  ws.rejected.sources.add(s.id);
  if (s.id !== stem) {
    diags.error(
      positionOf(s, 'id'),
      `source id "${s.id}" does not match its file name "${path.basename(file)}"`,
      `rename the file to ${s.id}.yaml or set id: ${stem}`,
    );
    return;
  }
  if (ws.sources.has(s.id)) {
    diags.error(positionOf(s, 'id'), `duplicate source id "${s.id}"`);
    return;
  }
  const snapshotName = s.text ?? `${s.id}.txt`;
  const snapshotFile = path.join(dir, snapshotName);
  const tf = readTextFile(ws.root, snapshotFile, `snapshot of source "${s.id}"`, diags, positionOf(s, s.text ? 'text' : 'id'));
  if (!tf) return;
  if (tf.text.trim() === '') {
    diags.error(fileStart(snapshotFile), `snapshot of source "${s.id}" is empty`, 'paste the text of the article into it');
    return;
  }
  delete s.text;
  ws.rejected.sources.delete(s.id);
  ws.sources.set(
    s.id,
    Object.assign(s, {
      file,
      snapshotFile,
      snapshot: tf.text,
      snapshotSha256: crypto.createHash('sha256').update(tf.bytes).digest('hex'),
    }) as Source,
  );
}

function loadClaims(ws: Workspace, diags: Diagnostics): void {
  const dir = path.join(ws.root, 'claims');
  for (const file of listYaml(dir, 'claims/', diags)) {
    const yf = readYamlFile(ws.root, file, claimsFileSpec, 'claims', diags);
    const list = yf?.doc.contents;
    if (!yf || !isSeq(list)) {
      if (yf) {
        const hint = writtenId(list)
          ? 'put "- " before "id:" (and indent the claim\'s other keys to line up with it)'
          : 'write each claim as an item starting with "- id: ..."';
        diags.error(nodePosition(yf, list as Node), 'a claims file must be a list of claims', hint);
      }
      // Its claims are unknown: dossiers naming them are not told they do not exist.
      ws.rejected.claimsIncomplete = true;
      continue;
    }
    // Claim by claim, so that one broken claim does not hide the others.
    list.items.forEach((item, i) => {
      const c = validateNode(yf, item, claimSpec, diags, `claim ${i + 1}`) as Omit<Claim, 'file'> | undefined;
      if (!c) {
        const id = writtenId(item);
        if (id !== undefined) ws.rejected.claims.add(id);
        else ws.rejected.claimsIncomplete = true;
        return;
      }
      const prev = ws.claims.get(c.id);
      if (prev) {
        const at = positionOf(prev, 'id');
        diags.error(positionOf(c, 'id'), `duplicate claim id "${c.id}"`, `first defined at ${path.relative(process.cwd(), at.file)}:${at.line}:${at.col}`);
        return;
      }
      for (const e of c.evidence) e.stance = e.stance ?? 'supports';
      ws.claims.set(c.id, Object.assign(c, { file, tags: c.tags ?? [] }) as Claim);
    });
  }
}
