// fromContainerMetadata(): the ECS / EKS Pod Identity endpoint named by AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
// or _FULL_URI, as the SDK's fromContainerMetadata. Not memoized.
//
//   new S3Client({ credentials: fromContainerMetadata({ timeout: 1000, maxRetries: 3 }) });

import { COMMON_OPTION_NAMES, ENDPOINT_OPTION_NAMES, type OptionsNamed } from '../options.js';
import { sourceByName } from '../providers/order.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

const OPTION_NAMES = [...COMMON_OPTION_NAMES, ...ENDPOINT_OPTION_NAMES] as const;

export type FromContainerMetadataInit = OptionsNamed<typeof OPTION_NAMES>;

export function fromContainerMetadata(init?: FromContainerMetadataInit): NamedProvider {
  return singleSourceProvider({ name: 'fromContainerMetadata', optionNames: OPTION_NAMES, init, source: sourceByName('container') });
}
