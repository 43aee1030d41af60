// fromProcess(): the selected profile's credential_process, as the SDK's fromProcess. Not memoized.
//
//   new S3Client({ credentials: fromProcess({ profile: 'tool' }) });

import { COMMON_OPTION_NAMES, FILE_OPTION_NAMES, type OptionsNamed } from '../options.js';
import { sourceByName } from '../providers/order.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

const OPTION_NAMES = [...COMMON_OPTION_NAMES, ...FILE_OPTION_NAMES, 'processTimeoutMs'] as const;

export type FromProcessInit = OptionsNamed<typeof OPTION_NAMES>;

export function fromProcess(init?: FromProcessInit): NamedProvider {
  return singleSourceProvider({ name: 'fromProcess', optionNames: OPTION_NAMES, init, source: sourceByName('process') });
}
