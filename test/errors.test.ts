// The one error type (docs/behaviour.md, "Outcomes"): CredentialsProviderError, with the SDK's `name`,
// `tryNextLink` and constructor forms, read the same way by credchain's chains and the SDK's.
import * as sdk from '@aws-sdk/credential-providers';
import { describe, expect, it } from 'vitest';
import { credentialChain } from '../src/chain.js';
import { asSourceError, broken, CredentialsProviderError, notConfigured, unexpectedMessage } from '../src/errors.js';
import { createCredentialChain } from '../src/named-providers/create-credential-chain.js';
import { fromEnv } from '../src/named-providers/from-env.js';
import type { CustomSource } from '../src/source.js';
import { fakeMachine } from './support/fake-context.js';
import { expectBroken, expectNoCredentials, expectNotConfigured } from './support/outcomes.js';
import { withProcessEnv } from './support/sdk-oracle.js';
import { quiet } from './support/quiet-logger.js';

const KEYS = { accessKeyId: 'AKIAERRORTEST0000001', secretAccessKey: 'errorTestSecretSENTINEL' };

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );
}

/** What the SDK's own providers throw for "not configured": a CredentialsProviderError of @smithy, not credchain's. */
async function sdkNotConfigured(): Promise<Error & { tryNextLink?: boolean }> {
  return (await withProcessEnv({}, () => failure(sdk.fromEnv({ logger: quiet })()))) as Error & { tryNextLink?: boolean };
}

