// The calling client's config: what an AWS SDK client passes when it calls its credentials provider
// (`provider({ callerClientConfig })`), merged with the `parentClientConfig` option as the SDK merges
// them (the option wins). Its region is the STS region after clientConfig.region (docs/behaviour.md, "STS endpoint"); its
// profile picks the profile when no `profile` option is given; its logger gets credchain's warnings.

import { definedOnly, type Logger } from './context.js';

/** A region as SDK clients hold it: a string, or a function (sync or async) returning one. */
export type RegionInput = string | (() => string | undefined | Promise<string | undefined>);

/** The part of an SDK client's resolved config that credchain reads; other fields are ignored, as the SDK ignores most. */
export interface CallerClientConfig {
  region?: RegionInput;
  profile?: string;
  logger?: Logger;
  /** The client's request handler: STS and sign-in calls go through it, as the SDK's nested clients' do (not SSO's). */
  requestHandler?: unknown;
  [key: string]: unknown;
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


