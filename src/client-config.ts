// `clientConfig`: the config the SDK's providers give the clients they make (STS, the SSO portal,
// SSO-OIDC, sign-in). credchain makes those calls itself and honours the keys that say something about
// them (docs/sdk-drop-in.md, "clientConfig"); the rest of the SDK client config is the SDK's own
// machinery (serializers, middleware, signer, endpoint rule engine) and is refused with the reason, never
// ignored. Checked once when a provider is created; turned into ClientSettings for the sources.

import type { Logger } from './context.js';
import { didYouMean } from './did-you-mean.js';
import type { SdkRequestHandler } from './io/sdk-request-handler.js';
import type { ClientSettings, EndpointInput, NodeHandlerOptions } from './source-settings.js';

/** A value, or a function (sync or async) giving it, as SDK client config takes most values. */
export type ValueOrProvider<T> = T | (() => T | Promise<T>);

/** The clientConfig keys credchain honours: the SDK's names, types and meaning. */
export interface ClientConfig {
  /** The STS region (first in every STS region order); the SSO portal is always called in sso_region. A function returning it works too. */
  region?: ValueOrProvider<string>;
  /** Where the calls go, beating AWS_ENDPOINT_URL_* and the profile's endpoint settings: a URL, or the SDK's Endpoint / EndpointV2 object. */
  endpoint?: ValueOrProvider<EndpointInput>;
  /** Appended to the User-Agent header: `'my-app/1.2.3'` or `[['my-app', '1.2.3']]`. */
  customUserAgent?: string | Array<[string, string?]>;
  /** Sent as `app/<id>` in the User-Agent header (at most 50 characters). */
  userAgentAppId?: ValueOrProvider<string | undefined>;
  /** Gets credchain's lines about these calls: debug (endpoint, retries) and info (each call's outcome). */
  logger?: Logger;
  /** Attempts per call, first included (credchain's default: 4 for STS, 3 for SSO and sign-in). */
  maxAttempts?: ValueOrProvider<number>;
  /** `standard` or `adaptive`: both use credchain's bounded retries (docs/sdk-drop-in.md). */
  retryMode?: ValueOrProvider<string>;
  /** An SDK request handler (`handle(request, options)`: NodeHttpHandler, a proxy handler…) or NodeHttpHandler options (`{ httpsAgent }`). */
  requestHandler?: SdkRequestHandler | NodeHandlerOptions;
  /** FIPS and dual-stack endpoints, beating AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT and the profile. */
  useFipsEndpoint?: ValueOrProvider<boolean>;
  useDualstackEndpoint?: ValueOrProvider<boolean>;
  /** Ignore AWS_ENDPOINT_URL_* and the profile's endpoint settings (an explicit `endpoint` still counts). */
  ignoreConfiguredEndpointUrls?: ValueOrProvider<boolean>;
}

/** The region when it is given as a name (the CLI's `--region`), not as a function: for code that needs it before a resolution. */
export function regionName(clientConfig: Pick<ClientConfig, 'region'> | undefined): string | undefined {
  return typeof clientConfig?.region === 'string' ? clientConfig.region : undefined;
}

/** The keys every provider with a clientConfig honours (fromTemporaryCredentials adds `profile`). */
export const CLIENT_CONFIG_NAMES = [
  'region', 'endpoint', 'customUserAgent', 'userAgentAppId', 'logger', 'maxAttempts', 'retryMode', 'requestHandler',
  'useFipsEndpoint', 'useDualstackEndpoint', 'ignoreConfiguredEndpointUrls',
] as const satisfies ReadonlyArray<keyof ClientConfig>;

