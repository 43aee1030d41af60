// An `aws login` cache file for the emulator's signed-in identity, as the AWS CLI writes it after
// `aws login`: fresh session keys, the scenario's client id, a new refresh token and P-256 DPoP key
// and an id token. The demo and the tests write it into a sandbox HOME; every secret in it is
// remembered so the emulator's secrets() covers it.

import { generateKeyPairSync } from 'node:crypto';
import { randomAccessToken, randomJwt } from './random.js';
import type { World } from './world.js';

export interface LoginCacheOptions {
  /** When the cached keys expire (epoch ms); the past or < 5 minutes ahead makes clients refresh. */
  expiresAt: number;
  /** Written as signInRegion when given. */
  signInRegion?: string;
}

export function makeLoginCache(world: World, options: LoginCacheOptions): Record<string, unknown> {
  const { login } = world.scenario;
  const issued = world.identities.issueSignedInSession(login.sessionArn, Math.max(1, Math.round((options.expiresAt - world.now()) / 1000)));
  const dpopKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'sec1' }).toString();
  const idToken = randomJwt();
  // Each sign-in gets its own refresh token (bound to this file's key on first use).
  const refreshToken = randomAccessToken();
  login.refreshTokens.push(refreshToken);
  world.login.secrets.add(dpopKey);
  // The key's body lines too: a leak may show the PEM with its newlines escaped.
  for (const line of dpopKey.split('\n')) if (line && !line.startsWith('-----')) world.login.secrets.add(line);
  world.login.secrets.add(idToken);
  const file: Record<string, unknown> = {
    accessToken: {
      accessKeyId: issued.accessKeyId,
      secretAccessKey: issued.secretAccessKey,
      sessionToken: issued.sessionToken,
      accountId: issued.accountId,
      expiresAt: new Date(options.expiresAt).toISOString(),
    },
    tokenType: 'aws_sigv4',
    clientId: login.clientId,
    refreshToken,
    idToken,
    dpopKey,
  };
  if (options.signInRegion) file.signInRegion = options.signInRegion;
  return file;
}
