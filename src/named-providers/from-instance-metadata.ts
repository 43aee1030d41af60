// fromInstanceMetadata(): the EC2 instance profile's credentials from IMDS (v2, v1 fallback unless
// disabled), as the SDK's fromInstanceMetadata: unlike the chain's last step it does not read
// AWS_EC2_METADATA_DISABLED — asking for IMDS by name means IMDS. Not memoized (static stability is kept per provider).
//
//   new S3Client({ credentials: fromInstanceMetadata({ timeout: 1000, maxRetries: 3 }) });

import { COMMON_OPTION_NAMES } from '../options.js';
import { sourceByName } from '../providers/order.js';
import type { ChainOptions } from '../source.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

export type FromInstanceMetadataInit = Pick<ChainOptions, 'timeout' | 'maxRetries' | 'ec2MetadataV1Disabled' | 'profile' | 'logger' | 'parentClientConfig' | 'context'>;

export function fromInstanceMetadata(init?: FromInstanceMetadataInit): NamedProvider {
  return singleSourceProvider('fromInstanceMetadata', [...COMMON_OPTION_NAMES, 'timeout', 'maxRetries', 'ec2MetadataV1Disabled', 'profile'], init, sourceByName('imds'));
}
