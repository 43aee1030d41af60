// Differential: credchain vs the AWS SDK's fromNodeProviderChain() for EC2 instance metadata, both
// pointed at the same loopback emulator through AWS_EC2_METADATA_SERVICE_ENDPOINT (or the profile's
// ec2_metadata_service_endpoint), with AWS_EC2_METADATA_DISABLED=false for these cases only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { withProcessEnv } from '../support/sdk-oracle.js';

let emulator: Emulator;
let home: string;

beforeAll(async () => {
  emulator = await startEmulator({ scenario: { accountId: '121212121212' } });
  home = mkdtempSync(join(tmpdir(), 'credchain-imds-diff-'));
});

afterAll(async () => {
  await emulator?.close();
  rmSync(home, { recursive: true, force: true });
});

beforeEach(() => {
  emulator.reset();
  emulator.scenario.imds.v1Allowed = false;
  emulator.scenario.credentialLifetimeSeconds = 3600;
});

interface Outcome {
  ok: boolean;
  accessKeyId?: string;
  expiration?: number;
  accountId?: string;
  error?: string;
  warnings: string[];
  ms: number;
  requests: string[];
}

function envWith(extra: Record<string, string>): Record<string, string> {
  return {
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config-none'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials-none'),
    AWS_EC2_METADATA_SERVICE_ENDPOINT: emulator.url,
    AWS_EC2_METADATA_DISABLED: 'false',
    ...extra,
  };
}

function logger(warnings: string[]) {
  return { debug() {}, info() {}, warn: (...parts: unknown[]) => warnings.push(parts.map(String).join(' ')), error() {} };
}

async function runSdk(env: Record<string, string>): Promise<Outcome> {
  const warnings: string[] = [];
  const first = emulator.requests.length;
  return withProcessEnv(env, async () => {
    const started = performance.now();
    try {
      const c = await fromNodeProviderChain({ logger: logger(warnings) })();
      return { ok: true, accessKeyId: c.accessKeyId, expiration: c.expiration?.getTime(), accountId: c.accountId, warnings, ms: performance.now() - started, requests: routes(first) };
    } catch (error) {
      return { ok: false, error: (error as Error).message, warnings, ms: performance.now() - started, requests: routes(first) };
    }
  });
}

async function runOurs(env: Record<string, string>): Promise<Outcome> {
  const warnings: string[] = [];
  const first = emulator.requests.length;
  const started = performance.now();
  try {
    const c = await credentialChain({ context: { env, logger: logger(warnings) } })();
    return { ok: true, accessKeyId: c.accessKeyId, expiration: c.expiration?.getTime(), accountId: c.accountId, warnings, ms: performance.now() - started, requests: routes(first) };
  } catch (error) {
    return { ok: false, error: (error as Error).message, warnings, ms: performance.now() - started, requests: routes(first) };
  }
}

function routes(from: number): string[] {
  return emulator.requests.slice(from).map((r) => `${r.route} ${r.status}`);
}

async function both(env: Record<string, string>) {
  return { sdk: await runSdk(env), ours: await runOurs(env) };
}

function expectSameInstanceRole(sdk: Outcome, ours: Outcome): void {
  expect(sdk.ok, sdk.error).toBe(true);
  expect(ours.ok, ours.error).toBe(true);
  const a = emulator.issued(sdk.accessKeyId!);
  const b = emulator.issued(ours.accessKeyId!);
  expect(a?.issuedBy).toBe('imds');
  expect(b?.issuedBy).toBe('imds');
  expect(b?.roleArn).toBe(a?.roleArn);
  expect(ours.accountId).toBe(sdk.accountId);
  expect(ours.accountId).toBe('121212121212');
}

