// The runner behind the SDK's named providers (fromEnv, fromIni, …): one source, resolved afresh on every
// call (the SDK's named providers are not memoized), with the SDK's `tryNextLink` on what it throws so
// createCredentialChain — credchain's or the SDK's — moves on after "not configured" and stops after "broken".

import { callerOf } from '../caller-config.js';
import { resolveOnce, type ProviderCall } from '../chain.js';
import { resolveContext } from '../context.js';
import type { Credentials } from '../credentials.js';
import { NotConfiguredError } from '../errors.js';
import { checkOptionNames } from '../options.js';
import type { ChainOptions, CredentialSource, SourceState } from '../source.js';

/** A named provider: the SDK's call shape; `providerName` labels it in createCredentialChain's explain(). */
export interface NamedProvider {
  (call?: ProviderCall): Promise<Credentials>;
  readonly providerName: string;
}

/** Marks an error as the SDK's chains read it: `tryNextLink` true means "try the next provider". */
export function withTryNextLink<E extends Error>(error: E, tryNextLink: boolean): E {
  Object.defineProperty(error, 'tryNextLink', { value: tryNextLink, enumerable: false, configurable: true });
  return error;
}

/** Labels a provider function (non-enumerable, so it never shows up in a spread or JSON). */
export function nameProvider<T extends object>(provider: T, providerName: string): T & { readonly providerName: string } {
  return Object.defineProperty(provider, 'providerName', { value: providerName, enumerable: false }) as T & { readonly providerName: string };
}

/**
 * `what` is the SDK function's name (used in errors), `known` the option names it accepts. The options
 * are copied at creation, as the SDK copies them. `source` may be built per call (fromHttp's overlay).
 */
export function singleSourceProvider(
  what: string,
  known: readonly string[],
  init: object | undefined,
  source: CredentialSource,
  allowedClientConfig?: readonly string[],
  unsupported?: Readonly<Record<string, string>>,
): NamedProvider {
  checkOptionNames(init, known, what, unsupported, allowedClientConfig);
  const options = { ...(init as ChainOptions) };
  const context = resolveContext(options.context, options.logger);
  const state: SourceState = {};
  // A named provider is asked by name: the chain's skip rules (env while a profile is selected,
  // AWS_EC2_METADATA_DISABLED…) are the chain's, not its own — as in the SDK.
  const unconditional: CredentialSource = { name: source.name, resolve: (input) => source.resolve(input) };
  const provider = async (call?: ProviderCall): Promise<Credentials> => {
    const resolution = await resolveOnce([unconditional], options, context, state, callerOf(call?.callerClientConfig, options.parentClientConfig));
    if (resolution.credentials) return resolution.credentials;
    const [entry] = resolution.trace;
    if (entry && entry.outcome !== 'error') throw withTryNextLink(new NotConfiguredError(what, entry.reason), true);
    throw withTryNextLink(resolution.error ?? new Error(`${what}: no credentials`), false);
  };
  return nameProvider(provider, what);
}
