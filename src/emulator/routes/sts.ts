// STS on POST / by Action: AssumeRoleWithWebIdentity (unsigned), AssumeRole, GetCallerIdentity and
// GetSessionToken (SigV4-signed — verified against the credentials the emulator issued or the scenario's users, so a
// wrongly signed call fails as real STS fails).

import type { IssuedCredentials } from '../identities.js';
import type { Reply } from '../reply.js';
import { findRole } from '../scenario.js';
import type { EmulatorRequest, RouteFamily, World } from '../world.js';
import { callerIdentityXml, roleSessionXml, sessionCredentialsXml, stsError, stsResult, xmlElement } from './sts-xml.js';

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const ACTIONS = new Set(['AssumeRole', 'AssumeRoleWithWebIdentity', 'GetCallerIdentity', 'GetSessionToken']);

export const stsRoutes: RouteFamily = {
  match(request) {
    if (request.path !== '/') return undefined;
    const action = new URLSearchParams(request.body).get('Action') ?? request.query.get('Action');
    return `sts:${action && ACTIONS.has(action) ? action : 'unknown'}`;
  },

  async handle(route, request, world) {
    if (request.method !== 'POST') return stsError(405, 'InvalidAction', 'STS is called with POST / and a form-encoded body');
    const params = new URLSearchParams(request.body);
    const action = params.get('Action');
    if (route === 'sts:unknown') return stsError(400, 'InvalidAction', `Could not find operation ${action ?? '(none)'} for version 2011-06-15`);
    if (params.get('Version') !== '2011-06-15') return stsError(400, 'InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? '(none)'}`);
    if (action === 'AssumeRoleWithWebIdentity') return assumeRoleWithWebIdentity(params, world);
    const caller = await authenticate(request, world);
    if ('status' in caller) return caller;
    if (action === 'GetCallerIdentity') return stsResult('GetCallerIdentity', callerIdentityXml(caller));
    if (action === 'GetSessionToken') return getSessionToken(params, caller, world);
    return assumeRole(params, caller, world);
  },
};

/** The identity that signed the request, or the STS error a real endpoint would send. */
async function authenticate(request: EmulatorRequest, world: World): Promise<IssuedCredentials | Reply> {
  const { verifySignature } = await loadVerifier();
  let signer: IssuedCredentials | undefined;
  const verdict = await verifySignature(
    { method: request.method, url: request.rawUrl, headers: flatHeaders(request), body: request.body },
    (accessKeyId) => (signer = world.identities.get(accessKeyId)),
    new Date(world.now()),
  );
  if (!verdict.ok) {
    const status = verdict.code === 'IncompleteSignature' || verdict.code === 'ExpiredToken' || verdict.code === 'XAmzContentSHA256Mismatch' ? 400 : 403;
    return stsError(status, verdict.code, verdict.message);
  }
  // verifySignature only says ok after lookupSecret found the signer (expiry included, via `now`).
  return signer!;
}

function assumeRole(params: URLSearchParams, caller: IssuedCredentials, world: World): Reply {
  const roleArn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  const invalid = validateSession(roleArn, sessionName, params.get('DurationSeconds'));
  if (invalid) return invalid;
  const role = findRole(world.scenario, roleArn!);
  if (!role || role.arn !== roleArn) {
    return stsError(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  }
  if (role.externalId !== undefined && params.get('ExternalId') !== role.externalId) {
    return stsError(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn} (ExternalId)`);
  }
  if (role.mfaSerial !== undefined) {
    if (params.get('SerialNumber') !== role.mfaSerial || !params.get('TokenCode')) {
      return stsError(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn} (MFA required)`);
    }
    if (params.get('TokenCode') !== world.scenario.mfaCode) return stsError(403, 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
  }
  const issued = world.identities.issueRoleSession(role, sessionName!, 'sts:AssumeRole', duration(params));
  return stsResult('AssumeRole', roleSessionXml(issued));
}

/** A session for a user's long-term keys; a user with `mfaSerial` must pass it and the scenario's code. */
function getSessionToken(params: URLSearchParams, caller: IssuedCredentials, world: World): Reply {
  if (caller.sessionToken !== undefined) return stsError(403, 'AccessDenied', 'Cannot call GetSessionToken with session credentials');
  const durationText = params.get('DurationSeconds');
  if (durationText !== null) {
    const seconds = Number(durationText);
    if (!Number.isInteger(seconds) || seconds < 900 || seconds > 129600) {
      return stsError(400, 'ValidationError', `1 validation error detected: Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 129600`);
    }
  }
  const user = Object.values(world.scenario.users).find((candidate) => candidate.accessKeyId === caller.accessKeyId);
  if (user?.mfaSerial !== undefined) {
    if (params.get('SerialNumber') !== user.mfaSerial || !params.get('TokenCode')) {
      return stsError(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:GetSessionToken (MFA required)`);
    }
    if (params.get('TokenCode') !== world.scenario.mfaCode) return stsError(403, 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
  }
  const issued = world.identities.issueUserSession(caller, 'sts:GetSessionToken', duration(params));
  return stsResult('GetSessionToken', sessionCredentialsXml(issued));
}

function assumeRoleWithWebIdentity(params: URLSearchParams, world: World): Reply {
  const roleArn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  const invalid = validateSession(roleArn, sessionName, params.get('DurationSeconds'));
  if (invalid) return invalid;
  const token = params.get('WebIdentityToken');
  if (!token) return stsError(400, 'ValidationError', "1 validation error detected: Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null");
  const { webIdentity } = world.scenario;
  if (!webIdentity.tokens.includes(token)) {
    return stsError(400, 'InvalidIdentityToken', 'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.');
  }
  const role = findRole(world.scenario, roleArn!);
  if (!role || role.arn !== roleArn) return stsError(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
  const issued = world.identities.issueRoleSession(role, sessionName!, 'sts:AssumeRoleWithWebIdentity', duration(params));
  return stsResult(
    'AssumeRoleWithWebIdentity',
    xmlElement('SubjectFromWebIdentityToken', webIdentity.subject) +
      xmlElement('Audience', webIdentity.audience) +
      roleSessionXml(issued) +
      xmlElement('Provider', webIdentity.provider),
  );
}

function validateSession(roleArn: string | null, sessionName: string | null, durationText: string | null): Reply | undefined {
  if (!roleArn) return stsError(400, 'ValidationError', "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  if (!sessionName) return stsError(400, 'ValidationError', "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  if (!SESSION_NAME.test(sessionName)) {
    return stsError(400, 'ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
  }
  if (durationText !== null) {
    const seconds = Number(durationText);
    if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43200) {
      return stsError(400, 'ValidationError', `1 validation error detected: Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
    }
  }
  return undefined;
}

/** DurationSeconds when given, else the scenario's lifetime (which tests shorten to see expiry). */
function duration(params: URLSearchParams): number | undefined {
  const text = params.get('DurationSeconds');
  return text === null ? undefined : Number(text);
}

function flatHeaders(request: EmulatorRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(',') : value;
  return out;
}

/** src/emulator/sigv4-verify.ts (and the signer under it), loaded on the first signed request only. */
function loadVerifier(): Promise<typeof import('../sigv4-verify.js')> {
  return import('../sigv4-verify.js');
}
