// The local Atlas stand-in (src/emulator/atlas/) with the real driver: a Lambda-style execution-role
// session logs in as the role ARN without path, find reads the fixtures, and every refusal carries the
// reason Atlas would have (the client hears only "Authentication failed."): a user registered with an
// IAM path, a clock off by more than 15 minutes, a signature for another STS region.
import { MongoClient, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/index.js';
import { startAtlasEmulator, type AtlasEmulator } from '../../src/emulator/atlas/index.js';
import { defaultDatabaseUsers } from '../../src/emulator/atlas/index.js';
import { resolveScenario, ScenarioError, startEmulator, type Emulator, type IssuedCredentials } from '../../src/emulator/index.js';
import { createSaslContinue, createSaslStart, parseServerFirst } from '../../src/mongodb/mongodb-aws.js';
import { openConnection } from '../../src/mongodb/socket.js';

const ACCOUNT = '123456789012';
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/app-role`;

let emulator: Emulator;
let atlas: AtlasEmulator;
let session: IssuedCredentials;
const printed: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  atlas = await startAtlasEmulator({ lookup: (id) => emulator.issued(id), users: emulator.scenario.mongodb.users, onAuth: (attempt) => printed.push(JSON.stringify(attempt)) });
  // What the Lambda service hands a function: its execution role's session (app-role has the IAM path service/).
  session = emulator.roleSession('app-role', 'orders-function');
});
afterAll(async () => {
  await Promise.all([atlas.close(), emulator.close()]);
  for (const secret of emulator.secrets()) expect(printed.join('\n')).not.toContain(secret);
});
beforeEach(() => {
  atlas.authAttempts.length = 0;
  atlas.users = emulator.scenario.mongodb.users;
  atlas.stsHost = 'sts.amazonaws.com';
});

/** The handler's view: Lambda's environment variables, the client built as the docs say. */
function lambdaClient(credentials: IssuedCredentials = session, uri = atlas.uri()): MongoClient {
  const env = { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_SESSION_TOKEN: credentials.sessionToken!, AWS_REGION: 'us-east-1' };
  const provider = credentialChain({ context: { env }, logger: {} });
  return new MongoClient(uri, { authMechanismProperties: { AWS_CREDENTIAL_PROVIDER: provider }, serverSelectionTimeoutMS: 5000 });
}

async function findOrder(client: MongoClient, id: string): Promise<unknown> {
  try {
    return await client.db('shop').collection('orders').findOne({ _id: id as never });
  } finally {
    await client.close();
  }
}

describe('the Atlas stand-in with the real driver', () => {
  it('an execution-role session logs in as the role ARN without path and session name; findOne reads the fixtures', async () => {
    expect(session.arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/app-role/orders-function`);
    expect(await findOrder(lambdaClient(), 'order-2')).toEqual({ _id: 'order-2', item: 'pencil', quantity: 12, status: 'open' });
    expect(atlas.authAttempts).toEqual([expect.objectContaining({ ok: true, user: APP_ROLE, withSessionToken: true, region: 'us-east-1' })]);
    expect(atlas.commands).toEqual(expect.arrayContaining(['saslStart', 'saslContinue', 'find']));
  });

  it('find with a filter that matches nothing: null; an unknown collection: null', async () => {
    expect(await findOrder(lambdaClient(), 'order-404')).toBeNull();
    const client = lambdaClient();
    try {
      expect(await client.db('shop').collection('nothing').find({}).toArray()).toEqual([]);
      expect(await client.db('shop').collection('orders').find({ status: 'open' }).toArray()).toHaveLength(2);
    } finally {
      await client.close();
    }
  });

  it('without authentication find is refused (Unauthorized), as on Atlas', async () => {
    const client = new MongoClient(`mongodb://127.0.0.1:${atlas.port}/?directConnection=true`, { serverSelectionTimeoutMS: 5000 });
    try {
      await expect(client.db('shop').collection('orders').findOne({})).rejects.toMatchObject({ code: 13, codeName: 'Unauthorized' });
    } finally {
      await client.close();
    }
  });

  it('a database user registered with the IAM path never matches: refused, and the reason says to register the ARN without it', async () => {
    atlas.users = [`arn:aws:iam::${ACCOUNT}:role/service/app-role`];
    const error = await findOrder(lambdaClient(), 'order-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).message).toBe('Authentication failed.');
    expect(atlas.authAttempts.at(-1)).toMatchObject({
      ok: false,
      user: APP_ROLE,
      reason: `no database user ${APP_ROLE}: the user arn:aws:iam::${ACCOUNT}:role/service/app-role has an IAM path, which Atlas never matches (register ${APP_ROLE})`,
    });
  });

  it('an IAM user logs in under its ARN as GetCallerIdentity gives it', async () => {
    const developer = emulator.issued(emulator.scenario.users.developer!.accessKeyId)!;
    const client = new MongoClient(atlas.uri(), {
      authMechanismProperties: { AWS_CREDENTIAL_PROVIDER: credentialChain({ context: { env: { AWS_ACCESS_KEY_ID: developer.accessKeyId, AWS_SECRET_ACCESS_KEY: developer.secretAccessKey } }, logger: {} }) },
      serverSelectionTimeoutMS: 5000,
    });
    expect(await findOrder(client, 'order-3')).toMatchObject({ item: 'eraser' });
    expect(atlas.authAttempts.at(-1)).toMatchObject({ ok: true, user: `arn:aws:iam::${ACCOUNT}:user/developer`, withSessionToken: false });
  });

  it('a clock more than 15 minutes off: STS refuses the signature (Signature expired)', async () => {
    const skewed = await startAtlasEmulator({ lookup: (id) => emulator.issued(id), now: () => Date.now() + 20 * 60_000 });
    try {
      await expect(findOrder(lambdaClient(session, skewed.uri()), 'order-1')).rejects.toThrow('Authentication failed.');
      expect(skewed.authAttempts.at(-1)).toMatchObject({ ok: false, reason: expect.stringMatching(/^STS: SignatureDoesNotMatch: Signature expired: \d{8}T\d{6}Z is outside 15 minutes of the server time/) });
    } finally {
      await skewed.close();
    }
  });

  it('a signature for another region than the STS host Atlas named is refused, naming both', async () => {
    atlas.stsHost = 'sts.eu-west-1.amazonaws.com';
    const connection = await openConnection({ host: '127.0.0.1', port: atlas.port, timeoutMs: 5000 });
    try {
      const start = await createSaslStart();
      const first = await connection.command('$external', start.command);
      const server = await parseServerFirst((first.payload as { buffer: Uint8Array }).buffer, start.nonce);
      // A client that ignores the host and signs for us-east-1.
      const wrong = await createSaslContinue(first.conversationId, { ...server, host: 'sts.amazonaws.com' }, session, new Date());
      expect(await connection.command('$external', wrong)).toMatchObject({ ok: 0, code: 18 });
      expect(atlas.authAttempts.at(-1)).toMatchObject({ ok: false, reason: 'the signature is for region us-east-1, but the STS host sts.eu-west-1.amazonaws.com verifies it in eu-west-1' });
    } finally {
      connection.close();
    }
  });

  it('an expired session is refused as STS refuses it (ExpiredToken)', async () => {
    const expired = { ...session, expiration: new Date(Date.now() - 1000) };
    const strict = await startAtlasEmulator({ lookup: (id) => (id === session.accessKeyId ? expired : undefined) });
    try {
      await expect(findOrder(lambdaClient(session, strict.uri()), 'order-1')).rejects.toThrow('Authentication failed.');
      expect(strict.authAttempts.at(-1)?.reason).toMatch(/ExpiredToken/);
    } finally {
      await strict.close();
    }
  });
});

