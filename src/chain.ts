// The chain: resolveChain(), the one loop over ordered sources (first hit wins, "not configured"
// moves on, anything else stops) with the trace of each resolution — shared by credentialChain(),
// createCredentialChain() and the named providers — and credentialChain(), the memoized chain the
// MongoDB driver relies on (docs/behaviour.md, "The chain" and "Refreshing").

import { callerOf, type Caller, type CallerClientConfig } from './caller-config.js';
import { resolveContext, type Context } from './context.js';
import { makeCredentials, malformedCredentialField, summarizeCredentials, type CheckedCredentials, type CredentialFields, type Credentials } from './credentials.js';
import { checkDriverPackage } from './driver-sdk-note.js';
import { asSourceError, broken, type CredentialsProviderError, maskKeyId, noCredentials, notConfigured, unexpectedMessage, withoutSource } from './errors.js';
import type { SharedConfig } from './config/types.js';
import { readAccountId, type NoteDropped } from './outside-values.js';
import { selectProfile } from './profile-selection.js';
import { configCacheFor } from './shared-config-cache.js';
import { loadSharedConfigOnDemand } from './shared-config-on-demand.js';
import { defaultOrder, sourceByName } from './providers/order.js';
import { Refresher, type Expiring, type RefreshPolicy } from './refresh.js';
import type { ChainOptions, CredentialSource, CustomSource, SourceInput, SourceState } from './source.js';
import { CHAIN_OPTION_NAMES, chainSettings, checkOptionNames, sourceSettings } from './options.js';
import type { SourceSettings } from './source-settings.js';
import type { TraceEntry } from './trace.js';

export type { Outcome, TraceEntry } from './trace.js';

/** Callers get cached credentials at once but a refresh starts when less than this is left. */
export const REFRESH_WINDOW_MS = 5 * 60_000;
/** Credentials with less than this left are treated as expired: a request signed now would race the expiry. */
export const EXPIRY_MARGIN_MS = 10_000;
/** After a failed background refresh, wait this long before trying again in the background. */
export const BACKGROUND_RETRY_MS = 10_000;
/** How the chain's memoized credentials are refreshed (docs/behaviour.md, "Refreshing"). */
export const CHAIN_CREDENTIALS_REFRESH: RefreshPolicy = {
  advisoryMs: REFRESH_WINDOW_MS,
  mandatoryMs: EXPIRY_MARGIN_MS,
  backoffMs: BACKGROUND_RETRY_MS,
  advisory: 'background',
  unusableInBackoff: 'retry',
};

export interface Explanation {
  ok: boolean;
  /** The source that answered. */
  source?: string;
  /** Masked: `AKIA…WXYZ`. */
  accessKeyId?: string;
  expiration?: Date;
  /** Always 12 digits: the chain checks every source's (a string, as Credentials.accountId). */
  accountId?: string;
  /** The error message when no credentials came back. */
  error?: string;
  trace: TraceEntry[];
  /** Remarks on the chain as a whole rather than one source: the MongoDB driver loaded the AWS SDK's package (src/driver-sdk-note.ts). */
  notes?: string[];
}

/** How a provider is called: by the MongoDB driver with nothing, by an AWS SDK client with its config. */
export interface ProviderCall {
  /** Resolve again even when cached credentials are still good. */
  forceRefresh?: boolean;
  /** What an AWS SDK client passes: its region (STS region), profile and logger (docs/sdk-drop-in.md). */
  callerClientConfig?: CallerClientConfig;
}

export interface CredentialProvider {
  (call?: ProviderCall): Promise<Credentials>;
  /** The trace of the last resolution (running one first if none has run yet). */
  explain(options?: { refresh?: boolean }): Promise<Explanation>;
}

export interface Resolution {
  credentials?: CheckedCredentials;
  /** Why there are none: the error that stopped the chain, or the no-credentials error. */
  error?: CredentialsProviderError;
  /** The failure of the last source consulted: as the chain labelled it, and as the source threw it. */
  last?: { error: CredentialsProviderError; thrown: unknown };
  trace: TraceEntry[];
}

/** What one resolution works with besides its sources. */
export interface ResolutionSetup {
  context: Context;
  settings: SourceSettings;
  /** The logger option or the context's logger was given: the calling client's logger does not replace it. */
  loggerGiven: boolean;
  /** What the sources keep between resolutions of one provider. */
  state: SourceState;
  caller: Caller;
}

