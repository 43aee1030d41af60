// The client side of MongoDB's MONGODB-AWS SASL conversation: the saslStart payload (client nonce),
// the checks on the server's answer, and the saslContinue payload (a SigV4-signed GetCallerIdentity).
// Byte-for-byte what the Node.js driver sends (test/mongodb/mongodb-aws.test.ts proves it).

import { randomBytes } from 'node:crypto';
import type { Document } from './wire.js';
import type { SigningCredentials } from '../sigv4/sign.js';

export const MONGODB_AWS_MECHANISM = 'MONGODB-AWS';
/** GS2 channel-binding flag 'n' (no channel binding), ASCII 110: the `p` field of the first message. */
export const GS2_FLAG_N = 110;
export const CLIENT_NONCE_BYTES = 32;
export const SERVER_NONCE_BYTES = 64;
export const GET_CALLER_IDENTITY_BODY = 'Action=GetCallerIdentity&Version=2011-06-15';

export interface SaslStart {
  nonce: Uint8Array;
  /** The `saslStart` command, ready for OP_MSG. */
  command: Document;
}

export interface ServerFirst {
  serverNonce: Uint8Array;
  /** The STS host the server will forward the signed request to; it decides the signing region. */
  host: string;
}

/** Raised when the server's first answer breaks the protocol (the driver refuses these too). */
export class MongoDbAwsProtocolError extends Error {
  override readonly name = 'MongoDbAwsProtocolError';
}

/** `{ saslStart: 1, mechanism: 'MONGODB-AWS', payload: BSON{ r: nonce, p: 110 } }`. */
export async function createSaslStart(nonce: Uint8Array = randomBytes(CLIENT_NONCE_BYTES)): Promise<SaslStart> {
  if (nonce.length !== CLIENT_NONCE_BYTES) throw new RangeError(`the client nonce must be ${CLIENT_NONCE_BYTES} bytes`);
  const { serialize } = await import('bson');
  return { nonce, command: { saslStart: 1, mechanism: MONGODB_AWS_MECHANISM, payload: serialize({ r: nonce, p: GS2_FLAG_N }) } };
}

/** Reads the server's `{ s, h }` and applies the driver's checks: 64-byte nonce that starts with ours, a sane host. */
export async function parseServerFirst(payload: Uint8Array, clientNonce: Uint8Array): Promise<ServerFirst> {
  const { deserialize } = await import('bson');
  const answer = deserialize(payload, { promoteBuffers: false }) as { s?: { buffer?: Uint8Array }; h?: unknown };
  const serverNonce = answer.s?.buffer;
  const host = answer.h;
  if (!(serverNonce instanceof Uint8Array)) throw new MongoDbAwsProtocolError('the server sent no nonce (field s)');
  if (serverNonce.length !== SERVER_NONCE_BYTES) {
    throw new MongoDbAwsProtocolError(`invalid server nonce length ${serverNonce.length}, expected ${SERVER_NONCE_BYTES}`);
  }
  if (!Buffer.from(serverNonce.subarray(0, clientNonce.length)).equals(Buffer.from(clientNonce))) {
    throw new MongoDbAwsProtocolError('the server nonce does not begin with the client nonce');
  }
  if (typeof host !== 'string' || host.length < 1 || host.length > 255 || host.includes('..')) {
    throw new MongoDbAwsProtocolError(`the server returned an invalid STS host: ${JSON.stringify(host)}`);
  }
  return { serverNonce, host };
}

/**
 * The region MongoDB expects the GetCallerIdentity request to be signed for: `us-east-1` for a
 * one-label host or `sts.amazonaws.com`, otherwise the second label (`sts.eu-west-1.amazonaws.com`).
 */
export function regionFromStsHost(host: string): string {
  const labels = host.split('.');
  if (labels.length === 1 || labels[1] === 'amazonaws') return 'us-east-1';
  return labels[1]!;
}

/** The headers the server rebuilds the STS request from; exactly these (and the token) are signed. */
function getCallerIdentityHeaders(serverNonce: Uint8Array): Record<string, string> {
  return {
    'Content-Type': 'application/x-www-form-urlencoded',
    'Content-Length': String(GET_CALLER_IDENTITY_BODY.length),
    'X-MongoDB-Server-Nonce': Buffer.from(serverNonce).toString('base64'),
    'X-MongoDB-GS2-CB-Flag': 'n',
  };
}

/**
 * `{ saslContinue: 1, conversationId, payload: BSON{ a: Authorization, d: X-Amz-Date, t?: token } }`,
 * signing `POST https://<host>/` GetCallerIdentity for the host's region.
 */
export async function createSaslContinue(
  conversationId: unknown,
  server: ServerFirst,
  credentials: SigningCredentials,
  now: Date,
): Promise<Document> {
  const [{ signRequest }, { serialize }] = await Promise.all([import('../sigv4/sign.js'), import('bson')]);
  const signed = await signRequest(
    { method: 'POST', url: `https://${server.host}/`, headers: getCallerIdentityHeaders(server.serverNonce), body: GET_CALLER_IDENTITY_BODY },
    credentials,
    { region: regionFromStsHost(server.host), service: 'sts' },
    now,
  );
  // The signer writes both under these lower-case names.
  const payload: Document = { a: signed.authorization!, d: signed['x-amz-date']! };
  if (credentials.sessionToken) payload.t = credentials.sessionToken;
  return { saslContinue: 1, conversationId, payload: serialize(payload) };
}
