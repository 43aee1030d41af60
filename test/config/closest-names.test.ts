// closestNames(): the "did you mean" suggestions for a mistyped profile.

import { describe, expect, it } from 'vitest';
import { closestNames } from '../../src/config/closest-names.js';

describe('closestNames', () => {
  const profiles = ['sso-dev', 'sso-prod', 'default', 'dev', 'staging-admin'];

  it('finds a swap, a missing or an extra character, closest first', () => {
    expect(closestNames('sso-dve', profiles)).toEqual(['sso-dev']);
    expect(closestNames('sso-de', profiles)).toEqual(['sso-dev']);
    expect(closestNames('stagingadmin', profiles)).toEqual(['staging-admin']);
    expect(closestNames('Default', profiles)).toEqual(['default']);
  });

  it('suggests nothing far away, and at most three names', () => {
    expect(closestNames('production', profiles)).toEqual([]);
    expect(closestNames('a', ['b', 'c', 'd', 'e'])).toEqual(['b', 'c', 'd']);
  });

  it('stays fast over many profiles', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `account-${i}-ReadOnly`);
    const started = performance.now();
    expect(closestNames('account-1234-ReadOnyl', many)[0]).toBe('account-1234-ReadOnly');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
