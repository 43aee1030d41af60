// The IMDS conversation for credentials (docs/behaviour.md, "Instance metadata (IMDS)"): an IMDSv2 session token (PUT, TTL 21600, kept and
// reused until shortly before it ends), the role name, then the role's credentials — with the IMDSv1
// fallback, 5xx retries, 429 (IMDS throttles each instance) on the throttle schedule, and no retry when
// nothing answers (off EC2 that would only add waiting).

import type { Context, HttpRequest, HttpResponse } from '../context.js';
import { broken, type CredentialsProviderError, type NetworkError } from '../errors.js';
import { Refresher, type Expiring, type RefreshPolicy } from '../refresh.js';
import { parseMetadataCredentials, type MetadataCredentials } from './reply.js';
import { retryAfterMs, retryHistory, withRetries, type RetryOutcome } from '../retry.js';
import { IMDS_THROTTLE_SCHEDULE, METADATA_BACKOFF } from './retry.js';

/** IAM's rule for role names: 1 to 64 of letters, digits and +=,.@_- (IAM API reference, CreateRole). */
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export const TOKEN_PATH = '/latest/api/token';
export const CREDENTIALS_PATH = '/latest/meta-data/iam/security-credentials/';
export const TOKEN_TTL_SECONDS = 21600;
const TOKEN_TTL_HEADER = 'x-aws-ec2-metadata-token-ttl-seconds';
const TOKEN_HEADER = 'x-aws-ec2-metadata-token';
/** A token is replaced this long before it ends, so no request ever races its expiry. */
export const TOKEN_RENEW_MARGIN_MS = 60_000;
/** How the IMDS session token is renewed (docs/behaviour.md, "Refreshing"): no advisory window before the mandatory one. */
export const IMDS_SESSION_REFRESH: RefreshPolicy = { advisoryMs: TOKEN_RENEW_MARGIN_MS, mandatoryMs: TOKEN_RENEW_MARGIN_MS, backoffMs: 0, advisory: 'wait' };

export interface ImdsSettings {
  origin: string;
  /** Where the endpoint came from (for messages). */
  from: string;
  timeoutMs: number;
  maxRetries: number;
  v1Disabled: { disabled: boolean; by?: string };
}

/** A session with one endpoint: a token (IMDSv2) or none (IMDSv1, remembered for that endpoint as the SDK does). */
export interface ImdsSession {
  origin: string;
  token?: string;
}

/** What a chain keeps between IMDS conversations: its session, renewed TOKEN_RENEW_MARGIN_MS before the token ends. */
export interface ImdsSessionState {
  session: Refresher<ImdsSession>;
}

export function newImdsSessionState(now: () => number): ImdsSessionState {
  return { session: new Refresher<ImdsSession>(IMDS_SESSION_REFRESH, now) };
}

export interface ImdsCall {
  context: Context;
  state: ImdsSessionState;
  note(text: string): void;
  settings: ImdsSettings;
  /** [0, 1): the retries' jitter; Math.random unless a test fixes it. */
  random?: () => number;
  /** When the conversation began: its requests share one throttle deadline (set by fetchImdsCredentials). */
  startedAt?: number;
}

type Session = ImdsSession;

/** An IMDS GET answered 401: the token ended or was revoked (or v1 was switched off). */
class SessionRejected extends Error {}

const OFF_EC2_FIX = 'Not running on EC2? Set AWS_EC2_METADATA_DISABLED=true to skip IMDS, or configure another credential source';
/** For an IMDS that answers, but with an error status or an unusable body. */
const UNHEALTHY_FIX = 'IMDS is unavailable (5xx answers were retried already); try again later, and check the instance metadata options if it persists';
/** For an IMDS that kept answering 429 through the throttle schedule. */
const THROTTLED_FIX = 'IMDS limits the requests of each instance and kept throttling through the retries: let fewer processes on this host ask at once (they can share one resolution: credchain serve), or try again later';

export interface ImdsCredentials extends MetadataCredentials {
  role: string;
}

