// fromHttp(): container credentials over HTTP(S) with the SDK's fromHttp options, each of which beats its
// AWS_CONTAINER_* variable. The same URL allow-list and token rules as the chain's container step: the
// options become the container source's settings (src/source-settings.ts), nothing else changes. Not memoized.
//
//   fromHttp({ awsContainerCredentialsFullUri: 'http://169.254.170.23/v1/credentials',
//              awsContainerAuthorizationTokenFile: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token' })

import { COMMON_OPTION_NAMES, ENDPOINT_OPTION_NAMES, sourceSettings, UNSUPPORTED_OPTIONS, type OptionsNamed } from '../options.js';
import { sourceByName } from '../providers/order.js';
import type { ContainerSettings, Setting, SourceSettings } from '../source-settings.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

export interface FromHttpOptions extends OptionsNamed<[...typeof COMMON_OPTION_NAMES, ...typeof ENDPOINT_OPTION_NAMES]> {
  awsContainerCredentialsFullUri?: string;
  awsContainerCredentialsRelativeUri?: string;
  awsContainerAuthorizationTokenFile?: string;
  awsContainerAuthorizationToken?: string;
}

/** Each option and the container setting it gives (it stands in for the variable of the same meaning). */
const CONTAINER_OPTIONS = {
  awsContainerCredentialsRelativeUri: 'relativeUri',
  awsContainerCredentialsFullUri: 'fullUri',
  awsContainerAuthorizationToken: 'authorizationToken',
  awsContainerAuthorizationTokenFile: 'authorizationTokenFile',
} as const satisfies Record<string, keyof ContainerSettings>;

/** In the SDK's type but never read by its fromHttp: refused rather than ignored. */
const IGNORED_BY_THE_SDK: Record<string, string> = {
  credentialsFullUri: 'the AWS SDK ignores it too; use awsContainerCredentialsFullUri',
  authorizationToken: 'the AWS SDK ignores it too; use awsContainerAuthorizationToken',
};

/** The chain's settings for these options, with the container endpoint's values that the options give. */
function httpSettings(options: FromHttpOptions): SourceSettings {
  const settings = sourceSettings(options);
  for (const [option, setting] of Object.entries(CONTAINER_OPTIONS)) {
    const value = options[option as keyof typeof CONTAINER_OPTIONS];
    if (value !== undefined) settings.container[setting] = { value, from: `the ${option} option` } satisfies Setting;
  }
  return settings;
}

export function fromHttp(options: FromHttpOptions = {}): NamedProvider {
  return singleSourceProvider({
    name: 'fromHttp',
    optionNames: [...COMMON_OPTION_NAMES, ...ENDPOINT_OPTION_NAMES, ...Object.keys(CONTAINER_OPTIONS)],
    init: options,
    unsupported: { ...UNSUPPORTED_OPTIONS, ...IGNORED_BY_THE_SDK },
    settings: httpSettings,
    source: sourceByName('container'),
  });
}
