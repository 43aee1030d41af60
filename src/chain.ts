// credentialChain(): the ordered sources (first hit wins, a broken source stops the chain), the
// trace of each resolution, and the memoization the MongoDB driver relies on (docs/behaviour.md,
// "The chain" and "Refreshing").

import { callerOf, type Caller, type CallerClientConfig } from './caller-config.js';
import { resolveContext, type Context } from './context.js';
import { makeCredentials, malformedCredentialField, summarizeCredentials, type Credentials } from './credentials.js';
import { checkDriverPackage } from './driver-sdk-note.js';
import { NotConfiguredError, SourceError, labelError, maskKeyId, unexpectedMessage } from './errors.js';
import type { SharedConfig } from './config/types.js';
import { CHAIN_OPTION_NAMES, checkOptionNames } from './options.js';
import { selectProfile } from './profile-selection.js';
import { defaultOrder, sourceByName } from './providers/order.js';
import { Refresher, type Expiring } from './refresh.js';
import type { ChainOptions, CredentialSource, SourceInput, SourceState } from './source.js';

/** Callers get cached credentials at once but a refresh starts when less than this is left. */
export const REFRESH_WINDOW_MS = 5 * 60_000;
/** Credentials with less than this left are treated as expired: a request signed now would race the expiry. */
export const EXPIRY_MARGIN_MS = 10_000;
/** After a failed background refresh, wait this long before trying again in the background. */
export const BACKGROUND_RETRY_MS = 10_000;

export type Outcome = 'skipped' | 'miss' | 'hit' | 'error';

export interface TraceEntry {
  source: string;
  outcome: Outcome;
  /** Why it was skipped or missed, the error message, or what answered. Never a secret. */
  reason: string;
  /** Extra lines the source recorded: what it used, warnings. */
  notes: string[];
  ms: number;
}

export interface Explanation {
  ok: boolean;
  /** The source that answered. */
  source?: string;
  /** Masked: `AKIA…WXYZ`. */
  accessKeyId?: string;
  expiration?: Date;
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

/** No source answered; `trace` says why each one did not. */
export class NoCredentialsError extends Error {
  override readonly name = 'NoCredentialsError';
  constructor(readonly trace: TraceEntry[]) {
    super(formatNoCredentials(trace));
  }
}

function formatNoCredentials(trace: TraceEntry[]): string {
  const width = Math.max(...trace.map((entry) => entry.source.length), 0);
  const lines = trace.map((entry) => `  ${entry.source.padEnd(width)}  ${entry.outcome}: ${entry.reason}`);
  return [
    'No AWS credentials found. Every source was tried, in order:',
    ...lines,
    'Configure one of them (for example set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run `npx credchain explain` to see this table.',
  ].join('\n');
}

export interface Resolution {
  credentials?: Credentials;
  error?: Error;
  trace: TraceEntry[];
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
  // What this chain's sources keep between resolutions (IMDS session, SSO refresh throttle…).
  const state: SourceState = {};
  const credentials = new Refresher<Credentials>(
    { advisoryMs: REFRESH_WINDOW_MS, mandatoryMs: EXPIRY_MARGIN_MS, backoffMs: BACKGROUND_RETRY_MS, advisory: 'background', unusableInBackoff: 'retry' },
    context.now,
  );
  let last: Resolution | undefined;
  // Once per chain, after the first resolution asked for the MongoDB driver's way (no callerClientConfig).
  let driverNote: Promise<string | undefined> | undefined;
  let driverChecked = false;

  // As in the SDK's memoized chain, the call that starts a resolution supplies the caller's config.
  const resolve = async (call?: ProviderCall): Promise<Expiring<Credentials>> => {
    const resolution = await resolveOnce(sources, options, context, state, callerOf(call?.callerClientConfig, options.parentClientConfig));
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

/** One pass down the chain. Never throws: the outcome is in the Resolution. */
export async function resolveOnce(sources: CredentialSource[], options: ChainOptions, context: Context, state: SourceState, caller: Caller): Promise<Resolution> {
  const profile = selectProfile(options.profile, context.env, caller.profile);
  // The caller's logger gets the warnings when neither the logger option nor the context names one.
  if (caller.logger && !options.logger && !options.context?.logger) context = { ...context, logger: caller.logger };
  let config: Promise<SharedConfig> | undefined;
  const loadConfig = (): Promise<SharedConfig> =>
    (config ??= import('./config/load.js').then((m) =>
      m.loadSharedConfig(context, {
        ignoreCache: options.ignoreCache === true,
        cache: (state.configCache ??= m.configCacheFor(context)),
        filepath: options.filepath,
        configFilepath: options.configFilepath,
      }),
    ));

  const trace: TraceEntry[] = [];
  for (const [index, source] of sources.entries()) {
    const notes: string[] = [];
    let diagnosticsNoted = false;
    const input: SourceInput = {
      context,
      options,
      profile,
      caller,
      // The lines the parser ignored go into the trace entry of each source that reads the files.
      loadConfig: async () => {
        const shared = await loadConfig();
        if (!diagnosticsNoted) for (const diagnostic of shared.diagnostics ?? []) notes.push(`ignored: ${diagnostic}`);
        diagnosticsNoted = true;
        return shared;
      },
      note: (text) => notes.push(text),
      state,
    };
    const started = context.now();
    const elapsed = () => Math.max(0, context.now() - started);
    try {
      const skipped = source.skip?.(input);
      if (skipped !== undefined) throw SourceError.absent(skipped, { skipped: true });
      const credentials = makeCredentials({ ...(await source.resolve(input)), source: source.name });
      if (credentials.expiration && credentials.expiration.getTime() <= context.now()) {
        // docs/behaviour.md, "Expiry": expired credentials are never returned, whoever issued them.
        throw SourceError.broken(`answered with credentials that had already expired at ${credentials.expiration.toISOString()}`, {
          fix: "Check this machine's clock, and the endpoint, file or process that issues these credentials",
        });
      }
      const malformed = malformedCredentialField(credentials);
      if (malformed) {
        // Never shown: the value may be a secret. Caught here, once, for every source.
        throw SourceError.broken(`answered credentials whose ${malformed} holds a space, a line break, a control character or a non-ASCII character, which no AWS credential has`, {
          fix: 'Check the file, variable, endpoint or process that supplies these credentials (a hand-edited value often carries a stray line break)',
          code: 'malformed-credentials',
        });
      }
      trace.push({ source: source.name, outcome: 'hit', reason: summarizeCredentials(credentials), notes, ms: elapsed() });
      skipRest(trace, sources, index, `not consulted: ${source.name} answered first`);
      return { credentials, trace };
    } catch (error) {
      const labelled = labelError(error, source.name);
      if (labelled instanceof NotConfiguredError) {
        trace.push({ source: source.name, outcome: labelled.skipped ? 'skipped' : 'miss', reason: labelled.reason, notes, ms: elapsed() });
        continue;
      }
      trace.push({ source: source.name, outcome: 'error', reason: labelled.message, notes, ms: elapsed() });
      skipRest(trace, sources, index, `not consulted: the chain stopped at ${source.name}`);
      return { error: labelled, trace };
    }
  }
  return { error: new NoCredentialsError(trace), trace };
}

function skipRest(trace: TraceEntry[], sources: CredentialSource[], index: number, reason: string): void {
  for (const later of sources.slice(index + 1)) trace.push({ source: later.name, outcome: 'skipped', reason, notes: [], ms: 0 });
}
