// The role session name when none is configured (SPEC §5.1, §8): a unique `credchain-<epoch ms>` (the
// SDK uses `aws-sdk-js-<ms>`; any unique name is fine). The roleSessionName option is the web identity
// step's (providers/web-identity.ts), as in the SDK: role hops take only role_session_name.

import type { SourceInput } from '../source.js';

export function defaultRoleSessionName(input: SourceInput): string {
  return `credchain-${input.context.now()}`;
}
