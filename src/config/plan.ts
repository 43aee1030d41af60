// planProfile(): turns the profile set and a name into a flat plan — a base source plus the ordered
// role hops — or the profile source's error, with no I/O (docs/behaviour.md, "Profiles"): not configured
// (no such profile, nothing in it that gives credentials) or broken (half-configured, a cycle…). The
// executor is providers/profile.ts.
// The precedence follows the AWS SDK's resolveProfileData (credential-provider-ini) step by step.

import { broken, notConfigured, type CredentialsProviderError } from '../errors.js';
import { outsideText } from '../outside-text.js';
import { filesSearched, profileNotInFiles } from '../profile-selection.js';
import { closestNames } from '../did-you-mean.js';
import type { Section, SharedConfig } from './types.js';
import { profileString } from '../profile-section.js';

export type CredentialSourceName = 'Environment' | 'Ec2InstanceMetadata' | 'EcsContainer';

export interface StaticBase {
  kind: 'static';
  profile: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  accountId?: string;
  credentialScope?: string;
}

export interface CredentialSourceBase {
  kind: 'credential-source';
  profile: string;
  credentialSource: CredentialSourceName;
}

export interface WebIdentityBase {
  kind: 'web-identity';
  profile: string;
  roleArn: string;
  webIdentityTokenFile: string;
  roleSessionName?: string;
}

export interface SsoBase {
  kind: 'sso';
  profile: string;
  /** Set for sso-session profiles (`sso_session = NAME` → `[sso-session NAME]`). */
  ssoSession?: string;
  ssoStartUrl: string;
  ssoRegion: string;
  ssoAccountId: string;
  ssoRoleName: string;
}

export interface ProcessBase {
  kind: 'process';
  profile: string;
  command: string;
  /** The profile's aws_account_id: used when the process's JSON has no AccountId (as in the SDK). */
  accountId?: string;
}

/** An `aws login` session: `login_session = <ARN of the signed-in identity>`. */
export interface LoginBase {
  kind: 'login';
  profile: string;
  loginSession: string;
  /** The profile's own region: a fallback for the sign-in region (after the cache's signInRegion). */
  region?: string;
}

export type PlanBase = StaticBase | CredentialSourceBase | WebIdentityBase | SsoBase | ProcessBase | LoginBase;

/** One AssumeRole call, made with the credentials of the step before it. */
export interface RoleHop {
  profile: string;
  roleArn: string;
  roleSessionName?: string;
  externalId?: string;
  durationSeconds?: number;
  mfaSerial?: string;
}

export interface ProfilePlan {
  /** The profile the plan was made for. */
  profile: string;
  base: PlanBase;
  /** In call order: hops[0] is assumed with the base's credentials. */
  hops: RoleHop[];
}

/** source_profile steps one plan may take: real chains take two or three. Keeps messages and the stack small. */
export const MAX_SOURCE_PROFILE_HOPS = 100;
/** Profiles shown at each end of a long path in a message. */
const PATH_ENDS_SHOWN = 3;
const CREDENTIAL_SOURCES: readonly CredentialSourceName[] = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'];
const SSO_KEYS = ['sso_start_url', 'sso_account_id', 'sso_region', 'sso_role_name'] as const;

/**
 * The plan for profile `name`, or a CredentialsProviderError: not configured (no such profile, or
 * nothing in it that gives credentials) or broken (half-configured, a cycle…).
 */
export function planProfile(config: SharedConfig, name: string): ProfilePlan {
  const { base, hops } = new Planner(config).resolve(name, [name], undefined, false);
  return { profile: name, base, hops };
}

interface Resolved {
  base: PlanBase;
  hops: RoleHop[];
}

class Planner {
  constructor(private readonly config: SharedConfig) {}

