// The STS calls credchain makes (docs/behaviour.md, "STS endpoint"): AssumeRoleWithWebIdentity
// (unsigned), AssumeRole, GetCallerIdentity and GetSessionToken (SigV4, service `sts`), as
// form-encoded `POST /` with bounded, jittered retries (docs/behaviour.md, "Retries"). GetSessionToken
// is `credchain serve`'s: long-term keys are never handed out.
//
//   const who = await getCallerIdentity({ context, endpoint }, credentials);

import type { Context, HttpResponse } from '../context.js';
import { broken, type NetworkError, redact } from '../errors.js';
import { mistypedRegion } from '../known-regions.js';
import { outsideText } from '../outside-text.js';
import { attemptsAndTime, retryAfterMs, retryHistory, withRetries, type ThrottleSchedule } from '../retry.js';
import type { NoteDropped } from '../outside-values.js';
import { withUserAgent, type ServiceClient } from '../service-client.js';
import type { SigningCredentials } from '../sigv4/sign.js';
import type { StsEndpoint } from './endpoint.js';
import {
  MalformedReplyError,
  fixForStsError,
  isRetryableReply,
  isThrottlingReply,
  parseCallerIdentityReply,
  parseCredentialsReply,
  parseErrorReply,
  throttlingFix,
  type CallerIdentity,
  type HintFacts,
  type StsAction,
  type StsCredentialsReply,
} from './reply.js';

export type { CallerIdentity, StsCredentialsReply } from './reply.js';

export const STS_API_VERSION = '2011-06-15';
/** A call made outside a resolution (the CLI's own calls) has no trace to tell. */
const ignoreNote: NoteDropped = () => {};
/** Per attempt: connect, send, read the whole reply. */
export const STS_REQUEST_TIMEOUT_MS = 5_000;
/** Retries of transient failures (5xx, IDPCommunicationError, a dropped connection) after the first attempt. */
export const STS_MAX_RETRIES = 3;
/** No transient retry is started once this much time has gone by since the first attempt. Throttling has its own deadline (THROTTLE_SCHEDULE). */
export const STS_RETRY_BUDGET_MS = 15_000;
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 5_000;

/** Where and how to call STS. */
export interface StsCall {
  context: Context;
  endpoint: Pick<StsEndpoint, 'url' | 'signingRegion'> & { region?: string; regionFrom?: string };
  /** The provider's clientConfig for these calls (request door, logger, User-Agent, attempts); default: the Context's. */
  client?: ServiceClient | undefined;
  timeoutMs?: number;
  /** Retries after the first attempt; default: clientConfig.maxAttempts - 1, else STS_MAX_RETRIES. */
  maxRetries?: number;
  budgetMs?: number;
  /** How throttled calls wait (default THROTTLE_SCHEDULE). */
  throttle?: ThrottleSchedule;
  /** [0, 1): the jitter; Math.random unless a test fixes it. */
  random?: () => number;
  /** The trace: where a dropped outside value (an assumed-role ARN of the wrong form) is told. */
  note?: NoteDropped;
}

export interface AssumeRoleParams {
  roleArn: string;
  roleSessionName: string;
  durationSeconds?: number;
  externalId?: string;
  /** mfa_serial and the code the caller's mfaCodeProvider gave. */
  serialNumber?: string;
  tokenCode?: string;
  /** fromTemporaryCredentials' session policies, session tags, source identity and the rest of its params. */
  policy?: string;
  policyArns?: ReadonlyArray<{ arn?: string }>;
  tags?: ReadonlyArray<{ Key?: string; Value?: string }>;
  transitiveTagKeys?: readonly string[];
  sourceIdentity?: string;
  providedContexts?: ReadonlyArray<{ ProviderArn?: string; ContextAssertion?: string }>;
  minimumSessionTokenSize?: number;
}

export interface AssumeRoleWithWebIdentityParams {
  roleArn: string;
  roleSessionName: string;
  webIdentityToken: string;
  durationSeconds?: number;
  providerId?: string;
  policy?: string;
  policyArns?: ReadonlyArray<{ arn?: string }>;
  /** The file the token came from: named in errors (the token never is). */
  tokenFile?: string;
}

