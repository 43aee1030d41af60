// DPoP proofs (RFC 9449) for the sign-in service's token endpoint: an ES256 JWT whose header carries the
// public half of the session's P-256 key and whose claims bind it to one request (htm, htu, iat, jti).
// node:crypto only; the signature is raw r‖s (IEEE P1363), as JWS wants it.

import { createPrivateKey, createPublicKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { broken } from '../errors.js';

export interface EcPublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/** The cache's `dpopKey` as a key, checked to be an EC P-256 private key. `where` names the file (never the key). */
export function loadDpopKey(pem: string, where: string, loginFix: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // Node's error is not kept: nothing about the key text belongs in a message or a cause chain.
    throw broken(`the dpopKey in ${where} is not a PEM private key`, { fix: `Sign in again: ${loginFix}`, code: 'malformed' });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw broken(`the dpopKey in ${where} is not an EC P-256 key`, { fix: `Sign in again: ${loginFix}`, code: 'malformed' });
  }
  return key;
}

/** The public half as a JWK with exactly kty, crv, x, y (in that order, as the SDK writes it). */
export function publicJwk(privateKey: KeyObject): EcPublicJwk {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! };
}

export interface DpopClaims {
  /** HTTP method of the request the proof is for. */
  htm: string;
  /** The exact URL posted to (no query or fragment). */
  htu: string;
  /** Epoch ms; the claim holds whole seconds. */
  nowMs: number;
  /** Default: a fresh UUID, so no two proofs are alike. */
  jti?: string;
}

/** `header.payload.signature`, each base64url. The result is a secret of its own: it is a bearer of the key for ~minutes. */
export function dpopProof(privateKey: KeyObject, claims: DpopClaims): string {
  const header = { alg: 'ES256', typ: 'dpop+jwt', jwk: publicJwk(privateKey) };
  const payload = { jti: claims.jti ?? randomUUID(), htm: claims.htm, htu: claims.htu, iat: Math.floor(claims.nowMs / 1000) };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
