// Where an AWS service lives, for the services credchain calls (STS, SSO portal, SSO-OIDC, sign-in): configured
// endpoint URLs, FIPS / dual-stack flags, partitions and the regional host name (docs/behaviour.md, "STS endpoint", "SSO").

import { profileString } from './config/section.js';
import type { SharedConfig, Section } from './config/types.js';
import { broken } from './errors.js';
import type { ServiceClient } from './service-client.js';

/** One service as the AWS SDKs name it. */
export interface ServiceSpec {
  /** The SDK service id ('STS', 'SSO', 'SSO OIDC'): gives `AWS_ENDPOINT_URL_<ID>` and the `[services]` key. */
  serviceId: string;
  /** The first host label(s): `sts`, `portal.sso`, `oidc`. */
  hostPrefix: string;
  /** The service's own host rules when they are not the common `<prefix>.<region>.<dnsSuffix>` pattern (sign-in). */
  regional?: (region: string, flags: EndpointFlags) => ServiceEndpoint;
}

export const STS_SERVICE: ServiceSpec = { serviceId: 'STS', hostPrefix: 'sts' };
export const SSO_PORTAL_SERVICE: ServiceSpec = { serviceId: 'SSO', hostPrefix: 'portal.sso' };
export const SSO_OIDC_SERVICE: ServiceSpec = { serviceId: 'SSO OIDC', hostPrefix: 'oidc' };

/** What endpoint settings are read from: the environment and the selected profile. */
export interface EndpointSettings {
  env: Record<string, string | undefined>;
  /** The shared config, or undefined when there is none to consult. */
  config: SharedConfig | undefined;
  /** The selected profile (src/profile-selection.ts). */
  profileName: string;
  /** The provider's clientConfig endpoint and flags: they beat the variables and the profile. */
  client?: Pick<ServiceClient, 'endpoint' | 'endpointFlags'> | undefined;
}

export interface ServiceEndpoint {
  /** Base URL, without a trailing slash for a bare host: `https://sts.eu-west-1.amazonaws.com`. */
  url: string;
  /** The region requests are signed for. */
  signingRegion: string;
  /** Where the URL came from, for traces: `AWS_ENDPOINT_URL_STS`, `region eu-west-1 (aws)`… */
  from: string;
}

export interface Partition {
  name: string;
  dnsSuffix: string;
  dualStackDnsSuffix: string;
}

/** The partitions as the SDK's endpoint rules know them (@aws-sdk/core partitions.json): explicit regions, then patterns. */
const PARTITIONS: ReadonlyArray<Partition & { regionPattern: RegExp; globalRegions: readonly string[] }> = [
  { name: 'aws', dnsSuffix: 'amazonaws.com', dualStackDnsSuffix: 'api.aws', regionPattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/, globalRegions: ['aws-global'] },
  { name: 'aws-cn', dnsSuffix: 'amazonaws.com.cn', dualStackDnsSuffix: 'api.amazonwebservices.com.cn', regionPattern: /^cn-\w+-\d+$/, globalRegions: ['aws-cn-global'] },
  { name: 'aws-us-gov', dnsSuffix: 'amazonaws.com', dualStackDnsSuffix: 'api.aws', regionPattern: /^us-gov-\w+-\d+$/, globalRegions: ['aws-us-gov-global'] },
  { name: 'aws-iso', dnsSuffix: 'c2s.ic.gov', dualStackDnsSuffix: 'api.aws.ic.gov', regionPattern: /^us-iso-\w+-\d+$/, globalRegions: ['aws-iso-global'] },
  { name: 'aws-iso-b', dnsSuffix: 'sc2s.sgov.gov', dualStackDnsSuffix: 'api.aws.scloud', regionPattern: /^us-isob-\w+-\d+$/, globalRegions: ['aws-iso-b-global'] },
  { name: 'aws-iso-e', dnsSuffix: 'cloud.adc-e.uk', dualStackDnsSuffix: 'api.cloud-aws.adc-e.uk', regionPattern: /^eu-isoe-\w+-\d+$/, globalRegions: ['aws-iso-e-global'] },
  { name: 'aws-iso-f', dnsSuffix: 'csp.hci.ic.gov', dualStackDnsSuffix: 'api.aws.hci.ic.gov', regionPattern: /^us-isof-\w+-\d+$/, globalRegions: ['aws-iso-f-global'] },
  { name: 'aws-eusc', dnsSuffix: 'amazonaws.eu', dualStackDnsSuffix: 'api.amazonwebservices.eu', regionPattern: /^eusc-de-\w+-\d+$/, globalRegions: [] },
];

