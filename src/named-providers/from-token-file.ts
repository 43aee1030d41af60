// fromTokenFile(): AssumeRoleWithWebIdentity with the token in AWS_WEB_IDENTITY_TOKEN_FILE (or the
// webIdentityTokenFile option) for AWS_ROLE_ARN (or roleArn), as the SDK's fromTokenFile. Not memoized.
//
//   new S3Client({ credentials: fromTokenFile() });   // EKS IRSA, CI OIDC

import { COMMON_OPTION_NAMES, WEB_IDENTITY_OPTION_NAMES, type OptionsNamed } from '../options.js';
import { sourceByName } from '../providers/order.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

const OPTION_NAMES = [...COMMON_OPTION_NAMES, ...WEB_IDENTITY_OPTION_NAMES, 'webIdentityTokenFile'] as const;

export type FromTokenFileInit = OptionsNamed<typeof OPTION_NAMES>;

export function fromTokenFile(init?: FromTokenFileInit): NamedProvider {
  return singleSourceProvider({ name: 'fromTokenFile', optionNames: OPTION_NAMES, init, source: sourceByName('web-identity') });
}