describe('CredentialsProviderError', () => {
  it('fromEnv() with nothing set rejects with the SDK name and a boolean tryNextLink (true: not configured)', async () => {
    const { context } = fakeMachine();
    const error = await failure(fromEnv({ context })());
    expectNotConfigured(error);
    expect(error.name).toBe('CredentialsProviderError');
    expect(typeof error.tryNextLink).toBe('boolean');
    expect(error.tryNextLink).toBe(true);
    expect(error.source).toBe('fromEnv');
    expect(error.message).toBe('fromEnv: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
    // The SDK's fromEnv says the same with the same two fields.
    const theirs = await sdkNotConfigured();
    expect([theirs.name, theirs.tryNextLink]).toEqual([error.name, error.tryNextLink]);
  });

  it("takes the SDK's constructor forms: tryNextLink defaults to true, a boolean or an options object sets it, a logger gets a debug line", () => {
    expectNotConfigured(new CredentialsProviderError('nothing here'));
    expectBroken(new CredentialsProviderError('broken here', false));
    expectNotConfigured(new CredentialsProviderError('nothing here', true));
    const lines: string[] = [];
    const error = new CredentialsProviderError('stop', { tryNextLink: false, logger: { debug: (line) => lines.push(line) } });
    expectBroken(error);
    expect(lines).toEqual(['credchain (!) stop']);
    expect(error).toBeInstanceOf(Error);
    expect(Object.prototype.toString.call(error)).toBe('[object Error]');
  });

  it('credchain fields: problem, fix and code in the message; the chain adds the source in front, once', () => {
    const below = broken('the token file /x is empty', { fix: 'Write the token', code: 'empty' });
    expect(below).toMatchObject({ source: undefined, problem: 'the token file /x is empty', fix: 'Write the token', code: 'empty', skipped: false });
    expect(below.message).toBe('the token file /x is empty. Write the token');
    const labelled = asSourceError(below, 'web-identity');
    expectBroken(labelled);
    expect(labelled).toMatchObject({ source: 'web-identity', problem: below.problem, fix: below.fix, code: below.code });
    expect(labelled.message).toBe('web-identity: the token file /x is empty. Write the token');
    expect(asSourceError(labelled, 'outer')).toBe(labelled);
    expect(notConfigured('disabled', { skipped: true })).toMatchObject({ skipped: true, tryNextLink: true });
    expect(broken('x', { skipped: true } as never).skipped).toBe(false);
  });

  it("any other error: the SDK's tryNextLink: true is not configured, anything else is a bug that stops the chain", async () => {
    expectNotConfigured(asSourceError(await sdkNotConfigured(), 'custom'));
    expectNotConfigured(asSourceError(Object.assign(new Error('no file'), { tryNextLink: 1 }), 'custom'));
    expectBroken(asSourceError(Object.assign(new Error('stop'), { tryNextLink: false }), 'custom'));
    expectBroken(asSourceError(new TypeError('boom'), 'custom'));
    expect(asSourceError('a string', 'custom').message).toBe('custom: failed unexpectedly: a string');
  });
});

describe('the chains read tryNextLink as the SDK does', () => {
  const hit: CustomSource = { name: 'hit', resolve: async () => KEYS };

  it("a custom source throwing the SDK's own not-configured error is a miss; credchain's chain moves on", async () => {
    const theirs = await sdkNotConfigured();
    const sdkStyle: CustomSource = { name: 'sdk-style', resolve: () => Promise.reject(theirs) };
    const { context } = fakeMachine();
    const provider = credentialChain({ context, sources: [sdkStyle, hit] });
    expect((await provider()).accessKeyId).toBe(KEYS.accessKeyId);
    expect((await provider.explain()).trace.map((entry) => [entry.source, entry.outcome])).toEqual([
      ['sdk-style', 'miss'],
      ['hit', 'hit'],
    ]);
  });

  it('a custom source throwing a plain Error stops the chain, as the SDK chain stops at an error without tryNextLink', async () => {
    const { context } = fakeMachine();
    const buggy: CustomSource = { name: 'buggy', resolve: () => Promise.reject(new Error('boom')) };
    const error = await failure(credentialChain({ context, sources: [buggy, hit] })());
    expectBroken(error);
    expect(error.message).toBe('buggy: failed unexpectedly: boom');
  });

  it("the no-credentials error stops an outer chain (tryNextLink false), in credchain's createCredentialChain and the SDK's alike", async () => {
    const { context } = fakeMachine({ env: { AWS_EC2_METADATA_DISABLED: 'true' } });
    const empty = credentialChain({ context, sources: ['env'] });
    const error = await failure(empty());
    expectNoCredentials(error);
    expect(error.trace!.map((entry) => entry.source)).toEqual(['env']);
    const after = async () => ({ ...KEYS });
    for (const outer of [createCredentialChain(empty, after), sdk.createCredentialChain(empty, after)]) {
      const stopped = await failure(outer());
      expectNoCredentials(stopped);
      expect(stopped.message).toBe(error.message);
    }
  });

  it("the SDK's createCredentialChain moves on after a credchain provider that is not configured and stops at one that is broken", async () => {
    const { context } = fakeMachine({ env: { AWS_ACCESS_KEY_ID: KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey, AWS_CREDENTIAL_EXPIRATION: 'not a date' } });
    const after = async () => ({ accessKeyId: 'AKIAERRORTESTAFTER01', secretAccessKey: 's' });
    expect((await sdk.createCredentialChain(fromEnv({ context: fakeMachine().context }), after)()).accessKeyId).toBe('AKIAERRORTESTAFTER01');
    const stopped = await failure(sdk.createCredentialChain(fromEnv({ context }), after)());
    expectBroken(stopped);
    expect(stopped.message).toMatch(/^fromEnv: AWS_CREDENTIAL_EXPIRATION is not a valid date/);
  });

  it("credchain's createCredentialChain with no providers: a broken error, as the SDK's (tryNextLink false)", async () => {
    const error = await failure(createCredentialChain()());
    expectBroken(error);
    const theirs = (await failure(sdk.createCredentialChain()())) as { tryNextLink?: unknown };
    expect(theirs.tryNextLink).toBe(false);
  });
});

describe('unexpectedMessage: another party\'s words as credchain quotes them', () => {
  it('escapes control characters (a terminal escape in a custom source\'s message) and keeps the rest whole', () => {
    const long = 'x'.repeat(5000);
    expect(unexpectedMessage(new Error('bad \u001b]0;TITLE\u0007 value'))).toBe('bad \\x1b]0;TITLE\\x07 value');
    expect(unexpectedMessage(new Error(long))).toBe(long);
    expect(unexpectedMessage(new SyntaxError('Unexpected token s in "secret"'))).not.toContain('secret');
  });
});
