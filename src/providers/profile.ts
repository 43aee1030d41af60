// The `profile` source (SPEC §5): plans the selected profile of the shared files (config/plan.ts)
// and runs the plan — the base credentials, then each AssumeRole hop in order.
//
//   credentialChain({ profile: 'dev' })   // or AWS_PROFILE=dev

import { loadConfigFor } from '../config/load.js';
import { planProfile, selectedProfileMissing, type PlanBase, type ProfilePlan } from '../config/plan.js';
import { makeCredentials, type Credentials } from '../credentials.js';
import { BrokenSourceError, NotConfiguredError, maskKeyId } from '../errors.js';
import { profileSelectedBy, type CredentialSource, type SourceInput } from '../source.js';
import { readEnvironmentCredentials } from './env.js';
import { runCredentialProcess } from './process.js';
import type { WebIdentityParams } from './web-identity.js';

const SOURCE = 'profile';

export const source: CredentialSource = {
  name: SOURCE,
  async resolve(input) {
    const config = await loadConfigFor(input, SOURCE);
    const selectedBy = profileSelectedBy(input);
    if (selectedBy && !config.profiles[input.profileName]) throw selectedProfileMissing(config, input.profileName, selectedBy, SOURCE);
    return runPlan(input, planProfile(config, input.profileName));
  },
};

/**
 * Runs a plan. The profile is configured by now, so a "not configured" from a base (no
 * environment keys for `credential_source = Environment`…) is a broken profile: the chain stops
 * rather than fall through to another identity.
 */
async function runPlan(input: SourceInput, plan: ProfilePlan): Promise<Credentials> {
  // Before anything runs (a credential_process, an STS call): a hop that needs an MFA code nobody can give.
  const mfaHop = plan.hops.find((hop) => hop.mfaSerial);
  if (mfaHop) {
    const { requireMfaCodeProvider } = await loadModule(() => import('../sts/mfa.js'), 'MFA (mfa_serial)');
    requireMfaCodeProvider(input, mfaHop, SOURCE);
  }
  try {
    let credentials = await resolveBase(input, plan.base);
    let previous = plan.base.profile;
    for (const hop of plan.hops) {
      input.note(`profile "${hop.profile}": assume ${hop.roleArn} with the credentials of profile "${previous}"`);
      const { assumeRoleHop } = await loadModule(() => import('../sts/assume-role.js'), 'AssumeRole (role_arn)');
      credentials = await assumeRoleHop(input, credentials, hop, SOURCE);
      previous = hop.profile;
    }
    return credentials;
  } catch (error) {
    if (!(error instanceof NotConfiguredError)) throw error;
    throw new BrokenSourceError(SOURCE, `profile "${plan.profile}" is configured, but ${error.reason}`, { cause: error });
  }
}

async function resolveBase(input: SourceInput, base: PlanBase): Promise<Credentials> {
  switch (base.kind) {
    case 'static':
      input.note(`profile "${base.profile}": static keys ${maskKeyId(base.accessKeyId)}${base.sessionToken ? ' with aws_session_token' : ''}`);
      return makeCredentials({ ...base, source: SOURCE });
    case 'process':
      return runCredentialProcess(input, base, SOURCE);
    case 'web-identity': {
      input.note(`profile "${base.profile}": AssumeRoleWithWebIdentity ${base.roleArn} with the token in ${base.webIdentityTokenFile}`);
      const { assumeRoleWithWebIdentity } = await loadModule(() => import('./web-identity.js'), 'web identity (web_identity_token_file)');
      const params: WebIdentityParams = {
        roleArn: base.roleArn,
        tokenFile: base.webIdentityTokenFile,
        profile: base.profile,
      };
      if (base.roleSessionName) params.roleSessionName = base.roleSessionName;
      return assumeRoleWithWebIdentity(input, params, SOURCE);
    }
    case 'sso': {
      const how = base.ssoSession ? `sso_session "${base.ssoSession}"` : 'legacy SSO settings';
      input.note(`profile "${base.profile}": SSO role ${base.ssoRoleName} in account ${base.ssoAccountId} (${how})`);
      const { resolveSsoBase } = await loadModule(() => import('./sso.js'), 'SSO (sso_session / sso_start_url)');
      return resolveSsoBase(input, base, SOURCE);
    }
    case 'credential-source':
      input.note(`profile "${base.profile}": credential_source = ${base.credentialSource}`);
      switch (base.credentialSource) {
        case 'Environment':
          try {
            return readEnvironmentCredentials(input.context, SOURCE);
          } catch (error) {
            if (!(error instanceof NotConfiguredError)) throw error;
            throw new BrokenSourceError(SOURCE, `profile "${base.profile}" has credential_source = Environment, but ${error.reason}`, {
              fix: 'Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or change credential_source',
            });
          }
        case 'EcsContainer': {
          const { fromContainerEndpoint } = await loadModule(() => import('./container.js'), 'credential_source = EcsContainer');
          return fromContainerEndpoint(input, SOURCE);
        }
        case 'Ec2InstanceMetadata': {
          const { fromInstanceMetadata } = await loadModule(() => import('./imds.js'), 'credential_source = Ec2InstanceMetadata');
          return fromInstanceMetadata(input, SOURCE);
        }
      }
  }
}

/** The STS, SSO, container and IMDS code loads only when a plan needs it; a failed load is this profile's error. */
async function loadModule<T>(load: () => Promise<T>, what: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new BrokenSourceError(SOURCE, `the code for ${what} could not be loaded (${(error as Error)?.message ?? String(error)})`, {
      fix: 'Reinstall credchain; if this persists, report it',
      cause: error,
      code: 'unsupported',
    });
  }
}
