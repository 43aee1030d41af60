// The one error type of credchain (docs/behaviour.md, "Outcomes"): CredentialsProviderError, named
// and flagged as the AWS SDK's (`name`, `tryNextLink`) so code written against the SDK reads it, with
// credchain's own fields (outcome, source, problem, fix, code). Code below the chain throws it without
// a source; the chain labels it with the name of the source it asked. Also: the network failure type
// of the HTTP adapter, and redaction — key ids are shown masked, secrets never.

import { outsideText } from './outside-text.js';
import type { TraceEntry } from './trace.js';

export interface ProblemDetails {
  /** What the user should do, when we know. */
  fix?: string | undefined;
  /** A machine-readable code, e.g. the STS error Code or the network failure kind. */
  code?: string | undefined;
  cause?: unknown;
  /** The reply of the AWS service that refused (an STS error): the SDK's `$metadata` of its service errors. */
  metadata?: ServiceErrorMetadata | undefined;
}

/**
 * What the AWS SDK's service errors carry as `$metadata` (its `ResponseMetadata`), for an error reply
 * of a service credchain called (STS): code written for the SDK's errors reads the status from it.
 */
export interface ServiceErrorMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts?: number;
}

/**
 * The options of `new CredentialsProviderError(message, options)`: the SDK's (`tryNextLink`, default
 * true as in the SDK; `logger`, which gets a debug line) and credchain's.
 */
export interface CredentialsProviderErrorOptions extends ProblemDetails {
  tryNextLink?: boolean | undefined;
  /** Gets a debug line, as the SDK's errors give their logger (any object with a `debug` method: the logger option's type). */
  logger?: { debug?(message: string): void } | undefined;
  /** Not configured only: the source was deliberately not consulted (e.g. env while a profile is selected). */
  skipped?: boolean | undefined;
  /** The source that failed: set by the chain, which then names it at the start of the message. */
  source?: string | undefined;
  /** The no-credentials error only: what each source of the chain did. */
  trace?: readonly TraceEntry[] | undefined;
}

/**
 * Why a source gave no credentials: not configured here (`tryNextLink` true: the chain moves on) or
 * configured but unusable (`tryNextLink` false: the chain stops, so a mistake never falls through to
 * another identity). The message says what failed, where (variable, file, URL — never a secret) and
 * what to do. The constructor takes the AWS SDK's forms: `(message)`, `(message, tryNextLink)`,
 * `(message, { tryNextLink, logger })`, plus credchain's fields in the options.
 */
export class CredentialsProviderError extends Error {
  override readonly name = 'CredentialsProviderError';
  /** The SDK's flag, read by its chains and by credchain's: true = not configured, try the next provider. */
  readonly tryNextLink: boolean;
  /** `tryNextLink` in words. */
  readonly outcome: 'not-configured' | 'broken';
  /** Not configured only: the source was deliberately not consulted (e.g. env while a profile is selected). */
  readonly skipped: boolean;
  /** The source that failed ('env', 'profile', 'fromIni'…), filled in by the chain; undefined below it. */
  readonly source: string | undefined;
  /** What is wrong, without the source and the fix. */
  readonly problem: string;
  /** What the user should do, when we know. */
  readonly fix: string | undefined;
  /** A machine-readable code: the STS error Code, the network failure kind, 'no-credentials'… */
  readonly code: string | undefined;
  /** The no-credentials error only: why each source of the chain gave nothing (the table of its message). */
  readonly trace: readonly TraceEntry[] | undefined;
  /** An AWS service's error reply only (STS): status, request id and attempts, as the SDK's service errors have them. */
  declare readonly $metadata?: ServiceErrorMetadata;
  /** An AWS service's error reply only: `'client'` for a 4xx status, `'server'` for a 5xx, as the SDK's. */
  declare readonly $fault?: 'client' | 'server';

  constructor(message: string, options: boolean | CredentialsProviderErrorOptions = true) {
    const init: CredentialsProviderErrorOptions = typeof options === 'boolean' ? { tryNextLink: options } : (options ?? {});
    const tryNextLink = init.tryNextLink ?? true;
    super(formatMessage(message, init), init.cause === undefined ? undefined : { cause: init.cause });
    this.tryNextLink = tryNextLink;
    this.outcome = tryNextLink ? 'not-configured' : 'broken';
    this.skipped = tryNextLink && init.skipped === true;
    this.source = init.source;
    this.problem = message;
    this.fix = init.fix;
    this.code = init.code;
    this.trace = init.trace;
    if (init.metadata) {
      this.$metadata = { ...init.metadata };
      if (init.metadata.httpStatusCode !== undefined) this.$fault = init.metadata.httpStatusCode >= 500 ? 'server' : 'client';
    }
    init.logger?.debug?.(`credchain ${tryNextLink ? '->' : '(!)'} ${this.message}`);
  }
}

/** `source: problem. fix`, and for the no-credentials error the table of its trace before the fix. */
function formatMessage(problem: string, init: CredentialsProviderErrorOptions): string {
  const head = init.source ? `${init.source}: ${problem}` : problem;
  if (init.trace) return [`${head}. Every source was tried, in order:`, ...traceTable(init.trace), ...(init.fix ? [init.fix] : [])].join('\n');
  return init.fix ? `${head}. ${init.fix}` : head;
}

