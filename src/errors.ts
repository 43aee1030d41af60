// The outcomes of a source that does not answer (docs/behaviour.md, "Outcomes"): the label-free
// SourceError that code below the chain throws, the labelled errors the chain hands to callers,
// the network failure type, and redaction: key ids are shown masked, secrets never.

import { outsideText } from './outside-text.js';

export interface ProblemDetails {
  /** What the user should do, when we know. */
  fix?: string;
  /** A machine-readable code, e.g. the STS error Code or the network failure kind. */
  code?: string;
  cause?: unknown;
}

/**
 * What code below the chain throws: the problem, the fix, a code, and whether the thing is absent
 * (not configured here: the chain moves on) or broken (configured but unusable: the chain stops).
 * It names no source: the chain knows which source it asked and attaches the name (labelError).
 */
export class SourceError extends Error {
  override readonly name = 'SourceError';
  readonly fix: string | undefined;
  readonly code: string | undefined;
  /** Absent only: the source was deliberately not consulted (e.g. env while a profile is selected). */
  readonly skipped: boolean;
  private constructor(
    /** True: not configured (the chain moves on). False: broken (the chain stops). */
    readonly absent: boolean,
    readonly problem: string,
    options: ProblemDetails & { skipped?: boolean },
  ) {
    super(`${problem}${options.fix ? `. ${options.fix}` : ''}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.fix = options.fix;
    this.code = options.code;
    this.skipped = options.skipped ?? false;
  }

  /** Not configured on this machine (variable unset, no such profile…). */
  static absent(reason: string, options: ProblemDetails & { skipped?: boolean } = {}): SourceError {
    return new SourceError(true, reason, options);
  }

  /** Configured but unusable (file named but unreadable, AccessDenied, a bad value…). */
  static broken(problem: string, options: ProblemDetails = {}): SourceError {
    return new SourceError(false, problem, options);
  }
}

/** The source is not configured on this machine (variable unset, profile absent…): the chain moves on. */
export class NotConfiguredError extends Error {
  override readonly name = 'NotConfiguredError';
  readonly kind = 'not-configured';
  /** `true` when the source was deliberately not consulted (e.g. env while a profile is selected). */
  readonly skipped: boolean;
  constructor(
    readonly source: string,
    readonly reason: string,
    options: { skipped?: boolean } = {},
  ) {
    super(`${source}: ${reason}`);
    this.skipped = options.skipped ?? false;
  }
}

/**
 * The source is configured but cannot produce credentials (token expired, AccessDenied, file
 * named but unreadable…): the chain stops here, so a mistake never falls through to another identity.
 * The message says what failed, where (variable, file, URL — never a secret) and what to do.
 */
export class BrokenSourceError extends Error {
  override readonly name = 'BrokenSourceError';
  readonly kind = 'broken';
  /** What the user should do, when we know. */
  readonly fix: string | undefined;
  /** A machine-readable code, e.g. the STS error Code or the network failure kind. */
  readonly code: string | undefined;
  constructor(
    readonly source: string,
    readonly problem: string,
    options: ProblemDetails = {},
  ) {
    super(`${source}: ${problem}${options.fix ? `. ${options.fix}` : ''}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.fix = options.fix;
    this.code = options.code;
  }
}

/** Absent, whoever said so: a SourceError.absent or a custom source's NotConfiguredError. */
export function isAbsent(error: unknown): error is SourceError | NotConfiguredError {
  return (error instanceof SourceError && error.absent) || error instanceof NotConfiguredError;
}

/**
 * The chain's one place for naming a failure: a SourceError gets the name of the source that threw
 * it, a labelled error (from a custom source) keeps its own, anything else is a bug in that source.
 */
export function labelError(error: unknown, source: string): NotConfiguredError | BrokenSourceError {
  if (error instanceof NotConfiguredError || error instanceof BrokenSourceError) return error;
  if (error instanceof SourceError) {
    if (error.absent) return new NotConfiguredError(source, error.message, { skipped: error.skipped });
    return new BrokenSourceError(source, error.problem, { fix: error.fix, code: error.code, cause: error.cause ?? error });
  }
  return new BrokenSourceError(source, `failed unexpectedly: ${unexpectedMessage(error)}`, { cause: error });
}

/** A bug's message helps; a parse error's does not belong in a trace: V8 quotes the input, which may be a secret. */
/** An error's message as it may be shown: a parse error's is withheld (V8 quotes the parsed text, maybe a secret). */
export function unexpectedMessage(error: unknown): string {
  if (error instanceof SyntaxError) return 'SyntaxError (message withheld: it may quote the text that was parsed)';
  return error instanceof Error ? error.message : String(error);
}

/** A request that got no usable HTTP answer. `where` is scheme://host/path, never a query or body. */
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
 * A request that failed on the network (refused, reset, timed out, no DNS) as a broken SourceError
 * naming what was asked (`SSO-OIDC CreateToken: connection refused (https://…)`) and, when given, how
 * to check the endpoint; any other error is returned as it is. STS and IMDS keep their own shapes
 * (STS decides retries from it; an IMDS that does not answer is reported as "not on EC2?").
 */
export function networkFailure(error: unknown, what: string, fix?: string): unknown {
  if (!(error instanceof NetworkError)) return error;
  return SourceError.broken(`${what}: ${error.message}`, { code: error.code, cause: error, ...(fix ? { fix } : {}) });
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
