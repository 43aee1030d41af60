// createCredentialChain's run: the providers in order through the chain's loop (src/chain.ts
// resolveChain), each as a source of one call. Loaded on the chain's first run, not at `import 'credchain'`.

import { forwardedCall, NO_CALLER, type ForwardedCall } from '../../caller-config.js';
import { resolveChain, type ProviderCall, type Resolution } from '../../chain.js';
import type { Context } from '../../context.js';
import { broken } from '../../errors.js';
import { sourceSettings } from '../../options.js';
import type { CustomSource } from '../../source.js';
import type { SourceSettings } from '../../source-settings.js';

/** A provider as createCredentialChain takes it (its AnyCredentialProvider, stated here so this file imports nothing back). */
type AnyCredentialProvider = (call?: ForwardedCall) => ReturnType<CustomSource['resolve']>;
/** The providers bring their own settings: the loop gets none (made on the first run). */
let noSettings: SourceSettings | undefined;

/** One run of `providers`: the resolution (credentials, or the error to throw, and the trace). */
/** `expireAfter` gives the chain's .expireAfter(ms) when a provider's credentials come back (undefined: not set). */
export async function runCredentialChain(
  providers: readonly AnyCredentialProvider[],
  context: Context,
  expireAfter: () => number | undefined,
  call?: ProviderCall,
): Promise<Resolution> {
  const forwarded = forwardedCall(call);
  if (providers.length === 0) {
    return { error: broken('createCredentialChain() was given no providers', { fix: 'Pass the providers to try, in order' }), trace: [] };
  }
  const sources = providers.map((provider, index): CustomSource => ({
    name: labelOf(provider, index),
    resolve: async () => {
      const credentials = await provider(forwarded);
      const afterMs = expireAfter();
      if (credentials?.expiration || afterMs === undefined) return credentials;
      return { ...credentials, expiration: new Date(context.now() + afterMs) };
    },
  }));
  return resolveChain(sources, { context, settings: (noSettings ??= sourceSettings({})), loggerGiven: false, state: {}, caller: NO_CALLER });
}

/** credchain's named providers carry their SDK name; anything else its function name or its position. */
function labelOf(provider: AnyCredentialProvider, index: number): string {
  const named = (provider as { providerName?: unknown }).providerName;
  if (typeof named === 'string') return named;
  return provider.name && provider.name !== 'provider' ? provider.name : `provider ${index + 1}`;
}
