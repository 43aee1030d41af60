// The runner behind the SDK's named providers (fromEnv, fromIni, …): one source, resolved afresh on every
// call (the SDK's named providers are not memoized) through the chain's loop, as a chain of one. What it
// throws is credchain's CredentialsProviderError, labelled with the provider's SDK name, whose
// `tryNextLink` lets createCredentialChain — credchain's or the SDK's — move on after "not configured"
// and stop after "broken".

import { callerOf } from '../caller-config.js';
import { resolveChain, type ProviderCall } from '../chain.js';
import { resolveContext } from '../context.js';
import type { Credentials } from '../credentials.js';
import { checkOptionNames } from '../options.js';
import type { ChainOptions, CredentialSource, SourceState } from '../source.js';
import { chainSettings, sourceSettings } from '../options.js';

/** A named provider: the SDK's call shape; `providerName` labels it in createCredentialChain's explain(). */
export interface NamedProvider {
  (call?: ProviderCall): Promise<Credentials>;
  readonly providerName: string;
}

export interface SingleSourceProvider {
  /** The SDK function's name: it labels the provider's errors and its line in createCredentialChain's trace. */
  name: string;
  /** The option names it accepts (an unknown one is a TypeError naming the closest). */
  optionNames: readonly string[];
  /** The caller's options, copied at creation as the SDK copies them. */
  init: object | undefined;
  /** What answers; its chain-only skip rule is not applied (asked by name, a source is always consulted). */
  source: CredentialSource;
  /** The clientConfig keys it accepts (default: region). */
  clientConfigNames?: readonly string[];
  /** SDK options it refuses, with the reason (default: the chain's list). */
  unsupported?: Readonly<Record<string, string>>;
}

export function singleSourceProvider({ name, optionNames, init, source, clientConfigNames, unsupported }: SingleSourceProvider): NamedProvider {
  checkOptionNames(init, optionNames, name, unsupported, clientConfigNames);
  const options = { ...(init as ChainOptions) };
  const context = resolveContext(options.context, options.logger);
  const given = sourceSettings(options);
  const { parentClientConfig, loggerGiven } = chainSettings(options);
  const state: SourceState = {};
  // A named provider is asked by name: the chain's skip rules (env while a profile is selected,
  // AWS_EC2_METADATA_DISABLED…) are the chain's, not its own — as in the SDK.
  const sources: CredentialSource[] = [{ name, resolve: async (input) => ({ ...(await source.resolve(input)), source: source.name }) }];
  const provider = async (call?: ProviderCall): Promise<Credentials> => {
    const resolution = await resolveChain(sources, { settings: given, loggerGiven, context, state, caller: callerOf(call?.callerClientConfig, parentClientConfig) });
    if (resolution.credentials) return resolution.credentials;
    throw resolution.last?.error ?? resolution.error;
  };
  // Non-enumerable, so it never shows up in a spread or JSON.
  return Object.defineProperty(provider, 'providerName', { value: name, enumerable: false }) as NamedProvider;
}
