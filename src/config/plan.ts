// planProfile(): turns the profile set and a name into a flat plan — a base source plus the ordered
// role hops — or a broken error, with no I/O (SPEC §5). The executor is providers/profile.ts.
// (Types fixed by the foundation; planProfile is implemented by the config issue.)

import type { SharedConfig } from './types.js';

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
}

export type PlanBase = StaticBase | CredentialSourceBase | WebIdentityBase | SsoBase | ProcessBase;

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

export declare function planProfile(config: SharedConfig, name: string): ProfilePlan;
