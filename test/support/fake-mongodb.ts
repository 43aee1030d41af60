// A loopback MongoDB server that speaks just enough of the protocol for the real driver and for
// atlas-check: legacy OP_QUERY hello, OP_MSG, hello/ping/buildInfo/endSessions/connectionStatus, and
// the server side of MONGODB-AWS, verifying the signed GetCallerIdentity as Atlas (via STS) would.

import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { Binary, deserialize, serialize } from 'bson';
import { HEADER_BYTES, MessageReader, OP_MSG, OP_QUERY, OP_REPLY, decodeOpMsg, encodeOpMsg, frame, readHeader, type BsonCodec, type Document } from '../../src/mongodb/wire.js';
import { verifySignature } from '../../src/emulator/sigv4-verify.js';

/** What the fake STS behind the server knows about a key: the emulator's `issued(accessKeyId)` fits. */
export interface KnownCredentials {
  secretAccessKey: string;
  sessionToken?: string;
  /** What GetCallerIdentity answers: `arn:aws:iam::…:user/N` or `arn:aws:sts::…:assumed-role/N/S`. */
  arn: string;
  /** Expired session credentials are refused, as STS refuses them (ExpiredToken). */
  expiration?: Date;
}

export interface FakeMongoDbOptions {
  /** Looks up a signing key, as STS would. */
  lookup: (accessKeyId: string) => KnownCredentials | undefined;
  /** The STS host sent to the client as `h` (default `sts.amazonaws.com`); it decides the signing region. */
  stsHost?: string;
  /** Database users (ARNs) that exist; undefined = every verified identity may log in. */
  users?: string[];
  /** Serve TLS with this key and certificate. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** The fake STS's clock, for expirations (default Date.now). */
  now?: () => number;
}

export interface AuthAttempt {
  ok: boolean;
  accessKeyId?: string;
  /** The region the client's credential scope named. */
  region?: string;
  /** The database user the identity maps to (assumed roles → the IAM role ARN). */
  user?: string;
  /** Why it failed (the server only tells the client "Authentication failed."). */
  reason?: string;
  withSessionToken?: boolean;
}

export interface FakeMongoDb {
  host: string;
  port: number;
  /** `mongodb://127.0.0.1:PORT/?authMechanism=MONGODB-AWS&authSource=%24external&directConnection=true` (+ extra). */
  uri(extra?: string): string;
  authAttempts: AuthAttempt[];
  /** Command names in arrival order. */
  commands: string[];
  stsHost: string;
  users: string[] | undefined;
  close(): Promise<void>;
}

const codec: BsonCodec = { serialize: (doc) => serialize(doc), deserialize: (bytes) => deserialize(bytes) as Document };

export const AUTHENTICATION_FAILED = { ok: 0, code: 18, codeName: 'AuthenticationFailed', errmsg: 'Authentication failed.' };

/**
 * MongoDB's mapping from a caller identity to a database user: assumed-role sessions become the role
 * ARN (no path, no session). Deliberately written again rather than imported from src/mongodb: the
 * fake server is the oracle the client code is tested against.
 */
export function databaseUserFor(arn: string): string {
  const assumed = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return assumed ? `arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]}` : arn;
}

