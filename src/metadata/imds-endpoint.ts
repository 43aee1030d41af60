// Where IMDS is and whether IMDSv1 may be used (docs/behaviour.md, "Instance metadata (IMDS)"): AWS_EC2_METADATA_SERVICE_ENDPOINT /
// ec2_metadata_service_endpoint, else the endpoint mode (IPv4 | IPv6) from the variable or the profile.

import type { Section } from '../config/types.js';
import { profileString } from '../profile-section.js';
import { broken } from '../errors.js';

export const IMDS_IPV4_ORIGIN = 'http://169.254.169.254';
export const IMDS_IPV6_ORIGIN = 'http://[fd00:ec2::254]';
export const ENDPOINT_VARIABLE = 'AWS_EC2_METADATA_SERVICE_ENDPOINT';
export const MODE_VARIABLE = 'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE';
export const V1_DISABLED_VARIABLE = 'AWS_EC2_METADATA_V1_DISABLED';
const ENDPOINT_KEY = 'ec2_metadata_service_endpoint';
const MODE_KEY = 'ec2_metadata_service_endpoint_mode';
const V1_DISABLED_KEY = 'ec2_metadata_v1_disabled';

export interface ImdsEndpoint {
  /** scheme://host[:port] — as in the SDK, only the origin of a configured URL is used. */
  origin: string;
  /** Where it came from, for the trace and messages. */
  from: string;
}

type Env = Record<string, string | undefined>;

/** True when the endpoint is set in the environment, so the profile does not matter for it. */
export function endpointFromEnvironment(env: Env): boolean {
  return Boolean(env[ENDPOINT_VARIABLE]);
}

export function resolveImdsEndpoint(env: Env, profile: Section | undefined, profileName: string): ImdsEndpoint {
  const envEndpoint = env[ENDPOINT_VARIABLE];
  if (envEndpoint) return { origin: originOf(envEndpoint, ENDPOINT_VARIABLE), from: ENDPOINT_VARIABLE };
  const profileEndpoint = profileString(profile, ENDPOINT_KEY);
  const inProfile = `${ENDPOINT_KEY} in profile "${profileName}"`;
  if (profileEndpoint) return { origin: originOf(profileEndpoint, inProfile), from: inProfile };

  const envMode = env[MODE_VARIABLE];
  const profileMode = profileString(profile, MODE_KEY);
  const [mode, modeFrom] = envMode ? [envMode, MODE_VARIABLE] : profileMode ? [profileMode, `${MODE_KEY} in profile "${profileName}"`] : ['IPv4', 'the default'];
  // Exact spelling, as in the AWS SDK for JavaScript (other SDKs ignore case).
  if (mode === 'IPv4') return { origin: IMDS_IPV4_ORIGIN, from: `endpoint mode IPv4 (${modeFrom})` };
  if (mode === 'IPv6') return { origin: IMDS_IPV6_ORIGIN, from: `endpoint mode IPv6 (${modeFrom})` };
  throw broken(`${modeFrom} is "${mode}", which is not a valid IMDS endpoint mode`, {
    fix: 'Set it to IPv4 or IPv6 (exactly so), or remove it',
    code: 'invalid-endpoint-mode',
  });
}

/**
 * Whether IMDSv1 fallback is blocked, and by what. As in the SDK, any value but `false` blocks it,
 * and a set variable (even `false`) decides alone.
 */
export function imdsV1Disabled(env: Env, profile: Section | undefined, profileName: string): { disabled: boolean; by?: string } {
  const envValue = env[V1_DISABLED_VARIABLE];
  if (envValue !== undefined) return envValue && envValue !== 'false' ? { disabled: true, by: V1_DISABLED_VARIABLE } : { disabled: false };
  const fromProfile = profileString(profile, V1_DISABLED_KEY);
  if (fromProfile && fromProfile !== 'false') return { disabled: true, by: `${V1_DISABLED_KEY} in profile "${profileName}"` };
  return { disabled: false };
}

function originOf(text: string, from: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.host) {
    // Quote the value only when it cannot carry user:password@ (it did not parse as a URL at all).
    const shown = url ? `a ${url.protocol} URL` : `"${text.slice(0, 200)}"`;
    throw broken(`${from} is ${shown}, which is not an http(s) URL`, {
      fix: 'Set it to a URL such as http://169.254.169.254, or remove it',
      code: 'invalid-endpoint',
    });
  }
  return url.origin;
}
