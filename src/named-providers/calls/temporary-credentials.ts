// fromTemporaryCredentials' call: AssumeRole with the master credentials — the caller's identity or
// provider, or the default chain made once per provider, as the SDK makes it. Loaded on the provider's
// first call, not at `import 'credchain'`.

import type { CredentialProvider } from '../../chain.js';
import type { PartialContext } from '../../context.js';
import { assumeTemporaryRole, type TemporaryCredentialsParams } from '../../providers/temporary-credentials.js';
import type { AwsCredentialIdentity, CredentialSource, SourceInput } from '../../source.js';
import { fromNodeProviderChain } from '../from-node-provider-chain.js';

export interface TemporaryCredentialsCall {
  params: TemporaryCredentialsParams;
  /** params.RoleArn as it was at creation. */
  roleArn: string;
  masterCredentials?: AwsCredentialIdentity | ((...args: never[]) => Promise<AwsCredentialIdentity>);
  /** The profile the STS region and endpoint settings are read from (clientConfig.profile). */
  profile?: string;
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /** The provider's context option, passed on to the default chain. */
  context?: PartialContext;
  /** The default chain, once made: kept by the provider. */
  defaultMaster?: CredentialProvider;
}

export function resolveTemporaryCredentials(input: SourceInput, call: TemporaryCredentialsCall): ReturnType<CredentialSource['resolve']> {
  const { masterCredentials, context } = call;
  const master = async (): Promise<AwsCredentialIdentity> => {
    if (typeof masterCredentials === 'function') return masterCredentials();
    if (masterCredentials) return masterCredentials;
    // As the SDK: the default chain, created once per provider (it is memoized).
    call.defaultMaster ??= fromNodeProviderChain(context ? { context, logger: input.context.logger } : { logger: input.context.logger });
    return call.defaultMaster();
  };
  return assumeTemporaryRole(input, { params: { ...call.params, RoleArn: call.roleArn }, master, profile: call.profile, mfaCodeProvider: call.mfaCodeProvider });
}
