// IMDS over real loopback sockets: a chain with nothing configured and IMDS at a closed port fails at
// once with the clear message; a black hole costs two timeouts at most; the emulator's IMDS answers
// IMDSv2, reuses the token, falls back to IMDSv1 and refuses it when told to.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import type { ChainOptions } from '../../src/source.js';
import { expectNoCredentials } from '../support/outcomes.js';
import { instantSleep } from '../support/virtual-clock.js';

let emulator: Emulator;
let home: string;

beforeAll(async () => {
  emulator = await startEmulator({ scenario: { accountId: '444455556666' } });
  home = mkdtempSync(join(tmpdir(), 'credchain-imds-'));
});

afterAll(async () => {
  await emulator?.close();
  rmSync(home, { recursive: true, force: true });
});

/** Nothing configured (empty HOME, no config files) except where IMDS is. */
function bareEnv(endpoint: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_EC2_METADATA_SERVICE_ENDPOINT: endpoint,
    AWS_EC2_METADATA_DISABLED: 'false',
    ...extra,
  };
}

/** Real sockets and deadlines; retry backoff counted, not waited for. */
function chain(env: Record<string, string>, options: ChainOptions = {}) {
  const logs: string[] = [];
  const provider = credentialChain({ ...options, context: { env, logger: { warn: (m) => logs.push(m) }, sleep: instantSleep().sleep } });
  return { provider, logs };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('imds: nothing answers', () => {
  it('a chain with nothing configured and IMDS at a closed port fails at once, without waiting out a timeout, saying how to disable IMDS', async () => {
    const port = await closedPort();
    const env = bareEnv(`http://127.0.0.1:${port}`);
    await chain(env).provider().catch(() => undefined); // loads every source module once
    // A timeout far longer than any busy machine takes to be refused on loopback: a failure well within it
    // was not a timeout waited out (retry backoff is counted, not waited: instant sleeps).
    const timeout = 60_000;
    const started = performance.now();
    const error = await chain(env, { timeout }).provider().catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expectNoCredentials(error);
    const message = (error as Error).message;
    expect(message).toMatch(/^Could not load credentials from any providers\. Every source was tried, in order:/);
    expect(message).toContain(`imds          miss: IMDS did not answer at http://127.0.0.1:${port} (AWS_EC2_METADATA_SERVICE_ENDPOINT): connection refused. Not running on EC2? Set AWS_EC2_METADATA_DISABLED=true`);
    expect(message).not.toMatch(/no answer within/);
    for (const name of ['env', 'sso', 'profile', 'process', 'web-identity', 'container']) expect(message).toMatch(new RegExp(`^  ${name} +(miss|skipped): `, 'm'));
    console.info(`imds at a closed port: the chain failed after ${Math.round(elapsed)} ms (per-request timeout ${timeout} ms)`);
    expect(elapsed).toBeLessThan(timeout / 4);
  });

  it('a black hole (accepts, never answers) costs at most the token timeout plus one IMDSv1 timeout', async () => {
    const sockets = new Set<Socket>();
    const hole: Server = createServer(() => undefined);
    hole.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = hole.address() as AddressInfo;
      const started = performance.now();
      const error = await chain(bareEnv(`http://127.0.0.1:${port}`), { timeout: 200, sources: ['imds'] })
        .provider()
        .catch((e: unknown) => e);
      const elapsed = performance.now() - started;
      expect((error as Error).message).toMatch(/IMDS did not answer at http:\/\/127\.0\.0\.1:\d+ \(AWS_EC2_METADATA_SERVICE_ENDPOINT\): no answer within 200 ms/);
      expect(elapsed).toBeGreaterThanOrEqual(350);
      expect(elapsed).toBeLessThan(2000);
      expect(sockets.size).toBe(2);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => hole.close(() => resolve()));
    }
  });
});

describe('imds: against the emulator', () => {
  it('IMDSv2: credentials of the instance role, with its account', async () => {
    emulator.reset();
    const { provider } = chain(bareEnv(emulator.url), { sources: ['imds'] });
    const credentials = await provider();
    expect(credentials).toMatchObject({ source: 'imds', accountId: '444455556666' });
    expect(emulator.issued(credentials.accessKeyId)).toBeDefined();
    expect([emulator.count('imds:token'), emulator.count('imds:roles'), emulator.count('imds:credentials')]).toEqual([1, 1, 1]);
  });

  it('the token is reused across refreshes of one provider', async () => {
    emulator.reset();
    const { provider } = chain(bareEnv(emulator.url), { sources: ['imds'] });
    for (let i = 0; i < 3; i++) await provider({ forceRefresh: true });
    expect([emulator.count('imds:token'), emulator.count('imds:credentials')]).toEqual([1, 3]);
  });

  it('token request 403 → IMDSv1 when the instance allows it', async () => {
    emulator.reset();
    emulator.scenario.imds.v1Allowed = true;
    try {
      emulator.fault('imds:token', { status: 403 });
      const { provider } = chain(bareEnv(emulator.url), { sources: ['imds'] });
      await expect(provider()).resolves.toMatchObject({ source: 'imds' });
      expect(emulator.count('imds:credentials')).toBe(1);
    } finally {
      emulator.scenario.imds.v1Allowed = false;
    }
  });

  it('token request 404 with AWS_EC2_METADATA_V1_DISABLED=true → no IMDSv1 request', async () => {
    emulator.reset();
    emulator.fault('imds:token', { status: 404 });
    const { provider } = chain(bareEnv(emulator.url, { AWS_EC2_METADATA_V1_DISABLED: 'true' }), { sources: ['imds'] });
    await expect(provider()).rejects.toThrow(/IMDSv1 fallback is disabled by AWS_EC2_METADATA_V1_DISABLED/);
    expect(emulator.count('imds:roles')).toBe(0);
  });

  it('two 500s on the credentials route are retried', async () => {
    emulator.reset();
    emulator.fault('imds:credentials', { status: 500, times: 2 });
    const { provider } = chain(bareEnv(emulator.url), { sources: ['imds'] });
    await expect(provider()).resolves.toMatchObject({ source: 'imds' });
    expect(emulator.count('imds:credentials')).toBe(3);
  });
});

describe('imds: as credential_source of a profile', () => {
  it('credential_source = Ec2InstanceMetadata: IMDS credentials sign the AssumeRole of role_arn', async () => {
    emulator.reset();
    const target = Object.values(emulator.scenario.roles).find((role) => role.name !== emulator.scenario.imds.role) ?? Object.values(emulator.scenario.roles)[0]!;
    const config = join(home, 'config-ec2');
    writeFileSync(config, `[profile app]\nrole_arn = ${target.arn}\ncredential_source = Ec2InstanceMetadata\n`);
    const env = { ...emulator.env({ container: false }), HOME: home, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), AWS_PROFILE: 'app' };
    const { provider } = chain(env);
    const credentials = await provider();
    expect(credentials.source).toBe('profile');
    expect(emulator.issued(credentials.accessKeyId)).toMatchObject({ issuedBy: 'sts:AssumeRole', roleArn: target.arn });
    expect([emulator.count('imds:credentials'), emulator.count('sts:AssumeRole')]).toEqual([1, 1]);
  });
});
