// Fault injection per route: slow answers, error statuses, broken bodies, dropped connections, and
// "fail N times then succeed" — the things real metadata and STS endpoints do on a bad day.

export interface Fault {
  /** Wait this long before answering (alone: a slow but correct answer). Ends early if the client hangs up. */
  delayMs?: number;
  /** Send the status and headers at once, then dribble the body out over this long (a slow body). */
  slowBodyMs?: number;
  /** Answer with this status (and `body`, default a short text) instead of the real reply. */
  status?: number;
  body?: string;
  /** Send the real reply's status but a body that is not JSON/XML. */
  malformed?: boolean;
  /** Announce the full length, send half the body, then close the connection. */
  truncated?: boolean;
  /** Send the real reply with this Content-Type instead. */
  contentType?: string;
  /** Close the connection without any answer. */
  drop?: boolean;
  /** Apply to the next N matching requests only, then answer normally again (default: until cleared). */
  times?: number;
}

/** Route names: exact (`sts:AssumeRole`) or a family (`sts`, `imds`) that covers all its routes. */
export class FaultTable {
  readonly #faults = new Map<string, Fault & { remaining: number }>();

  set(route: string, fault: Fault | undefined): void {
    if (!fault) {
      this.#faults.delete(route);
      return;
    }
    if (fault.times !== undefined && (!Number.isInteger(fault.times) || fault.times < 1)) {
      throw new TypeError(`fault.times must be a positive integer, got ${fault.times}`);
    }
    this.#faults.set(route, { ...fault, remaining: fault.times ?? Infinity });
  }

  /** The fault for this request, if any, consuming one of its `times`. The exact route wins over its family. */
  take(route: string): Fault | undefined {
    for (const key of [route, familyOf(route)]) {
      const fault = this.#faults.get(key);
      if (!fault) continue;
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.#faults.delete(key);
      return fault;
    }
    return undefined;
  }

  clear(): void {
    this.#faults.clear();
  }
}

function familyOf(route: string): string {
  const colon = route.indexOf(':');
  return colon === -1 ? route : route.slice(0, colon);
}

export function routeMatches(route: string, wanted: string): boolean {
  return route === wanted || familyOf(route) === wanted;
}