/** The region STS answers for at `host` — written independently of the client's code on purpose. */
function stsRegionOf(host: string): string {
  const regional = /^sts(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/.exec(host);
  return regional ? regional[1]! : 'us-east-1';
}

interface ConnectionState {
  id: number;
  conversation?: { clientNonce: Buffer; serverNonce: Buffer };
  user?: string;
}

export async function startFakeMongoDb(options: FakeMongoDbOptions): Promise<FakeMongoDb> {
  const authAttempts: AuthAttempt[] = [];
  const commands: string[] = [];
  const sockets = new Set<net.Socket>();
  const state = { stsHost: options.stsHost ?? 'sts.amazonaws.com', users: options.users };
  let nextConnectionId = 1;

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
        queue = queue.then(async () => {
          const reply = await answer(message, connection);
          if (reply && !socket.destroyed) socket.write(reply);
        });
      }
    });
  };

  const answer = async (message: Buffer, connection: ConnectionState): Promise<Buffer | undefined> => {
    const header = readHeader(message);
    if (header.opCode === OP_MSG) {
      const reply = await run(decodeOpMsg(codec, message), connection);
      return encodeOpMsg(codec, header.requestId + 1_000_000, header.requestId, reply);
    }
    if (header.opCode === OP_QUERY) {
      const reply = await run(decodeOpQuery(message), connection);
      const body = serialize(reply);
      const payload = Buffer.alloc(20 + body.length);
      payload.writeInt32LE(1, 16); // numberReturned
      payload.set(body, 20);
      return frame(OP_REPLY, header.requestId + 1_000_000, header.requestId, payload);
    }
    return undefined; // anything else (OP_COMPRESSED was never offered): stay silent, as a confused server would
  };

  const run = async (command: Document, connection: ConnectionState): Promise<Document> => {
    const name = Object.keys(command)[0] ?? '';
    commands.push(name);
    switch (name.toLowerCase()) {
      case 'hello':
      case 'ismaster':
        return hello(name, connection);
      case 'ping':
        return { ok: 1 };
      case 'buildinfo':
        return { version: '8.0.4', versionArray: [8, 0, 4, 0], ok: 1 };
      case 'endsessions':
        return { ok: 1 };
      case 'sleep':
        // Holds the connection busy, so tests can force the driver to open many at once.
        await new Promise((resolve) => setTimeout(resolve, Number(command.ms ?? 100)));
        return { ok: 1 };
      case 'connectionstatus':
        return { authInfo: { authenticatedUsers: connection.user ? [{ user: connection.user, db: '$external' }] : [], authenticatedUserRoles: [] }, ok: 1 };
      case 'listdatabases':
        if (!connection.user) return { ok: 0, code: 13, codeName: 'Unauthorized', errmsg: 'command listDatabases requires authentication' };
        return { databases: [], totalSize: 0, ok: 1 };
      case 'saslstart':
        return saslStart(command, connection);
      case 'saslcontinue':
        return saslContinue(command, connection);
      default:
        return { ok: 0, code: 59, codeName: 'CommandNotFound', errmsg: `no such command: '${name}'` };
    }
  };

  const hello = (name: string, connection: ConnectionState): Document => ({
    helloOk: true,
    [name === 'hello' ? 'isWritablePrimary' : 'ismaster']: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: connection.id,
    minWireVersion: 0,
    maxWireVersion: 25,
    readOnly: false,
    ok: 1,
  });

  const fail = (reason: string, extra: Partial<AuthAttempt> = {}): Document => {
    authAttempts.push({ ok: false, reason, ...extra });
    return AUTHENTICATION_FAILED;
  };

  const saslStart = (command: Document, connection: ConnectionState): Document => {
    connection.conversation = undefined;
    if (command.mechanism !== 'MONGODB-AWS') return fail(`unsupported mechanism ${String(command.mechanism)}`);
    const first = deserialize(bytesOf(command.payload)) as { r?: Binary; p?: number };
    const clientNonce = first.r instanceof Binary ? Buffer.from(first.r.buffer) : undefined;
    if (!clientNonce || clientNonce.length !== 32) return fail('client nonce is not 32 bytes');
    if (first.p !== 110) return fail(`unexpected GS2 flag p=${String(first.p)}`);
    const serverNonce = Buffer.concat([clientNonce, randomBytes(32)]);
    connection.conversation = { clientNonce, serverNonce };
    return { conversationId: 1, done: false, payload: new Binary(serialize({ s: new Binary(serverNonce), h: state.stsHost })), ok: 1 };
  };

  const saslContinue = async (command: Document, connection: ConnectionState): Promise<Document> => {
    const conversation = connection.conversation;
    connection.conversation = undefined;
    if (!conversation || command.conversationId !== 1) return fail('saslContinue without a conversation');
    const final = deserialize(bytesOf(command.payload)) as { a?: unknown; d?: unknown; t?: unknown };
    if (typeof final.a !== 'string' || typeof final.d !== 'string') return fail('payload lacks a or d');
    const authorization = final.a;
    const token = typeof final.t === 'string' ? final.t : undefined;
    const accessKeyId = /Credential=([^/]+)\//.exec(authorization)?.[1];
    const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization)?.[1];
    const attempt: Partial<AuthAttempt> = { accessKeyId, region, withSessionToken: token !== undefined };
    const signed = /SignedHeaders=([^,\s]+)/.exec(authorization)?.[1]?.split(';') ?? [];
    for (const required of ['content-length', 'content-type', 'host', 'x-amz-date', 'x-mongodb-gs2-cb-flag', 'x-mongodb-server-nonce']) {
      if (!signed.includes(required)) return fail(`header ${required} is not signed`, attempt);
    }
    if (region !== stsRegionOf(state.stsHost)) return fail(`credential scope region ${region} is not the region of ${state.stsHost}`, attempt);
    // The request the server forwards to STS, rebuilt from what it knows: only these headers exist.
    const headers: Record<string, string> = {
      host: state.stsHost,
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': '43',
      'x-amz-date': final.d,
      'x-mongodb-server-nonce': conversation.serverNonce.toString('base64'),
      'x-mongodb-gs2-cb-flag': 'n',
      authorization,
    };
    if (token !== undefined) headers['x-amz-security-token'] = token;
    const verdict = await verifySignature(
      { method: 'POST', url: '/', headers, body: 'Action=GetCallerIdentity&Version=2011-06-15' },
      (keyId: string) => options.lookup(keyId),
    );
    if (!verdict.ok) return fail(`STS: ${verdict.code}: ${verdict.message}`, attempt);
    const known = options.lookup(verdict.accessKeyId)!;
    if (known.expiration && known.expiration.getTime() <= (options.now ?? Date.now)()) {
      return fail('STS: ExpiredToken: The security token included in the request is expired', attempt);
    }
    const user = databaseUserFor(known.arn);
    if (state.users && !state.users.includes(user)) return fail(`no database user ${user}`, { ...attempt, user });
    connection.user = user;
    authAttempts.push({ ok: true, ...attempt, user });
    return { conversationId: 1, done: true, payload: new Binary(new Uint8Array(0)), ok: 1 };
  };

  const server = options.tls ? tls.createServer({ key: options.tls.key, cert: options.tls.cert }, onConnection) : net.createServer(onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    host: '127.0.0.1',
    port,
    uri: (extra = '') =>
      `mongodb://127.0.0.1:${port}/?authMechanism=MONGODB-AWS&authSource=%24external&directConnection=true${extra ? `&${extra}` : ''}`,
    authAttempts,
    commands,
    get stsHost() {
      return state.stsHost;
    },
    set stsHost(host: string) {
      state.stsHost = host;
    },
    get users() {
      return state.users;
    },
    set users(users: string[] | undefined) {
      state.users = users;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Binary) return value.buffer;
  if (value instanceof Uint8Array) return value;
  return new Uint8Array(0);
}

/** The query document of a legacy OP_QUERY (the driver's first hello). */
function decodeOpQuery(message: Buffer): Document {
  let offset = HEADER_BYTES + 4; // flags
  offset = message.indexOf(0, offset) + 1; // fullCollectionName
  offset += 8; // numberToSkip, numberToReturn
  const size = message.readInt32LE(offset);
  return deserialize(message.subarray(offset, offset + size)) as Document;
}
