// One TCP or TLS connection to a mongod/mongos, running OP_MSG commands one at a time — the I/O
// adapter behind atlas-check.

import { encodeOpMsg, loadBson, MessageReader, OP_MSG, readHeader, decodeOpMsg, type Document } from './wire.js';

export interface ConnectTarget {
  host: string;
  port: number;
  tls?: {
    /** PEM text of the CA bundle (tlsCAFile), instead of the system roots. */
    ca?: string;
    allowInvalidCertificates?: boolean;
    allowInvalidHostnames?: boolean;
  };
  timeoutMs: number;
  /** Resolves the host name to an address (an injected DNS server); absent = the OS resolver. */
  lookup?: (host: string) => Promise<string>;
}

export interface MongoConnection {
  /** Runs `command` against `db` and returns the reply document (ok: 0 replies are returned, not thrown); waits at most `timeoutMs` (default: the target's). */
  command(db: string, command: Document, timeoutMs?: number): Promise<Document>;
  close(): void;
}

/** A connection failure in words a user can act on; `code` is the Node error code when there is one. */
export class MongoConnectError extends Error {
  override readonly name = 'MongoConnectError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export async function openConnection(target: ConnectTarget): Promise<MongoConnection> {
  const codec = await loadBson();
  const address = target.lookup ? await target.lookup(target.host) : target.host;
  const where = `${target.host}:${target.port}`;
  const net = await import('node:net');
  const tls = await import('node:tls');

  const socket = await new Promise<import('node:net').Socket>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new MongoConnectError(`no connection to ${where} within ${target.timeoutMs} ms`, 'ETIMEDOUT'));
    }, target.timeoutMs);
    const done = (error?: Error) => {
      clearTimeout(timer);
      if (error) reject(describeSocketError(error, where, target.tls !== undefined));
      else resolve(socket);
    };
    const socket = target.tls
      ? tls.connect({
          host: address,
          port: target.port,
          // SNI and certificate checks use the name from the URI, not the resolved address.
          servername: net.isIP(target.host) ? undefined : target.host,
          ca: target.tls.ca,
          rejectUnauthorized: !target.tls.allowInvalidCertificates,
          checkServerIdentity: target.tls.allowInvalidHostnames ? () => undefined : (_host, cert) => tls.checkServerIdentity(target.host, cert),
        }, () => done())
      : net.connect({ host: address, port: target.port }, () => done());
    socket.once('error', done);
  });

  const reader = new MessageReader();
  const waiting = new Map<number, { resolve: (doc: Document) => void; reject: (error: Error) => void }>();
  let nextRequestId = 1;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const pending of waiting.values()) pending.reject(failure);
    waiting.clear();
  };
  socket.on('data', (chunk: Buffer) => {
    try {
      for (const message of reader.push(chunk)) {
        const header = readHeader(message);
        const pending = waiting.get(header.responseTo);
        if (!pending) continue;
        waiting.delete(header.responseTo);
        if (header.opCode !== OP_MSG) pending.reject(new MongoConnectError(`${where} answered with wire opcode ${header.opCode}, not OP_MSG`, undefined));
        else pending.resolve(decodeOpMsg(codec, message));
      }
    } catch (error) {
      failAll(new MongoConnectError(`${where} sent a malformed message (${(error as Error).message})`, undefined));
      socket.destroy();
    }
  });
  socket.on('error', (error) => failAll(describeSocketError(error, where, target.tls !== undefined)));
  socket.on('close', () => failAll(new MongoConnectError(`${where} closed the connection`, 'ECONNRESET')));

  return {
    command: (db, command, timeoutMs = target.timeoutMs) =>
      new Promise<Document>((resolve, reject) => {
        if (failure) return reject(failure);
        const requestId = nextRequestId++;
        const timer = setTimeout(() => {
          waiting.delete(requestId);
          reject(new MongoConnectError(`${where} did not answer ${Object.keys(command)[0]} within ${timeoutMs} ms`, 'ETIMEDOUT'));
        }, timeoutMs);
        waiting.set(requestId, {
          resolve: (doc) => (clearTimeout(timer), resolve(doc)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
        socket.write(encodeOpMsg(codec, requestId, 0, { ...command, $db: db }));
      }),
    close: () => socket.destroy(),
  };
}

function describeSocketError(error: Error, where: string, tls: boolean): MongoConnectError {
  const code = (error as NodeJS.ErrnoException).code;
  const text: Record<string, string> = {
    ECONNREFUSED: `${where} refused the connection`,
    ECONNRESET: `${where} reset the connection${tls ? '' : ' (does the server require TLS? add tls=true)'}`,
    ENOTFOUND: `the host name in ${where} does not resolve`,
    EHOSTUNREACH: `${where} is unreachable`,
    ETIMEDOUT: `no connection to ${where} (timed out)`,
  };
  if (code && text[code]) return new MongoConnectError(text[code]!, code);
  if (tls && (code?.startsWith('ERR_TLS') || code?.includes('CERT') || /certificate|SSL|TLS/i.test(error.message))) {
    return new MongoConnectError(`the TLS handshake with ${where} failed: ${error.message}`, code);
  }
  return new MongoConnectError(`the connection to ${where} failed: ${error.message}`, code);
}