describe('imds: credchain and the SDK agree', () => {
  it('IMDSv2 via AWS_EC2_METADATA_SERVICE_ENDPOINT: same role, same requests', async () => {
    const { sdk, ours } = await both(envWith({}));
    expectSameInstanceRole(sdk, ours);
    expect(Math.abs(sdk.expiration! - ours.expiration!)).toBeLessThan(5_000);
    expect(ours.requests).toEqual(sdk.requests);
    expect(ours.requests).toEqual(['imds:token 200', 'imds:roles 200', 'imds:credentials 200']);
  });

  it('the endpoint from the profile (ec2_metadata_service_endpoint)', async () => {
    const config = join(home, 'config-imds');
    writeFileSync(config, `[default]\nec2_metadata_service_endpoint = ${emulator.url}\n`);
    const env = envWith({ AWS_CONFIG_FILE: config });
    delete env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
    const { sdk, ours } = await both(env);
    expectSameInstanceRole(sdk, ours);
  });

  it('token request 403 and an instance that allows IMDSv1: both fall back', async () => {
    emulator.scenario.imds.v1Allowed = true;
    emulator.fault('imds:token', { status: 403 });
    const { sdk, ours } = await both(envWith({}));
    expectSameInstanceRole(sdk, ours);
    expect(ours.requests).toEqual(sdk.requests);
  });

  it('token request 404 with AWS_EC2_METADATA_V1_DISABLED=true: both refuse, neither reads the role', async () => {
    emulator.fault('imds:token', { status: 404 });
    const { sdk, ours } = await both(envWith({ AWS_EC2_METADATA_V1_DISABLED: 'true' }));
    expect([sdk.ok, ours.ok]).toEqual([false, false]);
    expect(ours.requests).toEqual(['imds:token 404']);
    expect(sdk.requests).toEqual(['imds:token 404']);
    expect(ours.error).toMatch(/IMDSv1 fallback is disabled by AWS_EC2_METADATA_V1_DISABLED/);
  });

  it('token request 400: both fail', async () => {
    emulator.fault('imds:token', { status: 400 });
    const { sdk, ours } = await both(envWith({}));
    expect([sdk.ok, ours.ok]).toEqual([false, false]);
  });

  it('an instance without a role: both fail', async () => {
    const saved = emulator.scenario.imds.role;
    emulator.scenario.imds.role = null;
    try {
      const { sdk, ours } = await both(envWith({}));
      expect([sdk.ok, ours.ok]).toEqual([false, false]);
      expect(ours.error).toMatch(/answered 404 Not Found\. Attach an IAM role/);
    } finally {
      emulator.scenario.imds.role = saved;
    }
  });

  it('credentials that arrive already expired: both serve them with the expiration pushed 5–10 minutes out, and warn', async () => {
    emulator.scenario.credentialLifetimeSeconds = -60;
    const { sdk, ours } = await both(envWith({}));
    expectSameInstanceRole(sdk, ours);
    for (const outcome of [sdk, ours]) {
      const left = outcome.expiration! - Date.now();
      expect(left).toBeGreaterThan(4 * 60_000);
      expect(left).toBeLessThanOrEqual(10 * 60_000);
      expect(outcome.warnings.length).toBeGreaterThan(0);
    }
  });

  it('IMDS at a closed port: both fail; the SDK says only "Could not load…", credchain lists the reason of IMDS', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { sdk, ours } = await both(envWith({ AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://127.0.0.1:${port}` }));
    expect([sdk.ok, ours.ok]).toEqual([false, false]);
    expect(sdk.error).toBe('Could not load credentials from any providers');
    expect(ours.error).toMatch(/^Could not load credentials from any providers[\s\S]*imds +miss: IMDS did not answer at http:\/\/127\.0\.0\.1:\d+/);
  });
});

describe('imds: deliberate differences (beyond the SDK)', () => {
  it('one 500 on the credentials route: credchain retries and answers, the SDK (no retries by default) fails', async () => {
    emulator.fault('imds:credentials', { status: 500, times: 1 });
    const sdk = await runSdk(envWith({}));
    emulator.fault('imds:credentials', { status: 500, times: 1 });
    const ours = await runOurs(envWith({}));
    expect(sdk.ok).toBe(false);
    expect(ours.ok).toBe(true);
    expect(ours.requests).toEqual(['imds:token 200', 'imds:roles 200', 'imds:credentials 500', 'imds:credentials 200']);
  });

  it('AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is compared exactly in both: "ipv4" fails', async () => {
    const env = envWith({ AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'ipv4' });
    delete env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
    const { sdk, ours } = await both(env);
    expect([sdk.ok, ours.ok]).toEqual([false, false]);
    expect(sdk.error).toMatch(/Unsupported endpoint mode: ipv4/);
    expect(ours.error).toMatch(/AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is "ipv4", which is not a valid IMDS endpoint mode/);
    expect(emulator.requests).toHaveLength(0);
  });
});
