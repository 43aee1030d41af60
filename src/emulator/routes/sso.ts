// IAM Identity Center: the portal's GetRoleCredentials (GET /federation/credentials, bearer token
// in x-amz-sso_bearer_token) and SSO-OIDC CreateToken (POST /token, refresh_token grant).

import { randomAccessToken } from '../random.js';
import { json, type Reply } from '../reply.js';
import type { ScenarioRole } from '../scenario.js';
import { header, type EmulatorRequest, type RouteFamily, type World } from '../world.js';

/** Access tokens issued by a refresh live this long (seconds), like real SSO-OIDC. */
const ACCESS_TOKEN_SECONDS = 8 * 3600;

export const ssoRoutes: RouteFamily = {
  match(request) {
    if (request.path === '/federation/credentials') return 'sso:GetRoleCredentials';
    if (request.path === '/token') return 'sso-oidc:CreateToken';
    return undefined;
  },

  handle(route, request, world) {
    return route === 'sso:GetRoleCredentials' ? getRoleCredentials(request, world) : createToken(request, world);
  },
};

function awsError(status: number, type: string, message: string): Reply {
  return json(status, { message }, { 'x-amzn-ErrorType': `${type}:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/` });
}

function getRoleCredentials(request: EmulatorRequest, world: World): Reply {
  const { sso } = world.scenario;
  if (request.method !== 'GET') return awsError(405, 'MethodNotAllowedException', 'Use GET');
  const token = header(request, 'x-amz-sso_bearer_token');
  if (!token || !sso.accessTokens.includes(token)) return awsError(401, 'UnauthorizedException', 'Session token not found or invalid');
  const accountId = request.query.get('account_id') ?? '';
  const roleName = request.query.get('role_name') ?? '';
  if (!sso.assignments.some((a) => a.accountId === accountId && a.roleName === roleName)) {
    return awsError(403, 'ForbiddenException', 'No access');
  }
  const issued = world.identities.issueRoleSession(permissionSetRole(accountId, roleName), sso.userName, 'sso');
  return json(200, {
    roleCredentials: {
      accessKeyId: issued.accessKeyId,
      secretAccessKey: issued.secretAccessKey,
      sessionToken: issued.sessionToken,
      expiration: issued.expiration!.getTime(),
    },
  });
}

/** The role Identity Center creates for a permission set (its path is always aws-reserved/sso.amazonaws.com/). */
function permissionSetRole(accountId: string, roleName: string): ScenarioRole {
  const name = `AWSReservedSSO_${roleName}_0123456789abcdef`;
  return { name, arn: `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/${name}` };
}

function oidcError(status: number, error: string, description: string): Reply {
  const type = error === 'invalid_grant' ? 'InvalidGrantException' : error === 'invalid_client' ? 'InvalidClientException' : 'InvalidRequestException';
  return json(status, { error, error_description: description }, { 'x-amzn-ErrorType': type });
}

function createToken(request: EmulatorRequest, world: World): Reply {
  const { sso } = world.scenario;
  if (request.method !== 'POST') return oidcError(405, 'invalid_request', 'Use POST');
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(request.body || '{}') as Record<string, unknown>;
  } catch {
    return oidcError(400, 'invalid_request', 'The body is not JSON');
  }
  if (body.grantType !== 'refresh_token') return oidcError(400, 'unsupported_grant_type', 'Only refresh_token is supported here');
  if (body.clientId !== sso.clientId || body.clientSecret !== sso.clientSecret) return oidcError(401, 'invalid_client', 'Invalid client');
  if (typeof body.refreshToken !== 'string' || !sso.refreshTokens.includes(body.refreshToken)) {
    return oidcError(400, 'invalid_grant', 'Invalid refresh token provided');
  }
  const accessToken = randomAccessToken();
  const refreshToken = randomAccessToken();
  sso.accessTokens.push(accessToken);
  sso.refreshTokens.push(refreshToken);
  return json(200, { accessToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_SECONDS, refreshToken });
}
