// EC2 instance metadata, the credential part: IMDSv2 session tokens, the role list and the role's
// credentials, with IMDSv1 (no token) answered only when the scenario allows it.

import { randomAccessToken } from '../random.js';
import { isoSeconds, json, text, type Reply } from '../reply.js';
import { header, type EmulatorRequest, type RouteFamily, type World } from '../world.js';

const TOKEN_PATH = '/latest/api/token';
const CREDENTIALS_PATH = '/latest/meta-data/iam/security-credentials/';

export const imdsRoutes: RouteFamily = {
  match(request) {
    if (request.path === TOKEN_PATH) return 'imds:token';
    if (request.path === CREDENTIALS_PATH || request.path === CREDENTIALS_PATH.slice(0, -1)) return 'imds:roles';
    if (request.path.startsWith(CREDENTIALS_PATH)) return 'imds:credentials';
    if (request.path.startsWith('/latest/')) return 'imds:other';
    return undefined;
  },

  handle(route, request, world) {
    if (route === 'imds:token') return issueToken(request, world);
    const refused = checkSession(request, world);
    if (refused) return refused;
    if (request.method !== 'GET') return text(405, 'Method Not Allowed');
    const role = world.scenario.imds.role ? world.scenario.roles[world.scenario.imds.role] : undefined;
    if (route === 'imds:roles') return role ? text(200, role.name) : text(404, 'Not Found');
    if (route === 'imds:credentials') {
      const wanted = decodeURIComponent(request.path.slice(CREDENTIALS_PATH.length));
      if (!role || wanted !== role.name) return text(404, 'Not Found');
      const issued = world.identities.issueRoleSession(role, world.scenario.imds.instanceId, 'imds');
      return json(200, {
        Code: 'Success',
        LastUpdated: isoSeconds(new Date(world.now())),
        Type: 'AWS-HMAC',
        AccessKeyId: issued.accessKeyId,
        SecretAccessKey: issued.secretAccessKey,
        Token: issued.sessionToken,
        Expiration: isoSeconds(issued.expiration!),
        AccountId: issued.accountId,
      });
    }
    return text(404, 'Not Found');
  },
};

function issueToken(request: EmulatorRequest, world: World): Reply {
  if (request.method !== 'PUT') return text(405, 'Method Not Allowed');
  // Real IMDS refuses token requests that went through a proxy.
  if (header(request, 'x-forwarded-for')) return text(403, 'Forbidden');
  const ttlText = header(request, 'x-aws-ec2-metadata-token-ttl-seconds');
  const ttl = Number(ttlText);
  if (!ttlText || !Number.isInteger(ttl) || ttl < 1 || ttl > 21600) return text(400, 'Bad Request');
  const token = randomAccessToken();
  world.imdsTokens.set(token, world.now() + ttl * 1000);
  return text(200, token, { 'x-aws-ec2-metadata-token-ttl-seconds': String(ttl) });
}

/** undefined when the request may proceed; a 401 when its token is bad or IMDSv1 is off. */
function checkSession(request: EmulatorRequest, world: World): Reply | undefined {
  const token = header(request, 'x-aws-ec2-metadata-token');
  if (token === undefined) return world.scenario.imds.v1Allowed ? undefined : text(401, 'Unauthorized');
  const expires = world.imdsTokens.get(token);
  if (expires === undefined || expires <= world.now()) return text(401, 'Unauthorized');
  return undefined;
}
