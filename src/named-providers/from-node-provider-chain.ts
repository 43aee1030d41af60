// fromNodeProviderChain(): the AWS SDK's default chain under its own name and options — memoized, as the
// SDK's is (and only this one of the named providers is). credentialChain() with the SDK's name in errors.
//
//   import { fromNodeProviderChain } from 'credchain';   // was '@aws-sdk/credential-providers'
//   new STSClient({ region: 'eu-central-1', credentials: fromNodeProviderChain({ profile: 'app' }) });

import { memoizedChain, type CredentialProvider } from '../chain.js';
import { CHAIN_OPTION_NAMES, checkOptionNames } from '../options.js';
import type { ChainOptions } from '../source.js';

export function fromNodeProviderChain(init: ChainOptions = {}): CredentialProvider {
  checkOptionNames(init, CHAIN_OPTION_NAMES, 'fromNodeProviderChain');
  // A copy, as the SDK takes one: changing the object afterwards changes nothing.
  return memoizedChain({ ...init });
}