/** SDK client config keys with a reason of their own; any other unknown key gets SDK_MACHINERY. */
export const REFUSED_CLIENT_CONFIG: Readonly<Record<string, string>> = {
  credentials: 'the calls sign with the chain\'s own credentials (a role hop with the previous step\'s; web identity and SSO are unsigned); fromTemporaryCredentials takes masterCredentials',
  credentialDefaultProvider: 'the calls sign with the chain\'s own credentials; fromTemporaryCredentials takes masterCredentials',
  retryStrategy: 'credchain has one bounded retry loop; set maxAttempts (and retryMode) instead',
  profile: 'credchain reads the endpoint and region settings of the selected profile; pass the profile option (fromTemporaryCredentials takes clientConfig.profile)',
  tls: 'the scheme of the endpoint decides; give clientConfig.endpoint as an http:// or https:// URL',
  systemClockOffset: 'requests are signed with the Context clock; pass context.now to shift it',
  disableClockSkewCorrection: 'credchain does not correct clock skew; pass context.now to shift the clock',
  useGlobalEndpoint: 'set the region to aws-global, or AWS_STS_REGIONAL_ENDPOINTS=legacy (which credchain honours), for the global STS endpoint',
};

/**
 * The rest of the SDK's STS / SSO client config: its own machinery (serialization, middleware, signer,
 * endpoint rule engine). Kept equal to the SDK's types by test/architecture/drop-in-options.test.ts.
 */
export const SDK_CLIENT_MACHINERY: readonly string[] = [
  'apiVersion', 'authSchemePreference', 'base64Decoder', 'base64Encoder', 'bodyLengthChecker', 'cacheMiddleware', 'defaultUserAgentProvider',
  'defaultsMode', 'disableHostPrefix', 'endpointProvider', 'extensions', 'httpAuthSchemeProvider', 'httpAuthSchemes', 'protocol', 'protocolSettings',
  'runtime', 'serviceConfiguredEndpoint', 'serviceId', 'sha256', 'signer', 'signerConstructor', 'signingEscapePath', 'signingRegion',
  'sigv4aSigningRegionSet', 'streamCollector', 'urlParser', 'utf8Decoder', 'utf8Encoder',
];

const SDK_MACHINERY = "is the SDK client's own machinery (serialization, middleware, signer, endpoint rules), which credchain's calls do not have";

/** Options NodeHttpHandler.create() takes that credchain can honour: its agents and its timeouts (a shorter per-attempt deadline). */
const NODE_HANDLER_OPTION_NAMES = ['httpAgent', 'httpsAgent', 'connectionTimeout', 'requestTimeout', 'socketTimeout'];

/**
 * Throws a TypeError for a clientConfig key `names` does not list (with the reason, or the closest name)
 * and for a value of the wrong type. `what` names the provider.
 */
export function checkClientConfig(clientConfig: unknown, what: string, names: readonly string[] = CLIENT_CONFIG_NAMES): void {
  if (clientConfig === null || typeof clientConfig !== 'object') throw new TypeError(`credchain: ${what}: clientConfig must be an object such as { region: 'eu-west-1' }`);
  const fail = (message: string): never => {
    throw new TypeError(`credchain: ${what}: ${message}`);
  };
  for (const [name, value] of Object.entries(clientConfig)) {
    if (value === undefined) continue;
    if (!names.includes(name)) {
      const reason = REFUSED_CLIENT_CONFIG[name];
      if (reason) fail(`clientConfig.${name} is not supported: ${reason}`);
      const takes = `credchain takes clientConfig.${names.join(', clientConfig.')}`;
      if (SDK_CLIENT_MACHINERY.includes(name)) fail(`clientConfig.${name} is not supported: it ${SDK_MACHINERY}; ${takes}`);
      fail(`clientConfig.${name} is not supported: the AWS SDK's clients have no such key${didYouMean(name, names) || `; ${takes}`}`);
    }
    const problem = valueProblem(name, value);
    if (problem) fail(`clientConfig.${name} ${problem}`);
  }
}

