// fromTokenFile(): AssumeRoleWithWebIdentity with the token in AWS_WEB_IDENTITY_TOKEN_FILE (or the
// webIdentityTokenFile option) for AWS_ROLE_ARN (or roleArn), as the SDK's fromTokenFile. Not memoized.
//
//   new S3Client({ credentials: fromTokenFile() });   // EKS IRSA, CI OIDC

import { COMMON_OPTION_NAMES, WEB_IDENTITY_OPTION_NAMES } from '../options.js';
import { sourceByName } from '../providers/order.js';
import type { ChainOptions } from '../source.js';
import { singleSourceProvider, type NamedProvider } from './single-source.js';

export type FromTokenFileInit = Pick<
  ChainOptions,
  | 'webIdentityTokenFile' | 'roleArn' | 'roleSessionName' | 'roleAssumerWithWebIdentity' | 'clientConfig' | 'providerId' | 'policy' | 'policyArns'
  | 'durationSeconds' | 'logger' | 'parentClientConfig' | 'context'
>;

export function fromTokenFile(init?: FromTokenFileInit): NamedProvider {
  return singleSourceProvider('fromTokenFile', [...COMMON_OPTION_NAMES, ...WEB_IDENTITY_OPTION_NAMES, 'webIdentityTokenFile'], init, sourceByName('web-identity'));
}
