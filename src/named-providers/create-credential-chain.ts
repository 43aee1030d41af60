// createCredentialChain(...providers): the SDK's custom chain — providers in order, the next one tried only
// when an error says `tryNextLink` (credchain's "not configured"), `.expireAfter(ms)` for credentials that
// carry no expiration — plus explain(), the trace of the last run. Not memoized, as in the SDK. The
// providers run through the chain's own loop (src/chain.ts resolveChain), each as a source of one call.
//
//   const credentials = createCredentialChain(fromEnv(), fromIni({ profile: 'app' })).expireAfter(15 * 60_000);

import { forwardedCall, NO_CALLER, type ForwardedCall } from '../caller-config.js';
import { resolveChain, toExplanation, type Explanation, type ProviderCall, type Resolution } from '../chain.js';
import { defaultContext } from '../context.js';
import type { Credentials } from '../credentials.js';
import { broken } from '../errors.js';
import type { CustomSource } from '../source.js';
import { sourceSettings } from '../options.js';
import type { SourceSettings } from '../source-settings.js';

/**
 * A provider as the SDK's chains take it: called with the call argument in the SDK's form (ForwardedCall,
 * which the SDK's providers are typed for, and credchain's take too), resolves to credentials.
 */
export type AnyCredentialProvider = (call?: ForwardedCall) => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>;

export interface CredentialChain {
  (call?: ProviderCall): Promise<Credentials>;
  /** Credentials without an expiration get one this far ahead (at least 5 minutes), so callers refresh them. */
  expireAfter(milliseconds: number): CredentialChain;
  /** The trace of the last run (running one first if none has run yet). */
  explain(): Promise<Explanation>;
}

const MINIMUM_EXPIRE_AFTER_MS = 5 * 60_000;
/** The providers bring their own settings: the loop gets none (made on the first run, not at `import 'credchain'`). */
let noSettings: SourceSettings | undefined;

export function createCredentialChain(...providers: AnyCredentialProvider[]): CredentialChain {
  const bad = providers.findIndex((provider) => typeof provider !== 'function');
  if (bad !== -1) throw new TypeError(`credchain: createCredentialChain: argument ${bad + 1} is not a credentials provider function`);
  const context = defaultContext();
  let expireAfter: number | undefined;
  let last: Resolution | undefined;

  const run = async (call?: ProviderCall): Promise<Credentials> => {
    const forwarded = forwardedCall(call);
    if (providers.length === 0) {
      const error = broken('createCredentialChain() was given no providers', { fix: 'Pass the providers to try, in order' });
      last = { error, trace: [] };
      throw error;
    }
    const sources = providers.map((provider, index): CustomSource => ({
      name: labelOf(provider, index),
      resolve: async () => {
        const credentials = await provider(forwarded);
        if (credentials?.expiration || expireAfter === undefined) return credentials;
        return { ...credentials, expiration: new Date(context.now() + expireAfter) };
      },
    }));
    last = await resolveChain(sources, { context, settings: (noSettings ??= sourceSettings({})), loggerGiven: false, state: {}, caller: NO_CALLER });
    if (last.credentials) return last.credentials;
    // As the SDK's chain: the last provider's error as that provider threw it.
    throw last.last?.thrown ?? last.error;
  };

  const chain = Object.assign(run, {
    expireAfter(milliseconds: number): CredentialChain {
      if (!(milliseconds >= MINIMUM_EXPIRE_AFTER_MS)) {
        throw new Error('credchain: createCredentialChain(...).expireAfter(ms) may not be called with a duration lower than five minutes.');
      }
      expireAfter = milliseconds;
      return chain;
    },
    async explain(): Promise<Explanation> {
      if (!last) await run().catch(() => undefined);
      return toExplanation(last!);
    },
  });
  return chain;
}

/** credchain's named providers carry their SDK name; anything else its function name or its position. */
function labelOf(provider: AnyCredentialProvider, index: number): string {
  const named = (provider as { providerName?: unknown }).providerName;
  if (typeof named === 'string') return named;
  return provider.name && provider.name !== 'provider' ? provider.name : `provider ${index + 1}`;
}
