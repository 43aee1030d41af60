// fromHttp(): container credentials over HTTP(S) with the SDK's fromHttp options, each of which beats its
// AWS_CONTAINER_* variable. The same URL allow-list and token rules as the chain's container step. Not memoized.
//
//   fromHttp({ awsContainerCredentialsFullUri: 'http://169.254.170.23/v1/credentials',
//              awsContainerAuthorizationTokenFile: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token' })

import { COMMON_OPTION_NAMES, UNSUPPORTED_OPTIONS } from '../options.js';
import { sourceByName } from '../providers/order.js';
import type { ChainOptions } from '../source.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

export interface FromHttpOptions extends Pick<ChainOptions, 'timeout' | 'maxRetries' | 'logger' | 'parentClientConfig' | 'context'> {
  awsContainerCredentialsFullUri?: string;
  awsContainerCredentialsRelativeUri?: string;
  awsContainerAuthorizationTokenFile?: string;
  awsContainerAuthorizationToken?: string;
}

/** Option → the variable it stands in for (the SDK: `options.x ?? process.env.X`). */
const OVERRIDES = {
  awsContainerCredentialsRelativeUri: 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  awsContainerCredentialsFullUri: 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  awsContainerAuthorizationToken: 'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  awsContainerAuthorizationTokenFile: 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
} as const;

/** In the SDK's type but never read by its fromHttp: refused rather than ignored. */
const IGNORED_BY_THE_SDK: Record<string, string> = {
  credentialsFullUri: 'the AWS SDK ignores it too; use awsContainerCredentialsFullUri',
  authorizationToken: 'the AWS SDK ignores it too; use awsContainerAuthorizationToken',
};

export function fromHttp(options: FromHttpOptions = {}): NamedProvider {
  const container = sourceByName('container');
  const given = { ...options };
  return singleSourceProvider({
    name: 'fromHttp',
    optionNames: [...COMMON_OPTION_NAMES, 'timeout', 'maxRetries', ...Object.keys(OVERRIDES)],
    init: options,
    unsupported: { ...UNSUPPORTED_OPTIONS, ...IGNORED_BY_THE_SDK },
    source: {
      name: 'container',
      resolve: (input) => {
        const env = { ...input.context.env };
        for (const [option, variable] of Object.entries(OVERRIDES)) {
          const value = given[option as keyof typeof OVERRIDES];
          if (value !== undefined) env[variable] = value;
        }
        return container.resolve({ ...input, context: { ...input.context, env } });
      },
    },
  });
}
