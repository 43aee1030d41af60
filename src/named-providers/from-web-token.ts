// fromWebToken(): AssumeRoleWithWebIdentity with a token the caller already holds (an OIDC id token), as
// the SDK's fromWebToken; the STS region follows the web identity order (docs/behaviour.md, "STS endpoint"). Not memoized.
//
//   new S3Client({ credentials: fromWebToken({ roleArn, webIdentityToken: await getIdToken() }) });

import { COMMON_OPTION_NAMES, WEB_IDENTITY_OPTION_NAMES } from '../options.js';
import type { ChainOptions } from '../source.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

export interface FromWebTokenInit
  extends Pick<ChainOptions, 'roleSessionName' | 'roleAssumerWithWebIdentity' | 'clientConfig' | 'providerId' | 'policy' | 'policyArns' | 'durationSeconds' | 'logger' | 'parentClientConfig' | 'context'> {
  roleArn: string;
  webIdentityToken: string;
}

export function fromWebToken(init: FromWebTokenInit): NamedProvider {
  const { webIdentityToken, roleArn, roleSessionName, providerId, policy, policyArns, durationSeconds } = init;
  const call = Object.fromEntries(Object.entries({ roleArn, roleSessionName, providerId, policy, policyArns, durationSeconds }).filter(([, v]) => v !== undefined));
  return singleSourceProvider('fromWebToken', [...COMMON_OPTION_NAMES, ...WEB_IDENTITY_OPTION_NAMES, 'webIdentityToken'], init, {
    name: 'web-identity',
    async resolve(input) {
      if (typeof roleArn !== 'string' || !roleArn || typeof webIdentityToken !== 'string' || !webIdentityToken) {
        const { SourceError } = await import('../errors.js');
        throw SourceError.broken('fromWebToken needs both roleArn and webIdentityToken (non-empty strings)', { fix: 'Pass { roleArn, webIdentityToken }' });
      }
      const { exchangeWebIdentityToken } = await import('../providers/web-identity.js');
      return exchangeWebIdentityToken(input, call as { roleArn: string }, webIdentityToken, { tokenFrom: 'the webIdentityToken option', readsEnvSessionName: false });
    },
  });
}
