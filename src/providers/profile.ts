// The `profile` source (docs/behaviour.md, "Profiles"): plans the selected profile of the shared files
// (config/plan.ts) and runs the plan — the base credentials, then each AssumeRole hop in order. It owns
// the one rule "not configured inside a configured profile is broken": whatever a base reports as not
// configured stops the chain here rather than fall through to another identity.
//
//   credentialChain({ profile: 'dev' })   // or AWS_PROFILE=dev

import { planProfile, selectedProfileMissing, type CredentialSourceName, type PlanBase, type ProfilePlan } from '../config/plan.js';
import { credentialFields, type CheckedFields } from '../credentials.js';
import { broken, CredentialsProviderError, maskKeyId } from '../errors.js';
import { readAccountId } from '../outside-values.js';
import { selectedBy } from '../profile-selection.js';
import type { CredentialSource, SourceInput } from '../source.js';
import type { RoleHopCall } from '../sts/assume-role.js';
import { source as environment } from './env.js';
import { runCredentialProcess } from './process.js';
import { imdsDisabledBy } from '../imds-disabled.js';

/** What to do when the source a profile's credential_source names is not there, unless it says itself. */
const CREDENTIAL_SOURCE_FIX: Record<CredentialSourceName, string> = {
  Environment: 'Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or change credential_source',
  EcsContainer: 'Run inside an ECS task or an EKS pod with Pod Identity, or change credential_source',
  Ec2InstanceMetadata: 'Run on an EC2 instance with an instance profile, or change credential_source',
};

export const source: CredentialSource = {
  name: 'profile',
  async resolve(input) {
    const config = await input.loadConfig();
    const how = selectedBy(input.profile);
    if (how && !config.profiles[input.profile.name]) throw selectedProfileMissing(config, input.profile.name, how);
    return runPlan(input, planProfile(config, input.profile.name));
  },
};

/** Runs a plan: the base, then each hop with the credentials of the step before. */
async function runPlan(input: SourceInput, plan: ProfilePlan): Promise<CheckedFields> {
  // Before anything runs (a credential_process, an STS call): a hop that needs an MFA code nobody can give.
  const mfaHop = plan.hops.find((hop) => hop.mfaSerial);
  if (mfaHop) {
    const { requireMfaCodeProvider } = await loadModule(() => import('../sts/mfa.js'), 'MFA (mfa_serial)');
    requireMfaCodeProvider(input.settings.sts.mfaCodeProvider, mfaHop);
  }
  let credentials = await resolvePlanBase(input, plan.base);
  let previous = plan.base.profile;
  let call: RoleHopCall | undefined;
  for (const hop of plan.hops) {
    input.note(`profile "${hop.profile}": assume ${hop.roleArn} with the credentials of profile "${previous}"`);
    const [{ assumeRoleHop }, { stsCallFor }] = await loadModule(() => Promise.all([import('../sts/assume-role.js'), import('./sts-call.js')]), 'AssumeRole (role_arn)');
    // One STS endpoint for every hop: the selected profile's (as in the SDK).
    call ??= {
      sts: await stsCallFor(input, 'role-hop'),
      sessionNameOption: input.settings.sts.roleSessionName,
      mfaCodeProvider: input.settings.sts.mfaCodeProvider,
      roleAssumer: input.settings.sts.roleAssumer,
      note: input.note,
    };
    credentials = await assumeRoleHop(call, credentials, hop);
    previous = hop.profile;
  }
  return credentials;
}

/** A plan base's credentials. The profile is configured by now, so "not configured" from the base is broken. */
export async function resolvePlanBase(input: SourceInput, base: PlanBase): Promise<CheckedFields> {
  try {
    return await resolveBase(input, base);
  } catch (error) {
    // A custom credential source may follow the SDK's convention (`tryNextLink`) rather than throw credchain's error.
    if (!(error as { tryNextLink?: unknown } | null)?.tryNextLink) throw error;
    const { problem, fix, code } = error instanceof CredentialsProviderError ? error : { problem: (error as Error).message, fix: undefined, code: undefined };
    const what = base.kind === 'credential-source' ? `has credential_source = ${base.credentialSource}` : 'is configured';
    const fallbackFix = base.kind === 'credential-source' ? CREDENTIAL_SOURCE_FIX[base.credentialSource] : undefined;
    throw broken(`profile "${base.profile}" ${what}, but ${problem}`, { fix: fix ?? fallbackFix, code, cause: error });
  }
}

