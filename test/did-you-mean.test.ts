// closest(), closestNames(): a typo (edit, swap) or a shortened name finds the intended word (a command, an option, a scenario key, a profile); an unrelated word finds nothing.
import { describe, expect, it } from 'vitest';
import { closest, closestNames, didYouMean } from '../src/did-you-mean.js';

describe('closest', () => {
  const commands = ['explain', 'export', 'whoami', 'profiles', 'config', 'atlas-check', 'demo', 'emulate'];
  it('finds misspellings, swapped letters and shortened names', () => {
    expect(closest('explian', commands)).toBe('explain');
    expect(closest('exprot', commands)).toBe('export');
    expect(closest('whoam', commands)).toBe('whoami');
    expect(closest('role', ['accountId', 'roleName'])).toBe('roleName');
    expect(closest('acountId', ['name', 'accountId', 'region'])).toBe('accountId');
  });
  it('suggests nothing for an unrelated or ambiguous word', () => {
    expect(closest('zzzzzz', commands)).toBeUndefined();
    expect(closest('e', commands)).toBeUndefined();
    expect(closest('ex', commands)).toBeUndefined();
    expect(didYouMean('zzzzzz', commands)).toBe('');
    expect(didYouMean('demp', commands)).toBe('; did you mean "demo"?');
  });
});

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
