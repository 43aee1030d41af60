// signRequest() / presignUrl(): the header set they hand back (host, date, token, authorization), URL
// handling (ports, query, no WHATWG folding), the signing-key cache, and input that cannot be signed.
import { describe, expect, it } from 'vitest';
import { presignUrl, signRequest } from '../../src/sigv4/sign.js';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SCOPE = { region: 'us-east-1', service: 'service' };
const NOW = new Date('2015-08-30T12:36:00Z');

describe('signRequest', () => {
  it('returns the caller headers plus host, x-amz-date and authorization (get-vanilla)', async () => {
    const headers = await signRequest({ method: 'GET', url: 'https://example.amazonaws.com/', headers: {} }, CREDENTIALS, SCOPE, NOW);
    expect(headers).toEqual({
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    });
  });

  it('adds and signs x-amz-security-token for a token, and leaves an empty token out', async () => {
    const withToken = await signRequest({ method: 'POST', url: 'https://sts.amazonaws.com/', headers: {}, body: 'a=b' }, { ...CREDENTIALS, sessionToken: 'tok' }, SCOPE, NOW);
    expect(withToken['x-amz-security-token']).toBe('tok');
    expect(withToken.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
    const emptyToken = await signRequest({ method: 'POST', url: 'https://sts.amazonaws.com/', headers: {}, body: 'a=b' }, { ...CREDENTIALS, sessionToken: '' }, SCOPE, NOW);
    expect(emptyToken).not.toHaveProperty('x-amz-security-token');
  });

  it.each([
    ['https://sts.eu-west-1.amazonaws.com:443/', 'sts.eu-west-1.amazonaws.com'],
    ['http://127.0.0.1:80/', '127.0.0.1'],
    ['http://127.0.0.1:8080/', '127.0.0.1:8080'],
    ['https://STS.Example.COM', 'sts.example.com'],
    ['http://user:pw@127.0.0.1:9/x', '127.0.0.1:9'],
    ['http://[::1]:4567/', '[::1]:4567'],
  ])('derives the Host header of %s as %s (what Node sends)', async (url, host) => {
    const headers = await signRequest({ method: 'GET', url, headers: {} }, CREDENTIALS, SCOPE, NOW);
    expect(headers.host).toBe(host);
  });

  it("keeps a caller's Host header and does not modify the caller's object", async () => {
    const input = { 'Content-Type': 'text/plain', Host: 'elsewhere.example' };
    const headers = await signRequest({ method: 'GET', url: 'https://example.amazonaws.com/', headers: input }, CREDENTIALS, SCOPE, NOW);
    expect(headers).toMatchObject({ Host: 'elsewhere.example', 'Content-Type': 'text/plain' });
    expect(headers).not.toHaveProperty('host');
    expect(input).toEqual({ 'Content-Type': 'text/plain', Host: 'elsewhere.example' });
  });

  it('signs query parameters by decoded value, so equal queries written differently sign alike', async () => {
    const sign = (url: string) => signRequest({ method: 'GET', url, headers: {} }, CREDENTIALS, SCOPE, NOW);
    const a = await sign('https://example.amazonaws.com/?b=2&a=%41&a=1');
    const b = await sign('https://example.amazonaws.com/?a=1&a=A&b=2#fragment');
    expect(a.authorization).toBe(b.authorization);
    expect(a.authorization).not.toBe((await sign('https://example.amazonaws.com/?a=1&b=2')).authorization);
  });

  it('refuses a URL that is not absolute, naming it without any password in it', async () => {
    await expect(signRequest({ method: 'GET', url: '/relative', headers: {} }, CREDENTIALS, SCOPE, NOW)).rejects.toThrow(/"\/relative"/);
    const refusal = signRequest({ method: 'GET', url: 'mailto://user:passwordSENTINEL@host/ x', headers: {} }, CREDENTIALS, SCOPE, NOW);
    await expect(refusal).rejects.toThrow(/not an absolute http\(s\) URL/);
    await expect(refusal).rejects.not.toThrow(/passwordSENTINEL/);
  });
});

describe('signRequest: headers it writes, drops or leaves unsigned', () => {
  const GET_VANILLA_SIGNATURE = '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';
  const vanilla = (headers: Record<string, string>) => signRequest({ method: 'GET', url: 'https://example.amazonaws.com/', headers }, CREDENTIALS, SCOPE, NOW);

  it('replaces a stale authorization, x-amz-date or date header from the caller (get-vanilla still signs alike)', async () => {
    const headers = await vanilla({ Authorization: 'AWS4-HMAC-SHA256 old', 'X-Amz-Date': '20000101T000000Z', Date: 'Sat, 01 Jan 2000 00:00:00 GMT' });
    expect(Object.keys(headers).sort()).toEqual(['authorization', 'host', 'x-amz-date']);
    expect(headers.authorization).toMatch(new RegExp(`Signature=${GET_VANILLA_SIGNATURE}$`));
  });

  it('sends but does not sign hop-by-hop and proxy headers (user-agent, connection, proxy-*, sec-*)', async () => {
    const headers = await vanilla({ 'User-Agent': 'credchain/1', connection: 'close', 'Proxy-Authorization': 'x', 'sec-fetch-mode': 'cors', 'X-Amzn-Trace-Id': 'Root=1' });
    expect(headers['User-Agent']).toBe('credchain/1');
    expect(headers.authorization).toMatch(new RegExp(`SignedHeaders=host;x-amz-date, Signature=${GET_VANILLA_SIGNATURE}$`));
  });

  it('signs the body hash as x-amz-content-sha256 with signBody, and a caller-given one instead of hashing', async () => {
    const request = { method: 'PUT', url: 'https://example.amazonaws.com/k', headers: {}, body: 'abc' };
    const withHash = await signRequest(request, CREDENTIALS, SCOPE, NOW, { signBody: true });
    expect(withHash['x-amz-content-sha256']).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(withHash.authorization).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date,');
    const unsignedPayload = await signRequest({ ...request, headers: { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' } }, CREDENTIALS, SCOPE, NOW, { signBody: true });
    expect(unsignedPayload).not.toHaveProperty('x-amz-content-sha256');
    expect(unsignedPayload.authorization).not.toBe(withHash.authorization);
  });

  it('derives the key afresh when the secret behind a cached key id changes', async () => {
    const wrong = await signRequest({ method: 'GET', url: 'https://example.amazonaws.com/', headers: {} }, { ...CREDENTIALS, secretAccessKey: 'another-secret' }, SCOPE, NOW);
    expect(wrong.authorization).not.toContain(GET_VANILLA_SIGNATURE);
    expect((await vanilla({})).authorization).toMatch(new RegExp(`Signature=${GET_VANILLA_SIGNATURE}$`));
    expect((await vanilla({})).authorization).toMatch(new RegExp(`Signature=${GET_VANILLA_SIGNATURE}$`)); // cached
  });

  it('refuses one header given twice in different case, naming it (Node would send only one of them)', async () => {
    await expect(vanilla({ 'X-Note': 'a', 'x-note': 'b' })).rejects.toThrow(/header "x-note" is given twice.*joined by ','/);
  });

  it('refuses text with no UTF-8 form, credentials that are not strings (without echoing the secret) and an invalid date', async () => {
    await expect(signRequest({ method: 'GET', url: 'https://example.amazonaws.com/\ud800', headers: {} }, CREDENTIALS, SCOPE, NOW)).rejects.toThrow(/not valid Unicode/);
    const missing = signRequest({ method: 'GET', url: 'https://example.amazonaws.com/', headers: {} }, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: undefined as unknown as string, sessionToken: 'tokenSENTINEL' }, SCOPE, NOW);
    await expect(missing).rejects.toThrow(/string accessKeyId and secretAccessKey/);
    await expect(missing).rejects.not.toThrow(/SENTINEL/);
    await expect(signRequest({ method: 'GET', url: 'https://example.amazonaws.com/', headers: {} }, CREDENTIALS, SCOPE, new Date(Number.NaN))).rejects.toThrow(/signing time is not a valid Date/);
  });
});

describe('presignUrl', () => {
  it('moves x-amz-* headers into the query and refuses a lifetime AWS would reject', async () => {
    const request = { method: 'GET', url: 'https://example.amazonaws.com/?a=1', headers: { 'X-Amz-Target': 'Svc.Op', 'Content-Type': 'text/plain' } };
    const url = new URL(await presignUrl(request, CREDENTIALS, SCOPE, NOW, 60));
    expect(url.searchParams.get('X-Amz-Target')).toBe('Svc.Op');
    expect(url.searchParams.get('a')).toBe('1');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    for (const seconds of [0, 1.5, 7 * 24 * 3600 + 1]) {
      await expect(presignUrl(request, CREDENTIALS, SCOPE, NOW, seconds)).rejects.toThrow(/whole number from 1 to 604800/);
    }
    await expect(presignUrl(request, CREDENTIALS, SCOPE, NOW, 7 * 24 * 3600)).resolves.toContain('X-Amz-Expires=604800');
  });

  it('puts the signature and the token in the query (get-vanilla-with-session-token)', async () => {
    const url = new URL(
      await presignUrl({ method: 'GET', url: 'https://example.amazonaws.com/', headers: {} }, { ...CREDENTIALS, sessionToken: '6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267' }, SCOPE, NOW, 3600),
    );
    expect(url.origin + url.pathname).toBe('https://example.amazonaws.com/');
    expect(url.searchParams.get('X-Amz-Signature')).toBe('7ff2b50b376cb4d151970630573d6291dc128cc5c2a12ffb237f73cc53f67b6c');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
  });
});
