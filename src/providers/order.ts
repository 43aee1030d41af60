// The default order of the chain (docs/behaviour.md, "The chain") and the chain-only rules for
// skipping a step. Each source is loaded only when the chain consults it and it may be configured, so
// a cold start pays for the sources that can answer and nothing else. A new source: one file in
// src/providers/ exporting `source`, plus one line here.

import { notConfigured, type CredentialsProviderError } from '../errors.js';
import { imdsDisabledBy } from '../imds-disabled.js';
import { processProfileMissing, profileNotInFiles, selectedBy } from '../profile-selection.js';
import { containerUnsetReason, containerUris, ssoOptionsGiven, webIdentityUnsetReason } from '../source-settings.js';
import type { SharedConfig } from '../config/types.js';
import type { CredentialSource, SourceInput, SourceName } from '../source.js';
// Static, not lazy: env is consulted first on every resolution, so loading it separately only adds a file.
import { source as env } from './env.js';

type SkipRule = (input: SourceInput) => string | undefined;
/**
 * The "not configured" a source would answer, told from the settings, the environment and the shared
 * files alone — the same error, through the same function — so a chain passing by never loads its code.
 * Unlike a skip rule it holds wherever the source is used (a named provider asks through it too).
 */
type Decline = (input: SourceInput) => CredentialsProviderError | undefined | Promise<CredentialsProviderError | undefined>;

function lazy(name: SourceName, load: () => Promise<{ source: CredentialSource }>, rules: { skip?: SkipRule; decline?: Decline } = {}): CredentialSource {
  const { skip, decline } = rules;
  return {
    name,
    ...(skip ? { skip } : {}),
    resolve: async (input) => {
      const declined = await decline?.(input);
      if (declined) throw declined;
      return (await load()).source.resolve(input);
    },
  };
}

/**
 * The implicit `default` profile is in neither file (on a machine with no ~/.aws files, always): what
 * the profile and process sources say (`missing`). A profile chosen by name is theirs to report
 * (closest names).
 */
function declineWithoutDefaultProfile(missing: (config: SharedConfig, name: string) => CredentialsProviderError): Decline {
  return async (input) => {
    if (selectedBy(input.profile) !== undefined) return undefined;
    const config = await input.loadConfig();
    return config.profiles[input.profile.name] ? undefined : missing(config, input.profile.name);
  };
}

const declineWithoutWebIdentity: Decline = ({ settings, context }) => {
  const reason = webIdentityUnsetReason(settings.webIdentity, context.env);
  return reason === undefined ? undefined : notConfigured(reason);
};

const declineWithoutContainerUri: Decline = ({ settings, context }) => {
  const reason = containerUnsetReason(settings.container, context.env);
  return reason === undefined ? undefined : notConfigured(reason);
};

/** Step 2 is for the explicit sso* options only; a profile's SSO settings are the profile step's (its row says so). */
const skipSsoWithoutOptions: SkipRule = ({ settings }) => (ssoOptionsGiven(settings.sso) ? undefined : 'only for SSO options in code (an SSO profile resolves under profile)');

/**
 * As the SDK's default chain: container credentials or AWS_EC2_METADATA_DISABLED skip IMDS (a credential_source
 * does not). The container options count as their variables (the SDK consults its container step for the
 * variables only, and then uses the options: docs/sdk-drop-in.md).
 */
const skipImds: SkipRule = ({ context, settings }) => {
  const env = context.env;
  const { relative, full } = containerUris(settings.container, env);
  const container = [relative, full].find((setting) => setting?.value);
  if (container) return `container credentials are configured (${container.from}), so IMDS is not used`;
  const disabled = imdsDisabledBy(env);
  return disabled ? `AWS_EC2_METADATA_DISABLED is set (to "${disabled}")` : undefined;
};

export const defaultOrder: readonly CredentialSource[] = [
  env,
  lazy('sso', () => import('./sso.js'), { skip: skipSsoWithoutOptions }),
  lazy('profile', () => import('./profile.js'), { decline: declineWithoutDefaultProfile(profileNotInFiles) }),
  lazy('process', () => import('./process.js'), { decline: declineWithoutDefaultProfile((_config, name) => processProfileMissing(name)) }),
  lazy('web-identity', () => import('./web-identity.js'), { decline: declineWithoutWebIdentity }),
  lazy('container', () => import('./container.js'), { decline: declineWithoutContainerUri }),
  lazy('imds', () => import('./imds.js'), { skip: skipImds }),
];

export function sourceByName(name: SourceName): CredentialSource {
  const found = defaultOrder.find((source) => source.name === name);
  if (!found) throw new TypeError(`credchain: unknown source "${name}"; known sources: ${defaultOrder.map((s) => s.name).join(', ')}`);
  return found;
}
