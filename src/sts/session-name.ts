// The role session name when none is configured (SPEC §5.1, §8): the roleSessionName option, else a
// unique `credchain-<epoch ms>` (the SDK uses `aws-sdk-js-<ms>`; any unique name is fine).

import type { SourceInput } from '../source.js';

export function defaultRoleSessionName(input: SourceInput): string {
  return input.options.roleSessionName || `credchain-${input.context.now()}`;
}
