// What a credential source is: a name, an optional chain-only skip rule, and one resolve() that
// returns credentials or throws a CredentialsProviderError (absent: the chain moves on; broken: it stops). The
// same resolve() serves the chain and a profile's credential_source; the chain attaches the name.

import type { Caller, CallerClientConfig } from './caller-config.js';
import type { ClientConfig } from './client-config.js';
import type { Context, Logger } from './context.js';
import type { CheckedCredentials, CheckedFields, CredentialFields, Credentials } from './credentials.js';
import type { ParsedConfigCache } from './config/load.js';
import type { SharedConfig } from './config/types.js';
import type { SourceSettings } from './source-settings.js';
import type { ImdsSessionState } from './metadata/imds-client.js';
import type { ProfileSelection } from './profile-selection.js';
import type { LoginTokenState } from './login/session.js';
import type { SsoTokenState } from './sso/token.js';
import type { AssumeRoleParams, AssumeRoleWithWebIdentityParams, AwsCredentialIdentity } from './sts/role-assumer.js';

export type SourceName = 'env' | 'sso' | 'profile' | 'process' | 'web-identity' | 'container' | 'imds';

export type { AssumeRoleParams, AssumeRoleWithWebIdentityParams, AwsCredentialIdentity } from './sts/role-assumer.js';

/**
 * The chain's options: the AWS SDK's fromNodeProviderChain() / defaultProvider options with the same
 * meaning (docs/sdk-drop-in.md), plus credchain's own (`context`, `sources`, `processTimeoutMs`).
 * An unknown name is a TypeError (src/options.ts).
 */
export interface ChainOptions {
  /** Profile to use; otherwise the calling client's, then AWS_PROFILE, then `default`. Selecting one skips env credentials. */
  profile?: string;
  /** The credentials file to read instead of AWS_SHARED_CREDENTIALS_FILE / ~/.aws/credentials. */
  filepath?: string;
  /** The config file to read instead of AWS_CONFIG_FILE / ~/.aws/config. */
  configFilepath?: string;
  /** The config of the clients credchain makes (STS, SSO, sign-in), as the SDK's nested clients take it: src/client-config.ts. */
  clientConfig?: ClientConfig;
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
  /** Web identity step: the session name instead of AWS_ROLE_SESSION_NAME; also names role hops without role_session_name. */
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
  /** A custom ordered list of sources, by name or as objects; defaults to the order of docs/behaviour.md, "The chain". */
  sources?: ReadonlyArray<SourceName | CustomSource>;
  /** Re-read the shared config files instead of using this process's cached copy. */
  ignoreCache?: boolean;
  /** Timeout in ms for credential_process (default 30000; the SDK has none). */
  processTimeoutMs?: number;
  /** The container endpoint (chain step 6, `credential_source = EcsContainer`): each beats its AWS_CONTAINER_* variable, as in the SDK's fromHttp. */
  awsContainerCredentialsRelativeUri?: string;
  awsContainerCredentialsFullUri?: string;
  awsContainerAuthorizationToken?: string;
  awsContainerAuthorizationTokenFile?: string;
  /** Explicit SSO (chain step 2). */
  ssoStartUrl?: string;
  ssoAccountId?: string;
  ssoRegion?: string;
  ssoRoleName?: string;
  ssoSession?: string;
}

/**
 * What a chain's sources keep between resolutions, one object per credentialChain(). Each field
 * belongs to one source and is created by it on first use (so a chain passing by loads nothing).
 */
export interface SourceState {
  /** IMDS: the session (IMDSv2 token or the remembered IMDSv1 fallback) and the last good credentials. */
  imds?: ImdsSessionState;
  imdsLastCredentials?: CheckedFields;
  /** env: the "keys set but a profile wins" warning was given. */
  envAndProfileWarned?: boolean;
  /** The shared-config cache this chain reads through (config/load.ts configCacheFor). */
  configCache?: ParsedConfigCache;
  /** SSO: per sso-session, the access-token refresh (single flight, 30 s throttle). */
  sso?: SsoTokenState;
  /** aws login: per cache file, the session-keys refresh (single flight). */
  login?: LoginTokenState;
}

/** What a custom source (the `sources` option) is given for one resolution. */
export interface CustomSourceInput {
  readonly context: Context;
  /** The selected profile (src/profile-selection.ts). */
  readonly profile: ProfileSelection;
  /** Adds a line to this source's trace entry (what it used, a warning…). Never pass a secret. */
  note(text: string): void;
}

/**
 * A source of your own in the chain's `sources` option: credentials, or a CredentialsProviderError
 * (or any error with the SDK's `tryNextLink: true`) when it is not configured; any other error stops the chain.
 */
export interface CustomSource {
  readonly name: string;
  /** A reason not to consult this source in this chain (the trace says "skipped"). */
  skip?(input: CustomSourceInput): string | undefined;
  resolve(input: CustomSourceInput): Promise<Credentials | CredentialFields>;
}

/** What credchain's own sources are given: the custom input, plus their settings, the caller, the files and the chain's state. */
export interface SourceInput extends CustomSourceInput {
  /** What the provider's options say to each source (src/source-settings.ts): sources never see the options themselves. */
  readonly settings: SourceSettings;
  /** The calling client's config (`{ callerClientConfig }` merged with the parentClientConfig option). */
  readonly caller: Caller;
  /** The shared config and credentials files, read once per resolution (and cached per process). */
  loadConfig(): Promise<SharedConfig>;
  /** This chain's state for its sources. */
  readonly state: SourceState;
}

export interface CredentialSource {
  readonly name: string;
  /**
   * Chain only: a reason not to consult this source in this chain (the trace says "skipped"), e.g. env
   * credentials while a profile is selected. Not applied when a profile's credential_source uses it.
   */
  skip?(input: SourceInput): string | undefined;
  /**
   * Credentials (the chain sets `source` to this source's name), or a CredentialsProviderError. Their
   * accountId was checked where it was read (src/outside-values.ts); a CustomSource's is checked by the chain.
   */
  resolve(input: SourceInput): Promise<CheckedCredentials | CheckedFields>;
}
