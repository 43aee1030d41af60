// The SSO access token for one SSO base: legacy profiles use the cached token as it is; sso-session
// profiles refresh it through SSO-OIDC when under 5 minutes are left, at most once per 30 s per session,
// with concurrent refreshes shared and the new token written back to the cache (docs/behaviour.md,
// "SSO"). The refresh itself is src/refresh.ts; its state belongs to the chain.

import type { SsoBase } from '../config/plan.js';
import { broken, CredentialsProviderError } from '../errors.js';
import { KeyedRefreshers, RefreshBackoffError, type Expiring, type RefreshPolicy } from '../refresh.js';
import type { SsoCall } from './endpoint.js';
import { readSsoToken, ssoTokenCachePath, writeSsoToken, type SsoCachedToken } from './token-cache.js';

/** An sso-session token with less than this left is refreshed (the SDK's window). */
export const SSO_REFRESH_WINDOW_MS = 5 * 60_000;
/** A session's token is refreshed at most once per this interval (the SDK's rule). */
export const SSO_REFRESH_THROTTLE_MS = 30_000;

/** A chain's SSO refresh bookkeeping: one refresher per sso-session name (single flight, throttle). */
export type SsoTokenState = KeyedRefreshers<SsoCachedToken>;

/** How an SSO session's access token is refreshed (docs/behaviour.md, "Refreshing"). */
export const SSO_TOKEN_REFRESH: RefreshPolicy = { advisoryMs: SSO_REFRESH_WINDOW_MS, mandatoryMs: 0, backoffMs: SSO_REFRESH_THROTTLE_MS, advisory: 'wait', unusableInBackoff: 'fail' };

export function newSsoTokenState(now: () => number): SsoTokenState {
  return new KeyedRefreshers<SsoCachedToken>(SSO_TOKEN_REFRESH, now);
}

/** An SSO call that may refresh tokens: the chain's refresh state comes along. */
export interface SsoTokenCall extends SsoCall {
  tokens: SsoTokenState;
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
export async function getSsoAccessToken(call: SsoTokenCall, base: SsoBase, fix = ssoLoginFix(base)): Promise<string> {
  const { context } = call;
  if (!base.ssoSession) {
    const path = ssoTokenCachePath(context, base.ssoStartUrl);
    const token = await readSsoToken(context, path, fix);
    call.note(`SSO token from ${path} (legacy profile, start URL ${base.ssoStartUrl})`);
    if (token.expiresAt.getTime() <= context.now()) {
      throw broken(`the SSO token for ${base.ssoStartUrl} (${path}) expired at ${token.expiresAt.toISOString()}`, {
        fix: `Log in again: ${fix}`,
        code: 'ExpiredToken',
      });
    }
    return token.accessToken;
  }

  const session = base.ssoSession;
  const refresher = call.tokens.for(session);
  const path = ssoTokenCachePath(context, session);
  const fromFile = await readSsoToken(context, path, fix);
  call.note(`SSO token from ${path} (sso-session "${session}")`);
  // A token this chain refreshed but could not write back is newer than the file's.
  const held = refresher.held;
  const current: Expiring<SsoCachedToken> =
    held && held.value.expiresAt.getTime() > fromFile.expiresAt.getTime() ? held : { value: fromFile, expiresAt: fromFile.expiresAt.getTime() };
  const token = current.value;
  const left = token.expiresAt.getTime() - context.now();
  if (left > 0 && left <= SSO_REFRESH_WINDOW_MS && refresher.backingOff()) {
    call.note(`SSO token expires at ${token.expiresAt.toISOString()}; not refreshing again within ${SSO_REFRESH_THROTTLE_MS / 1000} s of the last try`);
  }
  const expiredError = (why: string) =>
    broken(`the SSO token of sso-session "${session}" (${path}) expired at ${token.expiresAt.toISOString()} and ${why}`, {
      fix: `Log in again: ${fix}`,
      code: 'ExpiredToken',
    });
  try {
    const fresh = await refresher.get(() => refreshAndStore(call, base, session, path, token), {
      current,
      onFallback: (error) => {
        const warning = `credchain: refreshing the SSO token of sso-session "${session}" failed (${refreshFailure(error)}); using the cached token until it expires at ${token.expiresAt.toISOString()}`;
        call.note(warning);
        context.logger.warn?.(warning);
      },
    });
    return fresh.accessToken;
  } catch (error) {
    if (error instanceof RefreshBackoffError) throw expiredError(`a refresh was already tried less than ${SSO_REFRESH_THROTTLE_MS / 1000} s ago`);
    throw expiredError(`refreshing it failed (${refreshFailure(error)})`);
  }
}

async function refreshAndStore(call: SsoCall, base: SsoBase, session: string, path: string, token: SsoCachedToken): Promise<Expiring<SsoCachedToken>> {
  const { context } = call;
  const { clientId, clientSecret, refreshToken } = token;
  if (!clientId || !clientSecret || !refreshToken) {
    const missing = [!clientId && 'clientId', !clientSecret && 'clientSecret', !refreshToken && 'refreshToken'].filter(Boolean).join(', ');
    throw broken(`the cached token has no ${missing}, so it cannot be refreshed`);
  }
  const { createSsoToken } = await import('./oidc.js');
  const fresh = await createSsoToken(call, { region: base.ssoRegion, clientId, clientSecret, refreshToken });
  const expiresAt = new Date(context.now() + fresh.expiresInSeconds * 1000);
  call.note(`refreshed the SSO token of sso-session "${session}" through SSO-OIDC; it expires at ${expiresAt.toISOString()}`);
  try {
    await writeSsoToken(context, path, token, { accessToken: fresh.accessToken, expiresAt, refreshToken: fresh.refreshToken });
  } catch (error) {
    // The new token still works for this chain (the refresher holds it); the next process refreshes again.
    const warning = `credchain: could not write the refreshed SSO token to ${path} (${(error as NodeJS.ErrnoException).code ?? 'write error'}); using it for this process only`;
    call.note(warning);
    context.logger.warn?.(warning);
  }
  const next: SsoCachedToken = { ...token, accessToken: fresh.accessToken, expiresAt };
  if (fresh.refreshToken) next.refreshToken = fresh.refreshToken;
  return { value: next, expiresAt: expiresAt.getTime() };
}

/** Why a refresh failed, without a token: our own errors are token-free; anything else shows only its type. */
function refreshFailure(error: unknown): string {
  if (error instanceof CredentialsProviderError) return error.problem;
  return `unexpected ${error instanceof Error ? error.name : 'error'}`;
}
