// The two outcomes of a source that gives no credentials, as tests check them: credchain's one error
// type, with the SDK's `tryNextLink` saying which outcome it is (src/errors.ts).
import { expect } from 'vitest';
import { CredentialsProviderError } from '../../src/errors.js';

/** Configured but unusable: the chain stops here. */
export function expectBroken(error: unknown): asserts error is CredentialsProviderError {
  expect(error).toBeInstanceOf(CredentialsProviderError);
  expect(error).toMatchObject({ name: 'CredentialsProviderError', tryNextLink: false, outcome: 'broken' });
}

/** Not configured here: the chain moves on. */
export function expectNotConfigured(error: unknown): asserts error is CredentialsProviderError {
  expect(error).toBeInstanceOf(CredentialsProviderError);
  expect(error).toMatchObject({ name: 'CredentialsProviderError', tryNextLink: true, outcome: 'not-configured' });
}

/** No source of the chain answered: the SDK's final error (tryNextLink false), with credchain's trace. */
export function expectNoCredentials(error: unknown): asserts error is CredentialsProviderError {
  expectBroken(error);
  expect(error).toMatchObject({ code: 'no-credentials', message: expect.stringMatching(/^Could not load credentials from any providers/) });
  expect(Array.isArray(error.trace)).toBe(true);
}
