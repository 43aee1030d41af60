// fromTemporaryCredentials(): AssumeRole with the given master credentials (default: the node provider
// chain), as the SDK's fromTemporaryCredentials; the STS region is clientConfig.region, the calling
// client's region, AWS_REGION, the profile's region, us-east-1 (docs/behaviour.md, "STS endpoint"). Not memoized.
//
//   new S3Client({ credentials: fromTemporaryCredentials({ params: { RoleArn: 'arn:aws:iam::123456789012:role/app' } }) });

import type { CallerClientConfig } from '../caller-config.js';
import { CLIENT_CONFIG_NAMES, type ClientConfig } from '../client-config.js';
import type { CredentialProvider } from '../chain.js';
import type { Logger, PartialContext } from '../context.js';
import { COMMON_OPTION_NAMES } from '../options.js';
import type { TemporaryCredentialsParams } from '../providers/temporary-credentials.js';
import type { AwsCredentialIdentity } from '../source.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

export type { TemporaryCredentialsParams } from '../providers/temporary-credentials.js';

export interface FromTemporaryCredentialsOptions {
  params: TemporaryCredentialsParams;
  /** The credentials that call AssumeRole: an identity or a provider. Default: fromNodeProviderChain(). */
  masterCredentials?: AwsCredentialIdentity | ((...args: never[]) => Promise<AwsCredentialIdentity>);
  /** The STS client's config (src/client-config.ts: region, endpoint, requestHandler…), and the profile its region and endpoint settings are read from. */
  clientConfig?: ClientConfig & { profile?: string };
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  logger?: Logger;
  parentClientConfig?: CallerClientConfig;
  context?: PartialContext;
}

const PARAM_NAMES = ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId', 'SerialNumber', 'Policy', 'PolicyArns'];

export function fromTemporaryCredentials(options: FromTemporaryCredentialsOptions): NamedProvider {
  const { params, masterCredentials, clientConfig, mfaCodeProvider } = options ?? ({} as FromTemporaryCredentialsOptions);
  if (!params || typeof params !== 'object' || typeof params.RoleArn !== 'string' || !params.RoleArn) {
    throw new TypeError('credchain: fromTemporaryCredentials needs params.RoleArn (the role to assume)');
  }
  const unknown = Object.keys(params).find((name) => !PARAM_NAMES.includes(name) && params[name as keyof TemporaryCredentialsParams] !== undefined);
  if (unknown) throw new TypeError(`credchain: fromTemporaryCredentials does not send params.${unknown}; supported: ${PARAM_NAMES.join(', ')}`);
  let defaultMaster: CredentialProvider | undefined;
  return singleSourceProvider({
    name: 'fromTemporaryCredentials',
    optionNames: [...COMMON_OPTION_NAMES, 'params', 'masterCredentials', 'clientConfig', 'mfaCodeProvider'],
    init: options,
    clientConfigNames: [...CLIENT_CONFIG_NAMES, 'profile'],
    source: {
      name: 'temporary-credentials',
      async resolve(input) {
        const { assumeTemporaryRole } = await import('../providers/temporary-credentials.js');
        const master = async (): Promise<AwsCredentialIdentity> => {
          if (typeof masterCredentials === 'function') return masterCredentials();
          if (masterCredentials) return masterCredentials;
          // As the SDK: the default chain, created once per provider (it is memoized).
          const { fromNodeProviderChain } = await import('./from-node-provider-chain.js');
          defaultMaster ??= fromNodeProviderChain(options.context ? { context: options.context, logger: input.context.logger } : { logger: input.context.logger });
          return defaultMaster();
        };
        return assumeTemporaryRole(input, { params: { ...params }, master, profile: clientConfig?.profile, mfaCodeProvider });
      },
    },
  });
}