export async function fetchImdsCredentials(conversation: ImdsCall): Promise<ImdsCredentials> {
  const call: ImdsCall = { ...conversation, startedAt: conversation.context.now() };
  let session = await openSession(call);
  for (let renewed = false; ; renewed = true) {
    try {
      const role = await getRoleName(call, session);
      const credentials = await getRoleCredentials(call, session, role);
      return { ...credentials, role };
    } catch (error) {
      if (!(error instanceof SessionRejected)) throw error;
      if (renewed) {
        const problem = session.token === undefined
          ? `IMDS at ${call.settings.origin} refused the IMDSv1 request (401 Unauthorized): the instance requires IMDSv2, but the token request did not succeed`
          : `IMDS at ${call.settings.origin} answered 401 Unauthorized even with a new session token`;
        throw imdsBroken(problem, 'HTTP401', 'Check the instance metadata options (in a container, http-put-response-hop-limit must be 2 or more)');
      }
      // A token that IMDS no longer accepts (or a v1 fallback it stopped allowing): start over once.
      call.state.session.invalidate();
      call.note('IMDS answered 401 Unauthorized: opening a new session');
      session = await openSession(call);
    }
  }
}

async function openSession(call: ImdsCall): Promise<Session> {
  const { session } = call.state;
  const held = session.held?.value;
  // Another endpoint, or an IMDSv1 fallback that is no longer allowed: start a new session.
  if (held && (held.origin !== call.settings.origin || (held.token === undefined && call.settings.v1Disabled.disabled))) session.invalidate();
  let requested = false;
  const opened = await session.get(() => {
    requested = true;
    return requestSession(call);
  });
  if (!requested) call.note(opened.token === undefined ? 'IMDSv1 (no session token): the token request failed earlier on this endpoint' : 'IMDSv2 session token reused');
  return opened;
}

async function requestSession(call: ImdsCall): Promise<Expiring<Session>> {
  const { context, settings } = call;
  const exchange = await send(call, { method: 'PUT', url: settings.origin + TOKEN_PATH, headers: { [TOKEN_TTL_HEADER]: String(TOKEN_TTL_SECONDS) }, timeoutMs: settings.timeoutMs });
  const what = `the IMDSv2 token request (PUT ${settings.origin}${TOKEN_PATH})`;
  if (!exchange.ok) {
    // A PUT that times out while GETs work is the classic container on EC2 with a hop limit of 1.
    if (exchange.error.code === 'timeout') {
      return fallBackToV1(call, `timed out after ${settings.timeoutMs} ms`);
    }
    throw notAnswering(call, exchange.error);
  }
  const { status, body, headers } = exchange.value;
  if (status === 200) {
    if (body === '') throw imdsBroken(`${what} answered 200 with an empty token`, 'malformed-reply', UNHEALTHY_FIX);
    const ttl = Number(headers[TOKEN_TTL_HEADER]);
    const ttlSeconds = Number.isInteger(ttl) && ttl > 0 && ttl <= TOKEN_TTL_SECONDS ? ttl : TOKEN_TTL_SECONDS;
    call.note(`IMDSv2 session token obtained from ${settings.origin} (${settings.from})`);
    return { value: { origin: settings.origin, token: body }, expiresAt: context.now() + ttlSeconds * 1000 };
  }
  if (status === 403 || status === 404 || status === 405) {
    return fallBackToV1(call, `answered HTTP ${status}`);
  }
  if (status === 400) {
    throw imdsBroken(`${what} was refused with 400 Bad Request`, 'HTTP400', 'Check that nothing between this process and IMDS (a proxy) rewrites the request');
  }
  throw imdsBroken(`${what} answered HTTP ${status}${attemptsText(exchange)}`, `HTTP${status}`, status === 429 ? THROTTLED_FIX : UNHEALTHY_FIX);
}

/** IMDSv1, remembered for this endpoint (as the SDK does) so later refreshes skip the token request. */
function fallBackToV1(call: ImdsCall, why: string): Expiring<Session> {
  const { disabled, by } = call.settings.v1Disabled;
  if (disabled) {
    throw imdsBroken(`the IMDSv2 token request to ${call.settings.origin} ${why}, and the IMDSv1 fallback is disabled by ${by}`, 'v1-disabled',
      'Check the instance metadata options (in a container, http-put-response-hop-limit must be 2 or more), or allow IMDSv1');
  }
  call.note(`IMDSv1 (no session token): the token request ${why}`);
  // No expiresAt: the fallback holds for this endpoint until IMDS refuses it (401).
  return { value: { origin: call.settings.origin } };
}

