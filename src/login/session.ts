// Credentials of one `aws login` session: the cached keys while more than 5 minutes are left, else a
// refresh through the sign-in service — the cache re-read first (another process may have refreshed
// it), the new token written back — with the SDK's fallbacks: a failed refresh keeps still-valid keys
// (with a warning), an AccessDeniedException never does. The refresh itself is src/refresh.ts (one
// flight for concurrent callers); its state belongs to the chain.

import { broken, CredentialsProviderError } from '../errors.js';
import { KeyedRefreshers, type Expiring, type RefreshPolicy } from '../refresh.js';
import { tildePath } from '../shared-file-paths.js';
import type { LoginRefreshCall } from './refresh.js';
import { loginCachePath, readLoginToken, type LoginAccessToken, type LoginCachedToken } from './cache.js';

/** Cached keys with less than this left are refreshed (the SDK's threshold). */
const LOGIN_REFRESH_WINDOW_MS = 5 * 60_000;
/** How an `aws login` session's keys are refreshed (docs/behaviour.md, "Refreshing"): no throttle, as in the SDK. */
export const LOGIN_KEYS_REFRESH: RefreshPolicy = { advisoryMs: LOGIN_REFRESH_WINDOW_MS, mandatoryMs: 0, backoffMs: 0, advisory: 'wait' };

/** A chain's login refresh bookkeeping: one refresher per cache file. */
export type LoginTokenState = KeyedRefreshers<LoginCachedToken>;

export function newLoginTokenState(now: () => number): LoginTokenState {
  // No throttle (the SDK has none); 'wait': refresh first, fall back to keys that still work.
  return new KeyedRefreshers<LoginCachedToken>(LOGIN_KEYS_REFRESH, now);
}

/** One login session to resolve: what the profile says, the caller's settings, the chain's refresh state. */
export interface LoginSessionCall extends LoginRefreshCall {
  tokens: LoginTokenState;
  /** The profile holding `login_session` (named in the fix). */
  profile: string;
  /** The ARN of the signed-in identity: the cache key. */
  loginSession: string;
}

export function loginFixFor(profile: string): string {
  return profile === 'default' ? 'run `aws login`' : `run \`aws login --profile ${profile}\``;
}

export async function loginSessionCredentials(call: LoginSessionCall): Promise<LoginAccessToken> {
  const { context } = call;
  const fix = loginFixFor(call.profile);
  const file = loginCachePath(context, call.loginSession);
  const shown = tildePath(context, file);
  const refresher = call.tokens.for(file);
  const fromFile = await readLoginToken(context, file, fix, call.note);
  // Keys this chain refreshed but could not write back are newer than the file's.
  const held = refresher.held;
  const token = held && held.value.accessToken.expiresAt.getTime() > fromFile.accessToken.expiresAt.getTime() ? held.value : fromFile;
  const expiresAt = token.accessToken.expiresAt;
  call.note(`login_session ${call.loginSession}: cache ${shown}, keys expire at ${expiresAt.toISOString()}`);
  if (expiresAt.getTime() - context.now() > LOGIN_REFRESH_WINDOW_MS) call.note('not refreshed: more than 5 minutes left');

  let denied: unknown;
  try {
    const fresh = await refresher.get(() => refreshSession(call, file, shown, token, fix), {
      current: { value: token, expiresAt: expiresAt.getTime() },
      onFallback: (error) => {
        // The session itself is refused: never hidden behind keys that still work (as in the SDK).
        if (isAccessDenied(error)) {
          denied = error;
          return;
        }
        const warning = `credchain: refreshing the aws login session ${call.loginSession} failed (${refreshFailure(error)}); using the cached keys until they expire at ${expiresAt.toISOString()}`;
        call.note(warning);
        context.logger.warn?.(warning);
      },
    });
    if (denied) throw denied;
    return fresh.accessToken;
  } catch (error) {
    if (error === denied || isAccessDenied(error)) throw error;
    throw broken(`the \`aws login\` session's keys in ${shown} expired at ${expiresAt.toISOString()} and refreshing them failed (${refreshFailure(error)})`, {
      fix: `Sign in again: ${fix}`,
      code: error instanceof CredentialsProviderError && error.code ? error.code : 'ExpiredToken',
      cause: error instanceof CredentialsProviderError ? error : undefined,
    });
  }
}

/** The SDK's rule first: re-read the file (keeping the copy in hand only if the disk one expired and it has not), then refresh. */
async function refreshSession(call: LoginSessionCall, file: string, shown: string, cached: LoginCachedToken, fix: string): Promise<Expiring<LoginCachedToken>> {
  const { context } = call;
  // A dropped accountId was noted by the first read of this resolution.
  const disk = await readLoginToken(context, file, fix, () => {}).catch(() => cached);
  const now = context.now();
  const fresh = disk.accessToken.expiresAt.getTime() <= now && cached.accessToken.expiresAt.getTime() > now ? cached : disk;
  if (fresh.accessToken.expiresAt.getTime() - now > LOGIN_REFRESH_WINDOW_MS) {
    call.note(`not refreshed: the cache was refreshed meanwhile (keys now expire at ${fresh.accessToken.expiresAt.toISOString()})`);
    return { value: fresh, expiresAt: fresh.accessToken.expiresAt.getTime() };
  }
  const { refreshAndStore } = await import('./refresh.js');
  const next = await refreshAndStore(call, file, shown, fresh, fix);
  return { value: next, expiresAt: next.accessToken.expiresAt.getTime() };
}

/** AccessDeniedException `error` kinds and the generic one (codes set by ./oauth.ts). */
const ACCESS_DENIED_CODES: ReadonlySet<string> = new Set(['TOKEN_EXPIRED', 'USER_CREDENTIALS_CHANGED', 'INSUFFICIENT_PERMISSIONS', 'AccessDeniedException']);

function isAccessDenied(error: unknown): boolean {
  return error instanceof CredentialsProviderError && error.code !== undefined && ACCESS_DENIED_CODES.has(error.code);
}

/** Why a refresh failed, without a secret: our own errors are secret-free; anything else shows only its type. */
function refreshFailure(error: unknown): string {
  if (error instanceof CredentialsProviderError) return error.problem;
  return `unexpected ${error instanceof Error ? error.name : 'error'}`;
}
