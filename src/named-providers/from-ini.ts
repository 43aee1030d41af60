// fromIni(): the selected profile of the shared config and credentials files — static keys, role chains,
// credential_source, web identity, credential_process, SSO — as the SDK's fromIni. Not memoized.
//
//   new S3Client({ credentials: fromIni({ profile: 'app', mfaCodeProvider }) });

import { COMMON_OPTION_NAMES, FILE_OPTION_NAMES } from '../options.js';
import { sourceByName } from '../providers/order.js';
import type { ChainOptions } from '../source.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

export type FromIniInit = Pick<
  ChainOptions,
  | 'profile' | 'filepath' | 'configFilepath' | 'ignoreCache' | 'logger' | 'parentClientConfig' | 'context' | 'clientConfig'
  | 'mfaCodeProvider' | 'roleAssumer' | 'roleAssumerWithWebIdentity' | 'timeout' | 'maxRetries' | 'ec2MetadataV1Disabled' | 'processTimeoutMs'
>;

const NAMES = [
  ...COMMON_OPTION_NAMES, ...FILE_OPTION_NAMES, 'clientConfig', 'mfaCodeProvider', 'roleAssumer', 'roleAssumerWithWebIdentity',
  // Passed on to a profile's credential_source (container, IMDS) and credential_process, as the SDK passes its init.
  'timeout', 'maxRetries', 'ec2MetadataV1Disabled', 'processTimeoutMs',
];

export function fromIni(init?: FromIniInit): NamedProvider {
  return singleSourceProvider('fromIni', NAMES, init, sourceByName('profile'));
}
