// The AWS sign-in service's endpoint for an `aws login` token refresh (CreateOAuth2Token): its own host
// rules (console-style `<region>.signin.aws.amazon.com` hosts, FIPS and dual-stack variants), as the
// SDK's `signin` endpoint ruleset decides them, plugged into the shared rules of ../endpoint.ts
// (AWS_ENDPOINT_URL_SIGNIN, AWS_ENDPOINT_URL, [services] signin, endpoint_url, FIPS, dual-stack).

import { partitionOf, resolveServiceEndpoint, type EndpointFlags, type EndpointSettings, type ServiceEndpoint, type ServiceSpec } from '../endpoint.js';

/** Plain (no FIPS, no dual-stack) sign-in hosts per partition: `<region>.signin.<domain>`. */
const PLAIN_DOMAINS: Readonly<Record<string, string>> = {
  aws: 'aws.amazon.com',
  'aws-cn': 'amazonaws.cn',
  'aws-us-gov': 'amazonaws-us-gov.com',
  'aws-iso': 'c2shome.ic.gov',
  'aws-iso-b': 'sc2shome.sgov.gov',
  'aws-iso-f': 'csphome.hci.ic.gov',
  'aws-iso-e': 'csphome.adc-e.uk',
  'aws-eusc': 'amazonaws-eusc.eu',
};

/** The host for CreateOAuth2Token in `region`, as the SDK's ruleset for `signin` (IsControlPlane = false) builds it. */
export function signinRegionalEndpoint(region: string, flags: EndpointFlags): ServiceEndpoint {
  const partition = partitionOf(region);
  const { useFips, useDualStack } = flags;
  let host: string;
  if (useFips && useDualStack) host = `signin-fips.${region}.${partition.dualStackDnsSuffix}`;
  else if (useDualStack) host = `signin.${region}.${partition.dualStackDnsSuffix}`;
  else if (useFips && region === 'us-gov-west-1') host = 'signin-fips.amazonaws-us-gov.com';
  else if (useFips && partition.name === 'aws-us-gov') host = `${region}.signin-fips.amazonaws-us-gov.com`;
  else if (useFips) host = `signin-fips.${region}.${partition.dnsSuffix}`;
  else host = `${region}.signin.${PLAIN_DOMAINS[partition.name] ?? partition.dnsSuffix}`;
  const variant = [useFips && 'FIPS', useDualStack && 'dual-stack'].filter(Boolean).join(', ');
  return { url: `https://${host}`, signingRegion: region, from: `region ${region} (${partition.name}${variant ? `, ${variant}` : ''})` };
}

/** The SDK's service id `Signin`: AWS_ENDPOINT_URL_SIGNIN and the `signin` key of a [services] block. */
export const SIGNIN_SERVICE: ServiceSpec = { serviceId: 'Signin', hostPrefix: 'signin', regional: signinRegionalEndpoint };

/** Where a refresh is posted: the base URL (no trailing slash) for `region`. */
export function resolveSigninEndpoint(settings: EndpointSettings, region: string, regionFrom: string): ServiceEndpoint {
  return resolveServiceEndpoint(settings, SIGNIN_SERVICE, region, regionFrom);
}
