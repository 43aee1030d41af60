// Credentials of one `aws login` session: the cached keys while more than 5 minutes are left, else a
// refresh through the sign-in service — the cache re-read first (another process may have refreshed
// it), one refresh shared by concurrent callers, the new token written back — with the SDK's fallbacks:
// a failed refresh keeps still-valid keys (with a warning), an AccessDeniedException never does.

import type { Context } from '../context.js';
import type { EndpointSettings } from '../endpoint.js';
import type { SourceInput } from '../source.js';
import { loginCachePath, readLoginToken, shownCachePath, writeLoginToken, type LoginAccessToken, type LoginCachedToken } from './cache.js';
import { LoginProblem } from './problem.js';

/** Cached keys with less than this left are refreshed (the SDK's threshold). */
export const LOGIN_REFRESH_WINDOW_MS = 5 * 60_000;

/** One login session to resolve: what the profile says and where the caller's settings come from. */
export interface LoginSessionCall {
  /** The profile holding `login_session` (named in the fix). */
  profile: string;
  /** The ARN of the signed-in identity: the cache key. */
  loginSession: string;
  /** What to run to sign in again: `run \`aws login\`` (with --profile for a non-default profile). */
  loginFix: string;
  /** Sign-in region fallbacks after the cache's signInRegion, in the SDK's order: clientConfig.region, the login profile's region, AWS_REGION, the selected profile's region. */
  regions: ReadonlyArray<{ region: string | undefined; from: string }>;
  /** Endpoint settings (environment, selected profile) for the refresh. */
  endpoint: Omit<EndpointSettings, 'sourceName'>;
  /** Named by the shared endpoint rules when a setting is broken. */
  sourceName: string;
}

export interface LoginSessionCredentials {
  token: LoginAccessToken;
  /** Whether this call refreshed the session through the sign-in service. */
  refreshed: boolean;
}

/** In-flight refreshes per machine (the env record, as the SSO token's) and cache file. */
const inflightByMachine = new WeakMap<object, Map<string, Promise<LoginSessionCredentials>>>();

function inflightFor(context: Context): Map<string, Promise<LoginSessionCredentials>> {
  let map = inflightByMachine.get(context.env);
  if (!map) inflightByMachine.set(context.env, (map = new Map()));
  return map;
}

export function loginFixFor(profile: string): string {
  return profile === 'default' ? 'run `aws login`' : `run \`aws login --profile ${profile}\``;
}

export async function loginSessionCredentials(input: SourceInput, call: LoginSessionCall): Promise<LoginSessionCredentials> {
  const { context } = input;
  const file = loginCachePath(context, call.loginSession);
  const shown = shownCachePath(context, file);
  const inflight = inflightFor(context);
  const running = inflight.get(file);
  if (running) return running;
  const token = await readLoginToken(context, file, call.loginFix);
  const left = token.accessToken.expiresAt.getTime() - context.now();
  input.note(`login_session ${call.loginSession}: cache ${shown}, keys expire at ${token.accessToken.expiresAt.toISOString()}`);
  if (left > LOGIN_REFRESH_WINDOW_MS) {
    input.note('not refreshed: more than 5 minutes left');
    return { token: token.accessToken, refreshed: false };
  }
  // Another caller may have started the refresh while this one read the file.
  const started = inflight.get(file);
  if (started) return started;
  const refresh = refreshSession(input, call, file, shown, token).finally(() => inflight.delete(file));
  inflight.set(file, refresh);
  return refresh;
}

async function refreshSession(input: SourceInput, call: LoginSessionCall, file: string, shown: string, cached: LoginCachedToken): Promise<LoginSessionCredentials> {
  const { context } = input;
  // The SDK's rule: re-read the file; keep the copy in hand only if the disk one expired and ours has not.
  const disk = await readLoginToken(context, file, call.loginFix).catch(() => cached);
  const now = context.now();
  const fresh = disk.accessToken.expiresAt.getTime() <= now && cached.accessToken.expiresAt.getTime() > now ? cached : disk;
  if (fresh.accessToken.expiresAt.getTime() - now > LOGIN_REFRESH_WINDOW_MS) {
    input.note(`not refreshed: the cache was refreshed meanwhile (keys now expire at ${fresh.accessToken.expiresAt.toISOString()})`);
    return { token: fresh.accessToken, refreshed: false };
  }
  try {
    const { refreshAndStore } = await import('./refresh.js');
    return { token: await refreshAndStore(input, call, file, shown, fresh), refreshed: true };
  } catch (error) {
    const { isAccessDenied } = await import('./oauth.js');
    if (error instanceof LoginProblem && isAccessDenied(error)) throw error;
    const why = error instanceof LoginProblem ? error.problem : `unexpected ${error instanceof Error ? error.name : 'error'}`;
    const expiresAt = fresh.accessToken.expiresAt;
    if (expiresAt.getTime() > context.now()) {
      const warning = `credchain: refreshing the aws login session ${call.loginSession} failed (${why}); using the cached keys until they expire at ${expiresAt.toISOString()}`;
      input.note(warning);
      context.logger.warn?.(warning);
      return { token: fresh.accessToken, refreshed: false };
    }
    throw new LoginProblem(`the \`aws login\` session's keys in ${shown} expired at ${expiresAt.toISOString()} and refreshing them failed (${why})`, {
      fix: `Sign in again: ${call.loginFix}`,
      code: error instanceof LoginProblem && error.code ? error.code : 'ExpiredToken',
      cause: error instanceof LoginProblem ? error : undefined,
    });
  }
}
