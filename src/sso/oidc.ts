// SSO-OIDC CreateToken with grantType=refresh_token: a new access token for an sso-session
// (POST https://oidc.<region>.amazonaws.com/token, JSON in and out, unsigned).

import { broken, networkFailure, redact } from '../errors.js';
import { parseJsonObject } from '../json-object.js';
import { describeAwsJsonError, parseAwsJsonError, sendWithRetry } from './http.js';
import { resolveSsoEndpoint, type SsoCall } from './endpoint.js';

export interface RefreshTokenGrant {
  region: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface CreatedToken {
  accessToken: string;
  expiresInSeconds: number;
  /** The service may rotate the refresh token; absent means keep the old one. */
  refreshToken?: string;
}

export async function createSsoToken(call: SsoCall, grant: RefreshTokenGrant): Promise<CreatedToken> {
  const endpoint = resolveSsoEndpoint(call, 'SSO_OIDC', grant.region);
  const url = `${endpoint.url}/token`;
  call.note(`SSO-OIDC CreateToken (refresh_token) at ${url} (${endpoint.from})`);
  const secrets = [grant.clientSecret, grant.refreshToken];
  let response;
  try {
    response = await sendWithRetry(call.context, {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      // Field names and order as the SDK's CreateTokenCommand sends them.
      body: JSON.stringify({ clientId: grant.clientId, clientSecret: grant.clientSecret, grantType: 'refresh_token', refreshToken: grant.refreshToken }),
    }, call.client);
  } catch (error) {
    throw networkFailure(error, 'SSO-OIDC CreateToken');
  }
  if (response.status !== 200) {
    const error = parseAwsJsonError(response);
    throw broken(redact(`SSO-OIDC CreateToken at ${url} failed: ${describeAwsJsonError(response, error)}`, secrets), {
      code: error.code ?? `HTTP${response.status}`,
    });
  }
  const body = parseJsonObject(response.body);
  const accessToken = body?.accessToken;
  const expiresIn = body?.expiresIn;
  // An expiresIn so large (1e300, or 1e400 = Infinity) that no expiry date exists is as unusable as none.
  const expiresAt = typeof expiresIn === 'number' && expiresIn > 0 ? new Date(call.context.now() + expiresIn * 1000) : undefined;
  if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresIn !== 'number' || !expiresAt || Number.isNaN(expiresAt.getTime())) {
    throw broken(`SSO-OIDC CreateToken at ${url} answered without a usable accessToken and expiresIn`);
  }
  const created: CreatedToken = { accessToken, expiresInSeconds: expiresIn };
  if (typeof body?.refreshToken === 'string' && body.refreshToken !== '') created.refreshToken = body.refreshToken;
  return created;
}
