// Differential: credchain vs the AWS SDK's fromNodeProviderChain() for the container source, both
// pointed at the same loopback emulator (as EKS Pod Identity and ECS set the variables), and the URL
// allow-list compared with the SDK's fromHttp() — which checks the URL when it is built, before any I/O.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The inner package: the public fromHttp() of credential-providers defers everything to the first call.
import { fromHttp } from '@aws-sdk/credential-provider-http';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { isAllowedContainerUrl } from '../../src/metadata/container-url.js';
import { withProcessEnv } from '../support/sdk-oracle.js';
import { quiet } from '../support/quiet-logger.js';

const AUTH = 'diffPodTokenSENTINEL-0123456789abcdef';
let emulator: Emulator;
let home: string;
let trap: Server;
let trapPort = 0;
let trapConnections = 0;

beforeAll(async () => {
  emulator = await startEmulator({ scenario: { accountId: '777788889999', container: { authorizationToken: AUTH } } });
  home = mkdtempSync(join(tmpdir(), 'credchain-container-diff-'));
  trap = createServer((_req, res) => res.end('{}'));
  trap.on('connection', () => trapConnections++);
  await new Promise<void>((resolve) => trap.listen(0, '::', resolve));
  trapPort = (trap.address() as AddressInfo).port;
});

afterAll(async () => {
  await emulator?.close();
  await new Promise<void>((resolve) => trap?.close(() => resolve()));
  rmSync(home, { recursive: true, force: true });
});

interface Outcome {
  ok: boolean;
  keys?: string[];
  accessKeyId?: string;
  expiration?: number;
  accountId?: string;
  error?: string;
}