  /**
   * One step of the SDK's resolveProfileData. `path` is every profile on the way here (for cycle
   * messages), `from` the profile whose source_profile named this one.
   */
  resolve(name: string, path: string[], from: string | undefined, credentialSourceOnly: boolean): Resolved {
    const section = this.config.profiles[name];
    if (!section) {
      if (from === undefined) throw profileNotInFiles(this.config, name);
      throw broken(`profile "${from}" has source_profile = ${name}, but there is no profile "${name}" in ${this.files()}`, {
        fix: `Add a [profile ${name}] section, or correct source_profile`,
      });
    }
    const keys = staticKeys(section);
    // A profile reached as source_profile uses its own static keys first (this is what makes a
    // profile that names itself, and has keys, valid).
    if (from !== undefined && keys.complete) return { base: this.staticBase(name, section), hops: [] };

    const roleArn = profileString(section, 'role_arn');
    const sourceProfile = profileString(section, 'source_profile');
    const credentialSource = profileString(section, 'credential_source');
    if (roleArn && sourceProfile && credentialSource) {
      throw broken(`profile "${name}" has role_arn with both source_profile and credential_source; exactly one is allowed`, {
        fix: 'Remove source_profile or credential_source',
      });
    }
    if (credentialSourceOnly || (roleArn && (sourceProfile || credentialSource))) return this.assumeRole(name, section, path);
    if (keys.complete) return { base: this.staticBase(name, section), hops: [] };

    const tokenFile = profileString(section, 'web_identity_token_file');
    if (tokenFile && roleArn) {
      const base: WebIdentityBase = { kind: 'web-identity', profile: name, roleArn, webIdentityTokenFile: tokenFile };
      const roleSessionName = profileString(section, 'role_session_name');
      if (roleSessionName) base.roleSessionName = roleSessionName;
      return { base, hops: [] };
    }
    const processBase = credentialProcessOf(this.config, name);
    if (processBase) return { base: processBase, hops: [] };
    if (profileString(section, 'sso_session') || SSO_KEYS.some((key) => profileString(section, key))) return { base: this.ssoBase(name, section), hops: [] };

    const loginSession = profileString(section, 'login_session');
    if (loginSession) {
      const base: LoginBase = { kind: 'login', profile: name, loginSession };
      const region = profileString(section, 'region');
      if (region) base.region = region;
      return { base, hops: [] };
    }
    if (keys.partial) {
      throw broken(`profile "${name}" has ${keys.partial} but no ${keys.partial === 'aws_access_key_id' ? 'aws_secret_access_key' : 'aws_access_key_id'}`, {
        fix: 'Add the missing key, or remove the other one',
      });
    }
    if (roleArn) {
      // The SDK moves on to the next source here; a role with no way to assume it is a mistake worth stopping for.
      throw broken(`profile "${name}" has role_arn but no source_profile, credential_source or web_identity_token_file`, {
        fix: 'Add one of them to say which credentials assume the role',
      });
    }
    if (from !== undefined) {
      throw broken(`profile "${from}" has source_profile = ${name}, but profile "${name}" has no credentials`, {
        fix: `Give profile "${name}" static keys, a credential_source, SSO settings or a credential_process`,
      });
    }
    throw notConfigured(`profile "${name}" has no credentials`);
  }

  /** role_arn (or a credential_source reached as source_profile): the source's plan, then this profile's hop. */
  private assumeRole(name: string, section: Section, path: string[]): Resolved {
    const sourceProfile = profileString(section, 'source_profile');
    const roleArn = profileString(section, 'role_arn');
    let resolved: Resolved;
    if (sourceProfile) {
      // The SDK's rule: a source profile seen before on this path is a cycle, unless it was just
      // used for its static keys (checked in resolve, before we get here again).
      if (path.slice(1).includes(sourceProfile)) {
        throw this.cycle([...path, sourceProfile]);
      }
      if (path.length > MAX_SOURCE_PROFILE_HOPS) {
        throw broken(`profile "${outsideText(path[0]!, 64)}" takes more than ${MAX_SOURCE_PROFILE_HOPS} source_profile steps: ${shortPath(path)} → …`, {
          fix: 'Check source_profile in these profiles: a long loop, or a chain far longer than any real one',
          code: 'too-many-hops',
        });
      }
      const source = this.config.profiles[sourceProfile];
      const sourceIsCredentialSourceOnly = source !== undefined && !profileString(source, 'role_arn') && profileString(source, 'credential_source') !== undefined;
      resolved = this.resolve(sourceProfile, [...path, sourceProfile], name, sourceIsCredentialSourceOnly);
    } else {
      resolved = { base: this.credentialSourceBase(name, profileString(section, 'credential_source')!), hops: [] };
    }
    if (!roleArn) return resolved;
    return { base: resolved.base, hops: [...resolved.hops, this.hop(name, section, roleArn)] };
  }

