// The serve endpoint's security: only GET on the one path, with the token, Host = 127.0.0.1:PORT and no
// Origin; bounded headers, no body. Every refusal is checked for what it answers and what it logs: no
// secret, no token, nothing the client sent.
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCredentials } from '../../src/credentials.js';
import { checkAccountId } from '../../src/outside-values.js';
import { CREDENTIALS_PATH, UNKNOWN_EXPIRY_RECHECK_MS, startCredentialsServer, type CredentialsServer } from '../../src/cli/credentials-server.js';
import { expectNoSecrets } from '../support/run-cli.js';

const TOKEN = 'serveTokenSENTINEL-0123456789abcdefghijklmnop';
const WRONG_TOKEN = 'wrongServeTokenSENTINEL-0123456789abcdefghij';
const SECRET = 'serveSecretKeySENTINEL/0123456789abcdefghij';
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjServeSessionTokenSENTINEL';
const KEY_ID = 'ASIASERVEEXAMPLE2345';
const EXPIRATION = new Date('2030-01-02T03:04:05.678Z');
const PROBE = 'clientProbeSENTINEL-evil';

const logs: string[] = [];
let server: CredentialsServer;
let fetches = 0;
beforeAll(async () => {
  server = await startCredentialsServer({
    token: TOKEN,
    now: () => Date.now(),
    log: (line) => logs.push(line),
    credentials: async () => {
      fetches++;
      return makeCredentials({ accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: SESSION_TOKEN, expiration: EXPIRATION, accountId: checkAccountId('123456789012'), source: 'test' });
    },
  });
});
afterAll(async () => server?.close());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(options: { method?: string; path?: string; headers?: Record<string, string>; body?: string; withoutToken?: boolean }): Promise<Answer> {
  const headers: Record<string, string> = { host: `127.0.0.1:${server.port}`, ...(options.withoutToken ? {} : { authorization: TOKEN }), ...options.headers };
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, method: options.method ?? 'GET', path: options.path ?? CREDENTIALS_PATH, headers },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Request line and headers as raw bytes; resolves with what the server wrote before closing. */
function sendRaw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

const secrets = [TOKEN, WRONG_TOKEN, SECRET, SESSION_TOKEN, PROBE];

