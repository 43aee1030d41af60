// The commands the stand-in answers: what the driver needs to connect and authenticate (hello,
// saslStart/saslContinue, ping, buildInfo, endSessions), what atlas-check and mongosh ask
// (connectionStatus, listDatabases, listCollections), and reads of the fixtures (find). Everything but
// the handshake and ping needs an authenticated connection, as on Atlas.

import { Long } from 'bson';
import type { Document } from '../../mongodb/wire.js';
import { findDocuments, type Databases } from './fixtures.js';
import { saslContinue, saslStart, type AuthAttempt, type AuthSettings, type Conversation } from './mongodb-aws.js';

export interface ConnectionState {
  id: number;
  conversation?: Conversation;
  /** The database user once authenticated. */
  user?: string;
}

export interface ServerState extends AuthSettings {
  databases: Databases;
  /** Called once per finished authentication, refused or not. */
  onAuth(attempt: AuthAttempt): void;
}

const UNAUTHORIZED = (name: string) => ({ ok: 0, code: 13, codeName: 'Unauthorized', errmsg: `command ${name} requires authentication` });

export async function runCommand(command: Document, connection: ConnectionState, state: ServerState): Promise<Document> {
  const name = Object.keys(command)[0] ?? '';
  switch (name.toLowerCase()) {
    case 'hello':
    case 'ismaster':
      return hello(name, connection, state.now());
    case 'ping':
    case 'endsessions':
      return { ok: 1 };
    case 'buildinfo':
      return { version: '8.0.4', versionArray: [8, 0, 4, 0], ok: 1 };
    case 'sleep':
      // Holds the connection busy, so tests can make the driver open many at once (bounded: 10 s).
      await new Promise((resolve) => setTimeout(resolve, Math.min(Number(command.ms ?? 100) || 0, 10_000)));
      return { ok: 1 };
    case 'connectionstatus':
      return { authInfo: { authenticatedUsers: connection.user ? [{ user: connection.user, db: '$external' }] : [], authenticatedUserRoles: [] }, ok: 1 };
    case 'saslstart': {
      connection.conversation = undefined;
      const step = saslStart(command, state.stsHost);
      connection.conversation = step.conversation;
      if (step.attempt) state.onAuth(step.attempt);
      return step.reply;
    }
    case 'saslcontinue': {
      const step = await saslContinue(command, connection.conversation, state);
      connection.conversation = undefined;
      if (step.attempt?.ok) connection.user = step.attempt.user;
      if (step.attempt) state.onAuth(step.attempt);
      return step.reply;
    }
    case 'listdatabases':
      if (!connection.user) return UNAUTHORIZED(name);
      return { databases: Object.keys(state.databases).map((db) => ({ name: db, sizeOnDisk: 0, empty: false })), totalSize: 0, ok: 1 };
    case 'listcollections': {
      if (!connection.user) return UNAUTHORIZED(name);
      const db = String(command.$db ?? '');
      const firstBatch = Object.keys(state.databases[db] ?? {}).map((collection) => ({ name: collection, type: 'collection', options: {}, info: { readOnly: false } }));
      return { cursor: { id: Long.ZERO, ns: `${db}.$cmd.listCollections`, firstBatch }, ok: 1 };
    }
    case 'find': {
      if (!connection.user) return UNAUTHORIZED(name);
      const db = String(command.$db ?? '');
      const collection = String(command.find);
      const filter = isDocument(command.filter) ? command.filter : {};
      const firstBatch = findDocuments(state.databases, db, collection, filter, Number(command.skip ?? 0) || 0, Math.abs(Number(command.limit ?? 0) || 0));
      // Every match in the first batch and cursor id 0 (an int64, as the driver requires): no getMore follows.
      return { cursor: { id: Long.ZERO, ns: `${db}.${collection}`, firstBatch }, ok: 1 };
    }
    default:
      return { ok: 0, code: 59, codeName: 'CommandNotFound', errmsg: `no such command: '${name}' (the credchain Atlas stand-in answers hello, ping, find, listDatabases, listCollections, connectionStatus)` };
  }
}

/** A writable primary of a standalone deployment; `localTime` is the stand-in's clock (atlas-check compares it with its own). */
function hello(name: string, connection: ConnectionState, now: number): Document {
  return {
    helloOk: true,
    [name === 'hello' ? 'isWritablePrimary' : 'ismaster']: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(now),
    logicalSessionTimeoutMinutes: 30,
    connectionId: connection.id,
    minWireVersion: 0,
    maxWireVersion: 25,
    readOnly: false,
    ok: 1,
  };
}

function isDocument(value: unknown): value is Document {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
