// credentialChain(): the ordered sources (first hit wins, a broken source stops the chain), the
// trace of each resolution, and the memoization the MongoDB driver relies on (SPEC §1, §11).

import { resolveContext, type Context } from './context.js';
import { malformedCredentialField, summarizeCredentials, type Credentials } from './credentials.js';
import { BrokenSourceError, NotConfiguredError, maskKeyId } from './errors.js';
import type { SharedConfig } from './config/types.js';
import { defaultOrder, sourceByName } from './providers/order.js';
import type { ChainOptions, CredentialSource, SourceInput } from './source.js';

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
}

export interface CredentialProvider {
  (options?: { forceRefresh?: boolean }): Promise<Credentials>;
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

interface Resolution {
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
  const context = resolveContext(options.context, options.logger);
  const sources = (options.sources ?? defaultOrder).map((entry) => (typeof entry === 'string' ? sourceByName(entry) : entry));
  const state = new Map<string, unknown>();

  let cached: Credentials | undefined;
  let inflight: Promise<Credentials> | undefined;
  let last: Resolution | undefined;
  let backgroundFailedAt: number | undefined;

  const fetchShared = (): Promise<Credentials> => {
    inflight ??= resolveOnce(sources, options, context, state)
      .then((resolution) => {
        last = resolution;
        if (!resolution.credentials) throw resolution.error;
        cached = resolution.credentials;
        backgroundFailedAt = undefined;
        return resolution.credentials;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };

  const refreshInBackground = (): void => {
    if (inflight) return;
    if (backgroundFailedAt !== undefined && context.now() - backgroundFailedAt < BACKGROUND_RETRY_MS) return;
    fetchShared().catch((error: Error) => {
      backgroundFailedAt = context.now();
      context.logger.warn?.(
        `credchain: background refresh of credentials failed; still using the current ones until they expire. ${error.message}`,
      );
    });
  };

  const provider = async (call?: { forceRefresh?: boolean }): Promise<Credentials> => {
    if (cached && !call?.forceRefresh) {
      if (!cached.expiration) return cached;
      const left = cached.expiration.getTime() - context.now();
      if (left > REFRESH_WINDOW_MS) return cached;
      if (left > EXPIRY_MARGIN_MS) {
        refreshInBackground();
        return cached;
      }
    }
    return fetchShared();
  };

  provider.explain = async (call?: { refresh?: boolean }): Promise<Explanation> => {
    if (!last || call?.refresh) await fetchShared().catch(() => undefined);
    return toExplanation(last!);
  };

  return provider;
}

function toExplanation(resolution: Resolution): Explanation {
  const { credentials, error, trace } = resolution;
  if (!credentials) return { ok: false, error: error?.message ?? 'unknown error', trace };
  const explanation: Explanation = { ok: true, source: credentials.source, accessKeyId: maskKeyId(credentials.accessKeyId), trace };
  if (credentials.expiration) explanation.expiration = credentials.expiration;
  if (credentials.accountId) explanation.accountId = credentials.accountId;
  return explanation;
}

/** One pass down the chain. Never throws: the outcome is in the Resolution. */
async function resolveOnce(
  sources: CredentialSource[],
  options: ChainOptions,
  context: Context,
  state: Map<string, unknown>,
): Promise<Resolution> {
  const explicitProfile = options.profile || context.env.AWS_PROFILE || undefined;
  let config: Promise<SharedConfig> | undefined;
  const loadConfig = (): Promise<SharedConfig> =>
    (config ??= import('./config/load.js').then((m) => m.loadSharedConfig(context, { ignoreCache: options.ignoreCache === true })));

  const trace: TraceEntry[] = [];
  for (const [index, source] of sources.entries()) {
    const notes: string[] = [];
    const input: SourceInput = {
      context,
      options,
      profileName: explicitProfile ?? 'default',
      profileSelected: explicitProfile !== undefined,
      loadConfig,
      note: (text) => notes.push(text),
      state,
    };
    const started = context.now();
    const elapsed = () => Math.max(0, context.now() - started);
    try {
      const credentials = await source.resolve(input);
      if (credentials.expiration && credentials.expiration.getTime() <= context.now()) {
        // SPEC §11: expired credentials are never returned, whoever issued them.
        throw new BrokenSourceError(source.name, `answered with credentials that had already expired at ${credentials.expiration.toISOString()}`, {
          fix: "Check this machine's clock, and the endpoint, file or process that issues these credentials",
        });
      }
      const malformed = malformedCredentialField(credentials);
      if (malformed) {
        // Never shown: the value may be a secret. Caught here, once, for every source.
        throw new BrokenSourceError(source.name, `answered credentials whose ${malformed} holds a space, a line break, a control character or a non-ASCII character, which no AWS credential has`, {
          fix: 'Check the file, variable, endpoint or process that supplies these credentials (a hand-edited value often carries a stray line break)',
          code: 'malformed-credentials',
        });
      }
      trace.push({ source: source.name, outcome: 'hit', reason: summarizeCredentials(credentials), notes, ms: elapsed() });
      skipRest(trace, sources, index, `not consulted: ${source.name} answered first`);
      return { credentials, trace };
    } catch (error) {
      if (error instanceof NotConfiguredError) {
        trace.push({ source: source.name, outcome: error.skipped ? 'skipped' : 'miss', reason: error.reason, notes, ms: elapsed() });
        continue;
      }
      const broken =
        error instanceof BrokenSourceError
          ? error
          : new BrokenSourceError(source.name, `failed unexpectedly: ${unexpectedMessage(error)}`, { cause: error });
      trace.push({ source: source.name, outcome: 'error', reason: broken.message, notes, ms: elapsed() });
      skipRest(trace, sources, index, `not consulted: the chain stopped at ${source.name}`);
      return { error: broken, trace };
    }
  }
  return { error: new NoCredentialsError(trace), trace };
}

function skipRest(trace: TraceEntry[], sources: CredentialSource[], index: number, reason: string): void {
  for (const later of sources.slice(index + 1)) trace.push({ source: later.name, outcome: 'skipped', reason, notes: [], ms: 0 });
}

/** A bug's message helps; a parse error's does not belong in a trace: V8 quotes the input, which may be a secret. */
function unexpectedMessage(error: unknown): string {
  if (error instanceof SyntaxError) return 'SyntaxError (message withheld: it may quote the text that was parsed)';
  return error instanceof Error ? error.message : String(error);
}
