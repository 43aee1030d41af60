// A service that admits a limited rate of requests, as STS limits an account's calls per region and
// IMDS an instance's: a token bucket holding `burst` tokens, refilled at `ratePerSecond`; a request
// that finds it empty gets that service's throttling answer instead of the real one. Requests take
// `latencyMs` of (virtual) time, and every arrival is logged so a simulation can report what the
// service saw. Used by the fleet simulator (bench/fleet-child.mjs) on a VirtualClock.

import type { HttpRequest, HttpResponse } from '../../src/context.js';
import { stsError } from '../../src/emulator/routes/sts-xml.js';

export interface RateLimit {
  ratePerSecond: number;
  /** Tokens the bucket holds (and starts with): how many requests may arrive at once. */
  burst: number;
}

/** STS beyond its limit: HTTP 400 with the Query-protocol error `Throttling`, as STS answers. */
export function stsThrottled(): HttpResponse {
  const reply = stsError(400, 'Throttling', 'Rate exceeded');
  return { status: reply.status, headers: { 'content-type': reply.contentType }, body: reply.body };
}

/** IMDS beyond its per-instance limit: HTTP 429. */
export function imdsThrottled(): HttpResponse {
  return { status: 429, headers: { 'content-type': 'text/plain' }, body: 'Too Many Requests' };
}

export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number,
  ) {
    if (!(limit.ratePerSecond > 0) || !(limit.burst >= 1)) throw new RangeError(`a rate limit needs ratePerSecond > 0 and burst >= 1, got ${JSON.stringify(limit)}`);
    this.#tokens = limit.burst;
    this.#at = now();
  }

  /** Takes a token if there is one: true = admitted. */
  take(): boolean {
    const now = this.now();
    this.#tokens = Math.min(this.limit.burst, this.#tokens + ((now - this.#at) / 1000) * this.limit.ratePerSecond);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

export interface Arrivals {
  /** Virtual epoch ms at which each request reached the service, in arrival order. */
  at: number[];
  /** Whether each was admitted (false: it got the throttling answer). */
  admitted: boolean[];
}

export interface RateLimitedService {
  request(request: HttpRequest): Promise<HttpResponse>;
  readonly arrivals: Arrivals;
}

export function rateLimitedService(options: {
  serve(request: HttpRequest): Promise<HttpResponse>;
  limit: RateLimit;
  throttled(): HttpResponse;
  clock: { now(): number; sleep(ms: number): Promise<void> };
  /** Round trip; half of it before the request arrives, half for the answer to come back. */
  latencyMs: number;
}): RateLimitedService {
  const bucket = new TokenBucket(options.limit, options.clock.now);
  const arrivals: Arrivals = { at: [], admitted: [] };
  return {
    arrivals,
    async request(request) {
      await options.clock.sleep(options.latencyMs / 2);
      const admitted = bucket.take();
      arrivals.at.push(options.clock.now());
      arrivals.admitted.push(admitted);
      const response = admitted ? await options.serve(request) : options.throttled();
      await options.clock.sleep(options.latencyMs / 2);
      return response;
    },
  };
}
