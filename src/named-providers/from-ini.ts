// fromIni(): the selected profile of the shared config and credentials files — static keys, role chains,
// credential_source, web identity, credential_process, SSO — as the SDK's fromIni. Not memoized.
//
//   new S3Client({ credentials: fromIni({ profile: 'app', mfaCodeProvider }) });

import { COMMON_OPTION_NAMES, CONTAINER_OPTION_NAMES, ENDPOINT_OPTION_NAMES, FILE_OPTION_NAMES, type OptionsNamed } from '../options.js';
import { sourceByName } from '../providers/order.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

const OPTION_NAMES = [
  ...COMMON_OPTION_NAMES, ...FILE_OPTION_NAMES, 'clientConfig', 'mfaCodeProvider', 'roleAssumer', 'roleAssumerWithWebIdentity',
  // Passed on to a profile's credential_source (container, IMDS) and credential_process, as the SDK passes its init.
  ...ENDPOINT_OPTION_NAMES, ...CONTAINER_OPTION_NAMES, 'ec2MetadataV1Disabled', 'processTimeoutMs',
] as const;

export type FromIniInit = OptionsNamed<typeof OPTION_NAMES>;

export function fromIni(init?: FromIniInit): NamedProvider {
  return singleSourceProvider({ name: 'fromIni', optionNames: OPTION_NAMES, init, source: sourceByName('profile') });
}