/** What is wrong with a value given for key `name`, or undefined. Functions are checked when called (service-client.ts). */
function valueProblem(name: string, value: unknown): string | undefined {
  if (typeof value === 'function' && name !== 'customUserAgent' && name !== 'logger' && name !== 'requestHandler') return undefined;
  switch (name) {
    case 'region':
    case 'profile':
      return typeof value === 'string' ? undefined : `must be a ${name} name such as ${name === 'region' ? "'eu-west-1'" : "'dev'"} (or a function returning one)`;
    case 'endpoint':
      return endpointProblem(value);
    case 'customUserAgent':
      return typeof value === 'string' || (Array.isArray(value) && value.every((pair) => Array.isArray(pair) && typeof pair[0] === 'string' && (pair[1] === undefined || typeof pair[1] === 'string')))
        ? undefined
        : "must be a string such as 'my-app/1.2.3' or pairs such as [['my-app', '1.2.3']]";
    case 'userAgentAppId':
      return userAgentAppIdProblem(value);
    case 'logger':
      return typeof value === 'object' && value !== null ? undefined : 'must be a logger object with debug/info/warn/error methods';
    case 'maxAttempts':
      return maxAttemptsProblem(value);
    case 'retryMode':
      return retryModeProblem(value);
    case 'requestHandler':
      return requestHandlerProblem(value);
    default: {
      const problem = booleanProblem(value);
      return problem && `${problem} (or a function returning one)`;
    }
  }
}

export function userAgentAppIdProblem(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 50 ? undefined : 'must be a string of at most 50 characters';
}

export function booleanProblem(value: unknown): string | undefined {
  return typeof value === 'boolean' ? undefined : 'must be true or false';
}

export function maxAttemptsProblem(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? undefined : 'must be a whole number of attempts, at least 1';
}

export function retryModeProblem(value: unknown): string | undefined {
  return value === 'standard' || value === 'adaptive' ? undefined : "must be 'standard' or 'adaptive'";
}

export function endpointProblem(value: unknown): string | undefined {
  if (typeof value === 'string' || value instanceof URL) return undefined;
  if (typeof value === 'object' && value !== null) {
    const { url, hostname } = value as { url?: unknown; hostname?: unknown };
    if (typeof url === 'string' || url instanceof URL || typeof hostname === 'string') return undefined;
  }
  return "must be a URL such as 'https://sts.example.com', an Endpoint { protocol, hostname, port, path } or an EndpointV2 { url }";
}

function requestHandlerProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'must be an object with handle(request, options), such as a NodeHttpHandler, or NodeHttpHandler options';
  if (typeof (value as { handle?: unknown }).handle === 'function') return undefined;
  const unknown = Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined && !NODE_HANDLER_OPTION_NAMES.includes(key));
  if (unknown.length > 0) {
    return `has no handle(request, options) method, and as NodeHttpHandler options credchain takes only ${NODE_HANDLER_OPTION_NAMES.join(', ')} (not ${unknown.join(', ')}): pass a NodeHttpHandler instead`;
  }
  const timeouts = ['connectionTimeout', 'requestTimeout', 'socketTimeout'].filter((key) => {
    const timeout = (value as Record<string, unknown>)[key];
    return timeout !== undefined && !(typeof timeout === 'number' && timeout >= 0);
  });
  return timeouts.length > 0 ? `${timeouts.join(', ')} must be a number of milliseconds` : undefined;
}

/** The checked clientConfig as the sources' settings (options.ts sourceSettings). */
export function clientSettings(clientConfig: ClientConfig | undefined): ClientSettings {
  if (!clientConfig) return {};
  const settings: ClientSettings = {};
  if (clientConfig.endpoint !== undefined) settings.endpoint = clientConfig.endpoint;
  if (clientConfig.customUserAgent !== undefined) settings.customUserAgent = clientConfig.customUserAgent;
  if (clientConfig.userAgentAppId !== undefined) settings.userAgentAppId = clientConfig.userAgentAppId;
  if (clientConfig.logger !== undefined) settings.logger = clientConfig.logger;
  if (clientConfig.maxAttempts !== undefined) settings.maxAttempts = clientConfig.maxAttempts;
  if (clientConfig.retryMode !== undefined) settings.retryMode = clientConfig.retryMode;
  if (clientConfig.requestHandler !== undefined) settings.requestHandler = clientConfig.requestHandler;
  if (clientConfig.useFipsEndpoint !== undefined) settings.useFips = clientConfig.useFipsEndpoint;
  if (clientConfig.useDualstackEndpoint !== undefined) settings.useDualStack = clientConfig.useDualstackEndpoint;
  if (clientConfig.ignoreConfiguredEndpointUrls !== undefined) settings.ignoreConfiguredEndpointUrls = clientConfig.ignoreConfiguredEndpointUrls;
  return settings;
}
