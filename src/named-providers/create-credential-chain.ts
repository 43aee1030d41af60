// createCredentialChain(...providers): the SDK's custom chain — providers in order, the next one tried only
// when an error says `tryNextLink` (credchain's "not configured"), `.expireAfter(ms)` for credentials that
// carry no expiration — plus explain(), the trace of the last run. Not memoized, as in the SDK.
//
//   const credentials = createCredentialChain(fromEnv(), fromIni({ profile: 'app' })).expireAfter(15 * 60_000);

import { toExplanation, type Explanation, type ProviderCall, type TraceEntry } from '../chain.js';
import { defaultContext } from '../context.js';
import { makeCredentials, summarizeCredentials, type Credentials } from '../credentials.js';
import { unexpectedMessage } from '../errors.js';
import { readAccountId, type NoteDropped } from '../outside-values.js';
import { withTryNextLink } from './single-source.js';

/** A provider as the SDK's chains take it: called with the call argument, resolves to credentials. */
export type AnyCredentialProvider = (call?: ProviderCall) => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>;

export interface CredentialChain {
  (call?: ProviderCall): Promise<Credentials>;
  /** Credentials without an expiration get one this far ahead (at least 5 minutes), so callers refresh them. */
  expireAfter(milliseconds: number): CredentialChain;
  /** The trace of the last run (running one first if none has run yet). */
  explain(): Promise<Explanation>;
}

const MINIMUM_EXPIRE_AFTER_MS = 5 * 60_000;

export function createCredentialChain(...providers: AnyCredentialProvider[]): CredentialChain {
  const bad = providers.findIndex((provider) => typeof provider !== 'function');
  if (bad !== -1) throw new TypeError(`credchain: createCredentialChain: argument ${bad + 1} is not a credentials provider function`);
  const clock = defaultContext();
  let expireAfter: number | undefined;
  let last: { credentials?: Credentials; error?: Error; trace: TraceEntry[] } | undefined;

  const run = async (call?: ProviderCall): Promise<Credentials> => {
    const trace: TraceEntry[] = [];
    last = { trace };
    if (providers.length === 0) throw (last.error = withTryNextLink(new Error('credchain: createCredentialChain() was given no providers'), false));
    let lastError: Error | undefined;
    for (const [index, provider] of providers.entries()) {
      const source = labelOf(provider, index);
      const started = clock.now();
      try {
        const notes: string[] = [];
        const credentials = toCredentials(await provider(call), source, expireAfter === undefined ? undefined : clock.now() + expireAfter, (text) => notes.push(text));
        trace.push({ source, outcome: 'hit', reason: summarizeCredentials(credentials), notes, ms: clock.now() - started });
        for (const [offset, later] of providers.slice(index + 1).entries()) trace.push({ source: labelOf(later, index + 1 + offset), outcome: 'skipped', reason: `not consulted: ${source} answered first`, notes: [], ms: 0 });
        last.credentials = credentials;
        return credentials;
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        const next = (failure as { tryNextLink?: unknown }).tryNextLink === true;
        trace.push({ source, outcome: next ? 'miss' : 'error', reason: unexpectedMessage(failure), notes: [], ms: clock.now() - started });
        lastError = failure;
        if (!next) break;
      }
    }
    last.error = lastError;
    throw lastError;
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

/** A copy that prints safely; the expiration from expireAfter when the provider gave none; an accountId only when it is 12 digits. */
function toCredentials(value: Awaited<ReturnType<AnyCredentialProvider>>, source: string, expiresAt: number | undefined, note: NoteDropped): Credentials {
  const fields = value as Credentials;
  const expiration = fields.expiration ?? (expiresAt === undefined ? undefined : new Date(expiresAt));
  // Any provider may answer here (the SDK's pass AWS_ACCOUNT_ID on unchecked): checked as credchain's own sources are.
  const accountId = readAccountId((value as { accountId?: unknown }).accountId, 'the accountId this provider returned', note);
  return makeCredentials({ ...fields, accountId, source: typeof fields.source === 'string' ? fields.source : source, expiration });
}
