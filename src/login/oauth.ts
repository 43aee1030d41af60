// The sign-in service's CreateOAuth2Token with grantType=refresh_token: new session keys for an
// `aws login` session (POST <endpoint>/v1/token, JSON in and out, not SigV4-signed, a DPoP proof per
// attempt). Retries as SSO-OIDC's (src/sso/http.ts). Secrets (refresh token, key, proof) stay here.

import type { KeyObject } from 'node:crypto';
import type { Context } from '../context.js';
import type { ServiceClient } from '../service-client.js';
import { broken, type CredentialsProviderError, networkFailure, redact } from '../errors.js';
import { parseJsonObject } from '../json-object.js';
import { describeAwsJsonError, parseAwsJsonError, sendWithRetry } from '../sso/http.js';
import { dpopProof } from './dpop.js';

/** The lifetime the SDK assumes when the reply has no expiresIn. */
const DEFAULT_EXPIRES_IN_SECONDS = 900;

export interface RefreshGrant {
  /** The token endpoint: `<base>/v1/token`. Also the proof's `htu`. */
  url: string;
  clientId: string;
  refreshToken: string;
  dpopKey: KeyObject;
  /** Other secrets of the session (id token, cached keys) that a reply quoting them must not carry into an error. */
  alsoSecret: ReadonlyArray<string | undefined>;
}

export interface RefreshedTokens {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresInSeconds: number;
  refreshToken: string;
}

export async function refreshLoginToken(context: Context, grant: RefreshGrant, loginFix: string, client?: ServiceClient): Promise<RefreshedTokens> {
  const secrets: Array<string | undefined> = [grant.refreshToken, ...grant.alsoSecret];
  let response;
  try {
    response = await sendWithRetry(context, () => {
      // A new proof for every attempt: a replayed jti is refused.
      const proof = dpopProof(grant.dpopKey, { htm: 'POST', htu: grant.url, nowMs: context.now() });
      secrets.push(proof);
      return {
        method: 'POST',
        url: grant.url,
        headers: { 'content-type': 'application/json', DPoP: proof },
        // Field names and order as the SDK's CreateOAuth2TokenCommand sends them.
        body: JSON.stringify({ clientId: grant.clientId, refreshToken: grant.refreshToken, grantType: 'refresh_token' }),
      };
    }, client);
  } catch (error) {
    throw networkFailure(error, 'sign-in CreateOAuth2Token');
  }
  if (response.status !== 200) {
    const error = parseAwsJsonError(response);
    if (error.code === 'AccessDeniedException') throw accessDenied(parseJsonObject(response.body)?.error, loginFix);
    throw broken(redact(`sign-in CreateOAuth2Token at ${grant.url} failed: ${describeAwsJsonError(response, error)}`, secrets), {
      code: error.code ?? `HTTP${response.status}`,
    });
  }
  const body = parseJsonObject(response.body);
  const access = body?.accessToken as Record<string, unknown> | undefined;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const accessKeyId = text(access?.accessKeyId);
  const secretAccessKey = text(access?.secretAccessKey);
  const sessionToken = text(access?.sessionToken);
  const refreshToken = text(body?.refreshToken);
  const expiresIn = body?.expiresIn ?? DEFAULT_EXPIRES_IN_SECONDS;
  // An expiresIn so large that no date exists (1e300) is as unusable as a negative one.
  const usableExpiry = typeof expiresIn === 'number' && expiresIn > 0 && Number.isFinite(new Date(context.now() + expiresIn * 1000).getTime());
  if (!accessKeyId || !secretAccessKey || !sessionToken || !refreshToken || !usableExpiry) {
    throw broken(`sign-in CreateOAuth2Token at ${grant.url} answered without usable accessToken keys, refreshToken and expiresIn`, { code: 'MalformedReply' });
  }
  return { accessKeyId, secretAccessKey, sessionToken, refreshToken, expiresInSeconds: expiresIn };
}

function accessDenied(kind: unknown, loginFix: string): CredentialsProviderError {
  switch (kind) {
    case 'TOKEN_EXPIRED':
      return broken('the `aws login` session has expired (the sign-in service answered TOKEN_EXPIRED)', { fix: `Sign in again: ${loginFix}`, code: kind });
    case 'USER_CREDENTIALS_CHANGED':
      return broken("the `aws login` session cannot be refreshed: the signed-in identity's password changed (USER_CREDENTIALS_CHANGED)", {
        fix: `Sign in again with the new password: ${loginFix}`,
        code: kind,
      });
    case 'INSUFFICIENT_PERMISSIONS':
      return broken('the `aws login` session cannot be refreshed: the signed-in identity lacks permission for signin:CreateOAuth2Token (INSUFFICIENT_PERMISSIONS)', {
        fix: `Ask an administrator to allow signin:CreateOAuth2Token for it, then ${loginFix}`,
        code: kind,
      });
    default:
      return broken(`the sign-in service refused to refresh the \`aws login\` session (AccessDeniedException${typeof kind === 'string' && /^[A-Z_]{1,64}$/.test(kind) ? ` ${kind}` : ''})`, {
        fix: `Sign in again: ${loginFix}`,
        code: 'AccessDeniedException',
      });
  }
}