/**
 * The AWS credential provider chain, memoized. Pass it straight to the MongoDB driver:
 *
 *   new MongoClient(uri, { authMechanismProperties: { AWS_CREDENTIAL_PROVIDER: credentialChain() } })
 */
export function credentialChain(options: ChainOptions = {}): CredentialProvider {
  checkOptionNames(options, CHAIN_OPTION_NAMES, 'credentialChain');
  return memoizedChain(options);
}

/** The chain for options already checked (fromNodeProviderChain checks them under its own name). */
export function memoizedChain(options: ChainOptions): CredentialProvider {
  const context = resolveContext(options.context, options.logger);
  const sources = (options.sources ?? defaultOrder).map((entry) => (typeof entry === 'string' ? sourceByName(entry) : entry));
  // The options, translated once: the sources' settings and the chain's own.
  const settings = sourceSettings(options);
  const { parentClientConfig, loggerGiven } = chainSettings(options);
  // What this chain's sources keep between resolutions (IMDS session, SSO refresh throttle…).
  const state: SourceState = {};
  const credentials = new Refresher<Credentials>(CHAIN_CREDENTIALS_REFRESH, context.now);
  let last: Resolution | undefined;
  // Once per chain, after the first resolution asked for the MongoDB driver's way (no callerClientConfig).
  let driverNote: Promise<string | undefined> | undefined;
  let driverChecked = false;

  // As in the SDK's memoized chain, the call that starts a resolution supplies the caller's config.
  const resolve = async (call?: ProviderCall): Promise<Expiring<Credentials>> => {
    const resolution = await resolveChain(sources, { settings, loggerGiven, context, state, caller: callerOf(call?.callerClientConfig, parentClientConfig) });
    last = resolution;
    if (!driverChecked && call?.callerClientConfig === undefined) {
      driverChecked = true;
      // After the caller has its credentials (a macrotask runs after its continuation): never in its way.
      driverNote = new Promise((done) => setImmediate(() => done(checkDriverPackage(context))));
    }
    if (!resolution.credentials) throw resolution.error;
    const { expiration } = resolution.credentials;
    return expiration ? { value: resolution.credentials, expiresAt: expiration.getTime() } : { value: resolution.credentials };
  };
  const onBackgroundFailure = (error: unknown): void => {
    context.logger.warn?.(
      `credchain: background refresh of credentials failed; still using the current ones until they expire. ${(error as Error)?.message ?? String(error)}`,
    );
  };

  const cachedCall = { onBackgroundFailure };
  const forcedCall = { force: true, onBackgroundFailure };
  const provider = async (call?: ProviderCall): Promise<Credentials> => {
    // The hot path (the MongoDB driver asks on every new connection): fresh credentials, no allocation.
    if (!call?.forceRefresh) return credentials.fresh() ?? credentials.get(() => resolve(call), cachedCall);
    return credentials.get(() => resolve(call), forcedCall);
  };

  provider.explain = async (call?: { refresh?: boolean }): Promise<Explanation> => {
    if (!last || call?.refresh) await credentials.get(() => resolve(), { force: true }).catch(() => undefined);
    const explanation = toExplanation(last!);
    const note = await driverNote;
    if (note) explanation.notes = [note];
    return explanation;
  };

  return provider;
}

export function toExplanation(resolution: Resolution): Explanation {
  const { credentials, error, trace } = resolution;
  if (!credentials) return { ok: false, error: error ? unexpectedMessage(error) : 'unknown error', trace };
  const explanation: Explanation = { ok: true, source: credentials.source, accessKeyId: maskKeyId(credentials.accessKeyId), trace };
  if (credentials.expiration) explanation.expiration = credentials.expiration;
  if (credentials.accountId) explanation.accountId = credentials.accountId;
  return explanation;
}

/**
 * One pass down the sources. Never throws: the outcome is in the Resolution. A source that throws
 * credchain's error is labelled with its name; any other error counts as not configured when it carries
 * the SDK's `tryNextLink`, else as a broken source (src/errors.ts asSourceError).
 */
