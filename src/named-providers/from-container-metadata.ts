// fromContainerMetadata(): the ECS / EKS Pod Identity endpoint named by AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
// or _FULL_URI, as the SDK's fromContainerMetadata. Not memoized.
//
//   new S3Client({ credentials: fromContainerMetadata({ timeout: 1000, maxRetries: 3 }) });

import { COMMON_OPTION_NAMES } from '../options.js';
import { sourceByName } from '../providers/order.js';
import type { ChainOptions } from '../source.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

export type FromContainerMetadataInit = Pick<ChainOptions, 'timeout' | 'maxRetries' | 'logger' | 'parentClientConfig' | 'context'>;

export function fromContainerMetadata(init?: FromContainerMetadataInit): NamedProvider {
  return singleSourceProvider('fromContainerMetadata', [...COMMON_OPTION_NAMES, 'timeout', 'maxRetries'], init, sourceByName('container'));
}
