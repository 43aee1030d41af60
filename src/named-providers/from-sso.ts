// fromSSO(): IAM Identity Center role credentials, as the SDK's fromSSO — from the explicit sso* options
// when any is given, else from the selected profile, which must be an SSO profile. Not memoized.
//
//   new S3Client({ credentials: fromSSO({ profile: 'my-sso-profile' }) });

import { COMMON_OPTION_NAMES, FILE_OPTION_NAMES, SSO_OPTION_NAMES, type OptionsNamed } from '../options.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

const OPTION_NAMES = [...COMMON_OPTION_NAMES, ...FILE_OPTION_NAMES, ...SSO_OPTION_NAMES, 'clientConfig'] as const;

export type FromSSOInit = OptionsNamed<typeof OPTION_NAMES>;

export function fromSSO(init?: FromSSOInit): NamedProvider {
  return singleSourceProvider({
    name: 'fromSSO',
    optionNames: OPTION_NAMES,
    init,
    source: { name: 'sso', resolve: async (input) => (await import('../providers/sso.js')).ssoOptionsOrProfile.resolve(input) },
  });
}