export async function stsAssumeRoleWithWebIdentity(call: StsCall, params: AssumeRoleWithWebIdentityParams): Promise<StsCredentialsReply> {
  const body = formBody([
    ['Action', 'AssumeRoleWithWebIdentity'],
    ['Version', STS_API_VERSION],
    ['RoleArn', params.roleArn],
    ['RoleSessionName', params.roleSessionName],
    ['WebIdentityToken', params.webIdentityToken],
    ['ProviderId', params.providerId],
    ...listMembers('PolicyArns', params.policyArns, (entry) => [['arn', entry.arn]]),
    ['Policy', params.policy],
    ['DurationSeconds', params.durationSeconds?.toString()],
  ]);
  const facts = hintFacts(call, 'AssumeRoleWithWebIdentity', params.roleArn, params.tokenFile);
  return exchange(call, facts, body, undefined, [params.webIdentityToken], (reply) => parseCredentialsReply('AssumeRoleWithWebIdentity', reply, call.note ?? ignoreNote));
}

export async function stsAssumeRole(call: StsCall, from: SigningCredentials, params: AssumeRoleParams): Promise<StsCredentialsReply> {
  const body = formBody([
    ['Action', 'AssumeRole'],
    ['Version', STS_API_VERSION],
    ['RoleArn', params.roleArn],
    ['RoleSessionName', params.roleSessionName],
    ['DurationSeconds', params.durationSeconds?.toString()],
    ...listMembers('PolicyArns', params.policyArns, (entry) => [['arn', entry.arn]]),
    ['Policy', params.policy],
    ...listMembers('Tags', params.tags, (tag) => [['Key', tag.Key], ['Value', tag.Value]]),
    ...listMembers('TransitiveTagKeys', params.transitiveTagKeys, (key) => [['', key]]),
    ['ExternalId', params.externalId],
    ['SerialNumber', params.serialNumber],
    ['TokenCode', params.tokenCode],
    ['SourceIdentity', params.sourceIdentity],
    ...listMembers('ProvidedContexts', params.providedContexts, (context) => [['ProviderArn', context.ProviderArn], ['ContextAssertion', context.ContextAssertion]]),
    ['MinimumSessionTokenSize', params.minimumSessionTokenSize?.toString()],
  ]);
  const facts = hintFacts(call, 'AssumeRole', params.roleArn);
  return exchange(call, facts, body, from, [params.tokenCode, params.externalId], (reply) => parseCredentialsReply('AssumeRole', reply, call.note ?? ignoreNote));
}

export interface GetSessionTokenParams {
  durationSeconds?: number;
  /** The profile's mfa_serial and the code the caller's mfaCodeProvider gave. */
  serialNumber?: string;
  tokenCode?: string;
}

/** A session for long-term keys (signed with them): what `credchain serve` hands out instead of the keys. */
export async function stsGetSessionToken(call: StsCall, longTerm: SigningCredentials, params: GetSessionTokenParams): Promise<StsCredentialsReply> {
  const body = formBody([
    ['Action', 'GetSessionToken'],
    ['Version', STS_API_VERSION],
    ['DurationSeconds', params.durationSeconds?.toString()],
    ['SerialNumber', params.serialNumber],
    ['TokenCode', params.tokenCode],
  ]);
  return exchange(call, hintFacts(call, 'GetSessionToken'), body, longTerm, [params.tokenCode], (reply) => parseCredentialsReply('GetSessionToken', reply, call.note ?? ignoreNote));
}

/** Who these credentials are: the account, ARN and user id STS sees (the CLI's `whoami`, MongoDB `atlas-check`). */
export async function getCallerIdentity(call: StsCall, credentials: SigningCredentials): Promise<CallerIdentity> {
  const body = formBody([
    ['Action', 'GetCallerIdentity'],
    ['Version', STS_API_VERSION],
  ]);
  return exchange(call, hintFacts(call, 'GetCallerIdentity'), body, credentials, [], parseCallerIdentityReply);
}

function hintFacts(call: StsCall, action: StsAction, roleArn?: string, tokenFile?: string): HintFacts {
  const facts: HintFacts = { action, region: call.endpoint.region ?? call.endpoint.signingRegion };
  if (roleArn) facts.roleArn = roleArn;
  if (tokenFile) facts.tokenFile = tokenFile;
  return facts;
}

/**
 * A list parameter in the query protocol, as the SDK writes it: `Name.member.N.Field` (`Name.member.N` for
 * a list of strings: field ''), and an empty list as `Name=`; no list, nothing.
 */
