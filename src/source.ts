// What a credential source is: a name and one resolve() that either returns credentials, throws
// NotConfiguredError (the chain moves on) or throws BrokenSourceError (the chain stops).

import type { Caller, CallerClientConfig } from './caller-config.js';
import type { Context, Logger } from './context.js';
import type { Credentials } from './credentials.js';
import type { SharedConfig } from './config/types.js';

export type SourceName = 'env' | 'sso' | 'profile' | 'process' | 'web-identity' | 'container' | 'imds';

/** Credentials as the AWS SDK's role assumers take and return them (AwsCredentialIdentity). */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  credentialScope?: string;
  accountId?: string;
}

/** The SDK's AssumeRole parameters, as its `roleAssumer` option receives them. */
export interface AssumeRoleParams {
  RoleArn: string;
  RoleSessionName: string;
  ExternalId?: string;
  DurationSeconds?: number;
  SerialNumber?: string;
  TokenCode?: string;
}

/** The SDK's AssumeRoleWithWebIdentity parameters, as its `roleAssumerWithWebIdentity` option receives them. */
export interface AssumeRoleWithWebIdentityParams {
  RoleArn: string;
  RoleSessionName: string;
  WebIdentityToken: string;
  ProviderId?: string;
  PolicyArns?: Array<{ arn?: string }>;
  Policy?: string;
  DurationSeconds?: number;
}

/**
 * The chain's options: the AWS SDK's fromNodeProviderChain() / defaultProvider options with the same
 * meaning (docs/sdk-compatibility.md), plus credchain's own (`context`, `sources`, `processTimeoutMs`).
 * An unknown name is a TypeError (src/options.ts).
 */
export interface ChainOptions {
  /** Profile to use; otherwise AWS_PROFILE, then `default`. Selecting one skips env credentials. */
  profile?: string;
  /** The credentials file to read instead of AWS_SHARED_CREDENTIALS_FILE / ~/.aws/credentials. */
  filepath?: string;
  /** The config file to read instead of AWS_CONFIG_FILE / ~/.aws/config. */
  configFilepath?: string;
  /** The SDK's nested-client config: only `region` (STS; beats every other region setting). */
  clientConfig?: { region?: string };
  /** Stands in for the calling client's config (`{ callerClientConfig }`), field by field, as in the SDK. */
  parentClientConfig?: CallerClientConfig;
  /** Per-request timeout in ms for the container and IMDS endpoints (default 1000). */
  timeout?: number;
  /** Retries for the container and IMDS endpoints (default 3). */
  maxRetries?: number;
  /** `true` refuses IMDSv1 (as AWS_EC2_METADATA_V1_DISABLED); `false` does not override the variable or profile. */
  ec2MetadataV1Disabled?: boolean;
  /** Asked for an MFA code when a profile has `mfa_serial`. */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /** Replaces the STS AssumeRole call of every role hop (the SDK's option, same arguments). */
  roleAssumer?: (sourceCredentials: AwsCredentialIdentity, params: AssumeRoleParams) => Promise<AwsCredentialIdentity>;
  /** Replaces the STS AssumeRoleWithWebIdentity call (env and profile web identity). */
  roleAssumerWithWebIdentity?: (params: AssumeRoleWithWebIdentityParams) => Promise<AwsCredentialIdentity>;
  /** Web identity step of the chain: the token file instead of AWS_WEB_IDENTITY_TOKEN_FILE. */
  webIdentityTokenFile?: string;
  /** Web identity step of the chain: the role instead of AWS_ROLE_ARN. */
  roleArn?: string;
  /** Web identity step of the chain: the session name instead of AWS_ROLE_SESSION_NAME. */
  roleSessionName?: string;
  /** Web identity step of the chain: AssumeRoleWithWebIdentity's ProviderId, Policy, PolicyArns, DurationSeconds. */
  providerId?: string;
  policy?: string;
  policyArns?: Array<{ arn?: string }>;
  durationSeconds?: number;
  /** Where warnings and debug lines go. */
  logger?: Logger;
  /** Replace any part of the machine (env, files, HTTP, clock…): see Context. */
  context?: Partial<Context>;
  /** A custom ordered list of sources, by name or as objects; defaults to the SPEC order. */
  sources?: ReadonlyArray<SourceName | CredentialSource>;
  /** Re-read the shared config files instead of using this process's cached copy. */
  ignoreCache?: boolean;
  /** Timeout in ms for credential_process (default 30000; the SDK has none). */
  processTimeoutMs?: number;
  /** Explicit SSO (chain step 2). */
  ssoStartUrl?: string;
  ssoAccountId?: string;
  ssoRegion?: string;
  ssoRoleName?: string;
  ssoSession?: string;
}

export interface SourceInput {
  readonly context: Context;
  readonly options: ChainOptions;
  /** options.profile ?? the calling client's profile ?? AWS_PROFILE ?? 'default'. */
  readonly profileName: string;
  /** True when the profile option or AWS_PROFILE chose the profile (env credentials are skipped then, as in the SDK). */
  readonly profileSelected: boolean;
  /** The calling client's config (`{ callerClientConfig }` merged with the parentClientConfig option). */
  readonly caller: Caller;
  /** The shared config and credentials files, read once per resolution (and cached per process). */
  loadConfig(): Promise<SharedConfig>;
  /** Adds a line to this source's trace entry (what it used, a warning…). Never pass a secret. */
  note(text: string): void;
  /** State that outlives one resolution of this provider (IMDS token, last good credentials…). */
  readonly state: Map<string, unknown>;
}

export interface CredentialSource {
  readonly name: string;
  resolve(input: SourceInput): Promise<Credentials>;
}
