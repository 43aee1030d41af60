// The server side of MONGODB-AWS, as Atlas runs it: saslStart hands out a server nonce and the STS
// host to sign for; saslContinue rebuilds the GetCallerIdentity request from the client's payload,
// verifies its SigV4 signature against the credentials the AWS emulator knows (what STS would do
// for Atlas), and maps the caller to a database user (database-users.ts).

import { randomBytes } from 'node:crypto';
import { Binary, deserialize, serialize } from 'bson';
import { GET_CALLER_IDENTITY_BODY, GS2_FLAG_N, CLIENT_NONCE_BYTES, MONGODB_AWS_MECHANISM } from '../../mongodb/mongodb-aws.js';
import type { Document } from '../../mongodb/wire.js';
import { verifySignature, type KnownSecret } from '../sigv4-verify.js';
import { matchDatabaseUser } from './database-users.js';

/** What the STS behind the stand-in knows about a key: the emulator's `issued(accessKeyId)` fits. */
export interface KnownCredentials extends KnownSecret {
  /** What GetCallerIdentity answers: `arn:aws:iam::…:user/N` or `arn:aws:sts::…:assumed-role/N/S`. */
  arn: string;
}

export interface AuthAttempt {
  ok: boolean;
  accessKeyId?: string;
  /** The region the client's credential scope named. */
  region?: string;
  /** The database user the identity maps to. */
  user?: string;
  /** Why it failed: what the stand-in logs; the client only hears "Authentication failed.". */
  reason?: string;
  withSessionToken?: boolean;
}

export interface AuthSettings {
  lookup: (accessKeyId: string) => KnownCredentials | undefined;
  stsHost: string;
  /** undefined = every verified identity may log in. */
  users: readonly string[] | undefined;
  now: () => number;
  /** Refuse signatures more than 15 minutes off `now`, as STS does (off when a test moves the clock). */
  checkClockSkew: boolean;
}

export interface Conversation {
  clientNonce: Buffer;
  serverNonce: Buffer;
}

const AUTHENTICATION_FAILED = { ok: 0, code: 18, codeName: 'AuthenticationFailed', errmsg: 'Authentication failed.' };

/** The headers GetCallerIdentity must have signed, as the server requires them. */
const REQUIRED_SIGNED_HEADERS = ['content-length', 'content-type', 'host', 'x-amz-date', 'x-mongodb-gs2-cb-flag', 'x-mongodb-server-nonce'];

/** The region STS answers for at `host`, written apart from the client's regionFromStsHost on purpose. */
function stsRegionOf(host: string): string {
  const regional = /^sts(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/.exec(host);
  return regional ? regional[1]! : 'us-east-1';
}

export type SaslStep = { reply: Document; conversation?: Conversation; attempt?: AuthAttempt };

export function saslStart(command: Document, stsHost: string): SaslStep {
  if (command.mechanism !== MONGODB_AWS_MECHANISM) return failed(`unsupported mechanism ${String(command.mechanism)}`);
  const first = deserialize(bytesOf(command.payload)) as { r?: Binary; p?: number };
  const clientNonce = first.r instanceof Binary ? Buffer.from(first.r.buffer) : undefined;
  if (!clientNonce || clientNonce.length !== CLIENT_NONCE_BYTES) return failed(`client nonce is not ${CLIENT_NONCE_BYTES} bytes`);
  if (first.p !== GS2_FLAG_N) return failed(`unexpected GS2 flag p=${String(first.p)}`);
  const serverNonce = Buffer.concat([clientNonce, randomBytes(32)]);
  return {
    reply: { conversationId: 1, done: false, payload: new Binary(serialize({ s: new Binary(serverNonce), h: stsHost })), ok: 1 },
    conversation: { clientNonce, serverNonce },
  };
}

export async function saslContinue(command: Document, conversation: Conversation | undefined, settings: AuthSettings): Promise<SaslStep> {
  if (!conversation || command.conversationId !== 1) return failed('saslContinue without a conversation');
  const final = deserialize(bytesOf(command.payload)) as { a?: unknown; d?: unknown; t?: unknown };
  if (typeof final.a !== 'string' || typeof final.d !== 'string') return failed('payload lacks a or d');
  const authorization = final.a;
  const token = typeof final.t === 'string' ? final.t : undefined;
  const accessKeyId = /Credential=([^/]+)\//.exec(authorization)?.[1];
  const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization)?.[1];
  const attempt: AuthAttempt = { ok: false, accessKeyId, region, withSessionToken: token !== undefined };
  const signed = /SignedHeaders=([^,\s]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  const unsigned = REQUIRED_SIGNED_HEADERS.find((name) => !signed.includes(name));
  if (unsigned) return failed(`header ${unsigned} is not signed`, attempt);
  const expectedRegion = stsRegionOf(settings.stsHost);
  if (region !== expectedRegion) return failed(`the signature is for region ${region}, but the STS host ${settings.stsHost} verifies it in ${expectedRegion}`, attempt);
  // The request Atlas forwards to STS, rebuilt from what it knows: only these headers exist.
  const headers: Record<string, string> = {
    host: settings.stsHost,
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(GET_CALLER_IDENTITY_BODY.length),
    'x-amz-date': final.d,
    'x-mongodb-server-nonce': conversation.serverNonce.toString('base64'),
    'x-mongodb-gs2-cb-flag': 'n',
    authorization,
  };
  if (token !== undefined) headers['x-amz-security-token'] = token;
  const now = new Date(settings.now());
  const verdict = await verifySignature({ method: 'POST', url: '/', headers, body: GET_CALLER_IDENTITY_BODY }, settings.lookup, settings.checkClockSkew ? now : undefined);
  if (!verdict.ok) return failed(`STS: ${verdict.code}: ${verdict.message}`, attempt);
  const known = settings.lookup(verdict.accessKeyId)!;
  if (known.expiration && known.expiration.getTime() <= now.getTime()) return failed('STS: ExpiredToken: The security token included in the request is expired', attempt);
  const match = matchDatabaseUser(known.arn, settings.users);
  if (match.refused) return failed(match.refused, { ...attempt, user: match.user });
  return { reply: { conversationId: 1, done: true, payload: new Binary(new Uint8Array(0)), ok: 1 }, attempt: { ...attempt, ok: true, user: match.user } };
}

function failed(reason: string, attempt: Partial<AuthAttempt> = {}): SaslStep {
  return { reply: AUTHENTICATION_FAILED, attempt: { ...attempt, ok: false, reason } };
}

function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Binary) return value.buffer;
  if (value instanceof Uint8Array) return value;
  return new Uint8Array(0);
}