function listMembers<T>(name: string, list: ReadonlyArray<T> | undefined, fields: (entry: T) => Array<[string, string | undefined]>): Array<[string, string | undefined]> {
  if (list === undefined) return [];
  if (list.length === 0) return [[name, '']];
  return list.flatMap((entry, index) => fields(entry).map(([field, value]): [string, string | undefined] => [`${name}.member.${index + 1}${field ? `.${field}` : ''}`, value]));
}

/** Query-protocol encoding, as the SDK writes it: RFC 3986 (also `!'()*`), `&`-joined, unset members left out. */
export function formBody(members: ReadonlyArray<readonly [string, string | undefined]>): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return members
    .filter((member): member is readonly [string, string] => member[1] !== undefined)
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .join('&');
}

/** Network failures worth another try; a DNS failure will not heal in the next second. */
const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set(['timeout', 'reset', 'refused', 'unreachable']);

/** Why an attempt failed, as the final error will say it. */
interface StsFailure {
  retryable: boolean;
  /** STS said "slow down": retried on the throttle schedule (src/retry.ts). */
  throttled?: boolean;
  problem: string;
  code?: string;
  fix?: string;
  cause?: unknown;
  /** An error reply's status and request id (the SDK's `$metadata`); a network failure has none. */
  reply?: { httpStatusCode: number; requestId?: string };
}

/**
 * One STS call with retries (docs/behaviour.md, "Retries"): 5xx, IDPCommunicationError and connection
 * failures up to `maxRetries` times with exponential backoff and full jitter within the time budget;
 * throttling on the throttle schedule until its deadline. Each attempt is signed afresh (the signature
 * carries the time).
 */
async function exchange<T>(
  call: StsCall,
  facts: HintFacts,
  body: string,
  signWith: SigningCredentials | undefined,
  extraSecrets: ReadonlyArray<string | undefined>,
  parse: (body: string) => T,
): Promise<T> {
  const { context, endpoint, client } = call;
  // clientConfig.maxAttempts sets how many attempts this loop makes; the time budget still bounds them.
  const maxRetries = call.maxRetries ?? (client?.maxAttempts !== undefined ? client.maxAttempts - 1 : STS_MAX_RETRIES);
  const send = client?.request ?? context.request;
  const logger = client?.logger ?? context.logger;
  const url = `${endpoint.url}/`;
  const what = `STS ${facts.action}${facts.roleArn ? ` for ${facts.roleArn}` : ''} at ${url}`;
  const secrets = [signWith?.secretAccessKey, signWith?.sessionToken, ...extraSecrets];
  const networkFailure = (error: NetworkError): StsFailure => {
    // A host that does not exist is most often a mistyped region (AWS_REGION=eu-wst-1).
    const mistyped = error.code === 'dns' ? mistypedRegion(new URL(endpoint.url).hostname, endpoint.region, endpoint.regionFrom) : undefined;
    return {
      retryable: RETRYABLE_NETWORK_CODES.has(error.code),
      problem: mistyped ? `${error.message}; ${mistyped.problem}` : error.message,
      code: error.code,
      fix: mistyped ? mistyped.fix : `Check that ${endpoint.url} is reachable from here (proxy, firewall, AWS_ENDPOINT_URL_STS)`,
      cause: error,
    };
  };

  const outcome = await withRetries(
    context,
    async (attempt) => {
      const headers = withUserAgent({ 'content-type': 'application/x-www-form-urlencoded' }, client);
      const request = { method: 'POST' as const, url, headers, body };
      const sent = signWith ? { ...request, headers: await sign(request, signWith, endpoint.signingRegion, context.now()) } : request;
      const response = await send({ ...sent, timeoutMs: call.timeoutMs ?? STS_REQUEST_TIMEOUT_MS, attempt });
      const failure = response.status >= 200 && response.status < 300 ? undefined : describeErrorReply(response, facts, secrets);
      return { response, failure };
    },
    {
      maxRetries,
      baseMs: BACKOFF_BASE_MS,
      capMs: BACKOFF_CAP_MS,
      jitter: call.random ?? (() => Math.random()),
      budgetMs: call.budgetMs ?? STS_RETRY_BUDGET_MS,
      ...(call.throttle ? { throttle: call.throttle } : {}),
      retryValue: (attempt) => attempt.failure?.retryable ?? false,
      throttled: (attempt) => attempt.failure?.throttled ?? false,
      retryAfter: (attempt) => retryAfterMs(attempt.response.headers, context.now()),
      retryNetwork: (error) => RETRYABLE_NETWORK_CODES.has(error.code),
      onRetry: (last, retry, delay) => {
        const failure = last.ok ? last.value.failure : networkFailure(last.error);
        const history = retryHistory(last, 'STS');
        // Throttled retries follow the throttle schedule, not maxRetries: counted against it only while none was throttled.
        const next = last.throttled === 0 ? `retry ${retry} of ${maxRetries}` : `attempt ${retry + 1}`;
        logger.debug?.(`credchain: ${what} failed (${failure?.code ?? failure?.problem}${history ? `; ${history}` : ''}); ${next} in ${delay} ms`);
      },
    },
  );
  const answered = outcome.ok ? `HTTP ${outcome.value.response.status}` : `no answer (${outcome.error.code})`;
  logger.info?.(`credchain: ${what}: ${answered} (${attemptsAndTime(outcome)})`);

  if (outcome.ok && !outcome.value.failure) return parseOrBreak(outcome.value.response, parse, what, secrets);
  const failure = outcome.ok ? outcome.value.failure! : networkFailure(outcome.error);
  const history = retryHistory(outcome, 'STS');
  // "failed: throttled by STS 9 times over 118 s; the last answer: Throttling: …" or "failed after 4 attempts: …".
  const headline = failure.throttled && outcome.throttled === outcome.attempts ? `failed: ${history}; the last answer: ${failure.problem}` : `failed${history ? ` after ${history}` : ''}: ${failure.problem}`;
  throw broken(`${what} ${headline}`, {
    ...(failure.fix ? { fix: failure.fix } : {}),
    ...(failure.code ? { code: failure.code } : {}),
    ...(failure.cause ? { cause: failure.cause } : {}),
    ...(failure.reply ? { metadata: { ...failure.reply, attempts: outcome.attempts } } : {}),
  });
}

