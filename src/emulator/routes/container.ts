// The ECS / EKS Pod Identity container credentials endpoint: GET /v2/credentials/<id> with the
// Authorization header the scenario requires.

import { isoSeconds, json } from '../reply.js';
import { header, type RouteFamily } from '../world.js';

export const containerRoutes: RouteFamily = {
  match(request) {
    return request.path.startsWith('/v2/credentials') ? 'container' : undefined;
  },

  handle(_route, request, world) {
    const { container } = world.scenario;
    if (request.method !== 'GET') return json(405, { Code: 'MethodNotAllowed', Message: 'Use GET' });
    if (container.authorizationToken !== null) {
      const given = header(request, 'authorization');
      if (given === undefined) return json(401, { Code: 'AccessDeniedException', Message: 'Authorization header is missing' });
      if (given !== container.authorizationToken) return json(403, { Code: 'AccessDeniedException', Message: 'Authorization token is not valid' });
    }
    if (request.path !== container.path) return json(404, { Code: 'NotFound', Message: `No credentials at ${request.path}` });
    const role = world.scenario.roles[container.role];
    if (!role) return json(404, { Code: 'NotFound', Message: 'The task has no role' });
    const issued = world.identities.issueRoleSession(role, `task-${container.path.slice(-8)}`, 'container');
    return json(200, {
      RoleArn: role.arn,
      AccessKeyId: issued.accessKeyId,
      SecretAccessKey: issued.secretAccessKey,
      Token: issued.sessionToken,
      Expiration: isoSeconds(issued.expiration!),
      AccountId: issued.accountId,
    });
  },
};
