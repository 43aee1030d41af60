// fromHttp(): container credentials over HTTP(S) with the SDK's fromHttp options, each of which beats its
// AWS_CONTAINER_* variable. The same URL allow-list and token rules as the chain's container step: the
// options become the container source's settings (options.ts sourceSettings), nothing else changes. Not memoized.
//
//   fromHttp({ awsContainerCredentialsFullUri: 'http://169.254.170.23/v1/credentials',
//              awsContainerAuthorizationTokenFile: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token' })

import { COMMON_OPTION_NAMES, CONTAINER_OPTION_NAMES, ENDPOINT_OPTION_NAMES, type OptionsNamed } from '../options.js';
import { sourceByName } from '../providers/order.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

const OPTION_NAMES = [...COMMON_OPTION_NAMES, ...ENDPOINT_OPTION_NAMES, ...CONTAINER_OPTION_NAMES] as const;

export type FromHttpOptions = OptionsNamed<typeof OPTION_NAMES>;

export function fromHttp(options: FromHttpOptions = {}): NamedProvider {
  return singleSourceProvider({ name: 'fromHttp', optionNames: OPTION_NAMES, init: options, source: sourceByName('container') });
}