function traceTable(trace: readonly TraceEntry[]): string[] {
  const width = Math.max(...trace.map((entry) => entry.source.length), 0);
  return trace.map((entry) => `  ${entry.source.padEnd(width)}  ${entry.outcome}: ${entry.reason}`);
}

/** Not configured on this machine (variable unset, no such profile…): the chain moves on. */
export function notConfigured(reason: string, details: ProblemDetails & { skipped?: boolean } = {}): CredentialsProviderError {
  return new CredentialsProviderError(reason, { ...details, tryNextLink: true });
}

/** Configured but unusable (file named but unreadable, AccessDenied, a bad value…): the chain stops. */
export function broken(problem: string, details: ProblemDetails = {}): CredentialsProviderError {
  return new CredentialsProviderError(problem, { ...details, tryNextLink: false });
}

/** No source of a chain answered: the SDK's message, then what each source said, then what to do. */
export function noCredentials(trace: readonly TraceEntry[]): CredentialsProviderError {
  return new CredentialsProviderError('Could not load credentials from any providers', {
    tryNextLink: false,
    code: 'no-credentials',
    trace,
    fix: 'Configure one of them (for example set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run `npx credchain explain` to see this table.',
  });
}

/** The message of an error without its source label: what a trace entry shows beside the source's name. */
export function withoutSource(error: CredentialsProviderError): string {
  return error.fix ? `${error.problem}. ${error.fix}` : error.problem;
}

/**
 * The chain's one place for naming a failure of source `source`, whatever threw it: credchain's error
 * gets the name (unless it already has one: a nested chain's, a named provider's); any other error
 * with the SDK's `tryNextLink` set is not configured, as the SDK's chains read it; anything else is
 * a bug in that source, and stops the chain.
 */
export function asSourceError(error: unknown, source: string): CredentialsProviderError {
  if (error instanceof CredentialsProviderError) {
    if (error.source !== undefined) return error;
    const { tryNextLink, skipped, fix, code, trace, $metadata: metadata } = error;
    return new CredentialsProviderError(error.problem, { tryNextLink, skipped, fix, code, trace, metadata, source, cause: error.cause });
  }
  if ((error as { tryNextLink?: unknown } | null)?.tryNextLink) {
    return new CredentialsProviderError(unexpectedMessage(error), { tryNextLink: true, source, cause: error });
  }
  return new CredentialsProviderError(`failed unexpectedly: ${unexpectedMessage(error)}`, { tryNextLink: false, source, cause: error });
}

/** An error's message as it may be shown: a parse error's is withheld (V8 quotes the parsed text, maybe a secret). */
export function unexpectedMessage(error: unknown): string {
  if (error instanceof SyntaxError) return 'SyntaxError (message withheld: it may quote the text that was parsed)';
  // Another party's words (a custom source, an SDK provider, a clientConfig function): control characters
  // escaped here, once, for every message that quotes them; the length is theirs.
  return outsideText(error instanceof Error ? error.message : String(error), Number.POSITIVE_INFINITY);
}

/**
 * A request that got no usable HTTP answer (`where` is scheme://host/path, never a query or body): the
 * HTTP adapter's own failure, which retry.ts reads (its code decides a retry) and each caller turns into
 * a broken CredentialsProviderError naming what it asked (networkFailure, or its own message). It never
 * reaches a caller of credchain: the chain treats any error that is not a CredentialsProviderError as a bug
 * of the source and reports it as one.
 */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly code: 'timeout' | 'refused' | 'dns' | 'reset' | 'unreachable' | 'too-large' | 'unsupported' | 'other',
    readonly detail: string,
    readonly where: string,
  ) {
    super(`${detail} (${where})`);
  }
}

/**
 * A request that failed on the network (refused, reset, timed out, no DNS) as a broken error
 * naming what was asked (`SSO-OIDC CreateToken: connection refused (https://…)`) and, when given, how
 * to check the endpoint; any other error is returned as it is. STS and IMDS keep their own shapes
 * (STS decides retries from it; an IMDS that does not answer is reported as "not on EC2?").
 */
export function networkFailure(error: unknown, what: string, fix?: string): unknown {
  if (!(error instanceof NetworkError)) return error;
  return broken(`${what}: ${error.message}`, { code: error.code, cause: error, fix });
}

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`. Short or empty ids are fully masked. */
export function maskKeyId(accessKeyId: string | undefined): string {
  if (!accessKeyId) return '(none)';
  if (accessKeyId.length < 12) return '…';
  // A key id read from outside may hold a control character: shown escaped, never raw.
  return `${outsideText(accessKeyId.slice(0, 4))}…${outsideText(accessKeyId.slice(-4))}`;
}

/** Replaces every occurrence of each secret (4+ characters) in text with `[redacted]`. */
export function redact(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * A value that must not be printed by accident (a command line, a token): `String()`, template
 * literals, JSON and console.log all show `[redacted]`; `reveal()` is the one way in.
 */
export class Sensitive<T = string> {
  readonly #value: T;
  constructor(value: T) {
    this.#value = value;
  }
  reveal(): T {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [inspectSymbol](): string {
    return '[redacted]';
  }
}