async function getRoleName(call: ImdsCall, session: Session): Promise<string> {
  const body = await get(call, session, CREDENTIALS_PATH, 'Attach an IAM role (instance profile) to this instance');
  // One role per instance profile; the listing is one name per line.
  const role = body.split('\n')[0]!.trim();
  if (!role) throw imdsBroken(`IMDS at ${call.settings.origin} lists no IAM role for this instance`, 'no-role', 'Attach an IAM role (instance profile) to this instance');
  if (!IAM_ROLE_NAME.test(role)) {
    // Never echoed: an endpoint that answers every path alike puts its credentials JSON (or an HTML page) here.
    throw imdsBroken(`IMDS at ${call.settings.origin}${CREDENTIALS_PATH} answered a role name that is not an IAM role name (${role.length} characters; not shown)`, 'invalid-role-name',
      'Check that AWS_EC2_METADATA_SERVICE_ENDPOINT (or ec2_metadata_service_endpoint) names the instance metadata service');
  }
  return role;
}

async function getRoleCredentials(call: ImdsCall, session: Session, role: string): Promise<MetadataCredentials> {
  const path = CREDENTIALS_PATH + encodeURIComponent(role);
  const body = await get(call, session, path, `Check the instance profile of this instance (role "${role}")`);
  return parseMetadataCredentials(body, `IMDS at ${call.settings.origin}${path}`, `Check the instance profile of this instance (role "${role}")`, call.note);
}

async function get(call: ImdsCall, session: Session, path: string, notFoundFix: string): Promise<string> {
  const headers: Record<string, string> = {};
  if (session.token !== undefined) headers[TOKEN_HEADER] = session.token;
  const exchange = await send(call, { method: 'GET', url: call.settings.origin + path, headers, timeoutMs: call.settings.timeoutMs });
  if (!exchange.ok) throw notAnswering(call, exchange.error);
  const { status, body } = exchange.value;
  if (status === 200) return body;
  if (status === 401) throw new SessionRejected();
  const what = `IMDS at ${call.settings.origin}${path}`;
  if (status === 404) throw imdsBroken(`${what} answered 404 Not Found`, 'HTTP404', notFoundFix);
  throw imdsBroken(`${what} answered HTTP ${status}${attemptsText(exchange)}`, `HTTP${status}`, status === 429 ? THROTTLED_FIX : UNHEALTHY_FIX);
}

/**
 * 5xx answers and dropped connections are retried, 429 on the IMDS throttle schedule (one deadline for
 * the conversation); a refusal or a timeout is not (docs/behaviour.md, "Instance metadata (IMDS)").
 */
function send(call: ImdsCall, request: HttpRequest): Promise<RetryOutcome<HttpResponse>> {
  return withRetries(call.context, (attempt) => call.context.request({ ...request, attempt }), {
    ...METADATA_BACKOFF,
    jitter: call.random ?? (() => Math.random()),
    maxRetries: call.settings.maxRetries,
    retryValue: (response) => response.status >= 500,
    throttled: (response) => response.status === 429,
    throttle: IMDS_THROTTLE_SCHEDULE,
    retryAfter: (response) => retryAfterMs(response.headers, call.context.now()),
    ...(call.startedAt === undefined ? {} : { startedAt: call.startedAt }),
    retryNetwork: (error) => error.code === 'reset',
  });
}

function notAnswering(call: ImdsCall, error: NetworkError): CredentialsProviderError {
  const { origin, from, timeoutMs } = call.settings;
  const detail = error.code === 'timeout' ? `no answer within ${timeoutMs} ms` : error.detail;
  return broken(`IMDS did not answer at ${origin} (${from}): ${detail}`, { fix: OFF_EC2_FIX, code: error.code, cause: error });
}

function imdsBroken(problem: string, code: string, fix?: string): CredentialsProviderError {
  return broken(problem, { code, fix });
}

function attemptsText(exchange: RetryOutcome<HttpResponse>): string {
  const history = retryHistory(exchange, 'IMDS');
  return history ? ` (${history})` : '';
}
