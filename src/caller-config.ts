// The calling client's config: what an AWS SDK client passes when it calls its credentials provider
// (`provider({ callerClientConfig })`), merged with the `parentClientConfig` option as the SDK merges
// them (the option wins). Its region is the STS region after clientConfig.region (docs/behaviour.md, "STS endpoint"); its
// profile picks the profile when no `profile` option is given; its logger gets credchain's warnings.

import { definedOnly, type Logger } from './context.js';

/** A region as SDK clients hold it: a string, or a function (sync or async) returning one. */
export type RegionInput = string | (() => string | undefined | Promise<string | undefined>);

/**
 * The part of an SDK client's resolved config that credchain reads. No index signature: an SDK client's
 * resolved config (an interface, `new STSClient(…).config`) is taken as it is, as the SDK's providers take it.
 */
export interface CallerClientConfig {
  region?: RegionInput;
  profile?: string;
  logger?: Logger;
  /** The client's request handler: STS and sign-in calls go through it, as the SDK's nested clients' do (not SSO's). */
  requestHandler?: unknown;
  /** In the SDK's type of this config; credchain does not read them. */
  credentials?: unknown;
  credentialDefaultProvider?: unknown;
  userAgentAppId?: unknown;
}

/** A logger with every level, as the AWS SDK's `Logger` type (@smithy/types) requires them. */
export interface CompleteLogger {
  trace?(...content: unknown[]): void;
  debug(...content: unknown[]): void;
  info(...content: unknown[]): void;
  warn(...content: unknown[]): void;
  error(...content: unknown[]): void;
}

/**
 * The call createCredentialChain() hands each of its providers: the call it was given, in the form the
 * AWS SDK's providers are typed for and rely on (`AwsIdentityProperties`) — the region as an async
 * function, a logger with every level — so the SDK's providers and credchain's mix in one chain.
 */
export interface ForwardedCall {
  forceRefresh?: boolean;
  callerClientConfig?: {
    region(): Promise<string>;
    profile?: string;
    logger?: CompleteLogger;
  };
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
const ignore = (): void => {};

/** `call` with its callerClientConfig in the SDK's form (other fields as they are); undefined stays undefined. */
export function forwardedCall(call: { forceRefresh?: boolean; callerClientConfig?: CallerClientConfig } | undefined): ForwardedCall | undefined {
  const config = call?.callerClientConfig;
  if (!call || !config) return call as ForwardedCall | undefined;
  const { region, logger } = config;
  const forwarded = { ...config, region: async () => (typeof region === 'function' ? region() : region) } as Record<string, unknown>;
  if (logger && LEVELS.some((level) => typeof logger[level] !== 'function')) {
    // A logger without every level (credchain's Logger allows that; the SDK's code calls them unguarded).
    forwarded.logger = Object.fromEntries(LEVELS.map((level) => [level, typeof logger[level] === 'function' ? logger[level].bind(logger) : ignore]));
  }
  return { ...call, callerClientConfig: forwarded as unknown as ForwardedCall['callerClientConfig'] };
}

/** What one resolution knows about its caller. */
export interface Caller {
  /** The caller's region, resolved once per resolution (undefined when it has none). */
  region(): Promise<string | undefined>;
  profile: string | undefined;
  logger: Logger | undefined;
  /** The caller's requestHandler, when it has one with `handle()` (io/sdk-request-handler.ts checks it). */
  requestHandler: unknown;
}

async function regionValue(region: RegionInput | undefined): Promise<string | undefined> {
  const value = typeof region === 'function' ? await region() : region;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `{ ...callerClientConfig, ...parentClientConfig }`, as the SDK's STS providers build their parent config. */
export function callerOf(callerClientConfig: CallerClientConfig | undefined, parentClientConfig: CallerClientConfig | undefined): Caller {
  const merged: CallerClientConfig = { ...callerClientConfig, ...definedOnly(parentClientConfig ?? {}) };
  let region: Promise<string | undefined> | undefined;
  return {
    region: () => (region ??= regionValue(merged.region)),
    profile: typeof merged.profile === 'string' && merged.profile !== '' ? merged.profile : undefined,
    logger: merged.logger,
    requestHandler: merged.requestHandler,
  };
}

export const NO_CALLER: Caller = { region: async () => undefined, profile: undefined, logger: undefined, requestHandler: undefined };


