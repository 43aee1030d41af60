// The server side of SigV4: checks an `Authorization: AWS4-HMAC-SHA256 …` header the way AWS does, for the
// loopback STS emulator and the fake MongoDB server. Re-signs with the production signer and compares.

import { timingSafeEqual } from 'node:crypto';
import { ALGORITHM, sha256Hex } from '../sigv4/canonical.js';
import { signRequest } from '../sigv4/sign.js';

export interface ReceivedRequest {
  method: string;
  /** Path and query as received (the request target), e.g. `/` or `/?Action=GetCallerIdentity`. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface KnownSecret {
  secretAccessKey: string;
  /** The token issued with a temporary key: the request must carry exactly this one. */
  sessionToken?: string;
  /** When the key stops working (checked only when `now` is given). */
  expiration?: Date;
}

export type Verdict =
  | { ok: true; accessKeyId: string; region: string; service: string }
  | { ok: false; code: VerifyErrorCode; message: string };

export type VerifyErrorCode =
  | 'MissingAuthenticationToken'
  | 'IncompleteSignature'
  | 'InvalidClientTokenId'
  | 'ExpiredToken'
  | 'SignatureDoesNotMatch'
  | 'XAmzContentSHA256Mismatch';

/** AWS refuses a request whose date is more than 15 minutes away from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

/**
 * Verifies the SigV4 signature of `request`. `lookupSecret` maps an access key id to what was issued
 * for it. Without `now` no clock checks are made (skew, expiry). Messages never contain secrets.
 */
export async function verifySignature(
  request: ReceivedRequest,
  lookupSecret: (accessKeyId: string) => KnownSecret | undefined,
  now?: Date,
): Promise<Verdict> {
  const headers = lowerCaseHeaders(request.headers);
  const authorization = headers.get('authorization');
  if (authorization === undefined) return fail('MissingAuthenticationToken', 'Request is missing Authentication Token');

  const parsed = parseAuthorization(authorization);
  if (typeof parsed === 'string') return fail('IncompleteSignature', parsed);
  const { accessKeyId, scopeDate, region, service, signedHeaders, signature } = parsed;

  const amzDate = headers.get('x-amz-date');
  const signedAt = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (signedAt === undefined) {
    return fail('IncompleteSignature', "Authorization header requires existence of a valid 'X-Amz-Date' header.");
  }
  for (const required of ['host', 'x-amz-date']) {
    if (!signedHeaders.includes(required)) return fail('IncompleteSignature', `'${required}' must be a 'SignedHeader' in the AWS Authorization.`);
  }
  for (const name of signedHeaders) {
    if (!headers.has(name)) return fail('IncompleteSignature', `Header '${name}' is listed in SignedHeaders but is missing from the request.`);
  }
  if (scopeDate !== amzDate!.slice(0, 8)) {
    return fail('SignatureDoesNotMatch', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate!.slice(0, 8)}'`);
  }
  if (now && Math.abs(now.getTime() - signedAt.getTime()) > MAX_SKEW_MS) {
    return fail('SignatureDoesNotMatch', `Signature expired: ${amzDate} is outside 15 minutes of the server time ${formatAmzDate(now)}.`);
  }

  const known = lookupSecret(accessKeyId);
  if (!known) return fail('InvalidClientTokenId', INVALID_TOKEN);
  // A temporary key is only valid with the token it was issued with; a long-term key takes none.
  if ((known.sessionToken || undefined) !== headers.get('x-amz-security-token')) return fail('InvalidClientTokenId', INVALID_TOKEN);
  if (now && known.expiration && known.expiration.getTime() <= now.getTime()) {
    return fail('ExpiredToken', 'The security token included in the request is expired');
  }

  const body = request.body ?? '';
  const claimedBodyHash = headers.get('x-amz-content-sha256');
  if (claimedBodyHash !== undefined && claimedBodyHash !== sha256Hex(body)) {
    return fail('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  // Re-sign exactly the signed headers. The token goes in as an ordinary header, so it is covered
  // only when the client covered it; x-amz-date becomes the signing date.
  const resign: Record<string, string> = {};
  for (const name of signedHeaders) if (name !== 'x-amz-date') resign[name] = headers.get(name)!;
  // The URL's authority is not signed (the host header is), so a fixed one does; the target goes in as received.
  const expected = await signRequest(
    { method: request.method, url: `https://verifier.invalid${request.url.startsWith('/') ? '' : '/'}${request.url}`, headers: resign, body },
    { accessKeyId, secretAccessKey: known.secretAccessKey },
    { region, service },
    signedAt,
  );
  const recomputed = parseAuthorization(expected.authorization!);
  if (typeof recomputed === 'string' || recomputed.signedHeaders.join(';') !== signedHeaders.join(';') || !sameHex(recomputed.signature, signature)) {
    return fail('SignatureDoesNotMatch', MISMATCH);
  }
  return { ok: true, accessKeyId, region, service };
}

interface ParsedAuthorization {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sts/aws4_request, SignedHeaders=a;b, Signature=hex`; a string is the complaint. */
function parseAuthorization(header: string): ParsedAuthorization | string {
  const space = header.indexOf(' ');
  const algorithm = space === -1 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) return `Unsupported AWS 'algorithm': '${algorithm}'.`;
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const equals = part.indexOf('=');
    if (equals !== -1) fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  const missing = [['Credential', credential], ['SignedHeaders', signedHeaders], ['Signature', signature]].filter(([, value]) => !value).map(([name]) => name);
  if (missing.length > 0) return `Authorization header requires ${missing.map((name) => `'${name}'`).join(', ')} parameter(s).`;
  const scope = credential!.split('/');
  if (scope.length !== 5 || scope.some((piece) => piece === '') || scope[4] !== 'aws4_request' || !/^\d{8}$/.test(scope[1]!)) {
    return "Credential should be scoped to a valid region, service and date: '<key>/<YYYYMMDD>/<region>/<service>/aws4_request'.";
  }
  if (!/^[0-9a-f]{64}$/.test(signature!)) return 'Signature must be 64 lower-case hexadecimal characters.';
  const [accessKeyId, scopeDate, region, service] = scope as [string, string, string, string];
  return { accessKeyId, scopeDate, region, service, signedHeaders: signedHeaders!.split(';'), signature: signature! };
}

/** Servers see header names in any case (Node lower-cases them; tests may not). */
function lowerCaseHeaders(headers: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    out.set(key, out.has(key) ? `${out.get(key)},${value}` : value);
  }
  return out;
}

function parseAmzDate(text: string): Date | undefined {
  const m = AMZ_DATE.exec(text);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return formatAmzDate(date) === text ? date : undefined; // rejects 20150231 and friends
}

function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, '');
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function fail(code: VerifyErrorCode, message: string): Verdict {
  return { ok: false, code, message };
}
