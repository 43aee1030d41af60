// An Atlas world for end-to-end tests: the loopback AWS emulator (which issues credentials) and the
// Atlas stand-in (which verifies MONGODB-AWS signatures against what the emulator issued), plus
// a one-call "connect with the real driver and ask who I am".

import { MongoClient, type MongoClientOptions } from 'mongodb';
import { startEmulator, type Emulator, type StartEmulatorOptions } from '../../src/emulator/index.js';
import { startAtlasEmulator, type AtlasEmulator, type AtlasEmulatorOptions } from '../../src/emulator/atlas/index.js';

export interface MongoWorld {
  emulator: Emulator;
  mongo: AtlasEmulator;
  /** The shared clock of the emulator and the fake STS (tests may move it). */
  clock: { now: number };
  close(): Promise<void>;
}

export async function startMongoWorld(
  options: { emulator?: StartEmulatorOptions; mongo?: Partial<AtlasEmulatorOptions>; clock?: { now: number } } = {},
): Promise<MongoWorld> {
  const clock = options.clock ?? { now: Date.now() };
  const emulator = await startEmulator({ now: () => clock.now, ...options.emulator });
  // The tests move this clock to expire credentials while the driver signs with the real one: no skew check.
  const mongo = await startAtlasEmulator({ lookup: (keyId) => emulator.issued(keyId), now: () => clock.now, checkClockSkew: false, ...options.mongo });
  return {
    emulator,
    mongo,
    clock,
    close: async () => {
      await Promise.all([mongo.close(), emulator.close()]);
    },
  };
}

type Provider = NonNullable<NonNullable<MongoClientOptions['authMechanismProperties']>['AWS_CREDENTIAL_PROVIDER']>;

/** A driver client configured as the README's MongoDB recipe says, with short timeouts for tests. */
export function driverClient(mongo: AtlasEmulator, provider: Provider, extra: MongoClientOptions = {}): MongoClient {
  return new MongoClient(mongo.uri(), {
    authMechanismProperties: { AWS_CREDENTIAL_PROVIDER: provider },
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    ...extra,
  });
}

/** Opens a client, runs connectionStatus (which needs an authenticated connection) and returns the user. */
export async function authenticatedUser(mongo: AtlasEmulator, provider: Provider): Promise<string | undefined> {
  const client = driverClient(mongo, provider);
  try {
    const status = await client.db('admin').command({ connectionStatus: 1 });
    return status.authInfo?.authenticatedUsers?.[0]?.user;
  } finally {
    await client.close();
  }
}
