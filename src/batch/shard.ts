/**
 * Splitting a batch of dossiers across machines (`--shard I/N`) and threads (`--jobs N`).
 * A dossier's shard is a hash of its definition file's name (normally its id) modulo N, so
 * every dossier lands in exactly one shard and keeps its shard when other dossiers are added
 * or removed; with few dossiers the shards can be uneven.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

/** node:crypto, loaded when a shard is worked out: the command line parses --shard with this module, also for --help. */
const crypto = () => createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

const WHOLE = /^[1-9]\d{0,5}$/;

/** `--jobs N`: a whole number from 1. Throws an Error whose message says what is wrong. */
export function parseJobs(text: string): number {
  if (!WHOLE.test(text.trim())) throw new Error(`--jobs takes a whole number of dossiers built at once, 1 or more (got "${text}")`);
  return Number(text.trim());
}

/** `--shard I/N`: I from 1 to N. Throws an Error whose message says what is wrong. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m || !WHOLE.test(m[2])) throw new Error(`--shard takes I/N with 1 <= I <= N, e.g. --shard 2/4 (got "${text}")`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (index < 1 || index > count) throw new Error(`--shard ${text}: I must be from 1 to ${count}`);
  return { index, count };
}

/** The key a dossier is sharded by: its definition file's name without .yaml. */
export function shardKey(file: string): string {
  return path.basename(file).replace(/\.ya?ml$/, '');
}

/** The shard (1-based) a key belongs to among `count`: stable across runs, machines and Node versions. */
export function shardOf(key: string, count: number): number {
  const h = crypto().createHash('sha256').update(key).digest();
  return (h.readUInt32BE(0) % count) + 1;
}

export function inShard(file: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(shardKey(file), shard.count) === shard.index;
}
