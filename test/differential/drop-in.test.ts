// Differential: what a user switching from @aws-sdk/credential-providers meets beyond the SDK's own integration
// cases (sdk-integration.test.ts) — the options of the named providers, how they compose in
// createCredentialChain, and each deliberate difference of docs/sdk-drop-in.md, shown side by side. Both
// packages run in this process with the same process.env and files; the network is the loopback stand-in
// (test/support/aws-stand-in.ts), which records every request.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sdk from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as credchain from '../../src/index.js';
import { startAwsStandIn, type AwsStandIn, type RecordedRequest } from '../support/aws-stand-in.js';
import { withProcessEnv } from '../support/sdk-oracle.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

type Providers = typeof credchain;

interface Outcome {
  accessKeyId?: string;
  credentials?: Record<string, unknown>;
  error?: Error & { tryNextLink?: boolean };
  requests: RecordedRequest[];
}

let standIn: AwsStandIn;
let root: string;
let n = 0;

beforeAll(async () => {
  standIn = await startAwsStandIn();
  root = mkdtempSync(join(tmpdir(), 'credchain-drop-in-'));
});

afterAll(async () => {
  await standIn?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A fresh HOME with these files: `config`, `credentials`. */
function home(files: { config?: string; credentials?: string } = {}): string {
  const dir = join(root, `home-${++n}`);
  mkdirSync(join(dir, '.aws'), { recursive: true });
  writeFileSync(join(dir, '.aws', 'config'), files.config ?? '');
  writeFileSync(join(dir, '.aws', 'credentials'), files.credentials ?? '');
  return dir;
}

/** The same provider from each package, built and called once on the same machine. */
async function both(env: Record<string, string>, build: (providers: Providers) => (call?: never) => Promise<unknown>): Promise<{ sdk: Outcome; credchain: Outcome }> {
  const run = async (providers: Providers): Promise<Outcome> => {
    standIn.reset();
    return withProcessEnv(env, async () => {
      try {
        const credentials = (await build(providers)()) as Record<string, unknown>;
        return { accessKeyId: credentials.accessKeyId as string, credentials, requests: [...standIn.requests] };
      } catch (error) {
        return { error: error as Outcome['error'], requests: [...standIn.requests] };
      }
    });
  };
  return { sdk: await run(sdk as unknown as Providers), credchain: await run(credchain) };
}

describe('container options', () => {
  it('given alone to fromNodeProviderChain: the SDK ignores them and goes on (IMDS off here: no credentials), credchain calls that endpoint', async () => {
    const env = { HOME: home(), AWS_EC2_METADATA_DISABLED: 'true' };
    const result = await both(env, (p) => p.fromNodeProviderChain({ logger: quiet, awsContainerCredentialsFullUri: 'http://169.254.170.23/v1/credentials', awsContainerAuthorizationToken: 'TOKEN' } as never));
    expect(result.sdk.error?.message).toMatch(/Could not load credentials from any providers/);
    expect(result.sdk.requests).toEqual([]);
    expect(result.credchain.accessKeyId).toBe('CONTAINER_ACCESS_KEY_ID');
    expect(result.credchain.requests.map((r) => [r.host, r.path, r.headers.authorization])).toEqual([['169.254.170.23', '/v1/credentials', 'TOKEN']]);
  });

  it('with a container variable set, both use the options over the variables', async () => {
    const env = { HOME: home(), AWS_EC2_METADATA_DISABLED: 'true', AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/from-env', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'ENV_TOKEN' };
    const result = await both(env, (p) => p.fromNodeProviderChain({ logger: quiet, awsContainerCredentialsRelativeUri: '/from-option', awsContainerAuthorizationToken: 'OPTION_TOKEN' } as never));
    for (const lane of [result.sdk, result.credchain]) {
      expect(lane.accessKeyId).toBe('CONTAINER_ACCESS_KEY_ID');
      expect(lane.requests.map((r) => [r.host, r.path, r.headers.authorization])).toEqual([['169.254.170.2', '/from-option', 'OPTION_TOKEN']]);
    }
  });
});
