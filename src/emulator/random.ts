// Random values shaped like the real ones (key ids, secrets, tokens), fresh per run so no test can
// depend on a fixed secret and a leaked value is recognisable.

import { randomBytes, randomInt } from 'node:crypto';

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function fromAlphabet(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** `AKIA…` (long-term) or `ASIA…` (session) + 16 characters: 20 in all, like IAM's. */
export function randomKeyId(prefix: 'AKIA' | 'ASIA'): string {
  return prefix + fromAlphabet(KEY_ALPHABET, 16);
}

/** `AIDA…` for users, `AROA…` for roles: 21 characters. */
export function randomUserId(prefix: 'AIDA' | 'AROA'): string {
  return prefix + fromAlphabet(KEY_ALPHABET, 17);
}

/** 40 characters of base64 alphabet, like a secret access key. */
export function randomSecretKey(): string {
  return randomBytes(30).toString('base64').slice(0, 40);
}

/** A long opaque session token (real ones are several hundred characters). */
export function randomSessionToken(): string {
  return 'IQoJb3JpZ2luX2VjE' + randomBytes(180).toString('base64');
}

/** An opaque bearer token (SSO, container authorization, IMDS session). */
export function randomAccessToken(): string {
  return randomBytes(36).toString('base64url');
}

/** A JWT-shaped web identity token (header.payload.signature), not a real JWT. */
export function randomJwt(): string {
  const part = (n: number) => randomBytes(n).toString('base64url');
  return `eyJhbGciOiJSUzI1NiJ9.${part(96)}.${part(64)}`;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export function randomRequestId(): string {
  const hex = randomHex(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
