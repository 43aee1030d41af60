// A provider's clientConfig (src/client-config.ts, checked when the provider was made) made concrete for one
// resolution's calls to one service: which door each request goes through — the clientConfig.requestHandler,
// else, for STS and sign-in as in the SDK, the calling SDK client's requestHandler, else the Context — the
// logger, the User-Agent, the attempts and the endpoint settings. Values given as functions are called here,
// once per resolution, and checked as the plain values were.

import { booleanProblem, endpointProblem, maxAttemptsProblem, retryModeProblem, userAgentAppIdProblem, type ClientConfig } from '../client-config.js';
import type { HttpRequest, HttpResponse } from '../context.js';
import { broken, unexpectedMessage } from '../errors.js';
import { nodeRequest, type NodeAgents } from '../io/http.js';
import type { SdkRequestHandler } from '../io/sdk-request-handler.js';
import type { ServiceClient } from '../service-client.js';
import type { EndpointInput, NodeHandlerOptions } from '../source-settings.js';
import type { SourceInput } from '../source.js';

/** The services credchain calls with a client of its own. */
export type ClientService = 'STS' | 'SSO' | 'sign-in';

export async function serviceClientFor(input: SourceInput, service: ClientService): Promise<ServiceClient> {
  const { context, settings } = input;
  const client = settings.client;
  const [endpoint, maxAttempts, retryMode, appId, useFips, useDualStack, ignoreConfiguredEndpointUrls] = await Promise.all([
    given(client.endpoint, 'endpoint', endpointProblem),
    given(client.maxAttempts, 'maxAttempts', maxAttemptsProblem),
    given(client.retryMode, 'retryMode', retryModeProblem),
    given(client.userAgentAppId, 'userAgentAppId', userAgentAppIdProblem),
    given(client.useFips, 'useFipsEndpoint', booleanProblem),
    given(client.useDualStack, 'useDualstackEndpoint', booleanProblem),
    given(client.ignoreConfiguredEndpointUrls, 'ignoreConfiguredEndpointUrls', booleanProblem),
  ]);
  const door = requestDoor(input, service);
  const serviceClient: ServiceClient = { request: door?.request ?? context.request, logger: client.logger ?? context.logger };
  if (door) input.note(`${service} requests go through ${door.from}`);
  const userAgent = [userAgentText(client.customUserAgent), typeof appId === 'string' && appId ? escapeUserAgentPair(['app', appId]) : undefined].filter(Boolean);
  if (userAgent.length > 0) serviceClient.userAgent = ['credchain', ...userAgent].join(' ');
  if (typeof maxAttempts === 'number') serviceClient.maxAttempts = maxAttempts;
  if (retryMode === 'adaptive') serviceClient.logger.debug?.(`credchain: ${service}: retryMode adaptive uses credchain's bounded retries (one call per resolution leaves no rate to adapt)`);
  if (endpoint !== undefined) serviceClient.endpoint = { url: endpointUrl(endpoint as EndpointInput), from: 'the clientConfig.endpoint option' };
  const flags = { useFips, useDualStack, ignoreConfiguredEndpointUrls } as Record<string, boolean | undefined>;
  if (Object.values(flags).some((flag) => flag !== undefined)) serviceClient.endpointFlags = flags;
  return serviceClient;
}

/** `'my-app/1.2.3'` or `[['my-app', '1.2.3']]` as the SDK writes it into the User-Agent header (its escaping). */
export function userAgentText(customUserAgent: ClientConfig['customUserAgent']): string | undefined {
  if (customUserAgent === undefined) return undefined;
  const pairs: Array<[string, string?]> = typeof customUserAgent === 'string' ? [[customUserAgent]] : customUserAgent;
  return pairs.map(escapeUserAgentPair).join(' ');
}

