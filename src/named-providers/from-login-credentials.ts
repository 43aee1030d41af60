// fromLoginCredentials(): credentials of an `aws login` session (login_session profiles). PENDING: the
// login source is being built separately (issue 15); until it lands this provider refuses clearly
// instead of falling through to another identity. docs/sdk-drop-in.md lists it as not yet supported.

import { COMMON_OPTION_NAMES, FILE_OPTION_NAMES } from '../options.js';
import type { ChainOptions } from '../source.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

export type FromLoginCredentialsInit = Pick<ChainOptions, 'profile' | 'filepath' | 'configFilepath' | 'ignoreCache' | 'clientConfig' | 'logger' | 'parentClientConfig' | 'context'>;

export function fromLoginCredentials(init?: FromLoginCredentialsInit): NamedProvider {
  return singleSourceProvider('fromLoginCredentials', [...COMMON_OPTION_NAMES, ...FILE_OPTION_NAMES, 'clientConfig'], init, {
    name: 'login',
    async resolve() {
      const { BrokenSourceError } = await import('../errors.js');
      throw new BrokenSourceError('login', 'credchain does not support `aws login` sessions (login_session) yet', {
        fix: 'Use fromLoginCredentials from @aws-sdk/credential-providers for now, or an SSO or static-key profile',
        code: 'unsupported',
      });
    },
  });
}
