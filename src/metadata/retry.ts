// One metadata-endpoint exchange with bounded retries: which failures are worth another try is the
// caller's policy (the container endpoint retries more than IMDS does), the backoff is shared.

import type { Context, HttpRequest, HttpResponse } from '../context.js';
import { NetworkError } from '../errors.js';

export const METADATA_TIMEOUT_MS = 1000;
export const METADATA_MAX_RETRIES = 3;
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 1000;

export interface RetryPolicy {
  maxRetries: number;
  retryStatus(status: number): boolean;
  retryNetwork(error: NetworkError): boolean;
}

export type Exchange =
  | { ok: true; response: HttpResponse; attempts: number }
  | { ok: false; error: NetworkError; attempts: number };

/** 100, 200, 400 … ms, capped at 1 s: short, because a chain waits on this before its first connection. */
export function backoffMs(retry: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
}

/**
 * Sends `build()` (called again for every attempt, so a rotating token file is re-read) until the
 * answer is not retryable or the retries are spent. Returns the last response (any status) or the
 * last network failure; anything else `build` or `request` throws propagates.
 */
export async function exchangeWithRetries(context: Context, build: () => Promise<HttpRequest>, policy: RetryPolicy): Promise<Exchange> {
  for (let retry = 0; ; retry++) {
    const attempts = retry + 1;
    let outcome: Exchange;
    try {
      const response = await context.request(await build());
      outcome = { ok: true, response, attempts };
      if (!policy.retryStatus(response.status)) return outcome;
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      outcome = { ok: false, error, attempts };
      if (!policy.retryNetwork(error)) return outcome;
    }
    if (retry >= policy.maxRetries) return outcome;
    await context.sleep(backoffMs(retry));
  }
}
