// fromWebToken's call: AssumeRoleWithWebIdentity with the token the caller holds. Loaded on the
// provider's first call, not at `import 'credchain'`.

import { broken } from '../../errors.js';
import type { CredentialSource, SourceInput } from '../../source.js';

/** `call` holds the AssumeRoleWithWebIdentity options given (roleArn, roleSessionName, providerId, policy…). */
export async function resolveWebToken(input: SourceInput, call: { roleArn?: unknown }, webIdentityToken: unknown): ReturnType<CredentialSource['resolve']> {
  const { roleArn } = call;
  if (typeof roleArn !== 'string' || !roleArn || typeof webIdentityToken !== 'string' || !webIdentityToken) {
    throw broken('roleArn and webIdentityToken must both be non-empty strings', { fix: 'Pass { roleArn, webIdentityToken }' });
  }
  // The STS code loads only for a call that can be made.
  const { exchangeWebIdentityToken } = await import('../../providers/web-identity.js');
  return exchangeWebIdentityToken(input, call as { roleArn: string }, webIdentityToken, { tokenFrom: 'the webIdentityToken option', readsEnvSessionName: false });
}
