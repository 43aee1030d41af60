// What a credential source is: a name and one resolve() that either returns credentials, throws
// NotConfiguredError (the chain moves on) or throws BrokenSourceError (the chain stops).

import type { Context, Logger } from './context.js';
import type { Credentials } from './credentials.js';
import type { SharedConfig } from './config/types.js';

export type SourceName = 'env' | 'sso' | 'profile' | 'process' | 'web-identity' | 'container' | 'imds';

export interface ChainOptions {
  /** Profile to use; otherwise AWS_PROFILE, then `default`. Selecting one skips env credentials. */
  profile?: string;
  /** Region for STS (and, where it applies, SSO): beats AWS_REGION and the profile's `region`. */
  clientConfig?: { region?: string };
  /** Per-request timeout in ms for the container and IMDS endpoints (default 1000). */
  timeout?: number;
  /** Retries for the container and IMDS endpoints (default 3). */
  maxRetries?: number;
  /** Asked for an MFA code when a profile has `mfa_serial`. */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
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
  /** Session name for AssumeRole / AssumeRoleWithWebIdentity when none is configured. */
  roleSessionName?: string;
}

export interface SourceInput {
  readonly context: Context;
  readonly options: ChainOptions;
  /** options.profile ?? AWS_PROFILE ?? 'default'. */
  readonly profileName: string;
  /** True when a profile was chosen explicitly (option or AWS_PROFILE). */
  readonly profileSelected: boolean;
  /** The shared config and credentials files, read once per resolution (and cached per process). */
  loadConfig(): Promise<SharedConfig>;
  /** Adds a line to this source's trace entry (what it used, a warning…). Never pass a secret. */
  note(text: string): void;
  /** State that outlives one resolution of this provider (IMDS token, last good credentials…). */
  readonly state: Map<string, unknown>;
}

/** What chose the profile, for messages: 'the profile option' or 'AWS_PROFILE'; undefined for the implicit default. */
export function profileSelectedBy(input: Pick<SourceInput, 'options' | 'profileSelected'>): string | undefined {
  if (!input.profileSelected) return undefined;
  return input.options.profile ? 'the profile option' : 'AWS_PROFILE';
}

export interface CredentialSource {
  readonly name: string;
  resolve(input: SourceInput): Promise<Credentials>;
}
