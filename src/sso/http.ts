// One SSO / SSO-OIDC / sign-in exchange with a small retry bound (5xx, 429 and network failures, jittered,
// a Retry-After honoured within the budget), and the AWS JSON error shape of both services
// (x-amzn-errortype / __type / error + message).

import type { Context, HttpRequest, HttpResponse, RetryAttempt } from '../context.js';
import { parseJsonObject } from '../json-object.js';
import { outsideText } from '../outside-text.js';
import { attemptsAndTime, isRetryableStatus, retryAfterMs, withRetries } from '../retry.js';
import { withUserAgent, type ServiceClient } from '../service-client.js';
import { safeUrl } from '../io/http.js';

/** Attempts in all (the SDK's standard retry mode also makes 3). */
export const SSO_MAX_ATTEMPTS = 3;
/** Per attempt: connect, headers and body. As STS's: an unreachable portal costs ~15 s, not 30 s. */
export const SSO_REQUEST_TIMEOUT_MS = 5_000;
/** No retry is started once this much time has gone by since the first attempt (as STS's). */
export const SSO_RETRY_BUDGET_MS = 15_000;

/**
 * Sends the request, retrying 5xx, 429 and network failures with exponential backoff and full jitter
 * (under 100 ms, then 200 ms), after the wait a Retry-After asks for when it fits the budget. A 429 stays
 * on this short bound rather than the fleet's throttle schedule (src/retry.ts): the portal serves a
 * person's tools, and a token refresh that fails falls back to the still-valid token, which a long
 * wait would only delay. Returns the last response (which may be an error status) or throws the last
 * NetworkError. A function builds the request afresh for every attempt (the sign-in refresh needs a
 * new DPoP proof each time).
 * `client` is the provider's clientConfig for this service (request door, logger, User-Agent, attempts:
 * clientConfig.maxAttempts in place of SSO_MAX_ATTEMPTS).
 */
export async function sendWithRetry(
  context: Context,
  request: Omit<HttpRequest, 'timeoutMs'> | (() => Omit<HttpRequest, 'timeoutMs'>),
  client?: ServiceClient,
): Promise<HttpResponse> {
  const build = typeof request === 'function' ? request : () => request;
  const send = client?.request ?? context.request;
  const logger = client?.logger ?? context.logger;
  let what = '';
  const attempt = (which: RetryAttempt) => {
    const built = build();
    what = `${built.method} ${safeUrl(new URL(built.url))}`;
    return send({ ...built, headers: withUserAgent(built.headers ?? {}, client), timeoutMs: SSO_REQUEST_TIMEOUT_MS, attempt: which });
  };
  const maxRetries = (client?.maxAttempts ?? SSO_MAX_ATTEMPTS) - 1;
  const outcome = await withRetries(context, attempt, {
    maxRetries,
    baseMs: 100,
    capMs: 200,
    jitter: () => Math.random(),
    budgetMs: SSO_RETRY_BUDGET_MS,
    retryValue: (response) => isRetryableStatus(response.status),
    retryAfter: (response) => retryAfterMs(response.headers, context.now()),
    retryNetwork: () => true,
    onRetry: (last, retry, delay) => {
      const failure = last.ok ? `HTTP ${last.value.status}` : last.error.code;
      logger.debug?.(`credchain: ${what} failed (${failure}); retry ${retry} of ${maxRetries} in ${delay} ms`);
    },
  });
  logger.info?.(`credchain: ${what}: ${outcome.ok ? `HTTP ${outcome.value.status}` : `no answer (${outcome.error.code})`} (${attemptsAndTime(outcome)})`);
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

export interface AwsJsonError {
  /** e.g. UnauthorizedException, invalid_grant; undefined when the reply does not say. */
  code?: string;
  message?: string;
}

/** Reads the error code and message of an AWS JSON (rest-json) error reply. Never throws. */
export function parseAwsJsonError(response: HttpResponse): AwsJsonError {
  // Not a JSON object (a proxy's HTML page…): only the status is known.
  const body = parseJsonObject(response.body) ?? {};
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  const rawCode = text(response.headers['x-amzn-errortype']) ?? text(body.__type) ?? text(body.code) ?? text(body.error);
  // "UnauthorizedException:http://internal…" and "com.amazonaws.sso#UnauthorizedException" both mean UnauthorizedException.
  const code = rawCode?.split(':')[0]!.split('#').pop();
  const message = text(body.message) ?? text(body.Message) ?? text(body.error_description);
  const error: AwsJsonError = {};
  if (code) error.code = outsideText(code, 100);
  if (message) error.message = outsideText(message);
  return error;
}

/** `code: message` or `HTTP 503`, for error messages. */
export function describeAwsJsonError(response: HttpResponse, error: AwsJsonError): string {
  const head = error.code ? `${error.code} (HTTP ${response.status})` : `HTTP ${response.status}`;
  return error.message ? `${head}: ${error.message}` : head;
}
