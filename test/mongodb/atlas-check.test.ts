// atlas-check's core against the Atlas stand-in and the AWS emulator: success over plain TCP and
// over mongodb+srv + TLS, and each failure reported at the right step with the fix a user needs.
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentialChain } from '../../src/index.js';
import { resolveContext } from '../../src/context.js';
import { atlasCheck, type AtlasCheckOptions } from '../../src/mongodb/atlas-check.js';
import { databaseUserFor } from '../../src/mongodb/atlas-user.js';
import type { DnsResolver } from '../../src/mongodb/srv.js';
import { startMongoWorld, type MongoWorld } from '../support/mongo-world.js';

const CERT = fileURLToPath(new URL('../fixtures/mongodb/localhost-cert.pem', import.meta.url));
const KEY = fileURLToPath(new URL('../fixtures/mongodb/localhost-key.pem', import.meta.url));

let world: MongoWorld;
beforeEach(async () => {
  world = await startMongoWorld();
});
afterEach(async () => {
  await world.close();
});

function check(env: Record<string, string>, uri: string, extra: Partial<AtlasCheckOptions> = {}) {
  const context = resolveContext({ env: { HOME: '/nonexistent-home', ...env } });
  return atlasCheck({ uri, provider: credentialChain({ context, logger: {} }), context, timeoutMs: 3000, ...extra });
}

const keysEnv = () => world.emulator.env({ keys: true, container: false, imds: false });
/** Web identity from env (a role session: ASIA key + token); the token file is written once per test, removed after it. */
function roleEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'credchain-atlas-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, world.emulator.scenario.webIdentity.tokens[0]!);
  const role = world.emulator.scenario.roles['web-identity-role']!;
  return { ...world.emulator.env({ container: false, imds: false }), AWS_EC2_METADATA_DISABLED: 'true', AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: role.arn };
}
const user = () => Object.values(world.emulator.scenario.users)[0]!;

function srvDns(port: number): DnsResolver {
  return {
    resolveSrv: async (name) => {
      if (name !== '_mongodb._tcp.cluster0.test.invalid') throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return [{ name: 'shard-00.cluster0.test.invalid', port }];
    },
    resolveTxt: async () => [['authSource=$external']],
    lookup: async () => '127.0.0.1',
  };
}

describe('atlas-check succeeds', () => {
  it('over mongodb:// with env keys: identity, database user, STS host and region', async () => {
    const report = await check(keysEnv(), world.mongo.uri());
    expect(report).toMatchObject({
      ok: true,
      step: 'done',
      tls: false,
      connectedTo: `127.0.0.1:${world.mongo.port}`,
      credentials: { source: 'env', sessionToken: false },
      identity: { arn: user().arn },
      databaseUser: user().arn,
      sts: { host: 'sts.amazonaws.com', region: 'us-east-1' },
    });
    expect(report.credentials!.accessKeyId).toBe(`${user().accessKeyId.slice(0, 4)}…${user().accessKeyId.slice(-4)}`);
    expect(world.mongo.authAttempts).toEqual([expect.objectContaining({ ok: true, accessKeyId: user().accessKeyId })]);
    expect(world.mongo.commands).toEqual(['hello', 'saslStart', 'saslContinue']);
    expect(JSON.stringify(report)).not.toContain(user().secretAccessKey);
  });

  it('over mongodb+srv:// (SRV/TXT through the injected resolver) with TLS and tlsCAFile', async () => {
    await world.mongo.close();
    const { startAtlasEmulator } = await import('../../src/emulator/atlas/index.js');
    const tlsMongo = await startAtlasEmulator({ lookup: (id) => world.emulator.issued(id), tls: { key: readFileSync(KEY), cert: readFileSync(CERT) } });
    try {
      const uri = `mongodb+srv://cluster0.test.invalid/?authMechanism=MONGODB-AWS&tlsCAFile=${encodeURIComponent(CERT)}`;
      const report = await check(roleEnv(), uri, { dns: srvDns(tlsMongo.port) });
      expect(report).toMatchObject({ ok: true, tls: true, hosts: [`shard-00.cluster0.test.invalid:${tlsMongo.port}`], credentials: { source: 'web-identity', sessionToken: true } });
      expect(report.databaseUser).toBe(`arn:aws:iam::${world.emulator.scenario.accountId}:role/web-identity-role`);
      expect(tlsMongo.authAttempts.at(-1)).toMatchObject({ ok: true, withSessionToken: true });
    } finally {
      await tlsMongo.close();
    }
  });

  it('follows the server\'s STS host for the signing region', async () => {
    world.mongo.stsHost = 'sts.eu-west-2.amazonaws.com';
    const report = await check(keysEnv(), world.mongo.uri());
    expect(report).toMatchObject({ ok: true, sts: { region: 'eu-west-2' } });
    expect(world.mongo.authAttempts.at(-1)).toMatchObject({ ok: true, region: 'eu-west-2' });
  });
});

