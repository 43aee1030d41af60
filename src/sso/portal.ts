// SSO portal GetRoleCredentials: role credentials for an account and role, paid for with the SSO
// access token (GET https://portal.sso.<region>.amazonaws.com/federation/credentials, unsigned).

import type { CheckedFields } from '../credentials.js';
import { broken, NetworkError, networkFailure, redact } from '../errors.js';
import { mistypedRegion } from '../known-regions.js';
import { isRetryableStatus } from '../retry.js';
import { parseJsonObject } from '../json-object.js';
import { parseExpiration, readAccountId } from '../outside-values.js';
import { describeAwsJsonError, parseAwsJsonError, sendWithRetry } from './http.js';
import { resolveSsoEndpoint, type SsoCall } from './endpoint.js';

export interface RoleCredentialsRequest {
  region: string;
  accountId: string;
  roleName: string;
  accessToken: string;
  /** How to get a new token, for 401/403 answers. */
  loginFix: string;
}

export async function getRoleCredentials(call: SsoCall, request: RoleCredentialsRequest): Promise<CheckedFields> {
  const endpoint = resolveSsoEndpoint(call, 'SSO', request.region);
  const where = `${endpoint.url}/federation/credentials`;
  const query = new URLSearchParams({ account_id: request.accountId, role_name: request.roleName });
  const what = `SSO GetRoleCredentials for account ${request.accountId} role ${request.roleName}`;
  call.note(`${what} at ${where} (${endpoint.from})`);
  let response;
  try {
    response = await sendWithRetry(
      call.context,
      { method: 'GET', url: `${where}?${query.toString()}`, headers: { 'x-amz-sso_bearer_token': request.accessToken } },
      call.client,
    );
  } catch (error) {
    // A portal host that does not exist is most often a mistyped sso_region.
    const mistyped = error instanceof NetworkError && error.code === 'dns' ? mistypedRegion(new URL(endpoint.url).hostname, request.region, 'sso_region') : undefined;
    throw networkFailure(error, mistyped ? `${what} (${mistyped.problem})` : what, mistyped?.fix ?? `Check that ${endpoint.url} is reachable from here (proxy, firewall, AWS_ENDPOINT_URL_SSO), then try again`);
  }
  if (response.status !== 200) {
    const error = parseAwsJsonError(response);
    const detail = redact(describeAwsJsonError(response, error), [request.accessToken]);
    const code = error.code ?? `HTTP${response.status}`;
    if (response.status === 401 || response.status === 403) {
      throw broken(`${what} was refused at ${where}: ${detail}`, {
        fix: `The SSO session may have ended or the role may not be assigned to you; ${request.loginFix}`,
        code,
      });
    }
    const fix = isRetryableStatus(response.status)
      ? 'The SSO portal is unavailable or throttling (retried already); try again later'
      : `Check sso_account_id, sso_role_name and sso_region (an assignment of role ${request.roleName} in account ${request.accountId} must exist)`;
    throw broken(`${what} failed at ${where}: ${detail}`, { fix, code });
  }
  const roleCredentials = parseRoleCredentials(response.body);
  if (!roleCredentials) {
    throw broken(`${what} at ${where} answered without usable credentials (accessKeyId, secretAccessKey, sessionToken, expiration)`, {
      fix: 'Check that the SSO endpoint (AWS_ENDPOINT_URL_SSO, sso_region) is the IAM Identity Center portal',
      code: 'MalformedReply',
    });
  }
  // The account asked for (sso_account_id, ssoAccountId): carried on only when it is 12 digits.
  return { ...roleCredentials, accountId: readAccountId(request.accountId, 'the SSO account id', call.note) };
}

function parseRoleCredentials(text: string): { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date } | undefined {
  const role = parseJsonObject(text)?.roleCredentials;
  if (!role || typeof role !== 'object') return undefined;
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = role as Record<string, unknown>;
  if (typeof accessKeyId !== 'string' || !accessKeyId || typeof secretAccessKey !== 'string' || !secretAccessKey) return undefined;
  if (typeof sessionToken !== 'string' || !sessionToken) return undefined;
  // The portal sends epoch milliseconds; the SDK's `new Date(expiration)` takes an ISO string too.
  const expirationDate = parseExpiration(expiration, 'iso-or-epoch-ms');
  if (!expirationDate) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken, expiration: expirationDate };
}
