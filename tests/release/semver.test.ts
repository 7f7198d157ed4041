import { describe, expect, it } from 'vitest';
import { bumpBetween, compareSemver, nextVersion, parseSemver } from '../../src/release/semver.js';

describe('semantic versions', () => {
  it('orders by precedence as semver.org item 11 lists it', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.1.0',
      '2.0.0',
      '10.0.0',
    ];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(compareSemver)).toEqual(ordered);
    expect(compareSemver('1.0.0+build.1', '1.0.0+build.2')).toBe(0);
  });

  it('refuses what is not a version', () => {
    expect(parseSemver('1.0')).toBeUndefined();
    expect(parseSemver('01.0.0')).toBeUndefined();
    expect(parseSemver('1.2.3-rc.1+b5')).toMatchObject({ major: 1, minor: 2, patch: 3, prerelease: ['rc', '1'] });
  });

  it('measures steps, counting steps below 1.0.0 one size larger', () => {
    expect(bumpBetween('1.2.3', '2.0.0')).toBe('major');
    expect(bumpBetween('1.2.3', '1.3.0')).toBe('minor');
    expect(bumpBetween('1.2.3', '1.2.4')).toBe('patch');
    expect(bumpBetween('1.2.3', '1.2.3')).toBe('none');
    expect(bumpBetween('0.2.3', '0.3.0')).toBe('major');
    expect(bumpBetween('0.2.3', '0.2.4')).toBe('minor');
    expect(bumpBetween('1.0.0-rc.1', '1.0.0')).toBe('patch');
  });

  it('suggests the smallest version making a step', () => {
    expect(nextVersion('1.2.3', 'major')).toBe('2.0.0');
    expect(nextVersion('1.2.3', 'minor')).toBe('1.3.0');
    expect(nextVersion('1.2.3', 'patch')).toBe('1.2.4');
    expect(nextVersion('0.2.3', 'major')).toBe('0.3.0');
    for (const [from, bump] of [
      ['1.2.3', 'major'],
      ['1.2.3', 'minor'],
      ['0.4.1', 'major'],
      ['0.4.1', 'minor'],
      ['2.0.0', 'patch'],
    ] as const) {
      expect(bumpBetween(from, nextVersion(from, bump))).toBe(bump);
    }
  });
});
