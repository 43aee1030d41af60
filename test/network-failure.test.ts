// networkFailure(): the one "network failure → broken source" rule of the SSO portal, SSO-OIDC and sign-in calls.
import { describe, expect, it } from 'vitest';
import { NetworkError, networkFailure } from '../src/errors.js';
import { CredentialsProviderError } from '../src/errors.js';
import { expectBroken } from './support/outcomes.js';

describe('networkFailure', () => {
  it('a NetworkError becomes a broken error naming the call, with its code, the cause and the fix', () => {
    const cause = new NetworkError('refused', 'connection refused', 'https://oidc.eu-west-1.amazonaws.com');
    const error = networkFailure(cause, 'SSO-OIDC CreateToken', 'Check that it is reachable') as CredentialsProviderError;
    expectBroken(error);
    expect(error.problem).toBe('SSO-OIDC CreateToken: connection refused (https://oidc.eu-west-1.amazonaws.com)');
    expect(error).toMatchObject({ code: 'refused', fix: 'Check that it is reachable', cause });
  });

  it('without a fix, none is invented; any other error passes through unchanged', () => {
    expect((networkFailure(new NetworkError('timeout', 'no answer', 'http://127.0.0.1:1'), 'sign-in CreateOAuth2Token') as CredentialsProviderError).fix).toBeUndefined();
    const other = new TypeError('a bug');
    expect(networkFailure(other, 'anything')).toBe(other);
  });
});
