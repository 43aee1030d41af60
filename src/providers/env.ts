// Credentials from environment variables (docs/behaviour.md, "Environment variables"):
// AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, with AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION,
// AWS_CREDENTIAL_SCOPE and AWS_ACCOUNT_ID. The same resolve() serves `credential_source = Environment`.
//
//   credentialChain({ sources: ['env'] })   // env only

import { credentialFields } from '../credentials.js';
import { broken, notConfigured } from '../errors.js';
import { parseIsoDate, readAccountId } from '../outside-values.js';
import type { CredentialSource } from '../source.js';

export const source: CredentialSource = {
  name: 'env',
  /** In the chain, a selected profile wins over the variables (as in the AWS SDK). */
  skip({ context, profile, note, state }) {
    // What skips env is the profile option or AWS_PROFILE (as the SDK's env step reads them), even when the
    // calling client's profile is the one resolved: name the setting that did it.
    if (!profile.selected) return undefined;
    const [how, name] = profile.from === 'option' ? ['the profile option', profile.name] : ['AWS_PROFILE', context.env.AWS_PROFILE ?? profile.name];
    if (context.env.AWS_ACCESS_KEY_ID && context.env.AWS_SECRET_ACCESS_KEY) {
      const warning =
        `AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set but ${how} selects profile "${name}", which wins (as in the AWS SDK). ` +
        'Unset one of them to remove the ambiguity.';
      note(warning);
      // Once per chain (the SDK: once per process), so a refresh does not repeat it.
      if (!state.envAndProfileWarned) context.logger.warn?.(`credchain: ${warning}`);
      state.envAndProfileWarned = true;
    }
    return `skipped because ${how} selects profile "${name}"`;
  },
  /**
   * Absent when neither variable is set. Broken for half a pair (beyond: the SDK moves on to the next
   * identity, as if nothing were set; a half pair in a profile stops it, so the environment does too)
   * and for a bad or past AWS_CREDENTIAL_EXPIRATION.
   */
  async resolve({ context, note }) {
    const env = context.env;
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId && !secretAccessKey) throw notConfigured('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
    if (!accessKeyId || !secretAccessKey) {
      const [set, missing] = accessKeyId ? ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] : ['AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID'];
      throw broken(`${set} is set but ${missing} is not: half a key pair`, {
        fix: `Set ${missing} to the other half of the same access key, or unset ${set} to use another source`,
        code: 'HalfKeyPair',
      });
    }
    const expirationText = env.AWS_CREDENTIAL_EXPIRATION;
    const expiration = expirationText ? parseIsoDate(expirationText) : undefined;
    if (expirationText && !expiration) {
      throw broken('AWS_CREDENTIAL_EXPIRATION is not a valid date', {
        fix: 'Set it to an ISO-8601 time such as 2030-01-01T00:00:00Z, or unset it',
      });
    }
    if (expiration && expiration.getTime() <= context.now()) {
      throw broken(`the credentials in AWS_ACCESS_KEY_ID expired at ${expiration.toISOString()} (AWS_CREDENTIAL_EXPIRATION)`, {
        fix: 'Export fresh credentials, or unset the AWS_* credential variables to use another source',
      });
    }
    const sessionToken = env.AWS_SESSION_TOKEN || undefined;
    note('from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY' + (sessionToken ? ' with AWS_SESSION_TOKEN' : ''));
    const accountId = readAccountId(env.AWS_ACCOUNT_ID, 'AWS_ACCOUNT_ID', note);
    return credentialFields({ accessKeyId, secretAccessKey, sessionToken, expiration, credentialScope: env.AWS_CREDENTIAL_SCOPE, accountId });
  },
};
