// The role session name (docs/behaviour.md, "Role session names"): the one rule for AssumeRole hops
// and AssumeRoleWithWebIdentity. A configured name wins; web identity then takes AWS_ROLE_SESSION_NAME
// (also for profiles, as the SDK does); then the roleSessionName option; then a unique
// `credchain-<epoch ms>` (the SDK uses `aws-sdk-js-<ms>`; any unique name is fine).

export interface SessionNameInput {
  /** role_session_name of the profile (or hop), when set. */
  configured?: string | undefined;
  /** The call: web identity also reads AWS_ROLE_SESSION_NAME. */
  kind: 'assume-role' | 'web-identity';
  env: Record<string, string | undefined>;
  /** The roleSessionName option. */
  option?: string | undefined;
  now: number;
}

export function roleSessionName(input: SessionNameInput): string {
  if (input.configured) return input.configured;
  if (input.kind === 'web-identity' && input.env.AWS_ROLE_SESSION_NAME) return input.env.AWS_ROLE_SESSION_NAME;
  return input.option || `credchain-${input.now}`;
}
