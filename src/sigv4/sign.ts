// SigV4 (AWS4-HMAC-SHA256) signing over @smithy/signature-v4, the signer the AWS SDK itself uses.
// Heavy, so callers load it lazily (`await import('../sigv4/sign.js')`) and only when they sign.

import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './node-sha256.js';

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
   * encoded path is encoded twice). False is smithy's S3 mode: the path is signed exactly as given.
   */
  normalizePath?: boolean;
}

/**
 * Signs `request` for `scope` at `now` and returns the full header set to send: the caller's headers plus
 * `host` (from the URL, unless given), `x-amz-date`, `x-amz-security-token` (when there is a token) and
 * `authorization`.
 */
export async function signRequest(
  request: SignableRequest,
  credentials: SigningCredentials,
  scope: SigningScope,
  now: Date,
  options: SigningOptions = {},
): Promise<Record<string, string>> {
  const signed = await signer(credentials, scope, options).sign(toHttpRequest(request), { signingDate: now });
  return { ...signed.headers };
}

/** SigV4 query authentication ("presigned URL"): the URL with `X-Amz-*` parameters, valid for `expiresInSeconds`. */
export async function presignUrl(
  request: SignableRequest,
  credentials: SigningCredentials,
  scope: SigningScope,
  now: Date,
  expiresInSeconds: number,
  options: SigningOptions = {},
): Promise<string> {
  const parts = splitUrl(request.url);
  const signed = await signer(credentials, scope, options).presign(toHttpRequest(request), { signingDate: now, expiresIn: expiresInSeconds });
  return `${parts.scheme}://${parts.authority}${parts.path}?${formatQuery(signed.query ?? {})}`;
}

function signer(credentials: SigningCredentials, scope: SigningScope, options: SigningOptions): SignatureV4 {
  return new SignatureV4({
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      // An empty token is no token: sending `x-amz-security-token:` would only confuse the server.
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    },
    region: scope.region,
    service: scope.service,
    sha256: NodeSha256,
    uriEscapePath: options.normalizePath ?? true,
    applyChecksum: options.signBody ?? false,
  });
}

type QueryValue = string | string[];

interface HttpRequestShape {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: Record<string, QueryValue>;
  headers: Record<string, string>;
  body?: string;
}

function toHttpRequest(request: SignableRequest): HttpRequestShape {
  const parts = splitUrl(request.url);
  const headers = { ...request.headers };
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'host')) headers.host = parts.host;
  return {
    method: request.method.toUpperCase(),
    protocol: `${parts.scheme}:`,
    hostname: parts.hostname,
    ...(parts.port !== undefined ? { port: parts.port } : {}),
    path: parts.path,
    query: parseQuery(parts.query),
    headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
  };
}

interface UrlParts {
  scheme: string;
  /** As written, for rebuilding the URL. */
  authority: string;
  hostname: string;
  port: number | undefined;
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
    hostname,
    port,
    host: isDefaultPort ? hostname : `${hostname}:${port}`,
    path: match[3] || '/',
    query: match[4] ?? '',
  };
}

/** Decoded names and values (the signer encodes them once); a repeated name collects its values. */
function parseQuery(query: string): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = Object.create(null);
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decode(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decode(pair.slice(equals + 1));
    const previous = out[name];
    out[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return out;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a stray '%': sign it as written rather than refuse
  }
}

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function formatQuery(query: Record<string, QueryValue | null | undefined>): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value == null) continue;
    for (const one of Array.isArray(value) ? value : [value]) pairs.push(`${encode(name)}=${encode(one)}`);
  }
  return pairs.join('&');
}