function baseEnv(extra: Record<string, string>): Record<string, string> {
  return { HOME: home, AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none2'), ...extra };
}


async function runSdk(env: Record<string, string>, init: { timeout?: number; maxRetries?: number } = {}): Promise<Outcome> {
  return withProcessEnv(baseEnv(env), async () => {
    try {
      const c = await fromNodeProviderChain({ ...init, logger: quiet })();
      return { ok: true, keys: Object.keys(c).filter((k) => k !== '$source').sort(), accessKeyId: c.accessKeyId, expiration: c.expiration?.getTime(), accountId: c.accountId };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  });
}

async function runOurs(env: Record<string, string>, init: { timeout?: number; maxRetries?: number } = {}): Promise<Outcome> {
  try {
    const c = await credentialChain({ ...init, context: { env: baseEnv(env), logger: quiet } })();
    return { ok: true, keys: Object.keys(c).sort(), accessKeyId: c.accessKeyId, expiration: c.expiration?.getTime(), accountId: c.accountId };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

async function both(env: Record<string, string>, init: { timeout?: number; maxRetries?: number } = {}) {
  return { sdk: await runSdk(env, init), ours: await runOurs(env, init) };
}

function expectSameIdentity(sdk: Outcome, ours: Outcome): void {
  expect(sdk.ok && ours.ok).toBe(true);
  const a = emulator.issued(sdk.accessKeyId!);
  const b = emulator.issued(ours.accessKeyId!);
  expect(a?.issuedBy).toBe('container');
  expect(b?.issuedBy).toBe('container');
  expect(b?.roleArn).toBe(a?.roleArn);
  expect(Math.abs(sdk.expiration! - ours.expiration!)).toBeLessThan(5_000);
  // Beyond: the SDK's fromHttp drops AccountId; credchain keeps it (docs/behaviour.md, "Credentials").
  expect(sdk.keys).toEqual(['accessKeyId', 'expiration', 'secretAccessKey', 'sessionToken']);
  expect(ours.keys).toEqual(['accessKeyId', 'accountId', 'expiration', 'secretAccessKey', 'sessionToken', 'source']);
  expect(sdk.accountId).toBeUndefined();
  expect(ours.accountId).toBe('777788889999');
}

describe('container: credchain and the SDK agree', () => {
  it('full URI with a token file (EKS Pod Identity)', async () => {
    const tokenFile = join(home, 'eks-pod-identity-token');
    writeFileSync(tokenFile, AUTH);
    const { sdk, ours } = await both({ AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.url + emulator.scenario.container.path, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile });
    expectSameIdentity(sdk, ours);
  });

  it('full URI with the token in AWS_CONTAINER_AUTHORIZATION_TOKEN', async () => {
    const { sdk, ours } = await both({ AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.url + emulator.scenario.container.path, AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH });
    expectSameIdentity(sdk, ours);
  });

  it('full URI at localhost', async () => {
    const { sdk, ours } = await both({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://localhost:${emulator.port}${emulator.scenario.container.path}`,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH,
    });
    expectSameIdentity(sdk, ours);
  });

  it('the token file beats the variable in both', async () => {
    const tokenFile = join(home, 'token-wins');
    writeFileSync(tokenFile, AUTH);
    const { sdk, ours } = await both({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.url + emulator.scenario.container.path,
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'wrong-token',
    });
    expectSameIdentity(sdk, ours);
  });

  it('a wrong token: both fail', async () => {
    const { sdk, ours } = await both({ AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.url + emulator.scenario.container.path, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'wrong-token' }, { timeout: 100, maxRetries: 1 });
    expect([sdk.ok, ours.ok]).toEqual([false, false]);
    expect(ours.error).toMatch(/HTTP 403: AccessDeniedException/);
  });

  it('a token with CR LF: both fail', async () => {
    const { sdk, ours } = await both(
      { AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.url + emulator.scenario.container.path, AWS_CONTAINER_AUTHORIZATION_TOKEN: `${AUTH}\r\nX-Evil: 1` },
      { timeout: 100, maxRetries: 0 },
    );
    expect([sdk.ok, ours.ok]).toEqual([false, false]);
  });

  it('an endpoint that keeps answering 500: both fail', async () => {
    emulator.fault('container', { status: 500 });
    try {
      const { sdk, ours } = await both({ AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.url + emulator.scenario.container.path, AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH }, { timeout: 100, maxRetries: 1 });
      expect([sdk.ok, ours.ok]).toEqual([false, false]);
    } finally {
      emulator.fault('container', undefined);
    }
  });

  it('a disallowed URL: both fail and neither connects', async () => {
    const before = trapConnections;
    const { sdk, ours } = await both({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://0.0.0.0:${trapPort}/creds`, AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH });
    expect([sdk.ok, ours.ok]).toEqual([false, false]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(trapConnections).toBe(before);
  });
});

describe('container: the allow-list matches the SDK fromHttp() check', () => {
  const urls = [
    'http://169.254.170.2/v2/credentials/x',
    'http://169.254.170.23/v1/credentials',
    'http://[fd00:ec2::23]/v1/credentials',
    'http://[fd00:ec2:0:0::23]/v1/credentials',
    'http://localhost:8080/x',
    'http://LocalHost/x',
    'http://127.0.0.1/x',
    'http://127.0.0.1:1/x',
    'http://127.254.1.9/x',
    'http://127.1/x',
    'http://0x7f000001/x',
    'http://[::1]/x',
    'http://[0:0:0:0:0:0:0:1]/x',
    'https://anything.example/x',
    'https://10.0.0.1/x',
    'http://169.254.169.254/latest/meta-data/',
    'http://169.254.170.3/x',
    'http://[fd00:ec2::254]/x',
    'http://0.0.0.0/x',
    'http://[::]/x',
    'http://[::ffff:127.0.0.1]/x',
    'http://localhost./x',
    'http://localhost.localdomain/x',
    'http://127.0.0.1.nip.io/x',
    'http://example.com/x',
    'http://10.0.0.1/x',
  ];
  it.each(urls)('%s', (url) => {
    let sdkAllows = true;
    try {
      fromHttp({ awsContainerCredentialsFullUri: url, logger: quiet });
    } catch {
      sdkAllows = false;
    }
    expect(isAllowedContainerUrl(new URL(url))).toBe(sdkAllows);
  });
});
