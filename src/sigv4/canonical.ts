// The pure half of SigV4: the canonical request and the string to sign, built from already split request
// parts. No keys, no clock; src/sigv4/sign.ts feeds it and signs the result.

import { createHash } from 'node:crypto';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

/**
 * Never signed, whatever the caller sends: hop-by-hop and proxy-rewritten headers (and `authorization`
 * itself). The same set as the AWS SDK's signer, so both sign the same header list.
 */
const UNSIGNABLE_HEADERS = new Set([
  'authorization',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);
const UNSIGNABLE_PREFIX = /^(?:proxy-|sec-)/;

const RESERVED_BY_RFC_3986 = /[!'()*]/g;

/** RFC 3986: the unreserved set (A-Z a-z 0-9 - . _ ~) stays, every other UTF-8 byte becomes upper-case %XX. */
export function uriEncode(text: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    // Only a lone UTF-16 surrogate gets here; it has no UTF-8 form, so no signature can cover it.
    throw new TypeError('cannot sign the request: its path or query holds text that is not valid Unicode (a lone surrogate)');
  }
  // encodeURIComponent leaves !'()* alone; SigV4 wants them encoded.
  return encoded.replace(RESERVED_BY_RFC_3986, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The path line. `path` is the path as written in the URL. With `normalize`, `.` and empty segments are
 * dropped and `..` removes the segment before it (a trailing `/` is kept); either way each segment is then
 * encoded, so an already encoded `%3D` is signed as `%253D` — what AWS expects from every service but S3.
 */
export function canonicalPath(path: string, normalize: boolean): string {
  const toEncode = normalize ? normalizePath(path) : path;
  // Encoding the whole path encodes '/' too; put the separators back. An encoded %2F inside a segment
  // has become %252F by then, so it is not touched.
  return uriEncode(toEncode).replace(/%2F/g, '/');
}

function normalizePath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const leading = path.startsWith('/') ? '/' : '';
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `${leading}${segments.join('/')}${trailing}`;
}

/**
 * The query line from decoded name/value pairs: each encoded, sorted by encoded name, then by encoded value
 * (a parameter without a value has the empty value). `X-Amz-Signature` is never part of what it signs.
 */
export function canonicalQuery(pairs: Iterable<readonly [string, string]>): string {
  const encoded: Array<[string, string]> = [];
  for (const [name, value] of pairs) {
    if (name.toLowerCase() === 'x-amz-signature') continue;
    encoded.push([uriEncode(name), uriEncode(value)]);
  }
  // Plain code-unit comparison: the strings are ASCII now, so this is the byte order SigV4 asks for.
  encoded.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return encoded.map(([name, value]) => `${name}=${value}`).join('&');
}

export interface CanonicalHeaders {
  /** `name:value` lines, sorted by lower-case name. */
  lines: string;
  /** `a;b;c`: the names signed, sorted. */
  signedHeaders: string;
}

/**
 * Lower-case names, sorted; values with line breaks turned into spaces, runs of spaces and tabs collapsed
 * and the ends trimmed. A header sent several times must arrive here already joined with ',' (one entry):
 * two entries differing only in case are refused, because Node's HTTP client would send only one of them.
 */
export function canonicalHeaders(headers: Record<string, string | undefined>): CanonicalHeaders {
  const canonical = new Map<string, string>();
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    const earlier = seen.get(lower);
    if (earlier !== undefined) {
      throw new TypeError(
        `cannot sign the request: the header ${JSON.stringify(lower)} is given twice (as ${JSON.stringify(earlier)} and ${JSON.stringify(name)}); give it once, with the values joined by ','`,
      );
    }
    seen.set(lower, name);
    if (value == null || UNSIGNABLE_HEADERS.has(lower) || UNSIGNABLE_PREFIX.test(lower)) continue;
    canonical.set(lower, value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, ''));
  }
  const names = [...canonical.keys()].sort();
  return {
    lines: names.map((name) => `${name}:${canonical.get(name)}`).join('\n'),
    signedHeaders: names.join(';'),
  };
}

export interface CanonicalRequestParts {
  method: string;
  /** As written in the URL (see canonicalPath). */
  path: string;
  normalizePath: boolean;
  /** Decoded name/value pairs. */
  query: Iterable<readonly [string, string]>;
  headers: Record<string, string | undefined>;
  /** Hex SHA-256 of the body (or what `x-amz-content-sha256` says). */
  payloadHash: string;
}

export interface CanonicalRequest {
  text: string;
  signedHeaders: string;
}

export function canonicalRequest(parts: CanonicalRequestParts): CanonicalRequest {
  const headers = canonicalHeaders(parts.headers);
  const text = [
    parts.method,
    canonicalPath(parts.path, parts.normalizePath),
    canonicalQuery(parts.query),
    headers.lines,
    '', // canonical headers end with a newline of their own
    headers.signedHeaders,
    parts.payloadHash,
  ].join('\n');
  return { text, signedHeaders: headers.signedHeaders };
}

/** `AWS4-HMAC-SHA256\n<long date>\n<scope>\n<hex SHA-256 of the canonical request>`. */
export function stringToSign(longDate: string, credentialScope: string, canonicalRequestText: string): string {
  return `${ALGORITHM}\n${longDate}\n${credentialScope}\n${sha256Hex(canonicalRequestText)}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
