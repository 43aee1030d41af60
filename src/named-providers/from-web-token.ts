// fromWebToken(): AssumeRoleWithWebIdentity with a token the caller already holds (an OIDC id token), as
// the SDK's fromWebToken; the STS region follows the web identity order (docs/behaviour.md, "STS endpoint"). Not memoized.
//
//   new S3Client({ credentials: fromWebToken({ roleArn, webIdentityToken: await getIdToken() }) });

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
      // The token exchange loads on the first call (src/named-providers/calls/web-token.ts).
      resolve: async (input) => (await import('./calls/web-token.js')).resolveWebToken(input, call, webIdentityToken),
    },
  });
}
