// fromContainerMetadata(): the ECS / EKS Pod Identity endpoint named by AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
// or _FULL_URI, as the SDK's fromContainerMetadata — which, asked for by name with neither variable set,
// stops a chain (tryNextLink false) instead of letting it move on, and so does this one. Not memoized.
//
//   new S3Client({ credentials: fromContainerMetadata({ timeout: 1000, maxRetries: 3 }) });

import { COMMON_OPTION_NAMES, ENDPOINT_OPTION_NAMES, UNSUPPORTED_OPTIONS, type OptionsNamed } from '../options.js';
import type { CredentialSource } from '../source.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

const OPTION_NAMES = [...COMMON_OPTION_NAMES, ...ENDPOINT_OPTION_NAMES] as const;

export type FromContainerMetadataInit = OptionsNamed<typeof OPTION_NAMES>;

/** In the SDK's type (its IMDS provider's options) but never read by its container provider. */
const READ_BY_IMDS_ONLY: Record<string, string> = {
  profile: 'the container endpoint does not read a profile (the AWS SDK ignores it here too); fromInstanceMetadata takes it',
  ec2MetadataV1Disabled: 'it is an IMDS setting (the AWS SDK ignores it here too); fromInstanceMetadata takes it',
};

/** The container source, with "no endpoint configured" turned into a stop, as the SDK's provider does (loaded on the first call). */
const requiredContainer: CredentialSource = {
  name: 'container',
  resolve: async (input) => (await import('./calls/required-container.js')).resolveRequiredContainer(input),
};

export function fromContainerMetadata(init?: FromContainerMetadataInit): NamedProvider {
  return singleSourceProvider({ name: 'fromContainerMetadata', optionNames: OPTION_NAMES, init, source: requiredContainer, unsupported: { ...UNSUPPORTED_OPTIONS, ...READ_BY_IMDS_ONLY } });
}