async function sign(
  request: { method: 'POST'; url: string; headers: Record<string, string>; body: string },
  credentials: SigningCredentials,
  region: string,
  now: number,
): Promise<Record<string, string>> {
  // Loaded on the first signed call only: most resolutions never sign.
  const { signRequest } = await import('../sigv4/sign.js');
  return signRequest(request, credentials, { region, service: 'sts' }, new Date(now));
}

function parseOrBreak<T>(response: HttpResponse, parse: (body: string) => T, what: string, secrets: ReadonlyArray<string | undefined>): T {
  try {
    return parse(response.body);
  } catch (error) {
    if (!(error instanceof MalformedReplyError)) throw error;
    throw broken(`${what} answered HTTP ${response.status}, but ${redact(error.message, secrets)}`, {
      fix: 'Check that the STS endpoint (AWS_ENDPOINT_URL_STS, endpoint_url) points at STS',
      code: 'MalformedReply',
    });
  }
}

function describeErrorReply(response: HttpResponse, facts: HintFacts, secrets: ReadonlyArray<string | undefined>): StsFailure {
  const reply = parseErrorReply(response.body);
  // The SDK's $metadata: the status and the request id of the header (the body's is in the message).
  const header = response.headers['x-amzn-requestid'];
  const metadata = { httpStatusCode: response.status, ...(header ? { requestId: outsideText(header, 100) } : {}) };
  if (!reply) {
    return {
      reply: metadata,
      retryable: isRetryableReply(response.status, undefined),
      throttled: isThrottlingReply(response.status, undefined),
      problem: `HTTP ${response.status} with no STS error in the reply`,
      code: `HTTP${response.status}`,
      fix:
        response.status === 429
          ? throttlingFix(facts)
          : response.status >= 500
            ? 'STS is having trouble; try again later'
            : 'Check that the STS endpoint (AWS_ENDPOINT_URL_STS, endpoint_url) points at STS',
    };
  }
  // STS messages name roles and sessions, not secrets; redaction is a second line of defence.
  const message = redact(reply.message, secrets);
  const fix = fixForStsError(reply.code, facts);
  return {
    retryable: isRetryableReply(response.status, reply.code),
    throttled: isThrottlingReply(response.status, reply.code),
    problem: `${reply.code}${message ? `: ${message}` : ''} (HTTP ${response.status}${reply.requestId ? `, request id ${reply.requestId}` : ''})`,
    code: reply.code,
    ...(fix ? { fix } : {}),
    reply: metadata,
  };
}