describe('scenario key mongodb', () => {
  it('defaults: every role as Atlas registers it (no path) and every user; sts.amazonaws.com; shop.orders', () => {
    const scenario = resolveScenario();
    expect(scenario.mongodb.users).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/app-role`,
      `arn:aws:iam::${ACCOUNT}:role/admin`,
      `arn:aws:iam::${ACCOUNT}:role/web-identity-role`,
      `arn:aws:iam::${ACCOUNT}:role/instance-role`,
      `arn:aws:iam::${ACCOUNT}:role/task-role`,
      `arn:aws:iam::${ACCOUNT}:user/developer`,
    ]);
    expect(scenario.mongodb.stsHost).toBe('sts.amazonaws.com');
    expect(Object.keys(scenario.mongodb.databases.shop!)).toEqual(['orders']);
    expect(defaultDatabaseUsers([`arn:aws:iam::${ACCOUNT}:role/a/b/c`], [])).toEqual([`arn:aws:iam::${ACCOUNT}:role/c`]);
  });

  it.each([
    [{ mongodb: { users: ['app-role'] } }, /mongodb\.users holds "app-role", which is not an IAM user or role ARN/],
    [{ mongodb: { users: 'arn:aws:iam::123456789012:role/x' } }, /mongodb\.users must be a list/],
    [{ mongodb: { stsHost: 'https://sts.amazonaws.com' } }, /mongodb\.stsHost must be a host name/],
    [{ mongodb: { databases: { shop: { orders: [1] } } } }, /mongodb\.databases\.shop\.orders must be a list of documents/],
    [{ mongodb: { user: [] } }, /unknown key "mongodb\.user"; did you mean "users"\?/],
  ])('refuses %j with a clear ScenarioError', (input, message) => {
    expect(() => resolveScenario(input as never)).toThrow(ScenarioError);
    expect(() => resolveScenario(input as never)).toThrow(message);
  });
});
