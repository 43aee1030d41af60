// The two outcomes of a source that does not answer (SPEC §1), the network failure type, and
// redaction: key ids are shown masked, secrets never.

import { outsideText } from './outside-text.js';

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
    options: { fix?: string; code?: string; cause?: unknown } = {},
  ) {
    super(`${source}: ${problem}${options.fix ? `. ${options.fix}` : ''}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.fix = options.fix;
    this.code = options.code;
  }
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
