// A local Atlas stand-in: a loopback MongoDB server (wire protocol) that authenticates MONGODB-AWS as
// Atlas does — the signed GetCallerIdentity verified against the credentials the AWS emulator knows,
// the caller mapped to a database user — and answers the driver's handshake, ping and find over small
// fixtures. `credchain emulate --mongodb` runs it; the tests and the bench use this same code.
//
//   const emulator = await startEmulator();
//   const atlas = await startAtlasEmulator({ lookup: (keyId) => emulator.issued(keyId) });
//   new MongoClient(atlas.uri()) … ; await atlas.close();

import net from 'node:net';
import tls from 'node:tls';
import { deserialize, serialize } from 'bson';
import { HEADER_BYTES, MessageReader, OP_MSG, OP_QUERY, OP_REPLY, decodeOpMsg, encodeOpMsg, frame, readHeader, type BsonCodec, type Document } from '../../mongodb/wire.js';
import { runCommand, type ConnectionState, type ServerState } from './commands.js';
import { defaultDatabases, type Databases } from './fixtures.js';
import type { AuthAttempt, KnownCredentials } from './mongodb-aws.js';

export type { AuthAttempt, KnownCredentials } from './mongodb-aws.js';
export type { Databases } from './fixtures.js';
export { defaultDatabaseUsers } from './database-users.js';

export interface AtlasEmulatorOptions {
  /** Looks up a signing key, as STS would for Atlas. */
  lookup: (accessKeyId: string) => KnownCredentials | undefined;
  /** The STS host sent to the client as `h` (default `sts.amazonaws.com`); it decides the signing region. */
  stsHost?: string;
  /** Database users (ARNs) that exist; undefined = every verified identity may log in. */
  users?: string[];
  /** What `find` reads (default: a `shop.orders` collection of three orders). */
  databases?: Databases;
  /** Serve TLS with this key and certificate. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** The STS clock (expirations, clock skew) and hello's localTime; default Date.now. */
  now?: () => number;
  /** Refuse signatures more than 15 minutes off `now`, as STS does (default true). */
  checkClockSkew?: boolean;
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** Called after each authentication, accepted or refused (the `emulate` command logs it). */
  onAuth?: (attempt: AuthAttempt) => void;
}

export interface AtlasEmulator {
  host: string;
  port: number;
  /** `mongodb://127.0.0.1:PORT/?authMechanism=MONGODB-AWS&authSource=%24external&directConnection=true` (+ `&extra`). */
  uri(extra?: string): string;
  authAttempts: AuthAttempt[];
  /** Command names in arrival order. */
  commands: string[];
  stsHost: string;
  users: string[] | undefined;
  databases: Databases;
  close(): Promise<void>;
}

const codec: BsonCodec = { serialize: (doc) => serialize(doc), deserialize: (bytes) => deserialize(bytes) as Document };
/** Reply ids are the request id plus this, so replies are easy to tell apart in a capture. */
const RESPONSE_ID_OFFSET = 1_000_000;

export async function startAtlasEmulator(options: AtlasEmulatorOptions): Promise<AtlasEmulator> {
  const authAttempts: AuthAttempt[] = [];
  const commands: string[] = [];
  const sockets = new Set<net.Socket>();
  const state: ServerState = {
    lookup: options.lookup,
    stsHost: options.stsHost ?? 'sts.amazonaws.com',
    users: options.users,
    databases: options.databases ?? defaultDatabases(),
    now: options.now ?? Date.now,
    checkClockSkew: options.checkClockSkew ?? true,
    onAuth: (attempt) => {
      authAttempts.push(attempt);
      options.onAuth?.(attempt);
    },
  };
  let nextConnectionId = 1;

  const answer = async (message: Buffer, connection: ConnectionState): Promise<Buffer | undefined> => {
    const header = readHeader(message);
    if (header.opCode === OP_MSG) {
      const command = decodeOpMsg(codec, message);
      commands.push(Object.keys(command)[0] ?? '');
      return encodeOpMsg(codec, header.requestId + RESPONSE_ID_OFFSET, header.requestId, await runCommand(command, connection, state));
    }
    if (header.opCode === OP_QUERY) {
      const command = decodeOpQuery(message);
      commands.push(Object.keys(command)[0] ?? '');
      const body = serialize(await runCommand(command, connection, state));
      const payload = Buffer.alloc(20 + body.length);
      payload.writeInt32LE(1, 16); // numberReturned
      payload.set(body, 20);
      return frame(OP_REPLY, header.requestId + RESPONSE_ID_OFFSET, header.requestId, payload);
    }
    return undefined; // anything else (OP_COMPRESSED was never offered): stay silent, as a confused server would
  };

  const onConnection = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const connection: ConnectionState = { id: nextConnectionId++ };
    const reader = new MessageReader();
    let queue = Promise.resolve();
    socket.on('data', (chunk) => {
      let messages: Buffer[];
      try {
        messages = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const message of messages) {
        queue = queue
          .then(async () => {
            const reply = await answer(message, connection);
            if (reply && !socket.destroyed) socket.write(reply);
          })
          // A message the stand-in cannot read ends the connection, never the process.
          .catch(() => {
            socket.destroy();
          });
      }
    });
  };

  const server = options.tls ? tls.createServer({ key: options.tls.key, cert: options.tls.cert }, onConnection) : net.createServer(onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    host: '127.0.0.1',
    port,
    uri: (extra = '') => `mongodb://127.0.0.1:${port}/?authMechanism=MONGODB-AWS&authSource=%24external&directConnection=true${extra ? `&${extra}` : ''}`,
    authAttempts,
    commands,
    get stsHost() {
      return state.stsHost;
    },
    set stsHost(host: string) {
      state.stsHost = host;
    },
    get users() {
      return state.users as string[] | undefined;
    },
    set users(users: string[] | undefined) {
      state.users = users;
    },
    get databases() {
      return state.databases;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The query document of a legacy OP_QUERY (the driver's first hello). */
function decodeOpQuery(message: Buffer): Document {
  let offset = HEADER_BYTES + 4; // flags
  offset = message.indexOf(0, offset) + 1; // fullCollectionName
  offset += 8; // numberToSkip, numberToReturn
  const size = message.readInt32LE(offset);
  return deserialize(message.subarray(offset, offset + size)) as Document;
}
