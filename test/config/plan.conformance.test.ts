// planProfile() against the cross-SDK profile-chain planning suite: assume-role-tests.json (Apache-2.0,
// smithy-lang/smithy-rs commit 56ee88c5, copied unchanged into test/fixtures/config/, see its README).
// Each case gives the profiles and the selected one, and expects the chain of providers (base
// credentials, then each role hop) or an error. The suite was written for the Rust SDK; where the
// JavaScript SDK (and so credchain) differs, the case stays here as a commented expectDivergence
// entry. Error texts are Rust's: only that planning fails, and how (absent or invalid), is checked.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyRecord } from '../../src/config/merge.js';
import { planProfile, type PlanBase, type ProfilePlan } from '../../src/config/plan.js';
import type { Section, SharedConfig } from '../../src/config/types.js';
import { CredentialsProviderError } from '../../src/errors.js';

interface Case {
  docs: string;
  input: { profiles: Record<string, Record<string, string>>; sso_sessions?: Record<string, Record<string, string>>; selected_profile: string };
  output: { ProfileChain: Array<Record<string, unknown>> } | { Error: string };
}

const cases = JSON.parse(readFileSync(new URL('../fixtures/config/assume-role-tests.json', import.meta.url), 'utf8')) as Case[];

/**
 * expectDivergence: what the JavaScript SDK (and credchain) does instead of the Rust expectation,
 * by case index (two cases share the name "web identity role").
 */
const expectDivergence: Record<number, { why: string; js: 'absent' | 'invalid' | Array<Record<string, unknown>> }> = {
  // "SSO token profile selected": Rust plans an SSO *token* provider from an sso_session alone; the
  // JavaScript SDK's fromSSO needs sso_account_id and sso_role_name to get credentials, and so does
  // credchain: the profile's SSO settings are incomplete.
  // "infinite loop with static credentials": A (keys, role_arn, source_profile B) ← B (role_arn,
  // source_profile A). The JavaScript SDK's resolveProfileData uses the static keys of a profile
  // reached again as a source profile instead of calling it a cycle, so A's keys assume B, then A.
  17: {
    why: 'a profile reached again as source_profile with static keys uses them (JS resolveProfileData), no cycle',
    js: [
      { AccessKey: { access_key_id: 'bug_if_returned', secret_access_key: 'bug_if_returned' } },
      { AssumeRole: { role_arn: 'arn:aws:iam::123456789:role/RoleB' } },
      { AssumeRole: { role_arn: 'arn:aws:iam::123456789:role/RoleA' } },
    ],
  },
  26: { why: 'sso_session without sso_account_id / sso_role_name is incomplete SSO settings (as fromSSO)', js: 'invalid' },
};

/** Rust errors that credchain reports as "absent" (the chain moves on, as the JavaScript SDK does): no credentials in the profile. */
const absentErrors = new Set([
  'profile only contains configuration',
  'missing root profile (should never happen in practice)',
  'web identity role', // web_identity_token_file without role_arn is no web identity profile at all
]);

function sharedConfig(input: Case['input']): SharedConfig {
  const table = (records: Record<string, Record<string, string>> = {}) => {
    const out = emptyRecord<Section>();
    for (const [name, values] of Object.entries(records)) out[name] = Object.assign(emptyRecord<string>(), values);
    return out;
  };
  return { profiles: table(input.profiles), ssoSessions: table(input.sso_sessions), services: emptyRecord(), configFile: '/c', credentialsFile: '/k' };
}

/** Our plan in the suite's notation. */
function chainOf(plan: ProfilePlan): Array<Record<string, unknown>> {
  const hops = plan.hops.map((hop) => ({
    AssumeRole: { role_arn: hop.roleArn, ...(hop.externalId ? { external_id: hop.externalId } : {}), ...(hop.roleSessionName ? { role_session_name: hop.roleSessionName } : {}) },
  }));
  return [baseOf(plan.base), ...hops];
}

function baseOf(base: PlanBase): Record<string, unknown> {
  switch (base.kind) {
    case 'static':
      return {
        AccessKey: {
          access_key_id: base.accessKeyId,
          secret_access_key: base.secretAccessKey,
          ...(base.sessionToken ? { session_token: base.sessionToken } : {}),
          ...(base.accountId ? { account_id: base.accountId } : {}),
        },
      };
    case 'credential-source':
      return { NamedSource: base.credentialSource };
    case 'web-identity':
      return { WebIdentityToken: { role_arn: base.roleArn, web_identity_token_file: base.webIdentityTokenFile, ...(base.roleSessionName ? { role_session_name: base.roleSessionName } : {}) } };
    case 'sso':
      return {
        Sso: base.ssoSession
          ? { sso_session: base.ssoSession, sso_region: base.ssoRegion, sso_start_url: base.ssoStartUrl, sso_account_id: base.ssoAccountId, sso_role_name: base.ssoRoleName }
          : { sso_account_id: base.ssoAccountId, sso_region: base.ssoRegion, sso_role_name: base.ssoRoleName, sso_start_url: base.ssoStartUrl },
      };
    case 'process':
      return { CredentialProcess: base.command };
    case 'login':
      return { Login: base.loginSession };
  }
}

function outcome(testCase: Case): ProfilePlan | CredentialsProviderError {
  try {
    return planProfile(sharedConfig(testCase.input), testCase.input.selected_profile);
  } catch (error) {
    if (error instanceof CredentialsProviderError) return error;
    throw error;
  }
}

describe('planProfile: cross-SDK profile chains (assume-role-tests.json, Apache-2.0, smithy-rs 56ee88c5)', () => {
  it('keeps every case of the suite', () => {
    expect(cases).toHaveLength(28);
  });

  it.each(cases.map((c, index) => [`${index}: ${c.docs}`, index, c] as const))('%s', (_name, index, testCase) => {
    const result = outcome(testCase);
    const divergence = expectDivergence[index];
    if (divergence) {
      if (Array.isArray(divergence.js)) expect(chainOf(result as ProfilePlan)).toEqual(divergence.js);
      else expect(result).toMatchObject({ tryNextLink: divergence.js === 'absent' });
      return;
    }
    if ('Error' in testCase.output) {
      expect(result).toBeInstanceOf(CredentialsProviderError);
      expect((result as CredentialsProviderError).tryNextLink).toBe(absentErrors.has(testCase.docs));
      return;
    }
    expect(result).not.toBeInstanceOf(CredentialsProviderError);
    expect(chainOf(result as ProfilePlan)).toEqual(testCase.output.ProfileChain);
  });
});
