// One refresh of an `aws login` session: region and endpoint, the DPoP-bound CreateOAuth2Token call,
// and the write-back of the new keys (a failed write keeps the new keys for this chain, with a warning).

import { broken } from '../errors.js';
import { refreshedFile, writeLoginToken, type LoginCachedToken } from './cache.js';
import { loadDpopKey } from './dpop.js';
import { resolveSigninEndpoint } from './endpoint.js';
import { refreshLoginToken } from './oauth.js';
import type { Context } from '../context.js';
import type { EndpointSettings } from '../endpoint.js';
import type { ServiceClient } from '../service-client.js';

/** What a refresh needs of the session being resolved (login/session.ts LoginSessionCall extends it). */
export interface LoginRefreshCall extends Omit<EndpointSettings, 'env'> {
  context: Context;
  note(text: string): void;
  /** Sign-in region fallbacks after the cache's signInRegion, in the SDK's order: clientConfig.region, the login profile's region, AWS_REGION, the selected profile's region. */
  regions: ReadonlyArray<{ region: string | undefined; from: string }>;
  /** The provider's clientConfig for the sign-in service (request door, logger, User-Agent, attempts, endpoint). */
  client?: ServiceClient | undefined;
}

export async function refreshAndStore(call: LoginRefreshCall, file: string, shown: string, token: LoginCachedToken, fix: string): Promise<LoginCachedToken> {
  const { context } = call;
  const region = token.signInRegion ? { region: token.signInRegion, from: `signInRegion in ${shown}` } : call.regions.find((candidate) => candidate.region);
  if (!region?.region) {
    throw broken('no region for the sign-in service (the cache has no signInRegion, and no region is configured)', {
      fix: "Set AWS_REGION or the profile's region",
      code: 'MissingRegion',
    });
  }
  const endpoint = resolveSigninEndpoint({ env: context.env, config: call.config, profileName: call.profileName, client: call.client }, region.region, region.from);
  const url = `${endpoint.url}/v1/token`;
  call.note(`refreshing through the sign-in service: CreateOAuth2Token at ${url} (${endpoint.from})`);
  const dpopKey = loadDpopKey(token.dpopKey, shown, fix);
  const idToken = typeof token.fields.idToken === 'string' ? token.fields.idToken : undefined;
  const alsoSecret = [idToken, token.accessToken.secretAccessKey, token.accessToken.sessionToken];
  const fresh = await refreshLoginToken(context, { url, clientId: token.clientId, refreshToken: token.refreshToken, dpopKey, alsoSecret }, fix, call.client);
  const expiresAt = new Date(context.now() + fresh.expiresInSeconds * 1000);
  const keys = { accessKeyId: fresh.accessKeyId, secretAccessKey: fresh.secretAccessKey, sessionToken: fresh.sessionToken, expiresAt, refreshToken: fresh.refreshToken };
  try {
    await writeLoginToken(context, file, token, keys);
    call.note(`refreshed: new keys expire at ${expiresAt.toISOString()}; ${shown} rewritten (mode 0600)`);
  } catch (error) {
    const warning = `credchain: could not write the refreshed aws login session to ${shown} (${(error as NodeJS.ErrnoException)?.code ?? 'write error'}); using it for this process only`;
    call.note(warning);
    context.logger.warn?.(warning);
  }
  return {
    ...token,
    accessToken: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, sessionToken: keys.sessionToken, accountId: token.accessToken.accountId, expiresAt },
    refreshToken: keys.refreshToken,
    fields: refreshedFile(token, keys),
  };
}
