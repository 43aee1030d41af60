// The SSO access token for one SSO base: legacy profiles use the cached token as it is; sso-session
// profiles refresh it through SSO-OIDC when under 5 minutes are left, at most once per 30 s per session,
// with concurrent refreshes shared and the new token written back to the cache (SPEC §6).

import type { SsoBase } from '../config/plan.js';
import type { Context } from '../context.js';
import { BrokenSourceError } from '../errors.js';
import type { SourceInput } from '../source.js';
import { readSsoToken, ssoTokenCachePath, writeSsoToken, type SsoCachedToken } from './token-cache.js';

/** An sso-session token with less than this left is refreshed (the SDK's window). */
export const SSO_REFRESH_WINDOW_MS = 5 * 60_000;
/** A session's token is refreshed at most once per this interval, successful or not (the SDK's rule). */
export const SSO_REFRESH_THROTTLE_MS = 30_000;

interface SessionState {
  lastAttempt?: number;
  inflight?: Promise<string>;
}

/**
 * Refresh bookkeeping per machine and session. Keyed by the context's env record: every provider on
 * the real machine shares process.env (so the throttle is per process, as in the SDK), while each
 * synthetic test machine has its own record (so tests never see each other's state).
 */
const sessionsByMachine = new WeakMap<object, Map<string, SessionState>>();

function sessionState(context: Context, session: string): SessionState {
  let sessions = sessionsByMachine.get(context.env);
  if (!sessions) sessionsByMachine.set(context.env, (sessions = new Map()));
  let state = sessions.get(session);
  if (!state) sessions.set(session, (state = {}));
  return state;
}

/** What to tell the user to run when the token is missing or expired. */
export function ssoLoginFix(base: SsoBase): string {
  if (base.ssoSession) return `run \`aws sso login --profile ${base.profile}\` (or \`aws sso login --sso-session ${base.ssoSession}\`)`;
  return `run \`aws sso login --profile ${base.profile}\``;
}

/** For the explicit sso* options there is no profile to name. */
export function explicitSsoLoginFix(base: SsoBase): string {
  if (base.ssoSession) return `run \`aws sso login --sso-session ${base.ssoSession}\``;
  return `run \`aws sso login\` with a profile whose sso_start_url is ${base.ssoStartUrl}`;
}

/** The access token for GetRoleCredentials; the refresh token and client secret stay in this module. */
export async function getSsoAccessToken(input: SourceInput, base: SsoBase, sourceName: string, fix = ssoLoginFix(base)): Promise<string> {
  const { context } = input;
  if (!base.ssoSession) {
    const path = ssoTokenCachePath(context, base.ssoStartUrl);
    const token = await readSsoToken(context, path, sourceName, fix);
    input.note(`SSO token from ${path} (legacy profile, start URL ${base.ssoStartUrl})`);
    if (token.expiresAt.getTime() <= context.now()) {
      throw new BrokenSourceError(sourceName, `the SSO token for ${base.ssoStartUrl} (${path}) expired at ${token.expiresAt.toISOString()}`, {
        fix: `Log in again: ${fix}`,
        code: 'ExpiredToken',
      });
    }
    return token.accessToken;
  }

  const session = base.ssoSession;
  const state = sessionState(context, session);
  if (state.inflight) return state.inflight;
  const path = ssoTokenCachePath(context, session);
  const token = await readSsoToken(context, path, sourceName, fix);
  input.note(`SSO token from ${path} (sso-session "${session}")`);
  const left = token.expiresAt.getTime() - context.now();
  if (left > SSO_REFRESH_WINDOW_MS) return token.accessToken;
  // Another caller may have started a refresh while this one read the file.
  if (state.inflight) return state.inflight;

  const expiredError = (why: string) =>
    new BrokenSourceError(sourceName, `the SSO token of sso-session "${session}" (${path}) expired at ${token.expiresAt.toISOString()} and ${why}`, {
      fix: `Log in again: ${fix}`,
      code: 'ExpiredToken',
    });
  if (state.lastAttempt !== undefined && context.now() - state.lastAttempt < SSO_REFRESH_THROTTLE_MS) {
    if (left <= 0) throw expiredError(`a refresh was already tried less than ${SSO_REFRESH_THROTTLE_MS / 1000} s ago`);
    input.note(`SSO token expires at ${token.expiresAt.toISOString()}; not refreshing again within ${SSO_REFRESH_THROTTLE_MS / 1000} s of the last try`);
    return token.accessToken;
  }

  state.lastAttempt = context.now();
  const refresh = refreshAndStore(input, base, session, path, token, sourceName)
    .catch((error: unknown): string => {
      const why = refreshFailure(error);
      if (token.expiresAt.getTime() <= context.now()) throw expiredError(`refreshing it failed (${why})`);
      const warning = `credchain: refreshing the SSO token of sso-session "${session}" failed (${why}); using the cached token until it expires at ${token.expiresAt.toISOString()}`;
      input.note(warning);
      context.logger.warn?.(warning);
      return token.accessToken;
    })
    .finally(() => {
      state.inflight = undefined;
    });
  state.inflight = refresh;
  return refresh;
}

async function refreshAndStore(
  input: SourceInput,
  base: SsoBase,
  session: string,
  path: string,
  token: SsoCachedToken,
  sourceName: string,
): Promise<string> {
  const { context } = input;
  const { clientId, clientSecret, refreshToken } = token;
  if (!clientId || !clientSecret || !refreshToken) {
    const missing = [!clientId && 'clientId', !clientSecret && 'clientSecret', !refreshToken && 'refreshToken'].filter(Boolean).join(', ');
    throw new BrokenSourceError(sourceName, `the cached token has no ${missing}, so it cannot be refreshed`);
  }
  const { createSsoToken } = await import('./oidc.js');
  const fresh = await createSsoToken(input, { region: base.ssoRegion, clientId, clientSecret, refreshToken }, sourceName);
  const expiresAt = new Date(context.now() + fresh.expiresInSeconds * 1000);
  input.note(`refreshed the SSO token of sso-session "${session}" through SSO-OIDC; it expires at ${expiresAt.toISOString()}`);
  try {
    await writeSsoToken(context, path, token, { accessToken: fresh.accessToken, expiresAt, refreshToken: fresh.refreshToken });
  } catch (error) {
    // The new token still works for this process; the next one refreshes again.
    const warning = `credchain: could not write the refreshed SSO token to ${path} (${(error as NodeJS.ErrnoException).code ?? 'write error'}); using it for this process only`;
    input.note(warning);
    context.logger.warn?.(warning);
  }
  return fresh.accessToken;
}

/** Why a refresh failed, without a token: our own errors are token-free; anything else shows only its type. */
function refreshFailure(error: unknown): string {
  if (error instanceof BrokenSourceError) return error.problem;
  return `unexpected ${error instanceof Error ? error.name : 'error'}`;
}
