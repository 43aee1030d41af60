// The reason credchain exists: the real mongodb driver, given AWS_CREDENTIAL_PROVIDER: credentialChain(),
// authenticates with MONGODB-AWS against a server that checks every signature against what the (loopback)
// AWS emulator issued. Everything runs on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoServerError } from 'mongodb';
import { credentialChain, type CredentialProvider } from '../../src/index.js';
import { authenticatedUser, driverClient, startMongoWorld, type MongoWorld } from '../support/mongo-world.js';

let world: MongoWorld;
let dir: string;

beforeEach(async () => {
  world = await startMongoWorld();
  dir = mkdtempSync(join(tmpdir(), 'credchain-mongo-'));
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A chain that sees only `env` (plus a HOME with no ~/.aws) and the shared test clock. */
function chain(env: Record<string, string>): CredentialProvider {
  return credentialChain({ context: { env: { HOME: dir, ...env }, now: () => world.clock.now }, logger: {} });
}

function noImdsNoContainer(extra: Record<string, string> = {}): Record<string, string> {
  return { ...world.emulator.env({ container: false, imds: false }), AWS_EC2_METADATA_DISABLED: 'true', ...extra };
}

const lastAttempt = () => world.mongo.authAttempts.at(-1);

/** Web identity from env: each upstream fetch is one AssumeRoleWithWebIdentity at the emulator. */
function webIdentityEnv(): Record<string, string> {
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, world.emulator.scenario.webIdentity.tokens[0]!);
  return noImdsNoContainer({ AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: world.emulator.scenario.roles['web-identity-role']!.arn });
}
const FETCH = 'sts:AssumeRoleWithWebIdentity';

describe('the driver authenticates through credentialChain()', () => {
  it('with static keys from the environment', async () => {
    const user = Object.values(world.emulator.scenario.users)[0]!;
    const env = world.emulator.env({ keys: true, container: false, imds: false });
    expect(await authenticatedUser(world.mongo, chain(env))).toBe(user.arn);
    expect(lastAttempt()).toMatchObject({ ok: true, accessKeyId: user.accessKeyId, region: 'us-east-1', withSessionToken: false });
  });

  it('with a profile that assumes a role from a source profile (session token signed and sent)', async () => {
    const user = Object.values(world.emulator.scenario.users)[0]!;
    const role = world.emulator.scenario.roles['app-role']!;
    const config = join(dir, 'config');
    writeFileSync(
      config,
      `[profile atlas]\nrole_arn = ${role.arn}\nsource_profile = base\n\n[profile base]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`,
    );
    const env = noImdsNoContainer({ AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_PROFILE: 'atlas' });
    // Atlas knows the role by its ARN without path or session name.
    expect(await authenticatedUser(world.mongo, chain(env))).toBe(`arn:aws:iam::${world.emulator.scenario.accountId}:role/app-role`);
    expect(lastAttempt()).toMatchObject({ ok: true, withSessionToken: true });
    expect(world.emulator.count('sts:AssumeRole')).toBe(1);
  });

  it('with web identity from the environment', async () => {
    expect(await authenticatedUser(world.mongo, chain(webIdentityEnv()))).toMatch(/:role\/web-identity-role$/);
    expect(world.emulator.count(FETCH)).toBe(1);
  });

  it('with the container credentials endpoint', async () => {
    const env = { ...world.emulator.env({ imds: false }), AWS_EC2_METADATA_DISABLED: 'true' };
    expect(await authenticatedUser(world.mongo, chain(env))).toMatch(/:role\/task-role$/);
    expect(world.emulator.count('container')).toBe(1);
  });

  it('with EC2 instance metadata (IMDSv2)', async () => {
    const env = world.emulator.env({ container: false });
    expect(await authenticatedUser(world.mongo, chain(env))).toMatch(/:role\/instance-role$/);
    expect(world.emulator.count('imds:credentials')).toBe(1);
  });
});

describe('what the driver relies on: caching and refresh', () => {
  it.each([
    ['web identity', FETCH, () => webIdentityEnv()],
    ['IMDS', 'imds:credentials', () => world.emulator.env({ container: false })],
    ['the container endpoint', 'container', () => ({ ...world.emulator.env({ imds: false }), AWS_EC2_METADATA_DISABLED: 'true' })],
  ])('50 concurrent connections cost exactly one upstream credential fetch (%s)', async (_name, route, env) => {
    const client = driverClient(world.mongo, chain(env()), { maxPoolSize: 50, maxConnecting: 50 });
    try {
      // Each command keeps its connection busy, so the pool must open 50 of them, each authenticating.
      await Promise.all(Array.from({ length: 50 }, () => client.db('admin').command({ sleep: 1, ms: 300 })));
    } finally {
      await client.close();
    }
    const succeeded = world.mongo.authAttempts.filter((a) => a.ok);
    expect(succeeded.length).toBeGreaterThanOrEqual(50);
    expect(new Set(succeeded.map((a) => a.accessKeyId)).size).toBe(1);
    expect(world.emulator.count(route)).toBe(1);
  });

  it('credentials that expire between connections are refreshed; the next connection signs with the new ones', async () => {
    const provider = chain(webIdentityEnv());
    expect(await authenticatedUser(world.mongo, provider)).toMatch(/web-identity-role$/);
    const first = lastAttempt()!.accessKeyId;
    const expiration = world.emulator.issued(first!)!.expiration!;

    world.clock.now = expiration.getTime() + 1000; // the old key is now refused by the fake STS
    expect(await authenticatedUser(world.mongo, provider)).toMatch(/web-identity-role$/);
    const second = lastAttempt()!;
    expect(second.ok).toBe(true);
    expect(second.accessKeyId).not.toBe(first);
    expect(world.emulator.count(FETCH)).toBe(2);
  });

  it('a cached key is reused while valid: a second connection makes no upstream call', async () => {
    const provider = chain(webIdentityEnv());
    await authenticatedUser(world.mongo, provider);
    world.clock.now += 10 * 60_000;
    await authenticatedUser(world.mongo, provider);
    expect(world.emulator.count(FETCH)).toBe(1);
    const [a, b] = world.mongo.authAttempts.filter((x) => x.ok);
    expect(a!.accessKeyId).toBe(b!.accessKeyId);
  });
});

describe('failures reach the user clearly, and wrong credentials fail as on Atlas', () => {
  it('a broken source stops with its own message in the driver error, and no login is attempted', async () => {
    const missing = join(dir, 'no-such-token');
    const env = noImdsNoContainer({ AWS_WEB_IDENTITY_TOKEN_FILE: missing, AWS_ROLE_ARN: world.emulator.scenario.roles['web-identity-role']!.arn });
    const error = await authenticatedUser(world.mongo, chain(env)).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe('MongoAWSError');
    expect(error?.message).toContain('web-identity');
    expect(error?.message).toContain(missing);
    expect(world.mongo.commands).not.toContain('saslStart');
  });

  it('no credentials anywhere: the error lists every source', async () => {
    const error = await authenticatedUser(world.mongo, chain({ AWS_EC2_METADATA_DISABLED: 'true' })).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/Could not load credentials from any providers/);
    expect((error as Error).message).toMatch(/env/);
  });

  it('a wrong secret key fails authentication exactly as Atlas does, and the secret never shows', async () => {
    const user = Object.values(world.emulator.scenario.users)[0]!;
    const env = { ...noImdsNoContainer(), AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: 'wrongwrongwrongwrongwrongwrongwrongwrong' };
    const error = await authenticatedUser(world.mongo, chain(env)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 18, codeName: 'AuthenticationFailed', message: 'Authentication failed.' });
    expect(lastAttempt()?.reason).toMatch(/SignatureDoesNotMatch/);
    expect(JSON.stringify(error) + String(error)).not.toContain('wrongwrongwrong');
  });

  it('a wrong session token fails authentication', async () => {
    const real = chain(webIdentityEnv());
    const tampered = async () => ({ ...(await real()), sessionToken: 'not-the-issued-token' });
    const error = await authenticatedUser(world.mongo, tampered).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 18, codeName: 'AuthenticationFailed' });
    expect(lastAttempt()).toMatchObject({ ok: false, withSessionToken: true });
  });

  it('a database user that does not exist fails authentication', async () => {
    world.mongo.users = ['arn:aws:iam::123456789012:role/someone-else'];
    const error = await authenticatedUser(world.mongo, chain(webIdentityEnv())).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 18 });
    expect(lastAttempt()?.reason).toMatch(/no database user arn:aws:iam::\d+:role\/web-identity-role/);
  });
});

describe("the server's STS host decides the signing region", () => {
  it.each([
    ['sts.amazonaws.com', 'us-east-1'],
    ['sts.eu-west-2.amazonaws.com', 'eu-west-2'],
    ['sts.ap-southeast-2.amazonaws.com', 'ap-southeast-2'],
  ])('h = %s → signed for %s', async (host, region) => {
    world.mongo.stsHost = host;
    await authenticatedUser(world.mongo, chain(world.emulator.env({ keys: true, container: false, imds: false })));
    expect(lastAttempt()).toMatchObject({ ok: true, region });
  });
});
