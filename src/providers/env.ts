// Credentials from environment variables (SPEC §3): AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY,
// with AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, AWS_CREDENTIAL_SCOPE and AWS_ACCOUNT_ID.
//
//   credentialChain({ sources: ['env'] })   // env only

import type { Context } from '../context.js';
import { makeCredentials, parseTimestamp, type Credentials } from '../credentials.js';
import { BrokenSourceError, NotConfiguredError } from '../errors.js';
import { profileSelectedBy, type CredentialSource } from '../source.js';
import { warnOnce } from '../warn-once.js';

export const source: CredentialSource = {
  name: 'env',
  async resolve(input) {
    const { context, profileName: profile, note } = input;
    const how = profileSelectedBy(input);
    if (how) {
      if (context.env.AWS_ACCESS_KEY_ID && context.env.AWS_SECRET_ACCESS_KEY) {
        const warning =
          `AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set but ${how} selects profile "${profile}", which wins (as in the AWS SDK). ` +
          'Unset one of them to remove the ambiguity.';
        note(warning);
        warnOnce(context.logger, 'env-and-profile', `credchain: ${warning}`);
      }
      throw new NotConfiguredError('env', `skipped because ${how} selects profile "${profile}"`, { skipped: true });
    }
    const credentials = readEnvironmentCredentials(context, 'env');
    note('from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY' + (credentials.sessionToken ? ' with AWS_SESSION_TOKEN' : ''));
    return credentials;
  },
};

/**
 * The AWS_* credential variables as credentials, for the env source and for a profile's
 * `credential_source = Environment`. NotConfiguredError when the pair is not set, BrokenSourceError
 * for a bad or past AWS_CREDENTIAL_EXPIRATION; errors carry `sourceName`.
 */
export function readEnvironmentCredentials(context: Context, sourceName: string): Credentials {
  const env = context.env;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    const missing = [!accessKeyId && 'AWS_ACCESS_KEY_ID', !secretAccessKey && 'AWS_SECRET_ACCESS_KEY'].filter(Boolean).join(' and ');
    const partial = accessKeyId || secretAccessKey;
    throw new NotConfiguredError(sourceName, partial ? `${missing} is not set (the other half of the pair is)` : `${missing} are not set`);
  }
  const expirationText = env.AWS_CREDENTIAL_EXPIRATION;
  const expiration = parseTimestamp(expirationText);
  if (expirationText && !expiration) {
    throw new BrokenSourceError(sourceName, 'AWS_CREDENTIAL_EXPIRATION is not a valid date', {
      fix: 'Set it to an ISO-8601 time such as 2030-01-01T00:00:00Z, or unset it',
    });
  }
  if (expiration && expiration.getTime() <= context.now()) {
    throw new BrokenSourceError(sourceName, `the credentials in AWS_ACCESS_KEY_ID expired at ${expiration.toISOString()} (AWS_CREDENTIAL_EXPIRATION)`, {
      fix: 'Export fresh credentials, or unset the AWS_* credential variables to use another source',
    });
  }
  return makeCredentials({
    accessKeyId,
    secretAccessKey,
    sessionToken: env.AWS_SESSION_TOKEN || undefined,
    expiration,
    credentialScope: env.AWS_CREDENTIAL_SCOPE || undefined,
    accountId: env.AWS_ACCOUNT_ID || undefined,
    source: sourceName,
  });
}
