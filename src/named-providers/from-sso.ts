// fromSSO(): IAM Identity Center role credentials, as the SDK's fromSSO — from the explicit sso* options
// when any is given, else from the selected profile, which must be an SSO profile. Not memoized.
//
//   new S3Client({ credentials: fromSSO({ profile: 'my-sso-profile' }) });

import { COMMON_OPTION_NAMES, FILE_OPTION_NAMES } from '../options.js';
import type { ChainOptions } from '../source.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

export type FromSSOInit = Pick<
  ChainOptions,
  'profile' | 'filepath' | 'configFilepath' | 'ignoreCache' | 'ssoStartUrl' | 'ssoAccountId' | 'ssoRegion' | 'ssoRoleName' | 'ssoSession' | 'clientConfig' | 'logger' | 'parentClientConfig' | 'context'
>;

export function fromSSO(init?: FromSSOInit): NamedProvider {
  return singleSourceProvider('fromSSO', [...COMMON_OPTION_NAMES, ...FILE_OPTION_NAMES, 'ssoStartUrl', 'ssoAccountId', 'ssoRegion', 'ssoRoleName', 'ssoSession', 'clientConfig'], init, {
    name: 'sso',
    resolve: async (input) => (await import('../providers/sso.js')).ssoOptionsOrProfile.resolve(input),
  });
}