/** The partition a region belongs to; unknown regions are `aws`, as in the SDK. */
export function partitionOf(region: string): Partition {
  const found =
    PARTITIONS.find((p) => p.globalRegions.includes(region)) ?? PARTITIONS.find((p) => p.regionPattern.test(region)) ?? PARTITIONS[0]!;
  return { name: found.name, dnsSuffix: found.dnsSuffix, dualStackDnsSuffix: found.dualStackDnsSuffix };
}

/** A region must be one DNS label: anything else could point the request at another host. */
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

function checkRegion(region: string, from: string): void {
  if (!HOST_LABEL.test(region)) {
    throw broken(`the region "${region}" (${from}) is not a valid region name`, {
      fix: 'Use a region such as us-east-1 or eu-west-1',
      code: 'InvalidRegion',
    });
  }
}

export function selectedProfile(settings: EndpointSettings): Section | undefined {
  return settings.config?.profiles[settings.profileName];
}

/**
 * A true/false setting from a variable, then the profile. The SDK accepts exactly `true`/`false` and
 * silently ignores anything else; credchain stops with an error instead (beyond: a typo never goes unnoticed).
 */
function booleanSetting(settings: EndpointSettings, envName: string, profileKey: string): boolean {
  const fromEnv = settings.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return parseBoolean(fromEnv, envName);
  const fromProfile = profileString(selectedProfile(settings), profileKey);
  if (fromProfile !== undefined) return parseBoolean(fromProfile, `${profileKey} in profile "${settings.profileName}"`);
  return false;
}

function parseBoolean(value: string, where: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw broken(`${where} is "${value}", which is neither true nor false`, { fix: 'Set it to true or false, or remove it' });
}

export interface EndpointFlags {
  useFips: boolean;
  useDualStack: boolean;
}

export function endpointFlags(settings: EndpointSettings): EndpointFlags {
  const given = settings.client?.endpointFlags;
  return {
    useFips: given?.useFips ?? booleanSetting(settings, 'AWS_USE_FIPS_ENDPOINT', 'use_fips_endpoint'),
    useDualStack: given?.useDualStack ?? booleanSetting(settings, 'AWS_USE_DUALSTACK_ENDPOINT', 'use_dualstack_endpoint'),
  };
}

/**
 * A configured endpoint URL, in the SDK's order: the client's own (clientConfig.endpoint), then
 * `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's `[services NAME]` block for the service,
 * the profile's `endpoint_url` — none of these four when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` /
 * `ignore_configured_endpoint_urls` (or clientConfig.ignoreConfiguredEndpointUrls) is true.
 */
export function configuredEndpointUrl(settings: EndpointSettings, service: ServiceSpec): { url: string; from: string } | undefined {
  const own = settings.client?.endpoint;
  if (own) return { url: checkEndpointUrl(own.url, own.from), from: own.from };
  const ignore = settings.client?.endpointFlags?.ignoreConfiguredEndpointUrls ?? booleanSetting(settings, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'ignore_configured_endpoint_urls');
  if (ignore) return undefined;
  const serviceVariable = `AWS_ENDPOINT_URL_${service.serviceId.toUpperCase().replace(/ /g, '_')}`;
  for (const name of [serviceVariable, 'AWS_ENDPOINT_URL']) {
    const value = settings.env[name];
    if (value) return { url: checkEndpointUrl(value, name), from: name };
  }
  const profile = selectedProfile(settings);
  const servicesName = profileString(profile, 'services');
  if (servicesName !== undefined) {
    const block = settings.config?.services[servicesName];
    if (!block) {
      // The SDK swallows this and then ignores the profile's endpoint_url too; a clear stop is kinder.
      throw broken(`profile "${settings.profileName}" names services = ${servicesName}, but there is no [services ${servicesName}] section in ${settings.config?.configFile || 'the config file'}`, {
        fix: `Add the [services ${servicesName}] section or remove the services line`,
      });
    }
    const key = service.serviceId.toLowerCase().replace(/ /g, '_');
    const entry = block[key];
    const url = typeof entry === 'object' ? entry.endpoint_url : undefined;
    if (url) return { url: checkEndpointUrl(url, `${key}.endpoint_url in [services ${servicesName}]`), from: `[services ${servicesName}] ${key} endpoint_url` };
  }
  const profileUrl = profileString(profile, 'endpoint_url');
  if (profileUrl) return { url: checkEndpointUrl(profileUrl, `endpoint_url in profile "${settings.profileName}"`), from: `endpoint_url of profile "${settings.profileName}"` };
  return undefined;
}

