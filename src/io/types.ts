// What passes through Context's doors to the machine (src/context.ts): an HTTP exchange, a command run,
// a file read. In a file of their own so the real adapters (io/http.ts, io/command.ts), which Context
// loads lazily, can use them without importing Context back.

export interface HttpRequest {
  method: 'GET' | 'PUT' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whole-request budget in ms: connect, headers and body. */
  timeoutMs: number;
  /** Which try of a retried request this is (retry.ts): lets a progress display say "attempt 2 of 4". */
  attempt?: {
    /** 1 for the first try. */
    number: number;
    /**
     * The most tries the policy allows (a time budget may end them sooner). Absent once the service
     * has throttled the call: throttled tries are bounded by a deadline, not a count.
     */
    of?: number;
  };
}

/** Which try of a retried request this is (HttpRequest.attempt). Spelled out there, so the public declarations gain no name. */
export type RetryAttempt = NonNullable<HttpRequest['attempt']>;

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

export interface CommandResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The process was still running at the deadline (and was killed). */
  timedOut: boolean;
  /** stdout was larger than the adapter's cap (the real one: 1 MiB) and was cut. */
  stdoutTooLarge?: boolean;
}

export interface ReadFileOptions {
  maxBytes?: number;
}

export interface RunCommandOptions {
  timeoutMs: number;
  env: Record<string, string | undefined>;
}