/** The SDK's escapeUserAgent: each `/`-separated name part and the version keep only token characters. */
function escapeUserAgentPair([rawName, rawVersion]: [string, string?]): string {
  const name = rawName.split('/').map((part) => part.replace(/[^!$%&'*+\-.^_`|~\w]/g, '-')).join('/');
  const version = rawVersion?.replace(/[^!$%&'*+\-.^_`|~\w#]/g, '-');
  const separator = name.indexOf('/');
  const prefix = name.substring(0, separator);
  let uaName = name.substring(separator + 1);
  if (prefix === 'api') uaName = uaName.toLowerCase();
  return [prefix, uaName, version]
    .filter((item): item is string => Boolean(item))
    .reduce((text, item, index) => (index === 0 ? item : index === 1 ? `${text}/${item}` : `${text}#${item}`), '');
}

/** clientConfig.region, called when it is a function (the STS region order's first entry). */
export async function clientConfigRegion(input: SourceInput): Promise<string | undefined> {
  const region = await given(input.settings.sts.region, 'region', (value) => (value === undefined || typeof value === 'string' ? undefined : 'must be a region name such as eu-west-1'));
  return typeof region === 'string' && region !== '' ? region : undefined;
}

/** The value, or what the function gives; a failing function or a wrong value is broken, naming the key. */
async function given(value: unknown, name: string, problemOf: (value: unknown) => string | undefined): Promise<unknown> {
  if (typeof value !== 'function') return value;
  let resolved: unknown;
  try {
    resolved = await (value as () => unknown)();
  } catch (error) {
    throw broken(`clientConfig.${name} (a function) failed: ${unexpectedMessage(error)}`, { fix: `Check the function given as clientConfig.${name}` });
  }
  const problem = resolved === undefined ? undefined : problemOf(resolved);
  if (problem) throw broken(`clientConfig.${name} (a function) returned a value that ${problem.replace(/^must/, 'is not valid: it must')}`, { fix: `Check the function given as clientConfig.${name}` });
  return resolved;
}

/** An endpoint as the SDK takes it, as a URL string (endpoint.ts checks it like any configured URL). */
function endpointUrl(endpoint: EndpointInput): string {
  if (typeof endpoint === 'string') return endpoint;
  if (endpoint instanceof URL) return endpoint.href;
  if ('url' in endpoint) return String(endpoint.url);
  const protocol = endpoint.protocol ?? 'https:';
  return `${protocol.endsWith(':') ? protocol : `${protocol}:`}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}${endpoint.path ?? ''}`;
}

/** The requestHandler these calls go through and what gave it, or undefined for the Context's door. */
function requestDoor(input: SourceInput, service: ClientService): { request: ServiceClient['request']; from: string } | undefined {
  const own = input.settings.client.requestHandler;
  if (own !== undefined) {
    if (!isHandler(own)) return { request: agentsRequest(own), from: 'the NodeHttpHandler options of clientConfig.requestHandler' };
    if (!isHttp2(own)) return { request: handlerRequest(own), from: 'the clientConfig.requestHandler option' };
    input.note(`${service}: clientConfig.requestHandler is an HTTP/2 handler, which these HTTP/1.1 calls cannot use (the SDK passes it over too)`);
  }
  // As the SDK's nested STS and sign-in clients (its SSO client does not): the calling client's handler.
  const caller = input.caller.requestHandler;
  if (service !== 'SSO' && isHandler(caller) && !isHttp2(caller)) return { request: handlerRequest(caller), from: "the calling client's requestHandler" };
  return undefined;
}

function isHandler(value: unknown): value is SdkRequestHandler {
  return typeof value === 'object' && value !== null && typeof (value as { handle?: unknown }).handle === 'function';
}

function isHttp2(handler: SdkRequestHandler): boolean {
  return handler.metadata?.handlerProtocol === 'h2';
}

function handlerRequest(handler: SdkRequestHandler): (request: HttpRequest) => Promise<HttpResponse> {
  return (request) => import('../io/sdk-request-handler.js').then((m) => m.requestThroughHandler(handler, request));
}

/** NodeHttpHandler options: credchain's own HTTP client with those agents, each attempt no longer than their timeouts. */
function agentsRequest(options: NodeHandlerOptions): (request: HttpRequest) => Promise<HttpResponse> {
  const limits = [options.connectionTimeout, options.requestTimeout, options.socketTimeout].filter((ms): ms is number => typeof ms === 'number' && ms > 0);
  // A static import: io/http.ts is in the core file, and a dynamic import of the core from a lazy file
  // makes bundlers keep every export of the core (no tree-shaking for an app bundling credchain).
  return (request) => nodeRequest({ ...request, timeoutMs: Math.min(request.timeoutMs, ...limits) }, options as NodeAgents);
}
