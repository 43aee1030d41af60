// closest(): a typo (edit, swap) or a shortened name finds the intended word; an unrelated word finds nothing.
import { describe, expect, it } from 'vitest';
import { closest, didYouMean } from '../src/did-you-mean.js';

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
