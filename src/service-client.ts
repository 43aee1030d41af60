// How the calls of one AWS service client that credchain makes (STS, the SSO portal, SSO-OIDC, sign-in) go
// out: the provider's clientConfig (src/client-config.ts) made concrete for one resolution by
// src/providers/service-client.ts. A service reads it from its call struct; without one it uses the
// Context's request and logger and its own retry bound, as before.

import type { Context, Logger } from './context.js';

export interface ServiceClient {
  /** Carries each request: a requestHandler's (clientConfig, or the calling SDK client's) or the Context's. */
  request: Context['request'];
  /** Gets credchain's lines about these calls: debug (endpoint, retries) and info (each call's outcome). Never a secret. */
  logger: Logger;
  /** The User-Agent header (customUserAgent, userAgentAppId), when one is configured. */
  userAgent?: string | undefined;
  /** Attempts per call (maxAttempts), when configured; otherwise the service's own bound. */
  maxAttempts?: number | undefined;
  /** The clientConfig.endpoint URL: beats every configured endpoint (AWS_ENDPOINT_URL_*, the profile's). */
  endpoint?: { url: string; from: string } | undefined;
  /** clientConfig.useFipsEndpoint / useDualstackEndpoint / ignoreConfiguredEndpointUrls: beat the variables and the profile. */
  endpointFlags?: EndpointFlagOverrides | undefined;
}

export interface EndpointFlagOverrides {
  useFips?: boolean | undefined;
  useDualStack?: boolean | undefined;
  ignoreConfiguredEndpointUrls?: boolean | undefined;
}

/** `headers` with the client's User-Agent, when it has one. */
export function withUserAgent(headers: Record<string, string>, client: ServiceClient | undefined): Record<string, string> {
  return client?.userAgent ? { ...headers, 'user-agent': client.userAgent } : headers;
}
