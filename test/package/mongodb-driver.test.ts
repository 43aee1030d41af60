// MongoDB without the AWS SDK (issue 19): a throwaway project with the real mongodb driver and
// credchain's packed tarball installed under the SDK's name (@aws-sdk/credential-providers, with the
// package.json `overrides` the README recipe gives), authenticating with MONGODB-AWS against the
// fake MongoDB server, the three ways the driver reaches the package:
//   1. AWS_CREDENTIAL_PROVIDER: credentialChain() — the driver still require()s the package;
//   2. no provider — the driver calls fromNodeProviderChain() itself;
//   3. no provider, AWS_REGION + AWS_STS_REGIONAL_ENDPOINTS — fromNodeProviderChain({ clientConfig: { region } }).
// Each opens 50 connections at once: one upstream credential fetch. credchain's own STS calls go to
// the real AWS host names, intercepted in the subprocess (test/support/record-aws-hosts.mjs) and
// answered by the emulator, so the test sees which STS host credchain chose.
// @module-tag process
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installConsumerProject, repoRoot, runNode, writeFiles, type NodeRun } from '../support/consumer-project.js';
import { sharedTarball } from '../support/shared-tarball.js';
import { startMongoWorld, type MongoWorld } from '../support/mongo-world.js';

const SDK_NAME = '@aws-sdk/credential-providers';
const HOST_RECORDER = join(repoRoot, 'test/support/record-aws-hosts.mjs');
const FETCH = 'sts:AssumeRoleWithWebIdentity';

let world: MongoWorld;
let project: string;
let hostsFile: string;
const printed: string[] = [];

// The app: CommonJS, as most driver users are. It records what the driver asks of the package
// (fromNodeProviderChain's argument) by wrapping the export the driver will call.
const APP = `const providers = require('${SDK_NAME}');
const { MongoClient } = require('mongodb');

const calls = [];
const fromNodeProviderChain = providers.fromNodeProviderChain;
providers.fromNodeProviderChain = (init) => {
  calls.push(init === undefined ? null : init);
  return fromNodeProviderChain(init);
};

async function main() {
  const custom = process.env.APP_PROVIDER === 'credentialChain';
  const client = new MongoClient(process.env.MONGODB_URI, {
    ...(custom ? { authMechanismProperties: { AWS_CREDENTIAL_PROVIDER: providers.credentialChain() } } : {}),
    maxPoolSize: 50,
    maxConnecting: 50,
    serverSelectionTimeoutMS: 10000,
  });
  try {
    // Each command keeps its connection busy, so the pool opens 50, each authenticating.
    await Promise.all(Array.from({ length: 50 }, () => client.db('admin').command({ sleep: 1, ms: 300 })));
    const status = await client.db('admin').command({ connectionStatus: 1 });
    console.log(JSON.stringify({ user: status.authInfo.authenticatedUsers[0].user, calls }));
  } finally {
    await client.close();
  }
}
main().catch((error) => {
  console.log(JSON.stringify({ error: error.name, message: error.message, calls }));
  process.exitCode = 1;
});
`;

beforeAll(async () => {
  world = await startMongoWorld();
  project = await installConsumerProject({
    tarball: sharedTarball(),
    installAs: SDK_NAME,
    fromRegistry: ['mongodb'],
    // The README recipe: whatever asks for the SDK's package (the driver's peer dependency) gets this one.
    overrides: { [SDK_NAME]: `$${SDK_NAME}` },
  });
  writeFiles(project, { 'app.cjs': APP, 'token': world.emulator.scenario.webIdentity.tokens[0]! });
  hostsFile = join(project, 'aws-hosts.txt');
}, 240_000);

afterAll(async () => {
  await world?.close();
  if (project) rmSync(project, { recursive: true, force: true });
  const secrets = world ? world.emulator.secrets() : [];
  for (const secret of secrets.filter(Boolean)) expect(printed.join('\n')).not.toContain(secret);
});

beforeEach(() => {
  writeFileSync(hostsFile, '');
  world.mongo.authAttempts.length = 0;
  world.emulator.reset();
});

/** Web identity from the environment (one AssumeRoleWithWebIdentity per upstream fetch), plus `extra`. */
async function runApp(extra: Record<string, string>): Promise<{ run: NodeRun; result: { user?: string; calls: unknown[]; error?: string; message?: string }; hosts: string[] }> {
  const env = {
    HOME: join(project, 'no-home'),
    AWS_WEB_IDENTITY_TOKEN_FILE: join(project, 'token'),
    AWS_ROLE_ARN: world.emulator.scenario.roles['web-identity-role']!.arn,
    MONGODB_URI: world.mongo.uri(),
    RECORD_AWS_HOSTS_FILE: hostsFile,
    RECORD_AWS_HOSTS_FORWARD: world.emulator.url,
    ...extra,
  };
  const run = await runNode(['--import', HOST_RECORDER, 'app.cjs'], project, env);
  printed.push(run.stdout, run.stderr);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
  return { run, result, hosts: readFileSync(hostsFile, 'utf8').split('\n').filter(Boolean) };
}

