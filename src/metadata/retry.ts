// The metadata endpoints' time bounds (container and IMDS): a short timeout and a short backoff,
// because a chain waits on them before its first connection. The loop itself is src/retry.ts.

export const METADATA_TIMEOUT_MS = 1000;
export const METADATA_MAX_RETRIES = 3;
/** 100, 200, 400 … ms between attempts, capped at 1 s; which failures are retried is each caller's policy. */
export const METADATA_BACKOFF = { baseMs: 100, capMs: 1000 } as const;