export async function resolveChain(sources: ReadonlyArray<CredentialSource | CustomSource>, setup: ResolutionSetup): Promise<Resolution> {
  const { settings, state, caller } = setup;
  const { files } = settings;
  let { context } = setup;
  const profile = selectProfile(files.profile, context.env, caller.profile);
  // The caller's logger gets the warnings when neither the logger option nor the context names one.
  if (caller.logger && !setup.loggerGiven) context = { ...context, logger: caller.logger };
  let config: Promise<SharedConfig> | undefined;
  const loadConfig = (): Promise<SharedConfig> => (config ??= loadSharedConfigOnDemand(context, files, (state.configCache ??= configCacheFor(context))));

  const trace: TraceEntry[] = [];
  let last: Resolution['last'];
  // The lines the parser ignored are told once per resolution: in the trace entry of the first source that reads the files.
  let diagnosticsNoted = false;
  for (const [index, source] of sources.entries()) {
    const notes: string[] = [];
    const input: SourceInput = {
      context,
      settings,
      profile,
      caller,
      loadConfig: async () => {
        const shared = await loadConfig();
        if (!diagnosticsNoted) for (const diagnostic of shared.diagnostics ?? []) notes.push(`ignored: ${diagnostic}`);
        diagnosticsNoted = true;
        return shared;
      },
      // Once per entry: a note made again (on a retry, by a second step reading the same setting) adds nothing.
      note: (text) => void (notes.includes(text) || notes.push(text)),
      state,
    };
    const started = context.now();
    const elapsed = () => Math.max(0, context.now() - started);
    try {
      const skipped = source.skip?.(input);
      if (skipped !== undefined) throw notConfigured(skipped, { skipped: true });
      const credentials = checked(await source.resolve(input), source.name, context, input.note);
      trace.push(hitEntry(source.name, credentials, notes, elapsed()));
      skipRest(trace, sources, index, `not consulted: ${source.name} answered first`);
      return { credentials, trace };
    } catch (thrown) {
      const error = asSourceError(thrown, source.name);
      last = { error, thrown };
      if (error.tryNextLink) {
        trace.push({ source: source.name, outcome: error.skipped ? 'skipped' : 'miss', reason: withoutSource(error), notes, ms: elapsed() });
        continue;
      }
      trace.push({ source: source.name, outcome: 'error', reason: error.message, notes, ms: elapsed() });
      skipRest(trace, sources, index, `not consulted: the chain stopped at ${source.name}`);
      return { error, last, trace };
    }
  }
  return { error: noCredentials(trace), ...(last ? { last } : {}), trace };
}

/**
 * What a source answered as credentials that print safely, named after the source unless they name
 * their own (a named provider's, passed to createCredentialChain). Expired or malformed ones are
 * refused here, once, for every source; an accountId that is not 12 digits is dropped with a note
 * (a custom source, a provider passed to createCredentialChain or plain JavaScript may hand back any
 * value; credchain's own sources checked theirs where they read it, so for them this finds nothing).
 */
function checked(fields: CredentialFields | Credentials, name: string, context: Context, note: NoteDropped): CheckedCredentials {
  const own = (fields as Partial<Credentials>).source;
  const accountId = readAccountId(fields.accountId, 'the accountId this source returned', note);
  const credentials = makeCredentials({ ...fields, accountId, source: typeof own === 'string' ? own : name });
  if (credentials.expiration && credentials.expiration.getTime() <= context.now()) {
    // docs/behaviour.md, "Expiry": expired credentials are never returned, whoever issued them.
    throw broken(`answered with credentials that had already expired at ${credentials.expiration.toISOString()}`, {
      fix: "Check this machine's clock, and the endpoint, file or process that issues these credentials",
    });
  }
  const malformed = malformedCredentialField(credentials);
  if (malformed) {
    // Never shown: the value may be a secret.
    throw broken(`answered credentials whose ${malformed} holds a space, a line break, a control character or a non-ASCII character, which no AWS credential has`, {
      fix: 'Check the file, variable, endpoint or process that supplies these credentials (a hand-edited value often carries a stray line break)',
      code: 'malformed-credentials',
    });
  }
  return credentials;
}

/**
 * A hit's trace entry. Its reason (the masked key id, the expiry as ISO text — the process's first
 * Date#toISOString costs ~0.7 ms) is written when someone reads it: explain(), the CLI, an error; the
 * MongoDB driver, which only wants the credentials, never does.
 */
function hitEntry(source: string, credentials: Credentials, notes: string[], ms: number): TraceEntry {
  let reason: string | undefined;
  return {
    source,
    outcome: 'hit',
    get reason(): string {
      return (reason ??= summarizeCredentials(credentials));
    },
    notes,
    ms,
  };
}

function skipRest(trace: TraceEntry[], sources: ReadonlyArray<CredentialSource | CustomSource>, index: number, reason: string): void {
  for (const later of sources.slice(index + 1)) trace.push({ source: later.name, outcome: 'skipped', reason, notes: [], ms: 0 });
}