describe('atlas-check explains failures', () => {
  it('an unknown database user: the server error, the identity, and the role ARN Atlas needs (no path)', async () => {
    world.mongo.users = [];
    const report = await check(roleEnv(), world.mongo.uri());
    const roleUser = `arn:aws:iam::${world.emulator.scenario.accountId}:role/web-identity-role`;
    expect(report).toMatchObject({ ok: false, step: 'auth', error: { code: 18, codeName: 'AuthenticationFailed' }, databaseUser: roleUser });
    expect(report.error!.message).toContain('Authentication failed.');
    expect((report.identity as { arn: string }).arn).toMatch(/:assumed-role\/web-identity-role\//);
    expect(report.fixes[0]).toContain(roleUser);
    expect(report.fixes.join(' ')).toMatch(/without its path/);
  });

  it('credentials AWS rejects: GetCallerIdentity fails too, and the fix says so without the secret', async () => {
    const env = { ...keysEnv(), AWS_SECRET_ACCESS_KEY: 'wrongwrongwrongwrongSECRETwrongwrong' };
    const report = await check(env, world.mongo.uri());
    expect(report).toMatchObject({ ok: false, step: 'auth', error: { code: 18 } });
    expect(report.identity).toEqual({ error: expect.stringMatching(/SignatureDoesNotMatch/), code: 'SignatureDoesNotMatch' });
    expect(report.fixes[0]).toMatch(/AWS itself rejects these credentials/);
    expect(JSON.stringify(report)).not.toContain('wrongwrongwrongwrongSECRET');
  });

  it('long-term keys with a leftover AWS_SESSION_TOKEN: says the token is most likely left over (as whoami), not that the key is unknown', async () => {
    const leftover = 'FwoGZXIvYXdzEXAMPLELEFTOVERSESSIONTOKEN';
    const report = await check({ ...keysEnv(), AWS_SESSION_TOKEN: leftover }, world.mongo.uri());
    expect(report).toMatchObject({ ok: false, step: 'auth', identity: { code: 'InvalidClientTokenId' } });
    expect(report.fixes[0]).toBe(
      'The key is a long-term key (AKIA…), which takes no session token, yet AWS_SESSION_TOKEN is set: it is most likely left over from earlier session credentials. Remove it (e.g. unset AWS_SESSION_TOKEN) and try again.',
    );
    expect(report.fixes.join(' ')).not.toMatch(/AWS itself rejects/);
    expect(JSON.stringify(report)).not.toContain(leftover);
  });

  it('a clock more than 15 minutes off the server\'s: a note from hello\'s localTime, and fixing the clock comes first', async () => {
    const { startAtlasEmulator } = await import('../../src/emulator/atlas/index.js');
    const ahead = await startAtlasEmulator({ lookup: (id) => world.emulator.issued(id), now: () => Date.now() + 20 * 60_000 });
    try {
      const report = await check(keysEnv(), ahead.uri());
      expect(report).toMatchObject({ ok: false, step: 'auth' });
      expect(report.server!.clockSkewMs).toBeLessThan(-19 * 60_000);
      expect(report.notes).toContain(
        "This machine's clock is 20 minutes behind the server's: AWS refuses a signature more than 15 minutes off its own clock (SignatureDoesNotMatch: Signature expired). Sync the clock (NTP).",
      );
      expect(report.fixes[0]).toBe("Fix this machine's clock first (see the note above): every signature made with it now is refused.");
      expect(ahead.authAttempts.at(-1)?.reason).toMatch(/Signature expired/);
    } finally {
      await ahead.close();
    }
  });

  it('no credentials: stops before connecting, with the chain\'s listing', async () => {
    const report = await check({ AWS_EC2_METADATA_DISABLED: 'true' }, world.mongo.uri());
    expect(report).toMatchObject({ ok: false, step: 'credentials', error: { kind: 'no-credentials' } });
    expect(report.error!.message).toMatch(/Could not load credentials from any providers/);
    expect(world.mongo.commands).toEqual([]);
  });

  it('a broken source: kind broken-source, the source\'s own message', async () => {
    const report = await check({ AWS_EC2_METADATA_DISABLED: 'true', AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/token', AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/x' }, world.mongo.uri());
    expect(report).toMatchObject({ ok: false, step: 'credentials', error: { kind: 'broken-source' } });
    expect(report.error!.message).toContain('/nonexistent/token');
  });

  it('nothing listening on 127.0.0.1: step connect, with the "is it running" hint and no IP access list hint', async () => {
    const port = world.mongo.port;
    await world.mongo.close();
    const report = await check(keysEnv(), `mongodb://127.0.0.1:${port}/?authMechanism=MONGODB-AWS`);
    expect(report).toMatchObject({ ok: false, step: 'connect' });
    expect(report.error!.message).toMatch(/refused/);
    expect(report.fixes.join(' ')).toMatch(/MongoDB server is running/);
    expect(report.fixes.join(' ')).not.toMatch(/IP Access List/);
  });

  it('TLS against a certificate the system does not trust: step connect, a TLS fix', async () => {
    await world.mongo.close();
    const { startAtlasEmulator } = await import('../../src/emulator/atlas/index.js');
    const tlsMongo = await startAtlasEmulator({ lookup: () => undefined, tls: { key: readFileSync(KEY), cert: readFileSync(CERT) } });
    try {
      const report = await check(keysEnv(), `mongodb://127.0.0.1:${tlsMongo.port}/?authMechanism=MONGODB-AWS&tls=true`);
      expect(report).toMatchObject({ ok: false, step: 'connect' });
      expect(report.error!.message).toMatch(/TLS|certificate/i);
      expect(report.fixes[0]).toMatch(/TLS/);
    } finally {
      await tlsMongo.close();
    }
  });

  it('DNS without the SRV record: step dns', async () => {
    const report = await check(keysEnv(), 'mongodb+srv://missing.test.invalid/?authMechanism=MONGODB-AWS', { dns: srvDns(1) });
    expect(report).toMatchObject({ ok: false, step: 'dns' });
    expect(report.error!.message).toMatch(/_mongodb\._tcp\.missing\.test\.invalid/);
  });

  it.each([
    ['another mechanism', 'mongodb://h.invalid/?authMechanism=SCRAM-SHA-256', /not MONGODB-AWS/],
    ['another authSource', 'mongodb://h.invalid/?authMechanism=MONGODB-AWS&authSource=admin', /\$external/],
    ['not a MongoDB URI', 'http://h.invalid/', /mongodb:\/\//],
  ])('a bad connection string (%s): step uri', async (_name, uri, message) => {
    const report = await check(keysEnv(), uri);
    expect(report).toMatchObject({ ok: false, step: 'uri' });
    expect(report.error!.message).toMatch(message);
  });

  it('notes a missing authMechanism and hides a password in the URI', async () => {
    const uri = `mongodb://AKIAEXAMPLEEXAMPLE:hunter2hunter2@127.0.0.1:${world.mongo.port}/?directConnection=true`;
    const report = await check(keysEnv(), uri);
    expect(report.ok).toBe(true);
    expect(report.uri).not.toContain('hunter2');
    expect(report.notes.join(' ')).toMatch(/authMechanism=MONGODB-AWS/);
    expect(report.notes.join(' ')).toMatch(/ignores it/);
  });
});

describe('databaseUserFor', () => {
  it.each([
    ['arn:aws:sts::123456789012:assumed-role/app-role/session-1', 'arn:aws:iam::123456789012:role/app-role'],
    ['arn:aws-cn:sts::123456789012:assumed-role/r/s', 'arn:aws-cn:iam::123456789012:role/r'],
    ['arn:aws:iam::123456789012:user/path/alice', 'arn:aws:iam::123456789012:user/path/alice'],
  ])('%s → %s', (arn, expected) => {
    expect(databaseUserFor(arn)).toBe(expected);
  });
});
