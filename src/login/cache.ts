// The `aws login` token cache the AWS CLI shares with the SDKs: AWS_LOGIN_CACHE_DIRECTORY, else
// ~/.aws/login/cache, file `<sha256 hex of the login_session value>.json` — where it lives, reading it
// into a checked shape, and writing a refreshed token back (temp file + rename, mode 0600).

import { createHash } from 'node:crypto';
import type { Context } from '../context.js';
import { platformPath, resolveHomeDir, tildePath } from '../shared-file-paths.js';
import { broken, type CredentialsProviderError } from '../errors.js';
import { readJsonObject } from '../json-object.js';
import { readNamedFile } from '../named-file.js';
import { parseExpiration, readAccountId, type AccountId, type NoteDropped } from '../outside-values.js';

/** The signed-in session's AWS credentials, as cached. */
export interface LoginAccessToken {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Undefined when the file's accountId is not 12 digits (dropped, with a note). */
  accountId: AccountId | undefined;
  expiresAt: Date;
}

/** A checked cache file. Unknown fields are kept in `fields` when it is rewritten. */
export interface LoginCachedToken {
  accessToken: LoginAccessToken;
  clientId: string;
  refreshToken: string;
  /** PEM, SEC1 EC P-256 private key: signs the DPoP proof of a refresh. */
  dpopKey: string;
  signInRegion?: string;
  /** The whole parsed file. */
  fields: Record<string, unknown>;
}

/**
 * The cache file of a login session. As the SDK, AWS_LOGIN_CACHE_DIRECTORY is used as written (no `~`
 * expansion); beyond the SDK, an empty value counts as unset (the SDK would use the working directory).
 */
export function loginCachePath(context: Pick<Context, 'env' | 'platform' | 'homedir'>, loginSession: string): string {
  const path = platformPath(context.platform);
  const directory = context.env.AWS_LOGIN_CACHE_DIRECTORY || path.join(resolveHomeDir(context), '.aws', 'login', 'cache');
  return path.join(directory, `${loginCacheKey(loginSession)}.json`);
}

/** The cache file's name without `.json`: the SHA-256 (hex) of the login_session value, UTF-8. */
export function loginCacheKey(loginSession: string): string {
  return createHash('sha256').update(loginSession, 'utf8').digest('hex');
}

/**
 * Reads and checks the cache file. Missing, unreadable, not JSON or without the fields a refresh needs
 * (accessToken, clientId, refreshToken, dpopKey, accessToken.accountId, as the SDK checks; beyond it,
 * the access token's keys and a valid expiresAt) → a broken CredentialsProviderError naming the file and `loginFix`.
 * Nothing of the file's content is ever quoted: V8's JSON errors quote the input. An accountId that
 * is not 12 digits is dropped, told to `note` (the keys still work).
 */
export async function readLoginToken(context: Context, file: string, loginFix: string, note: NoteDropped): Promise<LoginCachedToken> {
  const shown = tildePath(context, file);
  const text = await readNamedFile(context, {
    path: file,
    what: `the \`aws login\` cache file ${shown}`,
    unreadableFix: `Check its permissions, or ${loginFix}`,
    otherwise: `delete it and ${loginFix}`,
    code: 'unreadable',
  });
  if (text === undefined) {
    throw broken(`no \`aws login\` session found: the cache file ${shown} does not exist`, { fix: `Sign in first: ${loginFix}`, code: 'missing' });
  }
  const malformed = (what: string) => broken(`the \`aws login\` cache file ${shown} ${what}`, { fix: `Sign in again: ${loginFix}`, code: 'malformed' });
  const parsed = readJsonObject(text);
  if (!parsed.ok) throw malformed(parsed.why === 'not-json' ? 'is not valid JSON' : 'does not hold a JSON object');
  const fields = parsed.object;
  const access = isObject(fields.accessToken) ? fields.accessToken : undefined;
  const missing: string[] = [];
  if (!access) missing.push('accessToken');
  for (const key of ['clientId', 'refreshToken', 'dpopKey'] as const) if (!nonEmpty(fields[key])) missing.push(key);
  for (const key of ['accountId', 'accessKeyId', 'secretAccessKey', 'sessionToken', 'expiresAt'] as const) {
    if (access && !nonEmpty(access[key])) missing.push(`accessToken.${key}`);
  }
  if (missing.length > 0) throw malformed(`is missing ${missing.join(', ')}`);
  const expiresAt = parseExpiration(access!.expiresAt, 'iso');
  if (!expiresAt) throw malformed('has an accessToken.expiresAt that is not a date');
  const token: LoginCachedToken = {
    accessToken: {
      accessKeyId: access!.accessKeyId as string,
      secretAccessKey: access!.secretAccessKey as string,
      sessionToken: access!.sessionToken as string,
      accountId: readAccountId(access!.accountId, `accessToken.accountId of ${shown}`, note),
      expiresAt,
    },
    clientId: fields.clientId as string,
    refreshToken: fields.refreshToken as string,
    dpopKey: fields.dpopKey as string,
    fields,
  };
  if (nonEmpty(fields.signInRegion)) token.signInRegion = fields.signInRegion;
  return token;
}

/** What a refresh brings: new keys, their expiry and the (rotated) refresh token. */
export interface RefreshedLogin {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: Date;
  refreshToken: string;
}

/** The file after a refresh: every field kept, the access token's keys and expiry and the refresh token replaced (as the SDK writes it). */
export function refreshedFile(previous: LoginCachedToken, next: RefreshedLogin): Record<string, unknown> {
  return {
    ...previous.fields,
    accessToken: {
      ...(previous.fields.accessToken as Record<string, unknown>),
      accessKeyId: next.accessKeyId,
      secretAccessKey: next.secretAccessKey,
      sessionToken: next.sessionToken,
      expiresAt: next.expiresAt.toISOString(),
    },
    refreshToken: next.refreshToken,
  };
}

/** Writes the refreshed token: temp file + rename (a crash leaves the old file), mode 0600 (it holds keys and a refresh token). */
export async function writeLoginToken(context: Context, file: string, previous: LoginCachedToken, next: RefreshedLogin): Promise<void> {
  await context.writeFileAtomic(file, JSON.stringify(refreshedFile(previous, next), null, 2), 0o600);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
