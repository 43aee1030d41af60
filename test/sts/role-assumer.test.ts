// callRoleAssumer(): a caller's roleAssumer / roleAssumerWithWebIdentity stands in for STS; its failure is
// broken and never carries what it was handed (source keys, the web identity token).
import { describe, expect, it } from 'vitest';
import { callRoleAssumer } from '../../src/sts/role-assumer.js';
import { CredentialsProviderError } from '../../src/errors.js';
import { expectBroken } from '../support/outcomes.js';

const ROLE = 'arn:aws:iam::123456789012:role/app';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSOURCESECRET';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.web-identity-token-sentinel';

describe('callRoleAssumer', () => {
  it('an assumer that echoes its input in its error: broken, naming the option and role, secrets redacted', async () => {
    const failing = callRoleAssumer('roleAssumer', ROLE, [SECRET, TOKEN], async () => {
      throw new Error(`cannot assume with ${SECRET} and ${TOKEN}`);
    }, () => {});
    const error = (await failing.catch((caught: unknown) => caught)) as CredentialsProviderError;
    expectBroken(error);
    expect(error.message).toMatch(/the roleAssumer option failed for arn:aws:iam::123456789012:role\/app: cannot assume with \[redacted\] and \[redacted\]/);
    expect(`${error.message} ${JSON.stringify(error)} ${String(error.cause)}`).not.toMatch(/SOURCESECRET|token-sentinel/);
  });

  it('a reply without keys is broken with the shape to return; a reply with keys is used', async () => {
    await expect(callRoleAssumer('roleAssumerWithWebIdentity', ROLE, [], async () => ({}), () => {})).rejects.toThrow(/returned no accessKeyId and secretAccessKey/);
    expect(await callRoleAssumer('roleAssumer', ROLE, [], async () => ({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'x', sessionToken: 't' }), () => {})).toMatchObject({ accessKeyId: 'ASIAEXAMPLE', sessionToken: 't' });
  });
});
