// fromWebToken(): AssumeRoleWithWebIdentity with a token the caller already holds (an OIDC id token), as
// the SDK's fromWebToken; the STS region follows the web identity order (docs/behaviour.md, "STS endpoint"). Not memoized.
//
//   new S3Client({ credentials: fromWebToken({ roleArn, webIdentityToken: await getIdToken() }) });

import { broken } from '../errors.js';
import { COMMON_OPTION_NAMES, WEB_IDENTITY_OPTION_NAMES, type OptionsNamed } from '../options.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

const OPTION_NAMES = [...COMMON_OPTION_NAMES, ...WEB_IDENTITY_OPTION_NAMES] as const;

export interface FromWebTokenInit extends Omit<OptionsNamed<typeof OPTION_NAMES>, 'roleArn'> {
  roleArn: string;
  webIdentityToken: string;
}

export function fromWebToken(init: FromWebTokenInit): NamedProvider {
  const { webIdentityToken, roleArn, roleSessionName, providerId, policy, policyArns, durationSeconds } = init;
  const call = Object.fromEntries(Object.entries({ roleArn, roleSessionName, providerId, policy, policyArns, durationSeconds }).filter(([, v]) => v !== undefined));
  return singleSourceProvider({
    name: 'fromWebToken',
    optionNames: [...OPTION_NAMES, 'webIdentityToken'],
    init,
    source: {
      name: 'web-identity',
      async resolve(input) {
        if (typeof roleArn !== 'string' || !roleArn || typeof webIdentityToken !== 'string' || !webIdentityToken) {
          throw broken('roleArn and webIdentityToken must both be non-empty strings', { fix: 'Pass { roleArn, webIdentityToken }' });
        }
        const { exchangeWebIdentityToken } = await import('../providers/web-identity.js');
        return exchangeWebIdentityToken(input, call as { roleArn: string }, webIdentityToken, { tokenFrom: 'the webIdentityToken option', readsEnvSessionName: false });
      },
    },
  });
}
