// The container source over real loopback sockets: refused URLs make no connection at all (a
// listening socket reachable through the refused alias proves it), redirects are not followed, and
// the emulator's ECS / EKS Pod Identity endpoint answers through the real HTTP client.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { nodeRequest } from '../../src/io/http.js';
import { expectBroken } from '../support/outcomes.js';
import { instantSleep } from '../support/virtual-clock.js';

let trap: Server;
let trapPort = 0;
let connections = 0;
let emulator: Emulator;
let dir: string;
const AUTH = 'podIdentityTokenSENTINEL-0123456789abcdef';

beforeAll(async () => {
  // Dual-stack on every address: 0.0.0.0, [::] and [::ffff:127.0.0.1] all reach it.
  trap = createServer((_req, res) => res.end('{}'));
  trap.on('connection', () => connections++);
  await new Promise<void>((resolve) => trap.listen(0, '::', resolve));
  trapPort = (trap.address() as AddressInfo).port;
  emulator = await startEmulator({ scenario: { accountId: '111122223333', container: { authorizationToken: AUTH } } });
  dir = mkdtempSync(join(tmpdir(), 'credchain-container-'));
});

afterAll(async () => {
  await new Promise<void>((resolve) => trap?.close(() => resolve()));
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The real machine (real HTTP), with only these variables; retry backoff counted, not waited for. */
function chainWith(env: Record<string, string>) {
  const logs: string[] = [];
  const provider = credentialChain({ context: { env: { HOME: dir, ...env }, logger: { warn: (m) => logs.push(m) }, sleep: instantSleep().sleep }, sources: ['container'] });
  return { provider, logs };
}

describe('container: refused URLs never connect', () => {
  const aliases = ['0.0.0.0', '[::]', '[::ffff:127.0.0.1]'];

  it.each(aliases)('http://%s:<port> is refused while a socket listens behind it', async (host) => {
    const url = `http://${host}:${trapPort}/v2/credentials/x`;
    // Control: the alias does reach the socket, so "no connection" below means "not attempted".
    const before = connections;
    await nodeRequest({ method: 'GET', url, timeoutMs: 2000 });
    expect(connections).toBe(before + 1);

    const { provider } = chainWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url, AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH });
    const error = await provider().catch((e: unknown) => e);
    expectBroken(error);
    expect(error).toMatchObject({ code: 'url-not-allowed' });
    expect((error as Error).message).not.toContain(AUTH);
    // Give a stray connection time to show up before asserting none came.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(connections).toBe(before + 1);
  });
});

describe('container: against the emulator', () => {
  it('full URI with a token file, as EKS Pod Identity sets it up', async () => {
    const tokenFile = join(dir, 'eks-pod-identity-token');
    writeFileSync(tokenFile, AUTH);
    const { provider } = chainWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.url + emulator.scenario.container.path, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile });
    const credentials = await provider();
    expect(credentials).toMatchObject({ source: 'container', accountId: '111122223333' });
    expect(emulator.issued(credentials.accessKeyId)).toBeDefined();
    expect(credentials.secretAccessKey).toBe(emulator.issued(credentials.accessKeyId)!.secretAccessKey);
  });

  it('a wrong token: the endpoint Code and Message reach the error', async () => {
    const { provider } = chainWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.url + emulator.scenario.container.path, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'not-the-token' });
    await expect(provider()).rejects.toThrow(/answered HTTP 403: AccessDeniedException: Authorization token is not valid/);
  });

  it('two 503s then an answer: retried', async () => {
    emulator.reset();
    emulator.fault('container', { status: 503, times: 2 });
    const { provider } = chainWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.url + emulator.scenario.container.path, AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH });
    await expect(provider()).resolves.toMatchObject({ source: 'container' });
    expect(emulator.count('container')).toBe(3);
  });

  it('a redirect to the real endpoint is not followed', async () => {
    emulator.reset();
    const redirector = createServer((_req, res) => res.writeHead(302, { location: emulator.url + emulator.scenario.container.path }).end());
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = redirector.address() as AddressInfo;
      const { provider } = chainWith({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${port}/creds`, AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH });
      await expect(provider()).rejects.toThrow(/answered 302, a redirect to http:\/\/127\.0\.0\.1:\d+\/v2\/credentials\/\w+; redirects are never followed/);
      expect(emulator.count('container')).toBe(0);
    } finally {
      await new Promise<void>((resolve) => redirector.close(() => resolve()));
    }
  });
});

describe('container: as credential_source of a profile', () => {
  it('credential_source = EcsContainer: container credentials sign the AssumeRole of role_arn', async () => {
    emulator.reset();
    const target = Object.values(emulator.scenario.roles)[0]!;
    const config = join(dir, 'config-ecs');
    writeFileSync(config, `[profile app]\nrole_arn = ${target.arn}\ncredential_source = EcsContainer\n`);
    const env = { ...emulator.env({ imds: false }), HOME: dir, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_PROFILE: 'app' };
    const credentials = await credentialChain({ context: { env } })();
    expect(credentials.source).toBe('profile');
    expect(emulator.issued(credentials.accessKeyId)).toMatchObject({ issuedBy: 'sts:AssumeRole', roleArn: target.arn });
    expect([emulator.count('container'), emulator.count('sts:AssumeRole')]).toEqual([1, 1]);
  });
});
