// The metadata endpoints' time bounds (container and IMDS): a short timeout and a short backoff,
// because a chain waits on them before its first connection. The loop itself is src/retry.ts.

import type { ThrottleSchedule } from '../retry.js';

export const METADATA_TIMEOUT_MS = 1000;
export const METADATA_MAX_RETRIES = 3;
/** Up to 100, 200, 400 … ms between attempts (full jitter), capped at 1 s; which failures are retried is each caller's policy. */
export const METADATA_BACKOFF = { baseMs: 100, capMs: 1000, jitter: () => Math.random() } as const;
/**
 * IMDS throttles per instance: the processes of one host, not a fleet. Shorter than STS's schedule
 * (a host's burst drains in seconds), and one deadline for the token, role and credentials requests.
 */
export const IMDS_THROTTLE_SCHEDULE: ThrottleSchedule = { floorMs: 2_000, windowsMs: [6_000, 10_000], deadlineMs: 60_000 };
