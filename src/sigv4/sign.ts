// SigV4 (AWS4-HMAC-SHA256) header signing and presigned URLs over node:crypto, matching the AWS SDK's signer
// (test/sigv4/differential.test.ts) and the cross-SDK suite (test/sigv4/conformance.test.ts). Callers still
// load it lazily (`await import('../sigv4/sign.js')`): only signed calls need it.

import { createHmac } from 'node:crypto';
import { ALGORITHM, canonicalHeaders, canonicalRequest, sha256Hex, stringToSign, uriEncode } from './canonical.js';

export interface SignableRequest {
  method: string;
  /** Absolute URL. The path is signed as written (no WHATWG `.`/`..` folding); the signer normalises and encodes it. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigningScope {
  region: string;
  service: string;
}

/** The two knobs the SDK's signer has; AWS services other than S3 use the defaults, and so does credchain. */
export interface SigningOptions {
  /** Add a signed `x-amz-content-sha256` header with the body hash (S3 style). Default false. */
  signBody?: boolean;
  /**
   * Default true: drop `.`, `..` and empty path segments, then percent-encode the path (so an already
   * encoded path is encoded twice). False: the path is not normalised, only encoded (the conformance
   * suite's normalize=false; the SDK's signer instead signs it verbatim, unencoded, see test/sigv4).
   */
  normalizePath?: boolean;
}

/** What one signature was computed from: the canonical request and the string to sign (for tests and debugging). */
export interface SigningSteps {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/**
 * Signs `request` for `scope` at `now` and returns the full header set to send: the caller's headers plus
 * `host` (from the URL, unless given), `x-amz-date`, `x-amz-security-token` (when there is a token) and
 * `authorization`.
 */
export async function signRequest(...args: Parameters<typeof signRequestWithSteps>): Promise<Record<string, string>> {
  return signRequestWithSteps(...args).headers;
}

/** signRequest(), also returning the intermediate strings. */
export function signRequestWithSteps(
  request: SignableRequest,
  credentials: SigningCredentials,
  scope: SigningScope,
  now: Date,
  options: SigningOptions = {},
): SigningSteps & { headers: Record<string, string> } {
  checkCredentials(credentials);
  const parts = splitUrl(request.url);
  const { longDate, shortDate } = formatDate(now);
  const headers = preparedHeaders(request.headers, parts.host);
  headers['x-amz-date'] = longDate;
  const token = sessionTokenOf(credentials);
  if (token !== undefined) {
    deleteHeader(headers, 'x-amz-security-token');
    headers['x-amz-security-token'] = token;
  }
  const payloadHash = payloadHashOf(request);
  if (options.signBody && headerValue(headers, 'x-amz-content-sha256') === undefined) headers['x-amz-content-sha256'] = payloadHash;

  const credentialScope = `${shortDate}/${scope.region}/${scope.service}/aws4_request`;
  const canonical = canonicalRequest({
    method: request.method.toUpperCase(),
    path: parts.path,
    normalizePath: options.normalizePath ?? true,
    query: pairsOf(parseQuery(parts.query)),
    headers,
    payloadHash,
  });
  const steps = sign(canonical.text, longDate, credentialScope, credentials, scope);
  headers.authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${canonical.signedHeaders}, Signature=${steps.signature}`;
  return { ...steps, headers };
}

/** SigV4 query authentication ("presigned URL"): the URL with `X-Amz-*` parameters, valid for `expiresInSeconds`. */
export async function presignUrl(...args: Parameters<typeof presignUrlWithSteps>): Promise<string> {
  return presignUrlWithSteps(...args).url;
}

/** AWS refuses presigned URLs valid for longer than seven days. */
const MAX_PRESIGNED_SECONDS = 7 * 24 * 60 * 60;

/** presignUrl(), also returning the intermediate strings. */
export function presignUrlWithSteps(
  request: SignableRequest,
  credentials: SigningCredentials,
  scope: SigningScope,
  now: Date,
  expiresInSeconds: number,
  options: SigningOptions = {},
): SigningSteps & { url: string } {
  checkCredentials(credentials);
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_PRESIGNED_SECONDS) {
    throw new RangeError(`cannot presign a URL valid for ${expiresInSeconds} seconds: give a whole number from 1 to ${MAX_PRESIGNED_SECONDS} (seven days)`);
  }
  const parts = splitUrl(request.url);
  const { longDate, shortDate } = formatDate(now);
  const headers = preparedHeaders(request.headers, parts.host);
  const query = parseQuery(parts.query);
  // As the SDK does: every x-amz-* header travels in the query instead, so the URL works on its own.
  for (const name of Object.keys(headers)) {
    if (!name.toLowerCase().startsWith('x-amz-')) continue;
    query.set(name, [headers[name]!]);
    delete headers[name];
  }
  const credentialScope = `${shortDate}/${scope.region}/${scope.service}/aws4_request`;
  const token = sessionTokenOf(credentials);
  if (token !== undefined) query.set('X-Amz-Security-Token', [token]);
  query.set('X-Amz-Algorithm', [ALGORITHM]);
  query.set('X-Amz-Credential', [`${credentials.accessKeyId}/${credentialScope}`]);
  query.set('X-Amz-Date', [longDate]);
  query.set('X-Amz-Expires', [String(expiresInSeconds)]);
  query.set('X-Amz-SignedHeaders', [canonicalHeaders(headers).signedHeaders]);

  const canonical = canonicalRequest({
    method: request.method.toUpperCase(),
    path: parts.path,
    normalizePath: options.normalizePath ?? true,
    query: pairsOf(query),
    headers,
    payloadHash: payloadHashOf(request),
  });
  const steps = sign(canonical.text, longDate, credentialScope, credentials, scope);
  query.set('X-Amz-Signature', [steps.signature]);
  return { ...steps, url: `${parts.scheme}://${parts.authority}${parts.path}?${formatQuery(query)}` };
}

function sign(canonicalRequestText: string, longDate: string, credentialScope: string, credentials: SigningCredentials, scope: SigningScope): SigningSteps {
  const toSign = stringToSign(longDate, credentialScope, canonicalRequestText);
  const key = signingKey(credentials, longDate.slice(0, 8), scope);
  return { canonicalRequest: canonicalRequestText, stringToSign: toSign, signature: createHmac('sha256', key).update(toSign, 'utf8').digest('hex') };
}

/**
 * The derived key: four HMACs, recomputed per signature. No cache: a process-wide map of derived keys
 * would be shared state keyed by credentials, and credchain signs a handful of requests per resolution.
 */
function signingKey(credentials: SigningCredentials, shortDate: string, scope: SigningScope): Buffer {
  let key: Buffer | string = `AWS4${credentials.secretAccessKey}`;
  for (const part of [shortDate, scope.region, scope.service, 'aws4_request']) key = createHmac('sha256', key).update(part, 'utf8').digest();
  return key as Buffer;
}

function checkCredentials(credentials: SigningCredentials): void {
  if (typeof credentials?.accessKeyId !== 'string' || typeof credentials.secretAccessKey !== 'string') {
    throw new TypeError('cannot sign the request: the credentials need a string accessKeyId and secretAccessKey');
  }
}

/** An empty token is no token: sending `x-amz-security-token:` would only confuse the server. */
function sessionTokenOf(credentials: SigningCredentials): string | undefined {
  return credentials.sessionToken ? credentials.sessionToken : undefined;
}

/** `20150830T123600Z` and `20150830`. */
function formatDate(now: Date): { longDate: string; shortDate: string } {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RangeError('cannot sign the request: the signing time is not a valid Date');
  const longDate = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return { longDate, shortDate: longDate.slice(0, 8) };
}

/**
 * A copy of the caller's headers without the ones the signer writes (as the SDK drops them: a stale
 * `authorization`, `x-amz-date` or `date` must not be signed or sent), with `host` added from the URL.
 */
function preparedHeaders(given: Record<string, string>, host: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let hasHost = false;
  for (const [name, value] of Object.entries(given)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'x-amz-date' || lower === 'date') continue;
    if (lower === 'host') hasHost = true;
    headers[name] = value;
  }
  if (!hasHost) headers.host = host;
  return headers;
}

function headerValue(headers: Record<string, string>, lowerName: string): string | undefined {
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === lowerName) return value;
  return undefined;
}

