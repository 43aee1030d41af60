// The MONGODB-AWS payloads credchain builds must be exactly the driver's for the same inputs: the
// driver's own MongoDBAWS.auth() runs against a recording connection, and its nonce, date and server
// answer are fed to our builder.
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { Binary, deserialize, serialize } from 'bson';
import {
  createSaslContinue,
  createSaslStart,
  parseServerFirst,
  regionFromStsHost,
} from '../../src/mongodb/mongodb-aws.js';
import type { SigningCredentials } from '../../src/sigv4/sign.js';

const require = createRequire(import.meta.url);
const { MongoDBAWS } = require('mongodb/lib/cmap/auth/mongodb_aws.js');
const { MongoCredentials } = require('mongodb/lib/cmap/auth/mongo_credentials.js');

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN//////////wEaCXVzLWVhc3QtMSJH';

interface DriverRun {
  saslStart: Record<string, any>;
  saslContinue: Record<string, any>;
  serverPayload: Uint8Array;
}

/** Runs the driver's MONGODB-AWS client against a scripted server that answers with host `h`. */
async function runDriver(credentials: SigningCredentials, h: string): Promise<DriverRun> {
  const sent: Record<string, any>[] = [];
  let serverPayload: Uint8Array = new Uint8Array();
  const connection = {
    command: async (_ns: unknown, command: Record<string, any>) => {
      sent.push(command);
      if (command.saslStart) {
        const r: Buffer = Buffer.from(deserialize(command.payload).r.buffer);
        serverPayload = serialize({ s: new Binary(Buffer.concat([r, randomBytes(32)])), h });
        return { conversationId: 7, done: false, payload: new Binary(serverPayload), ok: 1 };
      }
      return { conversationId: 7, done: true, payload: new Binary(new Uint8Array()), ok: 1 };
    },
  };
  const mongoCredentials = new MongoCredentials({ username: '', password: '', source: '$external', mechanism: 'MONGODB-AWS', mechanismProperties: {} });
  await new MongoDBAWS(async () => credentials).auth({ connection, credentials: mongoCredentials });
  return { saslStart: sent[0]!, saslContinue: sent[1]!, serverPayload };
}

function dateOf(amzDate: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate)!;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}

const cases: Array<[string, SigningCredentials, string]> = [
  ['long-term keys, global STS', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET }, 'sts.amazonaws.com'],
  ['session token, regional STS', { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, sessionToken: TOKEN }, 'sts.eu-west-3.amazonaws.com'],
  ['one-label host', { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, sessionToken: TOKEN }, 'localhost'],
  ['China partition', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET }, 'sts.cn-north-1.amazonaws.com.cn'],
];

describe('MONGODB-AWS payloads match the mongodb driver', () => {
  it.each(cases)('%s', async (_name, credentials, host) => {
    const driver = await runDriver(credentials, host);

    const nonce = Buffer.from(deserialize(driver.saslStart.payload).r.buffer);
    const start = await createSaslStart(nonce);
    expect(Buffer.from(serialize(start.command)).equals(Buffer.from(serialize(driver.saslStart)))).toBe(true);

    const server = await parseServerFirst(driver.serverPayload, start.nonce);
    expect(server.host).toBe(host);
    const driverFinal = deserialize(driver.saslContinue.payload);
    const ours = await createSaslContinue(7, server, credentials, dateOf(driverFinal.d));
    expect(deserialize(ours.payload as Uint8Array)).toEqual(driverFinal);
    // Same bytes for the whole command, field order included.
    expect(Buffer.from(serialize(ours)).equals(Buffer.from(serialize(driver.saslContinue)))).toBe(true);
    expect(driverFinal.t).toBe(credentials.sessionToken);
  });

  it('would notice a different signature (the comparison can fail)', async () => {
    const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET };
    const driver = await runDriver(credentials, 'sts.us-east-2.amazonaws.com');
    const server = await parseServerFirst(driver.serverPayload, Buffer.from(deserialize(driver.saslStart.payload).r.buffer));
    const driverFinal = deserialize(driver.saslContinue.payload);
    const wrongSecret = await createSaslContinue(7, server, { ...credentials, secretAccessKey: `${SECRET}x` }, dateOf(driverFinal.d));
    expect(deserialize(wrongSecret.payload as Uint8Array).a).not.toBe(driverFinal.a);
  });
});

describe('regionFromStsHost', () => {
  it.each([
    ['sts.amazonaws.com', 'us-east-1'],
    ['sts', 'us-east-1'],
    ['sts.us-west-2.amazonaws.com', 'us-west-2'],
    ['sts.ap-southeast-2.amazonaws.com', 'ap-southeast-2'],
    ['sts-fips.us-gov-west-1.amazonaws.com', 'us-gov-west-1'],
    ['sts.amazonaws.com.cn', 'us-east-1'],
  ])('%s → %s', (host, region) => {
    expect(regionFromStsHost(host)).toBe(region);
  });
});

describe('parseServerFirst refuses what the driver refuses', () => {
  const nonce = randomBytes(32);
  const answer = (s: Uint8Array, h: unknown) => serialize({ s: new Binary(s), h });
  it.each([
    ['a short server nonce', answer(Buffer.concat([nonce, randomBytes(16)]), 'sts.amazonaws.com'), /nonce length 48, expected 64/],
    ['a nonce not starting with ours', answer(randomBytes(64), 'sts.amazonaws.com'), /does not begin with the client nonce/],
    ['an empty host', answer(Buffer.concat([nonce, randomBytes(32)]), ''), /invalid STS host/],
    ['a host with ..', answer(Buffer.concat([nonce, randomBytes(32)]), 'sts..amazonaws.com'), /invalid STS host/],
    ['a missing host', serialize({ s: new Binary(Buffer.concat([nonce, randomBytes(32)])) }), /invalid STS host/],
    ['no nonce at all', serialize({ h: 'sts.amazonaws.com' }), /no nonce/],
  ])('%s', async (_name, payload, message) => {
    await expect(parseServerFirst(payload, nonce)).rejects.toThrow(message);
  });

  it('insists on a 32-byte client nonce', async () => {
    await expect(createSaslStart(randomBytes(16))).rejects.toThrow(/32 bytes/);
    expect((await createSaslStart()).nonce).toHaveLength(32);
  });
});
