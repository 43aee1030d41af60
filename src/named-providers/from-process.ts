// fromProcess(): the selected profile's credential_process, as the SDK's fromProcess. Not memoized.
//
//   new S3Client({ credentials: fromProcess({ profile: 'tool' }) });

import { COMMON_OPTION_NAMES, FILE_OPTION_NAMES } from '../options.js';
import { sourceByName } from '../providers/order.js';
import type { ChainOptions } from '../source.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

export type FromProcessInit = Pick<ChainOptions, 'profile' | 'filepath' | 'configFilepath' | 'ignoreCache' | 'logger' | 'parentClientConfig' | 'context' | 'processTimeoutMs'>;

export function fromProcess(init?: FromProcessInit): NamedProvider {
  return singleSourceProvider('fromProcess', [...COMMON_OPTION_NAMES, ...FILE_OPTION_NAMES, 'processTimeoutMs'], init, sourceByName('process'));
}