  private cycle(path: string[]): CredentialsProviderError {
    return broken(`source_profile forms a cycle: ${shortPath(path)} (profiles visited: ${shortList([...new Set(path)])})`, {
      fix: 'Give one of these profiles static keys or a credential_source, or correct source_profile',
      code: 'cycle',
    });
  }

  private hop(name: string, section: Section, roleArn: string): RoleHop {
    const hop: RoleHop = { profile: name, roleArn };
    const roleSessionName = profileString(section, 'role_session_name');
    const externalId = profileString(section, 'external_id');
    const mfaSerial = profileString(section, 'mfa_serial');
    const duration = profileString(section, 'duration_seconds');
    if (roleSessionName) hop.roleSessionName = roleSessionName;
    if (externalId) hop.externalId = externalId;
    if (mfaSerial) hop.mfaSerial = mfaSerial;
    if (duration) {
      // parseInt, as the SDK: "900" and "900s" both mean 900.
      const seconds = Number.parseInt(duration, 10);
      if (!(seconds > 0)) {
        throw broken(`profile "${name}" has duration_seconds = ${duration}, which is not a number of seconds`, {
          fix: 'Use a whole number such as 3600, or remove it',
        });
      }
      hop.durationSeconds = seconds;
    }
    return hop;
  }

  private credentialSourceBase(name: string, value: string): CredentialSourceBase {
    const known = CREDENTIAL_SOURCES.find((candidate) => candidate === value);
    if (!known) {
      throw broken(`profile "${name}" has credential_source = ${value}, which is not one of ${CREDENTIAL_SOURCES.join(', ')} (case-sensitive)`, {
        fix: 'Use one of those values exactly as written',
      });
    }
    return { kind: 'credential-source', profile: name, credentialSource: known };
  }

  private staticBase(name: string, section: Section): StaticBase {
    const base: StaticBase = {
      kind: 'static',
      profile: name,
      accessKeyId: credentialValue(section, 'aws_access_key_id')!,
      secretAccessKey: credentialValue(section, 'aws_secret_access_key')!,
    };
    const sessionToken = credentialValue(section, 'aws_session_token');
    const accountId = credentialValue(section, 'aws_account_id');
    const credentialScope = credentialValue(section, 'aws_credential_scope');
    if (sessionToken) base.sessionToken = sessionToken;
    if (accountId) base.accountId = accountId;
    if (credentialScope) base.credentialScope = credentialScope;
    return base;
  }

  /** sso_session → [sso-session NAME] supplies sso_start_url and sso_region (replacing the profile's, as in the SDK). */
  ssoBase(name: string, section: Section): SsoBase {
    const values: Partial<Record<(typeof SSO_KEYS)[number], string>> = {};
    for (const key of SSO_KEYS) values[key] = profileString(section, key);
    const sessionName = profileString(section, 'sso_session');
    if (sessionName) {
      const session = this.config.ssoSessions[sessionName];
      if (!session) {
        throw broken(`profile "${name}" has sso_session = ${sessionName}, but ${this.config.configFile || 'the config file'} has no [sso-session ${sessionName}] section`, {
          fix: `Add the [sso-session ${sessionName}] section (aws configure sso-session), or correct sso_session`,
        });
      }
      values.sso_start_url = profileString(session, 'sso_start_url');
      values.sso_region = profileString(session, 'sso_region');
    }
    const missing = SSO_KEYS.filter((key) => !values[key]);
    if (missing.length > 0) {
      const fromSession = sessionName ? ` (sso_start_url and sso_region are read from [sso-session ${sessionName}])` : '';
      throw broken(`profile "${name}" has incomplete SSO settings: missing ${missing.join(', ')}${fromSession}`, {
        fix: 'Run `aws configure sso`, or add the missing settings',
      });
    }
    const base: SsoBase = {
      kind: 'sso',
      profile: name,
      ssoStartUrl: values.sso_start_url!,
      ssoRegion: values.sso_region!,
      ssoAccountId: values.sso_account_id!,
      ssoRoleName: values.sso_role_name!,
    };
    if (sessionName) base.ssoSession = sessionName;
    return base;
  }