function checkEndpointUrl(value: string, where: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw broken(`${where} is not a valid URL`, { fix: 'Use a full URL such as https://sts.example.com' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw broken(`${where} must be an http or https URL (got ${url.protocol})`, { fix: 'Use a full URL such as https://sts.example.com' });
  }
  if (url.username || url.password) {
    throw broken(`${where} must not carry a user name or password`, { fix: 'Remove the user:password@ part of the URL' });
  }
  // No query or fragment: what is left is a base URL to POST to.
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '')}`;
}

/** Regions written with a FIPS marker (`fips-us-east-1`, `us-east-1-fips`) mean "that region, over FIPS", as in the SDK. */
export function splitFipsRegion(region: string): { region: string; fips: boolean } {
  if (!(region.startsWith('fips-') || region.endsWith('-fips'))) return { region, fips: false };
  if (region === 'fips-aws-global' || region === 'aws-fips') return { region: 'us-east-1', fips: true };
  return { region: region.replace(/fips-(dkr-|prod-)?|-fips/, ''), fips: true };
}

/**
 * The regional endpoint built from region and partition, as the SDK's endpoint rules do:
 * `https://<prefix>.<region>.<dnsSuffix>`, `<prefix>-fips.` with FIPS (except in aws-us-gov, whose
 * regular hosts already are FIPS), `<dualStackDnsSuffix>` with dual-stack.
 */
export function regionalEndpoint(service: ServiceSpec, region: string, flags: EndpointFlags): ServiceEndpoint {
  const partition = partitionOf(region);
  const { useFips, useDualStack } = flags;
  let host: string;
  if (useFips && useDualStack) host = `${service.hostPrefix}-fips.${region}.${partition.dualStackDnsSuffix}`;
  else if (useFips) host = partition.name === 'aws-us-gov' ? `${service.hostPrefix}.${region}.amazonaws.com` : `${service.hostPrefix}-fips.${region}.${partition.dnsSuffix}`;
  else if (useDualStack) host = `${service.hostPrefix}.${region}.${partition.dualStackDnsSuffix}`;
  else host = `${service.hostPrefix}.${region}.${partition.dnsSuffix}`;
  const variant = [useFips && 'FIPS', useDualStack && 'dual-stack'].filter(Boolean).join(', ');
  return { url: `https://${host}`, signingRegion: region, from: `region ${region} (${partition.name}${variant ? `, ${variant}` : ''})` };
}

/**
 * The endpoint for a service in a region: a configured URL when there is one (the SDK refuses FIPS or
 * dual-stack together with it, and so do we), otherwise the regional endpoint.
 * The SSO helper calls this with SSO_PORTAL_SERVICE / SSO_OIDC_SERVICE and the sso_region, the login
 * refresh with SIGNIN_SERVICE (src/login/endpoint.ts).
 */
export function resolveServiceEndpoint(settings: EndpointSettings, service: ServiceSpec, regionIn: string, regionFrom: string): ServiceEndpoint {
  const { region, fips: fipsRegion } = splitFipsRegion(regionIn);
  checkRegion(region, regionFrom);
  const flags = endpointFlags(settings);
  if (fipsRegion) flags.useFips = true;
  const configured = configuredEndpointUrl(settings, service);
  if (configured) {
    if (flags.useFips || flags.useDualStack) {
      const flag = flags.useFips ? 'FIPS (AWS_USE_FIPS_ENDPOINT / use_fips_endpoint)' : 'dual-stack (AWS_USE_DUALSTACK_ENDPOINT / use_dualstack_endpoint)';
      throw broken(`${flag} cannot be combined with the custom ${service.serviceId} endpoint from ${configured.from}`, {
        fix: 'Remove one of the two settings (the AWS SDK refuses the combination too)',
      });
    }
    return { url: configured.url, signingRegion: region, from: configured.from };
  }
  return service.regional ? service.regional(region, flags) : regionalEndpoint(service, region, flags);
}
