// The SSO token cache the AWS CLI shares with the SDKs: ~/.aws/sso/cache/<sha1 hex>.json — where a
// token lives, reading it into a checked shape, and writing a refreshed one back the way the CLI does.

import { createHash } from 'node:crypto';
import type { Context } from '../context.js';
import { broken } from '../errors.js';
import { readJsonObject } from '../json-object.js';
import { readRequiredFile } from '../named-file.js';
import { platformPath, resolveHomeDir } from '../shared-file-paths.js';

/** The fields the AWS CLI writes (`aws sso login`). Unknown fields are kept when the file is rewritten. */
export interface SsoCachedToken {
  accessToken: string;
  expiresAt: Date;
  refreshToken?: string;
  clientId?: string;
  clientSecret?: string;
  region?: string;
  startUrl?: string;
  /** The whole parsed file, so a rewrite keeps what we do not interpret (registrationExpiresAt…). */
  fields: Record<string, unknown>;
}

/** sha1 of the sso-session name (sso-session profiles) or of the start URL (legacy profiles). */
export function ssoTokenCacheKey(cacheId: string): string {
  return createHash('sha1').update(cacheId).digest('hex');
}

export function ssoTokenCachePath(context: Context, cacheId: string): string {
  return platformPath(context.platform).join(resolveHomeDir(context), '.aws', 'sso', 'cache', `${ssoTokenCacheKey(cacheId)}.json`);
}

/**
 * Reads and checks a cached token. A missing, unreadable or malformed file is a broken source: the
 * profile says SSO, so falling through to another identity would be wrong. `loginFix` says how to
 * get a new token. Parse errors are not quoted: V8 puts a slice of the input (the token) in them.
 */
export async function readSsoToken(context: Context, path: string, loginFix: string): Promise<SsoCachedToken> {
  const text = await readRequiredFile(context, {
    path,
    what: `the SSO token cache file ${path}`,
    unreadableFix: `Check its permissions, or ${loginFix}`,
    otherwise: `delete it and ${loginFix}`,
    missingFix: `Log in first: ${loginFix}`,
  });
  const malformed = (what: string) =>
    broken(`the SSO token cache file ${path} ${what}`, { fix: `Delete it and ${loginFix}` });
  const parsed = readJsonObject(text);
  if (!parsed.ok) throw malformed(parsed.why === 'not-json' ? 'is not valid JSON' : 'does not hold a JSON object');
  const fields = parsed.object;
  const accessToken = fields.accessToken;
  if (typeof accessToken !== 'string' || accessToken === '') throw malformed('has no accessToken');
  if (typeof fields.expiresAt !== 'string') throw malformed('has no expiresAt');
  const expiresAt = new Date(fields.expiresAt);
  if (Number.isNaN(expiresAt.getTime())) throw malformed('has an expiresAt that is not a date');
  const token: SsoCachedToken = { accessToken, expiresAt, fields };
  for (const key of ['refreshToken', 'clientId', 'clientSecret', 'region', 'startUrl'] as const) {
    const value = fields[key];
    if (typeof value === 'string' && value !== '') token[key] = value;
  }
  return token;
}

/** The AWS CLI's timestamp format (no milliseconds), which the CLI and every SDK parse. */
export function cacheTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Writes a refreshed token over the cache file: temp file + rename (a crash leaves the old file, never
 * half a new one), mode 0600 (it holds bearer tokens). Fields we do not interpret are kept.
 */
export async function writeSsoToken(
  context: Context,
  path: string,
  previous: SsoCachedToken,
  next: { accessToken: string; expiresAt: Date; refreshToken?: string },
): Promise<void> {
  const contents: Record<string, unknown> = {
    ...previous.fields,
    accessToken: next.accessToken,
    expiresAt: cacheTimestamp(next.expiresAt),
  };
  // The service may omit a new refresh token; the old one stays valid then (the SDK drops it).
  const refreshToken = next.refreshToken ?? previous.refreshToken;
  if (refreshToken) contents.refreshToken = refreshToken;
  await context.writeFileAtomic(path, JSON.stringify(contents, null, 2), 0o600);
}
