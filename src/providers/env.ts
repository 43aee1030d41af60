// Credentials from environment variables (SPEC §3): AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY,
// with AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, AWS_CREDENTIAL_SCOPE and AWS_ACCOUNT_ID.
//
//   credentialChain({ sources: ['env'] })   // env only

import { makeCredentials, parseTimestamp } from '../credentials.js';
import { BrokenSourceError, NotConfiguredError } from '../errors.js';
import type { CredentialSource } from '../source.js';
import { warnOnce } from '../warn-once.js';

export const source: CredentialSource = {
  name: 'env',
  async resolve({ context, options, note }) {
    const env = context.env;
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    const profile = options.profile || env.AWS_PROFILE;
    if (profile) {
      const how = options.profile ? 'the profile option' : 'AWS_PROFILE';
      if (accessKeyId && secretAccessKey) {
        const warning =
          `AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set but ${how} selects profile "${profile}", which wins (as in the AWS SDK). ` +
          'Unset one of them to remove the ambiguity.';
        note(warning);
        warnOnce(context.logger, 'env-and-profile', `credchain: ${warning}`);
      }
      throw new NotConfiguredError('env', `skipped because ${how} selects profile "${profile}"`, { skipped: true });
    }
    if (!accessKeyId || !secretAccessKey) {
      const missing = [!accessKeyId && 'AWS_ACCESS_KEY_ID', !secretAccessKey && 'AWS_SECRET_ACCESS_KEY'].filter(Boolean).join(' and ');
      const partial = accessKeyId || secretAccessKey;
      throw new NotConfiguredError('env', partial ? `${missing} is not set (the other half of the pair is)` : `${missing} are not set`);
    }
    const expirationText = env.AWS_CREDENTIAL_EXPIRATION;
    const expiration = parseTimestamp(expirationText);
    if (expirationText && !expiration) {
      throw new BrokenSourceError('env', 'AWS_CREDENTIAL_EXPIRATION is not a valid date', {
        fix: 'Set it to an ISO-8601 time such as 2030-01-01T00:00:00Z, or unset it',
      });
    }
    if (expiration && expiration.getTime() <= context.now()) {
      throw new BrokenSourceError('env', `the credentials in AWS_ACCESS_KEY_ID expired at ${expiration.toISOString()} (AWS_CREDENTIAL_EXPIRATION)`, {
        fix: 'Export fresh credentials, or unset the AWS_* credential variables to use another source',
      });
    }
    note('from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY' + (env.AWS_SESSION_TOKEN ? ' with AWS_SESSION_TOKEN' : ''));
    return makeCredentials({
      accessKeyId,
      secretAccessKey,
      sessionToken: env.AWS_SESSION_TOKEN || undefined,
      expiration,
      credentialScope: env.AWS_CREDENTIAL_SCOPE || undefined,
      accountId: env.AWS_ACCOUNT_ID || undefined,
      source: 'env',
    });
  },
};
