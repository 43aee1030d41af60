// signRequest() / presignUrl(): the header set they hand back (host, date, token, authorization), URL
// handling (ports, query, no WHATWG folding), and input that cannot be signed.
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

describe('presignUrl', () => {
  it('puts the signature and the token in the query (get-vanilla-with-session-token)', async () => {
    const url = new URL(
      await presignUrl({ method: 'GET', url: 'https://example.amazonaws.com/', headers: {} }, { ...CREDENTIALS, sessionToken: '6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267' }, SCOPE, NOW, 3600),
    );
    expect(url.origin + url.pathname).toBe('https://example.amazonaws.com/');
    expect(url.searchParams.get('X-Amz-Signature')).toBe('7ff2b50b376cb4d151970630573d6291dc128cc5c2a12ffb237f73cc53f67b6c');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
  });
});