  private files(): string {
    return filesSearched(this.config);
  }
}

/**
 * fromSSO()'s reading of a profile (the SDK's): its own sso_* / sso_session settings, whatever else it
 * has (role_arn is not followed); undefined when it has none, a broken error when they are incomplete.
 */
export function ssoBaseOf(config: SharedConfig, name: string): SsoBase | undefined {
  const section = config.profiles[name];
  if (!section || !(profileString(section, 'sso_session') || SSO_KEYS.some((key) => profileString(section, key)))) return undefined;
  return new Planner(config).ssoBase(name, section);
}

/** `"a" → "b" → "c"`, with the middle left out of a long path: `"a" → "b" → "c" → … 94 more … → "x" → "y" → "z"`. */
function shortPath(path: string[]): string {
  return shortened(path.map((name) => `"${outsideText(name, 64)}"`)).join(' → ');
}

function shortList(names: string[]): string {
  return shortened(names.map((name) => outsideText(name, 64))).join(', ');
}

function shortened(items: string[]): string[] {
  if (items.length <= 2 * PATH_ENDS_SHOWN + 1) return items;
  return [...items.slice(0, PATH_ENDS_SHOWN), `… ${items.length - 2 * PATH_ENDS_SHOWN} more …`, ...items.slice(-PATH_ENDS_SHOWN)];
}

/**
 * A profile chosen explicitly (the profile option, AWS_PROFILE, --profile) that is in neither file:
 * beyond the SDK (which moves on to the next source, e.g. the instance role), the chain stops, as the
 * AWS CLI and botocore do — a typo must not end up as another identity. `selectedBy` names the setting.
 */
export function selectedProfileMissing(config: SharedConfig, name: string, selectedBy: string): CredentialsProviderError {
  const shown = outsideText(name, 64);
  const suggestions = closestNames(name, Object.keys(config.profiles)).map((candidate) => `"${outsideText(candidate, 64)}"`);
  const didYouMean = suggestions.length > 0 ? `Did you mean ${suggestions.join(' or ')}? ` : '';
  return broken(`profile "${shown}" (selected by ${selectedBy}) is not in ${filesSearched(config)}`, {
    fix: `${didYouMean}Correct ${selectedBy}, or add a [profile ${shown}] section`,
    code: 'profile-not-found',
  });
}

/** The profile's credential_process as a plan base, or undefined (also for the chain's `process` step). */
export function credentialProcessOf(config: SharedConfig, name: string): ProcessBase | undefined {
  const section = config.profiles[name];
  const command = section && profileString(section, 'credential_process');
  if (!section || !command) return undefined;
  const base: ProcessBase = { kind: 'process', profile: name, command };
  const accountId = credentialValue(section, 'aws_account_id');
  if (accountId) base.accountId = accountId;
  return base;
}

const CREDENTIAL_KEYS = new Set(['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'aws_account_id', 'aws_credential_scope']);

/**
 * A credential key, exactly as written or, beyond the SDK (which finds nothing then), in another
 * case such as AWS_ACCESS_KEY_ID when the lower-case key is absent.
 */
function credentialValue(section: Section, key: string): string | undefined {
  const exact = profileString(section, key);
  if (exact !== undefined || !CREDENTIAL_KEYS.has(key)) return exact;
  const other = Object.keys(section).find((candidate) => candidate.toLowerCase() === key && typeof section[candidate] === 'string');
  return other === undefined ? undefined : profileString(section, other);
}

function staticKeys(section: Section): { complete: boolean; partial?: 'aws_access_key_id' | 'aws_secret_access_key' } {
  const id = credentialValue(section, 'aws_access_key_id');
  const secret = credentialValue(section, 'aws_secret_access_key');
  if (id && secret) return { complete: true };
  if (id) return { complete: false, partial: 'aws_access_key_id' };
  if (secret) return { complete: false, partial: 'aws_secret_access_key' };
  return { complete: false };
}
