// fromLoginCredentials(): the credentials of the `aws login` session (login_session) of the selected
// profile, as the SDK's fromLoginCredentials — not memoized, as the SDK's is not (the login source keeps
// its refreshed tokens in its cache file). The login code (src/login/) loads on first call.
//
//   new S3Client({ credentials: fromLoginCredentials({ profile: 'dev' }) });   // after `aws login --profile dev`

import { COMMON_OPTION_NAMES, FILE_OPTION_NAMES, type OptionsNamed } from '../options.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

const OPTION_NAMES = [...COMMON_OPTION_NAMES, ...FILE_OPTION_NAMES, 'clientConfig'] as const;

export type FromLoginCredentialsInit = OptionsNamed<typeof OPTION_NAMES>;

export function fromLoginCredentials(init?: FromLoginCredentialsInit): NamedProvider {
  return singleSourceProvider({
    name: 'fromLoginCredentials',
    optionNames: OPTION_NAMES,
    init,
    source: { name: 'login', resolve: async (input) => (await import('../providers/login.js')).source.resolve(input) },
  });
}
