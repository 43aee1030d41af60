// fromTemporaryCredentials(): AssumeRole with the given master credentials (default: the node provider
// chain), as the SDK's fromTemporaryCredentials; the STS region is clientConfig.region, the calling
// client's region, AWS_REGION, the profile's region, us-east-1 (docs/behaviour.md, "STS endpoint"). Not memoized.
//
//   new S3Client({ credentials: fromTemporaryCredentials({ params: { RoleArn: 'arn:aws:iam::123456789012:role/app' } }) });

import type { CallerClientConfig } from '../caller-config.js';
import { CLIENT_CONFIG_NAMES, type ClientConfig } from '../client-config.js';
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

/** The SDK's AssumeRole parameters but TokenCode, which comes from mfaCodeProvider (for params.SerialNumber). */
const PARAM_NAMES = [
  'RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId', 'SerialNumber', 'Policy', 'PolicyArns', 'Tags', 'TransitiveTagKeys', 'SourceIdentity',
  'ProvidedContexts', 'MinimumSessionTokenSize',
];

export function fromTemporaryCredentials(options: FromTemporaryCredentialsOptions): NamedProvider {
  const { params, masterCredentials, clientConfig, mfaCodeProvider } = options ?? ({} as FromTemporaryCredentialsOptions);
  if (!params || typeof params !== 'object' || typeof params.RoleArn !== 'string' || !params.RoleArn) {
    throw new TypeError('credchain: fromTemporaryCredentials needs params.RoleArn (the role to assume)');
  }
  const unknown = Object.keys(params).find((name) => !PARAM_NAMES.includes(name) && params[name as keyof TemporaryCredentialsParams] !== undefined);
  if (unknown === 'TokenCode') {
    throw new TypeError('credchain: fromTemporaryCredentials does not send params.TokenCode: give params.SerialNumber and mfaCodeProvider, which is asked for the code at each call');
  }
  if (unknown) throw new TypeError(`credchain: fromTemporaryCredentials does not send params.${unknown}; supported: ${PARAM_NAMES.join(', ')}`);
  // What each call needs (src/named-providers/calls/temporary-credentials.ts, loaded on the first call); the
  // role is fixed at creation, the other params are read at each call.
  const call = { params, roleArn: params.RoleArn, masterCredentials, profile: clientConfig?.profile, mfaCodeProvider, context: options.context };
  return singleSourceProvider({
    name: 'fromTemporaryCredentials',
    optionNames: [...COMMON_OPTION_NAMES, 'params', 'masterCredentials', 'clientConfig', 'mfaCodeProvider'],
    init: options,
    clientConfigNames: [...CLIENT_CONFIG_NAMES, 'profile'],
    source: {
      name: 'temporary-credentials',
      resolve: async (input) => (await import('./calls/temporary-credentials.js')).resolveTemporaryCredentials(input, call),
    },
  });
}
