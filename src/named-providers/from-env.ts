// fromEnv(): AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION,
// AWS_CREDENTIAL_SCOPE, AWS_ACCOUNT_ID), as the SDK's fromEnv: unlike the chain's env step it does not
// step aside for AWS_PROFILE. Not memoized.
//
//   new S3Client({ credentials: fromEnv() });

import { COMMON_OPTION_NAMES, type OptionsNamed } from '../options.js';
import { sourceByName } from '../providers/order.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

export type FromEnvInit = OptionsNamed<typeof COMMON_OPTION_NAMES>;

export function fromEnv(init?: FromEnvInit): NamedProvider {
  return singleSourceProvider({ name: 'fromEnv', optionNames: COMMON_OPTION_NAMES, init, source: sourceByName('env') });
}