describe('credentials server', () => {
  it('listens on 127.0.0.1 only and serves the container credentials document to GET with the token', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}${CREDENTIALS_PATH}`);
    const answer = await send({});
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(answer.body)).toEqual({ AccessKeyId: KEY_ID, SecretAccessKey: SECRET, Token: SESSION_TOKEN, Expiration: '2030-01-02T03:04:05Z', AccountId: '123456789012' });
    expect(logs.at(-1)).toMatch(/^GET \/credentials → 200 \(key ASIA…2345, from test, with session token/);
  });

  const refusals: Array<{ name: string; send: () => Promise<Answer>; status: number; code: string }> = [
    { name: 'no token', send: () => send({ withoutToken: true }), status: 401, code: 'MissingToken' },
    { name: 'wrong token', send: () => send({ headers: { authorization: WRONG_TOKEN } }), status: 403, code: 'InvalidToken' },
    { name: 'the token with something appended', send: () => send({ headers: { authorization: `${TOKEN}x` } }), status: 403, code: 'InvalidToken' },
    { name: 'wrong Host (DNS rebinding)', send: () => send({ headers: { host: `${PROBE}.example:${'1'}` } }), status: 403, code: 'ForbiddenHost' },
    { name: 'Host localhost instead of the address', send: () => send({ headers: { host: `localhost:${server.port}` } }), status: 403, code: 'ForbiddenHost' },
    { name: 'an Origin header (a browser)', send: () => send({ headers: { origin: `http://${PROBE}.example` } }), status: 403, code: 'ForbiddenOrigin' },
    { name: 'POST', send: () => send({ method: 'POST', body: PROBE }), status: 405, code: 'MethodNotAllowed' },
    { name: 'PUT', send: () => send({ method: 'PUT' }), status: 405, code: 'MethodNotAllowed' },
    { name: 'another path', send: () => send({ path: `/${PROBE}` }), status: 404, code: 'NotFound' },
    { name: 'the path with a suffix', send: () => send({ path: `${CREDENTIALS_PATH}/x` }), status: 404, code: 'NotFound' },
    { name: 'a GET with a body', send: () => send({ body: PROBE, headers: { 'content-length': String(PROBE.length) } }), status: 413, code: 'BodyNotAllowed' },
  ];

  for (const refusal of refusals) {
    it(`refuses ${refusal.name}: ${refusal.status} ${refusal.code}, nothing served, nothing echoed or logged`, async () => {
      const before = fetches;
      const logged = logs.length;
      const answer = await refusal.send();
      expect(answer.status).toBe(refusal.status);
      expect(JSON.parse(answer.body).Code).toBe(refusal.code);
      expect(answer.headers.connection).toBe('close');
      expect(fetches).toBe(before);
      expect(logs.slice(logged)).toHaveLength(1);
      expect(logs.at(-1)).toMatch(/refused \(\d{3}\)/);
      expectNoSecrets([answer.body, JSON.stringify(answer.headers), ...logs.slice(logged)], secrets);
      expect(answer.body + logs.slice(logged).join('\n')).not.toContain(KEY_ID);
    });
  }

  it('bounds headers (431, connection closed) and refuses malformed requests (400), logging only the error code', async () => {
    const logged = logs.length;
    const big = await sendRaw(`GET ${CREDENTIALS_PATH} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: ${TOKEN}\r\nX-Big: ${PROBE}${'a'.repeat(16 * 1024)}\r\n\r\n`);
    expect(big).toMatch(/^HTTP\/1\.1 431 /);
    const bad = await sendRaw(`GET ${PROBE} NOT-HTTP\r\n\r\n`);
    expect(bad).toMatch(/^HTTP\/1\.1 400 /);
    expect(logs.slice(logged)).toEqual(['refused a malformed request (HPE_HEADER_OVERFLOW)', expect.stringMatching(/^refused a malformed request \(HPE_[A-Z_]+\)$/)]);
    expectNoSecrets([big, bad, ...logs.slice(logged)], secrets);
  });

  it('an unusual method (PROPFIND) is refused like any non-GET', async () => {
    const answer = await sendRaw(`PROPFIND ${CREDENTIALS_PATH} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 405 /);
    expect(logs.at(-1)).toBe('PROPFIND refused (405): only GET is served');
  });

  it('session credentials without an expiry are served with one UNKNOWN_EXPIRY_RECHECK_MS ahead (every SDK requires the field), so clients come back', async () => {
    const at = Date.parse('2026-11-22T12:00:00Z');
    const open = await startCredentialsServer({
      token: TOKEN,
      now: () => at,
      credentials: async () => makeCredentials({ accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: SESSION_TOKEN, source: 'env' }),
    });
    try {
      const answer = await fetch(open.url, { headers: { authorization: TOKEN } });
      expect(await answer.json()).toEqual({ AccessKeyId: KEY_ID, SecretAccessKey: SECRET, Token: SESSION_TOKEN, Expiration: new Date(at + UNKNOWN_EXPIRY_RECHECK_MS).toISOString().replace('.000Z', 'Z') });
      expect(UNKNOWN_EXPIRY_RECHECK_MS).toBe(15 * 60_000);
    } finally {
      await open.close();
    }
  });

  it('long-term keys (no session token) are never served, whatever hands them over: 503, and the log says why', async () => {
    const logged: string[] = [];
    const leaky = await startCredentialsServer({
      token: TOKEN,
      now: () => Date.now(),
      log: (line) => logged.push(line),
      credentials: async () => makeCredentials({ accessKeyId: 'AKIALONGTERMEXAMPLE2', secretAccessKey: SECRET, source: 'env' }),
    });
    try {
      const answer = await fetch(leaky.url, { headers: { authorization: TOKEN } });
      expect(answer.status).toBe(503);
      const body = await answer.text();
      expect(JSON.parse(body).Code).toBe('CredentialsUnavailable');
      expect(logged).toEqual(['GET /credentials → 503: refusing to serve long-term keys (key AKIA…PLE2, from env)']);
      expectNoSecrets([body, ...logged], secrets);
    } finally {
      await leaky.close();
    }
  });

  it('a failure to get credentials is a 503 that says nothing; the reason goes to the log', async () => {
    const failing = await startCredentialsServer({
      token: TOKEN,
      now: () => Date.now(),
      log: (line) => logs.push(line),
      credentials: async () => {
        throw new Error('profile "x": STS AssumeRole failed');
      },
    });
    try {
      const answer = await new Promise<Answer>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: failing.port, path: CREDENTIALS_PATH, headers: { host: `127.0.0.1:${failing.port}`, authorization: TOKEN } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body)).toEqual({ Code: 'CredentialsUnavailable', Message: 'credchain could not get credentials; see the log of credchain serve' });
      expect(logs.at(-1)).toBe('GET /credentials → 503: no credentials to serve: profile "x": STS AssumeRole failed');
    } finally {
      await failing.close();
    }
  });
});
