// The SSO portal and SSO-OIDC endpoints for an sso_region, through the shared endpoint rules
// (src/endpoint.ts: AWS_ENDPOINT_URL_SSO / _SSO_OIDC, AWS_ENDPOINT_URL, [services], FIPS, dual-stack).

import type { SharedConfig } from '../config/types.js';
import { SSO_OIDC_SERVICE, SSO_PORTAL_SERVICE, resolveServiceEndpoint, type ServiceEndpoint } from '../endpoint.js';
import type { SourceInput } from '../source.js';

export type SsoServiceId = 'SSO' | 'SSO_OIDC';

export async function resolveSsoEndpoint(input: SourceInput, service: SsoServiceId, region: string, sourceName: string): Promise<ServiceEndpoint> {
  // The SDK reads endpoint settings from the selected profile (not the profile holding the SSO keys).
  // An unreadable config file is the profile source's to report; here it only means "no settings".
  const config: SharedConfig | undefined = await input.loadConfig().catch(() => undefined);
  return resolveServiceEndpoint(
    { env: input.context.env, config, profileName: input.profileName, sourceName },
    service === 'SSO' ? SSO_PORTAL_SERVICE : SSO_OIDC_SERVICE,
    region,
    'sso_region',
  );
}
