// The STS region and endpoint for a resolution (docs/behaviour.md, "STS endpoint"): the region chain, the generic endpoint rules of
// ../endpoint.ts, the `aws-global` host, and AWS_STS_REGIONAL_ENDPOINTS=legacy (beyond: the SDK ignores it).

import type { SharedConfig } from '../config/types.js';
import {
  STS_SERVICE,
  configuredEndpointUrl,
  endpointFlags,
  resolveServiceEndpoint,
  selectedProfile,
  splitFipsRegion,
  type EndpointSettings,
  type ServiceEndpoint,
} from '../endpoint.js';
import { profileString } from '../config/section.js';
import { broken } from '../errors.js';

/** The regions whose `legacy` endpoint is the global https://sts.amazonaws.com (docs/behaviour.md, "STS endpoint"). */
export const LEGACY_GLOBAL_REGIONS: ReadonlySet<string> = new Set([
  'ap-northeast-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'aws-global', 'ca-central-1', 'eu-central-1', 'eu-north-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
]);

export const DEFAULT_STS_REGION = 'us-east-1';
const GLOBAL_STS_URL = 'https://sts.amazonaws.com';
const DEFAULT_REGION_FROM = 'the default (no region configured)';

/**
 * What the STS call is for: the SDK builds the region differently for a profile's role hop (docs/behaviour.md, "STS endpoint");
 * web identity, fromTemporaryCredentials and GetCallerIdentity share the other order.
 */
export type StsCallKind = 'role-hop' | 'web-identity' | 'temporary-credentials' | 'caller-identity';

export interface StsEndpointInput {
  env: Record<string, string | undefined>;
  config: SharedConfig | undefined;
  /** The selected profile: its `region`, `endpoint_url`, `services`, flags are consulted. */
  profileName: string;
  /** `options.clientConfig.region`: beats everything. */
  explicitRegion?: string | undefined;
  /** The calling client's region (`{ callerClientConfig }` / `parentClientConfig`), already resolved. */
  callerRegion?: string | undefined;
  /** Decides the region order (default: the web identity order). */
  call?: StsCallKind;
  /** The provider's clientConfig endpoint and flags (src/service-client.ts). */
  client?: EndpointSettings['client'];
}

export interface StsEndpoint extends ServiceEndpoint {
  /** The resolved region (what the client is "in"); requests are signed for `signingRegion`. */
  region: string;
  /** Where the region came from, for traces. */
  regionFrom: string;
}

/**
 * The STS region, in the AWS SDK's order (credential-provider-ini and the nested STS client's
 * resolveRegion, measured against the SDK in test/differential/sts-region.test.ts):
 *
 * - A profile's role hop (AssumeRole): clientConfig.region, the role profile's `region` (the selected
 *   profile, where role_arn is), the calling client's region, AWS_REGION, the selected profile's `region`, us-east-1.
 * - Everything else — AssumeRoleWithWebIdentity (env or profile), fromTemporaryCredentials:
 *   clientConfig.region, the calling client's region, AWS_REGION, the selected profile's `region`, us-east-1.
 *   (The SDK skips clientConfig.region for a profile's web_identity_token_file — a bug credchain does
 *   not copy: docs/sdk-drop-in.md.)
 */
export function resolveStsRegion(input: StsEndpointInput): { region: string; from: string } {
  const profileRegion = profileString(input.config?.profiles[input.profileName], 'region');
  const candidates: Array<[string | undefined, string]> = [[input.explicitRegion, 'the clientConfig.region option']];
  if (input.call === 'role-hop') candidates.push([profileRegion, `region of the role profile "${input.profileName}"`]);
  candidates.push(
    [input.callerRegion, "the calling client's region (callerClientConfig)"],
    [input.env.AWS_REGION, 'AWS_REGION'],
    [profileRegion, `region of profile "${input.profileName}"`],
  );
  for (const [region, from] of candidates) if (region) return { region, from };
  return { region: DEFAULT_STS_REGION, from: DEFAULT_REGION_FROM };
}

export function resolveStsEndpoint(input: StsEndpointInput): StsEndpoint {
  const { region: regionIn, from: regionFrom } = resolveStsRegion(input);
  const settings: EndpointSettings = { env: input.env, config: input.config, profileName: input.profileName, client: input.client };
  const endpoint = resolveServiceEndpoint(settings, STS_SERVICE, regionIn, regionFrom);
  const { region, fips: fipsRegion } = splitFipsRegion(regionIn);
  const result: StsEndpoint = { ...endpoint, region, regionFrom };
  if (!fipsRegion && useGlobalEndpoint(settings, region)) {
    const why = region === 'aws-global' ? 'aws-global' : 'legacy STS endpoints (AWS_STS_REGIONAL_ENDPOINTS / sts_regional_endpoints)';
    return { ...result, url: GLOBAL_STS_URL, signingRegion: 'us-east-1', from: `global endpoint (${why}, region ${region})` };
  }
  return result;
}

/**
 * `aws-global` always means the global host (as in the SDK's rules); `legacy` sends the 16 legacy regions
 * there too — only for plain endpoints: FIPS, dual-stack and configured URLs are never rewritten.
 */
function useGlobalEndpoint(settings: EndpointSettings, region: string): boolean {
  if (configuredEndpointUrl(settings, STS_SERVICE)) return false;
  const flags = endpointFlags(settings);
  if (flags.useFips || flags.useDualStack) return false;
  if (region === 'aws-global') return true;
  return stsRegionalEndpointsMode(settings) === 'legacy' && LEGACY_GLOBAL_REGIONS.has(region);
}

/** `AWS_STS_REGIONAL_ENDPOINTS`, then the profile's `sts_regional_endpoints`; unset means regional. */
function stsRegionalEndpointsMode(settings: EndpointSettings): 'regional' | 'legacy' {
  const fromEnv = settings.env.AWS_STS_REGIONAL_ENDPOINTS;
  const [value, where] = fromEnv
    ? [fromEnv, 'AWS_STS_REGIONAL_ENDPOINTS']
    : [profileString(selectedProfile(settings), 'sts_regional_endpoints'), `sts_regional_endpoints in profile "${settings.profileName}"`];
  if (value === undefined) return 'regional';
  const mode = value.toLowerCase();
  if (mode === 'regional' || mode === 'legacy') return mode;
  throw broken(`${where} is "${value}"; expected regional or legacy`, { fix: 'Set it to regional (the default) or legacy, or remove it' });
}

/** True when the region came from nowhere: worth a note in the trace (the AWS SDK warns about this too). */
export function usesDefaultRegion(endpoint: StsEndpoint): boolean {
  return endpoint.regionFrom === DEFAULT_REGION_FROM;
}
