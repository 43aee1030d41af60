// An SDK requestHandler as credchain's HTTP door (src/io/sdk-request-handler.ts): the request shape the SDK's
// handlers take, every body form they answer with, credchain's deadline and size limit over them, failures as
// NetworkError without their message — and the real NodeHttpHandler (@smithy/node-http-handler) end to end
// on loopback, as its contract is. Also credchain's own HTTP client with the agents of NodeHttpHandler options.
import { createServer, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { NetworkError } from '../../src/errors.js';
import { MAX_BODY_BYTES, nodeRequest } from '../../src/io/http.js';
import { requestThroughHandler, toSdkRequest, type SdkHttpResponse, type SdkRequestHandler } from '../../src/io/sdk-request-handler.js';

const answering = (response: SdkHttpResponse): SdkRequestHandler => ({ handle: async () => ({ response }) });
const GET = { method: 'GET' as const, url: 'https://portal.sso.eu-west-1.amazonaws.com/federation/credentials?account_id=1&role_name=Team%20Admin%2BOps', timeoutMs: 5000 };

let server: Server;
let base: string;
const seen: Array<{ method?: string; url?: string; headers: Record<string, unknown>; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(201, { 'X-Answer': 'yes' });
      res.end('answered');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => vi.useRealTimers());

describe('the request the handler gets', () => {
  it('is the SDK HttpRequest shape: URL parts, the query decoded, headers and body as given', () => {
    expect(toSdkRequest({ ...GET, headers: { 'x-amz-sso_bearer_token': 't' } })).toEqual({
      method: 'GET',
      protocol: 'https:',
      hostname: 'portal.sso.eu-west-1.amazonaws.com',
      path: '/federation/credentials',
      query: { account_id: '1', role_name: 'Team Admin+Ops' },
      headers: { 'x-amz-sso_bearer_token': 't' },
    });
    expect(toSdkRequest({ method: 'POST', url: 'http://127.0.0.1:8080/?a=1&a=2', body: 'x=1', timeoutMs: 1 })).toMatchObject({ port: 8080, query: { a: ['1', '2'] }, body: 'x=1' });
  });
});

describe('the answer credchain reads', () => {
  it.each([
    ['a Node stream (NodeHttpHandler)', Readable.from([Buffer.from('{"a":'), Buffer.from('1}')])],
    ['a web stream (FetchHttpHandler)', new Blob(['{"a":1}']).stream()],
    ['bytes', new TextEncoder().encode('{"a":1}')],
    ['text', '{"a":1}'],
  ])('a body as %s', async (_what, body) => {
    const response = await requestThroughHandler(answering({ statusCode: 200, headers: { 'Content-Type': 'application/json', Via: ['a', 'b'] }, body }), GET);
    expect(response).toEqual({ status: 200, headers: { 'content-type': 'application/json', via: 'a, b' }, body: '{"a":1}' });
  });

  it('no body is an empty one; a body of another kind, or no statusCode, is a network failure', async () => {
    expect((await requestThroughHandler(answering({ statusCode: 204 }), GET)).body).toBe('');
    await expect(requestThroughHandler(answering({ statusCode: 200, body: { not: 'a stream' } }), GET)).rejects.toMatchObject({ name: 'NetworkError', code: 'other' });
    await expect(requestThroughHandler({ handle: async () => ({ response: {} as SdkHttpResponse }) }, GET)).rejects.toMatchObject({ code: 'other', detail: expect.stringMatching(/without a response and its statusCode/) });
  });

  it(`a body over ${MAX_BODY_BYTES} bytes is refused, in any form`, async () => {
    const big = 'x'.repeat(MAX_BODY_BYTES + 1);
    for (const body of [big, Buffer.from(big), Readable.from([Buffer.from(big.slice(0, MAX_BODY_BYTES)), Buffer.from('xx')])]) {
      await expect(requestThroughHandler(answering({ statusCode: 200, body }), GET)).rejects.toMatchObject({ code: 'too-large' });
    }
  });
});

describe('deadline and failures', () => {
  it('a handler that never answers: a timeout at the deadline, and its abortSignal fires', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let signal: AbortSignal | undefined;
    let requestTimeout: number | undefined;
    const pending = requestThroughHandler({ handle: (_request, options) => ((signal = options?.abortSignal), (requestTimeout = options?.requestTimeout), new Promise(() => undefined)) }, { ...GET, timeoutMs: 1000 });
    const outcome = pending.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(999);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ name: 'NetworkError', code: 'timeout', where: 'https://portal.sso.eu-west-1.amazonaws.com/federation/credentials' });
    expect(signal?.aborted).toBe(true);
    expect(requestTimeout).toBe(1000);
  });

  it.each([
    [Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:3128'), { code: 'ECONNREFUSED' }), 'refused'],
    [Object.assign(new Error('getaddrinfo ENOTFOUND proxy'), { code: 'ENOTFOUND' }), 'dns'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'reset'],
    [Object.assign(new Error('x'), { name: 'TimeoutError' }), 'timeout'],
    [new Error('request failed: {"x-amz-security-token":"tokenSENTINEL"}'), 'other'],
  ])('%s → %s, the message never carried over', async (thrown, code) => {
    const error = (await requestThroughHandler({ handle: async () => Promise.reject(thrown) }, GET).catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe(code);
    expect(error.message).not.toMatch(/tokenSENTINEL|10\.0\.0\.1/);
  });
});

describe('the real NodeHttpHandler', () => {
  it('carries a request and its reply, as it does for the SDK clients', async () => {
    const handler = new NodeHttpHandler();
    try {
      const response = await requestThroughHandler(handler, { method: 'POST', url: `${base}/path?role_name=Team%20Admin%2BOps`, headers: { 'content-type': 'text/plain', 'user-agent': 'credchain my-app' }, body: 'hello', timeoutMs: 5000 });
      expect(response).toMatchObject({ status: 201, headers: { 'x-answer': 'yes' }, body: 'answered' });
      expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/path?role_name=Team%20Admin%2BOps', body: 'hello', headers: { 'user-agent': 'credchain my-app', 'content-type': 'text/plain' } });
    } finally {
      handler.destroy();
    }
  });
});

describe('NodeHttpHandler options: credchain\'s own client with their agents', () => {
  it('uses the agent given for the scheme', async () => {
    const agent = new Agent({ keepAlive: false });
    const created = vi.spyOn(agent, 'createConnection');
    const response = await nodeRequest({ method: 'GET', url: `${base}/through-agent`, timeoutMs: 5000 }, { httpAgent: agent });
    expect(response.status).toBe(201);
    expect(created).toHaveBeenCalledTimes(1);
    agent.destroy();
  });
});
