// The SSO portal and SSO-OIDC endpoints for an sso_region, through the shared endpoint rules
// (src/endpoint.ts: AWS_ENDPOINT_URL_SSO / _SSO_OIDC, AWS_ENDPOINT_URL, [services], FIPS, dual-stack).

import type { SharedConfig } from '../config/types.js';
import type { Context } from '../context.js';
import { SSO_OIDC_SERVICE, SSO_PORTAL_SERVICE, resolveServiceEndpoint, type ServiceEndpoint } from '../endpoint.js';
import type { ServiceClient } from '../service-client.js';

export type SsoServiceId = 'SSO' | 'SSO_OIDC';

/** Where and how to call the SSO portal and SSO-OIDC. */
export interface SsoCall {
  context: Context;
  /**
   * The shared config (undefined when there is none to consult) and the selected profile: endpoint
   * settings are read from it, as in the SDK (not from the profile holding the SSO keys).
   */
  config: SharedConfig | undefined;
  profileName: string;
  /** Adds a line to the trace. Never pass a secret. */
  note(text: string): void;
  /** The provider's clientConfig for the SSO portal and SSO-OIDC (one config for both, as in the SDK). */
  client?: ServiceClient | undefined;
}

export function resolveSsoEndpoint(call: SsoCall, service: SsoServiceId, region: string): ServiceEndpoint {
  return resolveServiceEndpoint(
    { env: call.context.env, config: call.config, profileName: call.profileName, client: call.client },
    service === 'SSO' ? SSO_PORTAL_SERVICE : SSO_OIDC_SERVICE,
    region,
    'sso_region',
  );
}