function deleteHeader(headers: Record<string, string>, lowerName: string): void {
  for (const name of Object.keys(headers)) if (name.toLowerCase() === lowerName) delete headers[name];
}

/** A caller-given `x-amz-content-sha256` is what the server checks the body against, so it is what is signed. */
function payloadHashOf(request: SignableRequest): string {
  return headerValue(request.headers, 'x-amz-content-sha256') ?? sha256Hex(request.body ?? '');
}

interface UrlParts {
  scheme: string;
  /** As written, for rebuilding the URL. */
  authority: string;
  /** The Host header value: lower case, without a default port (what Node's http client sends). */
  host: string;
  path: string;
  query: string;
}

const URL_SHAPE = /^(https?):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i;
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443 };

/** A hand split rather than `new URL()`: WHATWG parsing would fold `/./` and `/../` before the signer sees the path. */
function splitUrl(url: string): UrlParts {
  const match = URL_SHAPE.exec(url);
  if (!match) {
    // Shown without any user:password@ part, and cut short: the message may end up in a log.
    const shown = url.replace(/\/\/[^/@]*@/, '//').slice(0, 80);
    throw new TypeError(`cannot sign a request to ${JSON.stringify(shown)}: not an absolute http(s) URL`);
  }
  const scheme = match[1]!.toLowerCase();
  const authority = match[2]!;
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
  const portMatch = /:(\d+)$/.exec(hostPort);
  const hostname = portMatch ? hostPort.slice(0, portMatch.index) : hostPort;
  const port = portMatch ? Number(portMatch[1]) : undefined;
  const isDefaultPort = port === undefined || port === DEFAULT_PORTS[scheme];
  return {
    scheme,
    authority,
    host: isDefaultPort ? hostname : `${hostname}:${port}`,
    path: match[3] || '/',
    query: match[4] ?? '',
  };
}

/** Decoded names and values, in the order written; a repeated name collects its values. */
function parseQuery(query: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decode(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decode(pair.slice(equals + 1));
    const values = out.get(name);
    if (values) values.push(value);
    else out.set(name, [value]);
  }
  return out;
}

function* pairsOf(query: Map<string, string[]>): Iterable<[string, string]> {
  for (const [name, values] of query) for (const value of values) yield [name, value];
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a stray '%': sign it as written rather than refuse
  }
}

function formatQuery(query: Map<string, string[]>): string {
  return Array.from(pairsOf(query), ([name, value]) => `${uriEncode(name)}=${uriEncode(value)}`).join('&');
}
