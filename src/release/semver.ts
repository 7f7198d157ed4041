/**
 * Semantic versions (semver.org 2.0.0), as much as releases need: parse, order by precedence,
 * and say how big a step one version is from another. Build metadata (+...) is kept in the
 * text but ignored for precedence, as the specification says.
 */
import { patterns } from '../workspace/spec.js';

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
  text: string;
}

export function parseSemver(text: string): SemVer | undefined {
  if (!patterns.semver.test(text)) return undefined;
  const plus = text.indexOf('+');
  const core = plus < 0 ? text : text.slice(0, plus);
  const dash = core.indexOf('-');
  const [major, minor, patch] = (dash < 0 ? core : core.slice(0, dash)).split('.').map(Number);
  const prerelease = dash < 0 ? [] : core.slice(dash + 1).split('.');
  return { major, minor, patch, prerelease, text };
}

function parseOrThrow(v: string | SemVer): SemVer {
  if (typeof v !== 'string') return v;
  const parsed = parseSemver(v);
  if (!parsed) throw new Error(`not a semantic version: ${v}`);
  return parsed;
}

const isNumeric = (s: string) => /^\d+$/.test(s);

function comparePrerelease(a: string[], b: string[]): number {
  // A version without pre-release identifiers ranks above one with them.
  if (!a.length || !b.length) return (b.length ? 1 : 0) - (a.length ? 1 : 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (isNumeric(x) && isNumeric(y)) return Number(x) - Number(y) < 0 ? -1 : 1;
    if (isNumeric(x) !== isNumeric(y)) return isNumeric(x) ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Precedence: negative, zero or positive, like a sort comparator. */
export function compareSemver(a: string | SemVer, b: string | SemVer): number {
  const x = parseOrThrow(a);
  const y = parseOrThrow(b);
  return Math.sign(x.major - y.major) || Math.sign(x.minor - y.minor) || Math.sign(x.patch - y.patch) || comparePrerelease(x.prerelease, y.prerelease);
}

export type Bump = 'none' | 'patch' | 'minor' | 'major';
const BUMP_RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export function bumpRank(b: Bump): number {
  return BUMP_RANK[b];
}

export function largerBump(a: Bump, b: Bump): Bump {
  return BUMP_RANK[a] >= BUMP_RANK[b] ? a : b;
}

/**
 * How big a step `to` is from an earlier `from`, read as semver promises it to readers.
 * Below 1.0.0 anything may change (semver item 4): a minor step there counts as major and a
 * patch step as minor, the convention npm's caret ranges also follow. A step to or between
 * pre-releases counts by its core numbers (1.0.0 -> 2.0.0-rc.1 is major).
 */
export function bumpBetween(from: string, to: string): Bump {
  const a = parseOrThrow(from);
  const b = parseOrThrow(to);
  if (compareSemver(a, b) >= 0) return 'none';
  if (b.major !== a.major) return 'major';
  if (b.minor !== a.minor) return a.major === 0 ? 'major' : 'minor';
  if (b.patch !== a.patch) return a.major === 0 ? 'minor' : 'patch';
  return 'patch'; // same core, later pre-release or the release of a pre-release
}

/** The smallest version after `from` that makes a step of size `bump`, for hints. */
export function nextVersion(from: string, bump: Bump): string {
  const v = parseOrThrow(from);
  const released = v.prerelease.length === 0;
  if (v.major === 0 && bump !== 'none') {
    // Below 1.0.0 a minor step already counts as major, a patch step as minor.
    if (bump === 'patch') return released ? `0.${v.minor}.${v.patch + 1}` : `0.${v.minor}.${v.patch}`;
    if (bump === 'minor') return `0.${v.minor}.${v.patch + 1}`;
    return `0.${v.minor + 1}.0`;
  }
  switch (bump) {
    case 'major':
      return `${v.major + 1}.0.0`;
    case 'minor':
      return `${v.major}.${v.minor + 1}.0`;
    case 'patch':
      return released ? `${v.major}.${v.minor}.${v.patch + 1}` : `${v.major}.${v.minor}.${v.patch}`;
    default:
      return v.text;
  }
}
