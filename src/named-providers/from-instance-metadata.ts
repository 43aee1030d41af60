// fromInstanceMetadata(): the EC2 instance profile's credentials from IMDS (v2, v1 fallback unless
// disabled), as the SDK's fromInstanceMetadata: unlike the chain's last step it does not read
// AWS_EC2_METADATA_DISABLED — asking for IMDS by name means IMDS. Not memoized (static stability is kept per provider).
//
//   new S3Client({ credentials: fromInstanceMetadata({ timeout: 1000, maxRetries: 3 }) });

import { COMMON_OPTION_NAMES, ENDPOINT_OPTION_NAMES, type OptionsNamed } from '../options.js';
import { sourceByName } from '../providers/order.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

const OPTION_NAMES = [...COMMON_OPTION_NAMES, ...ENDPOINT_OPTION_NAMES, 'ec2MetadataV1Disabled', 'profile'] as const;

export type FromInstanceMetadataInit = OptionsNamed<typeof OPTION_NAMES>;

export function fromInstanceMetadata(init?: FromInstanceMetadataInit): NamedProvider {
  return singleSourceProvider({ name: 'fromInstanceMetadata', optionNames: OPTION_NAMES, init, source: sourceByName('imds') });
}
