// The AWS sign-in service's token endpoint for `aws login` sessions: POST /v1/token with the
// refresh_token grant, bound to a DPoP proof (RFC 9449) that is verified in full — ES256 signature
// against the header's jwk, htm, htu (the URL as the client reached it), iat freshness, jti unique —
// and to the key first used with the refresh token (a rotated token inherits it).

import { createHash, createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { randomAccessToken } from '../random.js';
import { json, type Reply } from '../reply.js';
import { header, type EmulatorRequest, type RouteFamily, type World } from '../world.js';

/** How far iat may be from the emulator's clock, either way (seconds). */
const DPOP_IAT_WINDOW_SECONDS = 60;
/** The proof is at most this large (a real one is ~500 bytes). */
const MAX_PROOF_LENGTH = 4096;

export const signinRoutes: RouteFamily = {
  match(request) {
    return request.path === '/v1/token' ? 'signin:CreateOAuth2Token' : undefined;
  },
  handle(_route, request, world) {
    return createOAuth2Token(request, world);
  },
};

function signinError(status: number, type: string, error: string, message: string): Reply {
  return json(status, { error, message }, { 'x-amzn-ErrorType': type });
}

function createOAuth2Token(request: EmulatorRequest, world: World): Reply {
  const { login } = world.scenario;
  if (request.method !== 'POST') return signinError(405, 'ValidationException', 'INVALID_REQUEST', 'Use POST');
  const proof = checkDpopProof(request, world);
  if (typeof proof === 'string') return signinError(400, 'ValidationException', 'INVALID_DPOP_PROOF', proof);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(request.body || '{}') as Record<string, unknown>;
  } catch {
    return signinError(400, 'ValidationException', 'INVALID_REQUEST', 'The body is not JSON');
  }
  if (body.grantType !== 'refresh_token') return signinError(400, 'ValidationException', 'INVALID_REQUEST', 'Only grantType refresh_token is supported here');
  if (body.clientId !== login.clientId) return signinError(400, 'ValidationException', 'INVALID_REQUEST', 'Unknown clientId');
  if (login.deny) return signinError(400, 'AccessDeniedException', login.deny, `Refresh refused: ${login.deny}`);
  const refreshToken = body.refreshToken;
  if (typeof refreshToken !== 'string' || !login.refreshTokens.includes(refreshToken)) {
    return signinError(400, 'AccessDeniedException', 'TOKEN_EXPIRED', 'The refresh token is not valid');
  }
  const bound = world.login.boundKeys.get(refreshToken);
  if (bound && bound !== proof.thumbprint) return signinError(400, 'ValidationException', 'INVALID_DPOP_PROOF', 'The proof is signed by another key than the session\'s');
  world.login.boundKeys.set(refreshToken, proof.thumbprint);

  const seconds = login.expiresInSeconds ?? 900;
  const issued = world.identities.issueSignedInSession(login.sessionArn, seconds);
  const next = randomAccessToken();
  login.refreshTokens.push(next);
  world.login.boundKeys.set(next, proof.thumbprint);
  const reply: Record<string, unknown> = {
    accessToken: { accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken },
    tokenType: 'aws_sigv4',
    refreshToken: next,
  };
  if (login.expiresInSeconds !== null) reply.expiresIn = login.expiresInSeconds;
  return json(200, reply);
}

/** The checked proof's key thumbprint, or why it is refused (never quoting the proof). */
function checkDpopProof(request: EmulatorRequest, world: World): { thumbprint: string } | string {
  const proof = header(request, 'dpop');
  if (!proof) return 'No DPoP header';
  world.login.secrets.add(proof);
  if (proof.length > MAX_PROOF_LENGTH) return 'The DPoP proof is too large';
  const parts = proof.split('.');
  if (parts.length !== 3) return 'The DPoP proof is not a compact JWS';
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const head = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  if (!head || !claims) return 'The DPoP proof header or claims are not base64url JSON';
  if (head.alg !== 'ES256' || head.typ !== 'dpop+jwt') return 'The DPoP proof must have alg ES256 and typ dpop+jwt';
  const jwk = head.jwk as Record<string, unknown> | undefined;
  if (!jwk || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string' || 'd' in jwk) {
    return 'The DPoP proof header has no public EC P-256 jwk';
  }
  let valid: boolean;
  try {
    const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } as JsonWebKey, format: 'jwk' });
    valid = verify('sha256', Buffer.from(`${headerPart}.${payloadPart}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signaturePart, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) return 'The DPoP proof signature does not verify against its jwk';
  if (claims.htm !== request.method) return 'The DPoP proof htm is not the request method';
  // The emulator listens on plain HTTP; a TLS terminator in front of it (the proxy tests' loopback
  // stand-in for a real AWS host) says the client reached it over HTTPS.
  const scheme = header(request, 'x-forwarded-proto') === 'https' ? 'https' : 'http';
  const expectedHtu = `${scheme}://${header(request, 'host') ?? ''}${request.path}`;
  if (claims.htu !== expectedHtu) return `The DPoP proof htu is not ${expectedHtu}`;
  const iat = claims.iat;
  if (typeof iat !== 'number' || Math.abs(iat - world.now() / 1000) > DPOP_IAT_WINDOW_SECONDS) return 'The DPoP proof iat is missing or not recent';
  if (typeof claims.jti !== 'string' || claims.jti === '') return 'The DPoP proof has no jti';
  if (world.login.jtis.has(claims.jti)) return 'The DPoP proof was already used (jti replayed)';
  world.login.jtis.add(claims.jti);
  // RFC 7638 thumbprint: the required members in lexicographic order.
  const thumbprint = createHash('sha256').update(JSON.stringify({ crv: 'P-256', kty: 'EC', x: jwk.x, y: jwk.y })).digest('base64url');
  return { thumbprint };
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
