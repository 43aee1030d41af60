// Which profile a resolution uses (docs/behaviour.md, "Choosing the profile"): the profile option,
// else the calling SDK client's profile (`{ callerClientConfig }`), else AWS_PROFILE, else `default`. The one place for this rule: the chain, whoami and atlas-check
// all ask here.

import { notConfigured, type CredentialsProviderError } from './errors.js';

export interface ProfileSelection {
  name: string;
  /** True when a profile was chosen explicitly (option or AWS_PROFILE): env credentials are then skipped. */
  selected: boolean;
  /** What chose it, for messages. */
  from: 'option' | 'caller' | 'AWS_PROFILE' | 'default';
}

/**
 * As the SDK: the caller's profile picks the profile of the profile, process and SSO sources, but only
 * the option and AWS_PROFILE make env credentials step aside (its env step reads neither the caller's).
 */
export function selectProfile(option: string | undefined, env: Record<string, string | undefined>, callerProfile?: string): ProfileSelection {
  if (option) return { name: option, selected: true, from: 'option' };
  if (callerProfile) return { name: callerProfile, selected: Boolean(env.AWS_PROFILE), from: 'caller' };
  if (env.AWS_PROFILE) return { name: env.AWS_PROFILE, selected: true, from: 'AWS_PROFILE' };
  return { name: 'default', selected: false, from: 'default' };
}

/**
 * What chose the profile by name, for messages (a missing one stops the chain: a typo must not become
 * another identity); undefined for the implicit `default`.
 */
export function selectedBy(selection: ProfileSelection): 'the profile option' | "the calling client's profile" | 'AWS_PROFILE' | undefined {
  switch (selection.from) {
    case 'option':
      return 'the profile option';
    case 'caller':
      return "the calling client's profile";
    case 'AWS_PROFILE':
      return 'AWS_PROFILE';
    case 'default':
      return undefined;
  }
}

/** The two shared files a resolution read (SharedConfig, ConfigLocations). */
interface SharedFiles {
  configFile: string;
  credentialsFile: string;
}

/** The shared files, as messages name them. */
export function filesSearched(config: SharedFiles): string {
  const { configFile, credentialsFile } = config;
  return configFile || credentialsFile ? `${configFile} or ${credentialsFile}` : 'the shared config files';
}

/**
 * The profile is in neither file: not configured, said the same way by every source that reads it
 * (profile, process, fromSSO) — and by the chain itself for the implicit `default` (providers/order.ts).
 */
export function profileNotInFiles(config: SharedFiles, name: string): CredentialsProviderError {
  return notConfigured(`profile "${name}" is not in ${filesSearched(config)}`);
}

/**
 * The same for the process source, which comes right after the profile source in the chain: the
 * profile row just said where it looked, this one only says what it means here.
 */
export function processProfileMissing(name: string): CredentialsProviderError {
  return notConfigured(`no credential_process (no profile "${name}")`);
}