function expectFiftyConnectionsOneFetch(): void {
  const succeeded = world.mongo.authAttempts.filter((attempt) => attempt.ok);
  expect(succeeded.length).toBeGreaterThanOrEqual(50);
  expect(world.mongo.authAttempts.filter((attempt) => !attempt.ok)).toEqual([]);
  expect(new Set(succeeded.map((attempt) => attempt.accessKeyId)).size).toBe(1);
  expect(world.emulator.count(FETCH)).toBe(1);
}

describe(`credchain installed as ${SDK_NAME} next to the real driver`, { timeout: 120_000 }, () => {
  it('is what the driver loads under that name (the installed package.json is credchain\'s)', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', SDK_NAME, 'package.json'), 'utf8'));
    expect(installed.name).toBe('credchain');
  });

  it('authenticates with AWS_CREDENTIAL_PROVIDER: credentialChain(); 50 connections, one fetch; the driver never calls fromNodeProviderChain', async () => {
    const { run, result, hosts } = await runApp({ APP_PROVIDER: 'credentialChain' });
    expect(run.stderr).toBe('');
    expect(result.user).toMatch(/:role\/web-identity-role$/);
    expect(result.calls).toEqual([]);
    expectFiftyConnectionsOneFetch();
    // No region anywhere: us-east-1's regional endpoint, as the SDK.
    expect(hosts).toEqual(['sts.us-east-1.amazonaws.com']);
  });

  it('authenticates with no provider: the driver calls fromNodeProviderChain() once; 50 connections, one fetch', async () => {
    const { run, result, hosts } = await runApp({});
    expect(run.stderr).toBe('');
    expect(result.user).toMatch(/:role\/web-identity-role$/);
    expect(result.calls).toEqual([null]);
    expectFiftyConnectionsOneFetch();
    expect(hosts).toEqual(['sts.us-east-1.amazonaws.com']);
  });

  it('with AWS_STS_REGIONAL_ENDPOINTS=legacy in a legacy region: the driver leaves it to the package, credchain calls the global endpoint (the SDK would not)', async () => {
    const { run, result, hosts } = await runApp({ AWS_REGION: 'eu-west-1', AWS_STS_REGIONAL_ENDPOINTS: 'legacy' });
    expect(run.stderr).toBe('');
    expect(result.user).toMatch(/:role\/web-identity-role$/);
    expect(result.calls).toEqual([null]);
    expectFiftyConnectionsOneFetch();
    expect(hosts).toEqual(['sts.amazonaws.com']);
  });

  it('with AWS_REGION and AWS_STS_REGIONAL_ENDPOINTS=regional: the driver passes clientConfig.region, credchain calls that region\'s STS, the driver signs for the host the server gives', async () => {
    world.mongo.stsHost = 'sts.eu-west-1.amazonaws.com';
    try {
      const { run, result, hosts } = await runApp({ AWS_REGION: 'eu-west-1', AWS_STS_REGIONAL_ENDPOINTS: 'regional' });
      expect(run.stderr).toBe('');
      expect(result.user).toMatch(/:role\/web-identity-role$/);
      expect(result.calls).toEqual([{ clientConfig: { region: 'eu-west-1' } }]);
      expectFiftyConnectionsOneFetch();
      expect(hosts).toEqual(['sts.eu-west-1.amazonaws.com']);
      expect(new Set(world.mongo.authAttempts.map((attempt) => attempt.region))).toEqual(new Set(['eu-west-1']));
    } finally {
      world.mongo.stsHost = 'sts.amazonaws.com';
    }
  });

  it('other code requiring the SDK\'s name gets credchain: every export of the SDK package but propertyProviderChain; the Cognito providers name the package to install', async () => {
    const script = `const providers = require('${SDK_NAME}');
let cognito;
try { providers.fromCognitoIdentityPool({ identityPoolId: 'eu-west-1:00000000-0000-0000-0000-000000000000' }); } catch (error) { cognito = error.message; }
console.log(JSON.stringify({ names: Object.keys(providers), cognito }));`;
    const run = await runNode(['-e', script], project, {});
    const { names, cognito } = JSON.parse(run.stdout);
    const sdkNames = Object.keys(createRequire(import.meta.url)(SDK_NAME));
    expect(sdkNames.filter((name) => !names.includes(name))).toEqual(['propertyProviderChain']);
    expect(cognito).toMatch(/credchain does not implement fromCognitoIdentityPool\. Install @aws-sdk\/credential-provider-cognito-identity/);
  });

  it('a broken source surfaces as the driver\'s MongoAWSError with credchain\'s message (naming the variable), not a fall-through', async () => {
    const { result } = await runApp({ AWS_WEB_IDENTITY_TOKEN_FILE: join(project, 'missing-token') });
    expect(result.error).toBe('MongoAWSError');
    expect(result.message).toContain('AWS_WEB_IDENTITY_TOKEN_FILE');
    expect(world.mongo.authAttempts.filter((attempt) => attempt.ok)).toEqual([]);
  });
});
