// The default order of the chain (docs/behaviour.md, "The chain") and the chain-only rules for
// skipping a step. Each source is loaded only when the chain consults it, so a cold start pays for
// the sources it consults and nothing else. A new source: one file in src/providers/ exporting
// `source`, plus one line here.

import { imdsDisabledBy } from '../imds-disabled.js';
import { settingOrEnv, ssoOptionsGiven } from '../source-settings.js';
import type { CredentialSource, SourceInput, SourceName } from '../source.js';
// Static, not lazy: env is consulted first on every resolution, so loading it separately only adds a file.
import { source as env } from './env.js';

type SkipRule = (input: SourceInput) => string | undefined;

function lazy(name: SourceName, load: () => Promise<{ source: CredentialSource }>, skip?: SkipRule): CredentialSource {
  return { name, ...(skip ? { skip } : {}), resolve: async (input) => (await load()).source.resolve(input) };
}

/** Step 2 is for the explicit sso* options only; a profile's SSO settings are the profile step's (its row says so). */
const skipSsoWithoutOptions: SkipRule = ({ settings }) => (ssoOptionsGiven(settings.sso) ? undefined : 'only for SSO options in code (an SSO profile resolves under profile)');

/**
 * As the SDK's default chain: container credentials or AWS_EC2_METADATA_DISABLED skip IMDS (a credential_source
 * does not). The container options count as their variables (the SDK consults its container step for the
 * variables only, and then uses the options: docs/sdk-drop-in.md).
 */
const skipImds: SkipRule = ({ context, settings }) => {
  const env = context.env;
  const { relativeUri, fullUri } = settings.container;
  const container = [settingOrEnv(relativeUri, env, 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'), settingOrEnv(fullUri, env, 'AWS_CONTAINER_CREDENTIALS_FULL_URI')].find((setting) => setting?.value);
  if (container) return `container credentials are configured (${container.from}), so IMDS is not used`;
  const disabled = imdsDisabledBy(env);
  return disabled ? `AWS_EC2_METADATA_DISABLED is set (to "${disabled}")` : undefined;
};

export const defaultOrder: readonly CredentialSource[] = [
  env,
  lazy('sso', () => import('./sso.js'), skipSsoWithoutOptions),
  lazy('profile', () => import('./profile.js')),
  lazy('process', () => import('./process.js')),
  lazy('web-identity', () => import('./web-identity.js')),
  lazy('container', () => import('./container.js')),
  lazy('imds', () => import('./imds.js'), skipImds),
];

export function sourceByName(name: SourceName): CredentialSource {
  const found = defaultOrder.find((source) => source.name === name);
  if (!found) throw new TypeError(`credchain: unknown source "${name}"; known sources: ${defaultOrder.map((s) => s.name).join(', ')}`);
  return found;
}
