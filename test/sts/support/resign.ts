// An independent SigV4 signer (node:crypto, no shared code with src/sigv4) used to check the
// Authorization header credchain sent: recompute the signature with the test's own credentials.
import { createHash, createHmac } from 'node:crypto';

export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** Parses `AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex`. */
export function parseAuthorization(value: string) {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(value);
  if (!match) throw new Error(`not a SigV4 Authorization header: ${value}`);
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match;
  return { accessKeyId: accessKeyId!, date: date!, region: region!, service: service!, signedHeaders: signedHeaders!.split(';'), signature: signature! };
}

/** The signature the request should carry when signed with `secretAccessKey` (header mode, body hashed). */
export function expectedSignature(request: SentRequest, secretAccessKey: string): string {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const auth = parseAuthorization(headers.authorization!);
  const url = new URL(request.url);
  const amzDate = headers['x-amz-date']!;
  const canonicalHeaders = auth.signedHeaders
    .map((name) => {
      const value = name === 'host' ? (headers.host ?? url.host) : headers[name];
      if (value === undefined) throw new Error(`signed header ${name} was not sent`);
      return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const canonicalRequest = [
    request.method,
    url.pathname || '/',
    url.search.slice(1),
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    headers['x-amz-content-sha256'] ?? sha256(request.body),
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${secretAccessKey}`, auth.date);
  const kRegion = hmac(kDate, auth.region);
  const kService = hmac(kRegion, auth.service);
  const kSigning = hmac(kService, 'aws4_request');
  return createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
}
