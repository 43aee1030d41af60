// What kind of credentials a profile gives (static keys, a role, SSO, web identity, a process, an
// `aws login` session), from the same planner the chain uses, for `credchain profiles` and `config`.

import { planProfile } from '../config/plan.js';
import { CredentialsProviderError } from '../errors.js';
import type { SharedConfig } from '../config/types.js';

export type ProfileKind = 'static' | 'role' | 'sso' | 'web identity' | 'process' | 'login' | 'no credentials' | 'invalid';

export interface ProfileClass {
  kind: ProfileKind;
  /** Why the profile is `invalid` (the planner's message, with no value from the file). */
  problem?: string;
}

export function classifyProfile(config: SharedConfig, name: string): ProfileClass {
  try {
    const plan = planProfile(config, name);
    if (plan.hops.length > 0 || plan.base.kind === 'credential-source') return { kind: 'role' };
    return { kind: plan.base.kind === 'web-identity' ? 'web identity' : plan.base.kind };
  } catch (error) {
    if (!(error instanceof CredentialsProviderError)) throw error;
    return error.tryNextLink ? { kind: 'no credentials' } : { kind: 'invalid', problem: error.problem };
  }
}
