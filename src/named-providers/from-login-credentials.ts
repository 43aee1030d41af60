// fromLoginCredentials(): the credentials of the `aws login` session (login_session) of the selected
// profile, as the SDK's fromLoginCredentials — not memoized, as the SDK's is not (the login source keeps
// its refreshed tokens in its cache file). The login code (src/login/) loads on first call.
//
//   new S3Client({ credentials: fromLoginCredentials({ profile: 'dev' }) });   // after `aws login --profile dev`

import { COMMON_OPTION_NAMES, FILE_OPTION_NAMES } from '../options.js';
import type { ChainOptions } from '../source.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

export type FromLoginCredentialsInit = Pick<ChainOptions, 'profile' | 'filepath' | 'configFilepath' | 'ignoreCache' | 'clientConfig' | 'logger' | 'parentClientConfig' | 'context'>;

export function fromLoginCredentials(init?: FromLoginCredentialsInit): NamedProvider {
  return singleSourceProvider('fromLoginCredentials', [...COMMON_OPTION_NAMES, ...FILE_OPTION_NAMES, 'clientConfig'], init, {
    name: 'login',
    resolve: async (input) => (await import('../providers/login.js')).source.resolve(input),
  });
}
