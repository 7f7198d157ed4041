/**
 * Content hashes: SHA-256 of bytes, and of a canonical JSON text of a value (object keys
 * sorted, undefined left out), so the same content hashes the same whatever order YAML keys
 * were written in.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';

export function sha256(data: Buffer | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export function sha256File(file: string): string {
  return sha256(fs.readFileSync(file));
}

/** JSON with object keys sorted at every level; undefined values and functions dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

export function hashOf(value: unknown): string {
  return sha256(canonicalJson(value));
}

/** A short form of a hash for people: the first 12 hex digits. */
export function shortHash(hex: string): string {
  return hex.slice(0, 12);
}
