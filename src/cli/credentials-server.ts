// The container credentials endpoint that `credchain serve` and `credchain exec` run: 127.0.0.1 only,
// one path, GET only, the bearer token compared in constant time, Host pinned to the loopback
// address and port, any Origin refused (DNS rebinding, browsers), bounded headers and no body, and
// connections held to a header deadline and a number of slots, so a flood of idle connections from
// another local process cannot lock the token holder out (connection-slots.ts). Refusals never echo
// what the client sent, and the log never holds a secret.

import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../emulator/listen-loopback.js';
import { summarizeCredentials, type Credentials } from '../credentials.js';
import { limitConnections, type ConnectionLimits } from './connection-slots.js';
import type { Timers } from './timers.js';

/** The one path served: the URL in AWS_CONTAINER_CREDENTIALS_FULL_URI. */
export const CREDENTIALS_PATH = '/credentials';
/** Request line and headers together: a container credentials request needs a few hundred bytes. */
const MAX_HEADER_BYTES = 8 * 1024;
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * A client on this host sends its request at once; seconds are plenty, and short enough that idle
 * connections from a flood free their slots fast (connection-slots.ts).
 */
export const CONNECTION_LIMITS: ConnectionLimits = { headerDeadlineMs: 3_000, maxConnections: 256 };

export interface CredentialsServerOptions {
  /** The bearer token every request must carry in Authorization (what the token file holds). */
  token: string;
  /** What to serve: must give temporary credentials (with a session token). */
  credentials(): Promise<Credentials>;
  /** Port on 127.0.0.1; 0 (default) = a free one. */
  port?: number;
  /** One line per request: method, outcome, masked key id. Never a secret, never text the client sent. */
  log?(line: string): void;
  /** Epoch ms, for the Expiration of credentials that carry none. */
  now(): number;
  /** The header deadline's timers: real ones unless a test drives them on a virtual clock (connection-slots.ts). */
  timers?: Timers;
}

export interface CredentialsServer {
  /** `http://127.0.0.1:PORT/credentials`: the AWS_CONTAINER_CREDENTIALS_FULL_URI. */
  readonly url: string;
  readonly port: number;
  /** Sockets open now (connection-slots.ts keeps them within the limits). */
  connections(): number;
  close(): Promise<void>;
}

/** Served as the Expiration of session credentials that carry none: clients come back this often. */
export const UNKNOWN_EXPIRY_RECHECK_MS = 15 * 60_000;

interface Refusal {
  status: number;
  code: string;
  /** Fixed text: says what is wrong, never quotes the request. */
  message: string;
  headers?: Record<string, string>;
}

export async function startCredentialsServer(options: CredentialsServerOptions): Promise<CredentialsServer> {
  const expectedToken = digest(options.token);
  let expectedHost = '';
  const log = options.log ?? (() => undefined);

  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, headersTimeout: CONNECTION_LIMITS.headerDeadlineMs, requestTimeout: REQUEST_TIMEOUT_MS }, (req, res) => {
    const method = sanitizedMethod(req.method);
    const refusal = check(req, expectedHost, expectedToken);
    if (refusal) {
      log(`${method} refused (${refusal.status}): ${refusal.message}`);
      reply(res, refusal.status, { Code: refusal.code, Message: refusal.message }, { ...refusal.headers, connection: 'close' });
      return;
    }
    options.credentials().then(
      (credentials) => {
        // The last line of defence: long-term keys never leave through this door.
        if (!credentials.sessionToken) {
          log(`${method} ${CREDENTIALS_PATH} → 503: refusing to serve long-term keys (${summarizeCredentials(credentials)})`);
          reply(res, 503, { Code: 'CredentialsUnavailable', Message: 'credchain serves temporary credentials only; see the log of credchain serve' });
          return;
        }
        log(`${method} ${CREDENTIALS_PATH} → 200 (${summarizeCredentials(credentials)})`);
        reply(res, 200, containerReply(credentials, options.now()));
      },
      (error: Error) => {
        // The chain's messages name sources and files, never secrets (docs/behaviour.md, "Secrets"); the client gets none of it.
        log(`${method} ${CREDENTIALS_PATH} → 503: no credentials to serve: ${error.message}`);
        reply(res, 503, { Code: 'CredentialsUnavailable', Message: 'credchain could not get credentials; see the log of credchain serve' });
      },
    );
  });
  const slots = limitConnections(server, CONNECTION_LIMITS, options.timers);
  // A malformed or oversized request (headers beyond MAX_HEADER_BYTES) gets a bare 400/431 and a closed socket.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    log(`refused a malformed request (${error.code ?? 'bad request'})`);
    if (socket.writable) socket.end(`HTTP/1.1 ${error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });

  const port = await listenOnLoopback(server, options.port);
  expectedHost = `127.0.0.1:${port}`;
  return {
    url: `http://${expectedHost}${CREDENTIALS_PATH}`,
    port,
    connections: slots.open,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Why a request is refused, or undefined when it may have credentials. Cheapest and least revealing checks first. */
function check(req: IncomingMessage, expectedHost: string, expectedToken: Buffer): Refusal | undefined {
  if (req.headers.host !== expectedHost) return { status: 403, code: 'ForbiddenHost', message: `the Host header must be ${expectedHost}` };
  if (req.headers.origin !== undefined) return { status: 403, code: 'ForbiddenOrigin', message: 'requests with an Origin header (browsers) are refused' };
  if (req.method !== 'GET') return { status: 405, code: 'MethodNotAllowed', message: 'only GET is served', headers: { allow: 'GET' } };
  if (req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0')) {
    return { status: 413, code: 'BodyNotAllowed', message: 'a credentials request has no body' };
  }
  if (pathOf(req.url) !== CREDENTIALS_PATH) return { status: 404, code: 'NotFound', message: `only ${CREDENTIALS_PATH} is served` };
  const given = req.headers.authorization;
  if (given === undefined) return { status: 401, code: 'MissingToken', message: 'the Authorization header (the token in AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) is missing' };
  if (!timingSafeEqual(digest(given), expectedToken)) return { status: 403, code: 'InvalidToken', message: 'the Authorization token is not the one in the token file' };
  return undefined;
}

/** Equal-length digests, so the comparison takes the same time whatever the length of what was sent. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function pathOf(url: string | undefined): string {
  const end = (url ?? '').search(/[?#]/);
  return end < 0 ? (url ?? '') : url!.slice(0, end);
}

/** The method for the log, only when it is a plain token: a client's bytes are never echoed. */
function sanitizedMethod(method: string | undefined): string {
  return method && /^[A-Z]{1,10}$/.test(method) ? method : '(odd method)';
}

/** The container credentials document every AWS SDK reads (Expiration in RFC 3339, seconds precision); session credentials only. */
function containerReply(credentials: Credentials, now: number): Record<string, string> {
  const expiration = credentials.expiration ?? new Date(now + UNKNOWN_EXPIRY_RECHECK_MS);
  const body: Record<string, string> = {
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    Token: credentials.sessionToken!,
    Expiration: expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  if (credentials.accountId) body.AccountId = credentials.accountId;
  return body;
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}