async function resolveBase(input: SourceInput, base: PlanBase): Promise<CheckedFields> {
  switch (base.kind) {
    case 'static': {
      input.note(`profile "${base.profile}": static keys ${maskKeyId(base.accessKeyId)}${base.sessionToken ? ' with aws_session_token' : ''}`);
      return credentialFields({ ...base, accountId: readAccountId(base.accountId, `aws_account_id of profile "${base.profile}"`, input.note) });
    }
    case 'process':
      return runCredentialProcess(input, base);
    case 'web-identity': {
      input.note(`profile "${base.profile}": AssumeRoleWithWebIdentity ${base.roleArn} with the token in ${base.webIdentityTokenFile}`);
      const { assumeRoleWithWebIdentity } = await loadModule(() => import('./web-identity.js'), 'web identity (web_identity_token_file)');
      return assumeRoleWithWebIdentity(input, {
        roleArn: base.roleArn,
        tokenFile: base.webIdentityTokenFile,
        profile: base.profile,
        ...(base.roleSessionName ? { roleSessionName: base.roleSessionName } : {}),
      });
    }
    case 'sso': {
      const how = base.ssoSession ? `sso_session "${base.ssoSession}"` : 'legacy SSO settings';
      input.note(`profile "${base.profile}": SSO role ${base.ssoRoleName} in account ${base.ssoAccountId} (${how})`);
      const { resolveSsoBase } = await loadModule(() => import('./sso.js'), 'SSO (sso_session / sso_start_url)');
      return resolveSsoBase(input, base);
    }
    case 'login': {
      input.note(`profile "${base.profile}": aws login session (login_session)`);
      const { resolveLoginBase } = await loadModule(() => import('./login.js'), 'aws login (login_session)');
      return resolveLoginBase(input, base);
    }
    case 'credential-source': {
      input.note(`profile "${base.profile}": credential_source = ${base.credentialSource}`);
      if (base.credentialSource === 'Ec2InstanceMetadata') refuseDisabledImds(input.context.env);
      // The same sources the chain consults, without the chain's skip rules (as in the SDK).
      const named = await credentialSource(base.credentialSource);
      return named.resolve(input);
    }
  }
}

/**
 * AWS_EC2_METADATA_DISABLED says there is no IMDS to ask: a profile's credential_source =
 * Ec2InstanceMetadata is refused before any connection, as botocore does (fromInstanceMetadata,
 * asked for IMDS by name, ignores the variable, as in the SDK).
 */
function refuseDisabledImds(env: Record<string, string | undefined>): void {
  const disabled = imdsDisabledBy(env);
  if (!disabled) return;
  throw broken(`AWS_EC2_METADATA_DISABLED is set (to "${disabled}"), so instance metadata is not contacted`, {
    fix: 'Unset AWS_EC2_METADATA_DISABLED (or set it to false) on EC2, or change credential_source = Ec2InstanceMetadata',
    code: 'imds-disabled',
  });
}

async function credentialSource(name: CredentialSourceName): Promise<CredentialSource> {
  switch (name) {
    case 'Environment':
      return environment;
    case 'EcsContainer':
      return (await loadModule(() => import('./container.js'), 'credential_source = EcsContainer')).source;
    case 'Ec2InstanceMetadata':
      return (await loadModule(() => import('./imds.js'), 'credential_source = Ec2InstanceMetadata')).source;
  }
}

/** The STS, SSO, container and IMDS code loads only when a plan needs it; a failed load is this profile's error. */
async function loadModule<T>(load: () => Promise<T>, what: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw broken(`the code for ${what} could not be loaded (${(error as Error)?.message ?? String(error)})`, {
      fix: 'Reinstall credchain; if this persists, report it',
      cause: error,
      code: 'unsupported',
    });
  }
}
