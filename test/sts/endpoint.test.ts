// The STS region and endpoint for every setting of docs/behaviour.md, "STS endpoint", one row per combination.
import { describe, expect, it } from 'vitest';
import type { Section } from '../../src/config/types.js';
import { LEGACY_GLOBAL_REGIONS, resolveStsEndpoint, resolveStsRegion } from '../../src/sts/endpoint.js';
import { sharedConfig } from './config-fixture.js';
import { labelledSync } from '../support/source-input.js';
import { expectBroken } from '../support/outcomes.js';

interface Row {
  name: string;
  env?: Record<string, string>;
  profiles?: Record<string, Section>;
  services?: Record<string, Section>;
  explicitRegion?: string;
  url: string;
  signingRegion: string;
}

function resolve(row: Omit<Row, 'name' | 'url' | 'signingRegion'>) {
  const env = row.env ?? {};
  return resolveStsEndpoint({
    env,
    config: sharedConfig(row.profiles ?? {}, row.services ?? {}),
    profileName: env.AWS_PROFILE ?? 'default',
    explicitRegion: row.explicitRegion,
  });
}

const rows: Row[] = [
  // Region: explicit option, AWS_REGION, the profile's region, us-east-1.
  { name: 'nothing set: us-east-1', url: 'https://sts.us-east-1.amazonaws.com', signingRegion: 'us-east-1' },
  { name: 'AWS_REGION', env: { AWS_REGION: 'eu-west-1' }, url: 'https://sts.eu-west-1.amazonaws.com', signingRegion: 'eu-west-1' },
  { name: 'AWS_DEFAULT_REGION is not read (as in the SDK)', env: { AWS_DEFAULT_REGION: 'eu-west-1' }, url: 'https://sts.us-east-1.amazonaws.com', signingRegion: 'us-east-1' },
  { name: 'profile region', profiles: { default: { region: 'ap-southeast-2' } }, url: 'https://sts.ap-southeast-2.amazonaws.com', signingRegion: 'ap-southeast-2' },
  { name: 'AWS_REGION beats the profile region', env: { AWS_REGION: 'eu-west-2' }, profiles: { default: { region: 'ap-southeast-2' } }, url: 'https://sts.eu-west-2.amazonaws.com', signingRegion: 'eu-west-2' },
  { name: 'explicit option beats AWS_REGION', explicitRegion: 'ca-central-1', env: { AWS_REGION: 'eu-west-2' }, url: 'https://sts.ca-central-1.amazonaws.com', signingRegion: 'ca-central-1' },
  { name: 'the selected profile (AWS_PROFILE) gives the region', env: { AWS_PROFILE: 'dev' }, profiles: { default: { region: 'eu-west-1' }, dev: { region: 'eu-north-1' } }, url: 'https://sts.eu-north-1.amazonaws.com', signingRegion: 'eu-north-1' },
  // Partitions.
  { name: 'aws-cn', env: { AWS_REGION: 'cn-north-1' }, url: 'https://sts.cn-north-1.amazonaws.com.cn', signingRegion: 'cn-north-1' },
  { name: 'aws-us-gov', env: { AWS_REGION: 'us-gov-west-1' }, url: 'https://sts.us-gov-west-1.amazonaws.com', signingRegion: 'us-gov-west-1' },
  { name: 'aws-us-gov with FIPS keeps the regular host (it is FIPS)', env: { AWS_REGION: 'us-gov-east-1', AWS_USE_FIPS_ENDPOINT: 'true' }, url: 'https://sts.us-gov-east-1.amazonaws.com', signingRegion: 'us-gov-east-1' },
  { name: 'aws-cn dual-stack', env: { AWS_REGION: 'cn-northwest-1', AWS_USE_DUALSTACK_ENDPOINT: 'true' }, url: 'https://sts.cn-northwest-1.api.amazonwebservices.com.cn', signingRegion: 'cn-northwest-1' },
  // FIPS and dual-stack, from the environment or the profile.
  { name: 'AWS_USE_FIPS_ENDPOINT', env: { AWS_REGION: 'us-west-2', AWS_USE_FIPS_ENDPOINT: 'true' }, url: 'https://sts-fips.us-west-2.amazonaws.com', signingRegion: 'us-west-2' },
  { name: 'use_fips_endpoint in the profile', profiles: { default: { region: 'us-east-2', use_fips_endpoint: 'true' } }, url: 'https://sts-fips.us-east-2.amazonaws.com', signingRegion: 'us-east-2' },
  { name: 'AWS_USE_FIPS_ENDPOINT=false beats the profile', env: { AWS_USE_FIPS_ENDPOINT: 'false' }, profiles: { default: { use_fips_endpoint: 'true' } }, url: 'https://sts.us-east-1.amazonaws.com', signingRegion: 'us-east-1' },
  { name: 'AWS_USE_DUALSTACK_ENDPOINT', env: { AWS_REGION: 'eu-west-1', AWS_USE_DUALSTACK_ENDPOINT: 'true' }, url: 'https://sts.eu-west-1.api.aws', signingRegion: 'eu-west-1' },
  { name: 'use_dualstack_endpoint in the profile', profiles: { default: { region: 'eu-west-1', use_dualstack_endpoint: 'true' } }, url: 'https://sts.eu-west-1.api.aws', signingRegion: 'eu-west-1' },
  { name: 'FIPS and dual-stack', env: { AWS_REGION: 'us-east-1', AWS_USE_FIPS_ENDPOINT: 'true', AWS_USE_DUALSTACK_ENDPOINT: 'true' }, url: 'https://sts-fips.us-east-1.api.aws', signingRegion: 'us-east-1' },
  { name: 'empty flag variables count as unset', env: { AWS_USE_FIPS_ENDPOINT: '', AWS_USE_DUALSTACK_ENDPOINT: '' }, url: 'https://sts.us-east-1.amazonaws.com', signingRegion: 'us-east-1' },
  { name: 'a fips- region means FIPS', env: { AWS_REGION: 'fips-us-west-1' }, url: 'https://sts-fips.us-west-1.amazonaws.com', signingRegion: 'us-west-1' },
  // Configured endpoint URLs, in order.
  { name: 'AWS_ENDPOINT_URL_STS', env: { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4566' }, url: 'http://127.0.0.1:4566', signingRegion: 'eu-west-1' },
  { name: 'AWS_ENDPOINT_URL', env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4567/' }, url: 'http://127.0.0.1:4567', signingRegion: 'us-east-1' },
  { name: 'AWS_ENDPOINT_URL_STS beats AWS_ENDPOINT_URL', env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:2' }, url: 'http://127.0.0.1:2', signingRegion: 'us-east-1' },
  { name: '[services] sts endpoint_url', profiles: { default: { services: 'local' } }, services: { local: { sts: { endpoint_url: 'http://127.0.0.1:3' } } }, url: 'http://127.0.0.1:3', signingRegion: 'us-east-1' },
  { name: 'AWS_ENDPOINT_URL beats [services]', env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }, profiles: { default: { services: 'local' } }, services: { local: { sts: { endpoint_url: 'http://127.0.0.1:3' } } }, url: 'http://127.0.0.1:1', signingRegion: 'us-east-1' },
  { name: '[services] beats the profile endpoint_url', profiles: { default: { services: 'local', endpoint_url: 'http://127.0.0.1:4' } }, services: { local: { sts: { endpoint_url: 'http://127.0.0.1:3' } } }, url: 'http://127.0.0.1:3', signingRegion: 'us-east-1' },
  { name: '[services] without an sts entry falls to the profile endpoint_url', profiles: { default: { services: 'local', endpoint_url: 'http://127.0.0.1:4' } }, services: { local: { s3: { endpoint_url: 'http://127.0.0.1:3' } } }, url: 'http://127.0.0.1:4', signingRegion: 'us-east-1' },
  { name: 'profile endpoint_url', profiles: { default: { region: 'eu-west-1', endpoint_url: 'https://sts.internal.example.com' } }, url: 'https://sts.internal.example.com', signingRegion: 'eu-west-1' },
  { name: 'the selected profile’s endpoint_url (AWS_PROFILE)', env: { AWS_PROFILE: 'dev' }, profiles: { default: { endpoint_url: 'http://127.0.0.1:1' }, dev: { endpoint_url: 'http://127.0.0.1:2' } }, url: 'http://127.0.0.1:2', signingRegion: 'us-east-1' },
  // Ignoring configured endpoints.
  { name: 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ignores the variables', env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:2', AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }, url: 'https://sts.us-east-1.amazonaws.com', signingRegion: 'us-east-1' },
  { name: 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ignores [services] and endpoint_url', env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, profiles: { default: { services: 'local', endpoint_url: 'http://127.0.0.1:4' } }, services: { local: { sts: { endpoint_url: 'http://127.0.0.1:3' } } }, url: 'https://sts.us-east-1.amazonaws.com', signingRegion: 'us-east-1' },
  { name: 'ignore_configured_endpoint_urls in the profile', env: { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:2' }, profiles: { default: { ignore_configured_endpoint_urls: 'true' } }, url: 'https://sts.us-east-1.amazonaws.com', signingRegion: 'us-east-1' },
  { name: 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false beats the profile', env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:2' }, profiles: { default: { ignore_configured_endpoint_urls: 'true' } }, url: 'http://127.0.0.1:2', signingRegion: 'us-east-1' },
  // aws-global and AWS_STS_REGIONAL_ENDPOINTS / sts_regional_endpoints (beyond: the SDK ignores the setting).
  { name: 'aws-global is the global endpoint, signed for us-east-1', env: { AWS_REGION: 'aws-global' }, url: 'https://sts.amazonaws.com', signingRegion: 'us-east-1' },
  { name: 'regional is the default for a legacy region', env: { AWS_REGION: 'eu-west-1', AWS_STS_REGIONAL_ENDPOINTS: 'regional' }, url: 'https://sts.eu-west-1.amazonaws.com', signingRegion: 'eu-west-1' },
  { name: 'beyond: legacy sends a legacy region to the global endpoint', env: { AWS_REGION: 'eu-west-1', AWS_STS_REGIONAL_ENDPOINTS: 'legacy' }, url: 'https://sts.amazonaws.com', signingRegion: 'us-east-1' },
  { name: 'beyond: legacy with no region (us-east-1)', env: { AWS_STS_REGIONAL_ENDPOINTS: 'legacy' }, url: 'https://sts.amazonaws.com', signingRegion: 'us-east-1' },
  { name: 'beyond: sts_regional_endpoints = legacy in the profile', profiles: { default: { region: 'us-west-2', sts_regional_endpoints: 'legacy' } }, url: 'https://sts.amazonaws.com', signingRegion: 'us-east-1' },
  { name: 'beyond: the variable beats the profile', env: { AWS_STS_REGIONAL_ENDPOINTS: 'regional' }, profiles: { default: { region: 'us-west-2', sts_regional_endpoints: 'legacy' } }, url: 'https://sts.us-west-2.amazonaws.com', signingRegion: 'us-west-2' },
  { name: 'beyond: legacy leaves other regions regional', env: { AWS_REGION: 'ap-east-1', AWS_STS_REGIONAL_ENDPOINTS: 'legacy' }, url: 'https://sts.ap-east-1.amazonaws.com', signingRegion: 'ap-east-1' },
  { name: 'beyond: legacy leaves other partitions regional', env: { AWS_REGION: 'cn-north-1', AWS_STS_REGIONAL_ENDPOINTS: 'legacy' }, url: 'https://sts.cn-north-1.amazonaws.com.cn', signingRegion: 'cn-north-1' },
  { name: 'beyond: legacy never overrides FIPS', env: { AWS_REGION: 'us-east-1', AWS_STS_REGIONAL_ENDPOINTS: 'legacy', AWS_USE_FIPS_ENDPOINT: 'true' }, url: 'https://sts-fips.us-east-1.amazonaws.com', signingRegion: 'us-east-1' },
  { name: 'beyond: legacy never overrides dual-stack', env: { AWS_REGION: 'us-east-1', AWS_STS_REGIONAL_ENDPOINTS: 'legacy', AWS_USE_DUALSTACK_ENDPOINT: 'true' }, url: 'https://sts.us-east-1.api.aws', signingRegion: 'us-east-1' },
  { name: 'beyond: legacy never overrides a configured URL', env: { AWS_STS_REGIONAL_ENDPOINTS: 'legacy', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:2' }, url: 'http://127.0.0.1:2', signingRegion: 'us-east-1' },
  { name: 'beyond: LEGACY in capitals', env: { AWS_REGION: 'sa-east-1', AWS_STS_REGIONAL_ENDPOINTS: 'LEGACY' }, url: 'https://sts.amazonaws.com', signingRegion: 'us-east-1' },
];

describe('resolveStsEndpoint (docs/behaviour.md, "STS endpoint")', () => {
  it.each(rows)('$name', (row) => {
    const endpoint = resolve(row);
    expect({ url: endpoint.url, signingRegion: endpoint.signingRegion }).toEqual({ url: row.url, signingRegion: row.signingRegion });
  });

  it.each([...LEGACY_GLOBAL_REGIONS])('beyond: legacy + %s → https://sts.amazonaws.com', (region) => {
    expect(resolve({ env: { AWS_REGION: region, AWS_STS_REGIONAL_ENDPOINTS: 'legacy' } }).url).toBe('https://sts.amazonaws.com');
    expect(resolve({ env: { AWS_REGION: region } }).url).toBe(region === 'aws-global' ? 'https://sts.amazonaws.com' : `https://sts.${region}.amazonaws.com`);
  });

  it('lists exactly the 16 legacy regions of docs/behaviour.md', () => {
    expect(LEGACY_GLOBAL_REGIONS.size).toBe(16);
  });

  it('says where the region came from', () => {
    expect(resolveStsRegion({ env: {}, config: undefined, profileName: 'default' }).from).toMatch(/default/);
    expect(resolve({ env: { AWS_REGION: 'eu-west-1' } }).regionFrom).toBe('AWS_REGION');
    expect(resolve({ explicitRegion: 'eu-west-1' }).regionFrom).toMatch(/clientConfig.region/);
    expect(resolve({ profiles: { default: { region: 'eu-west-1' } } }).regionFrom).toMatch(/region of profile "default"/);
  });
});

describe('resolveStsEndpoint refuses bad settings with a clear error (beyond: the SDK ignores most of them silently)', () => {
  const cases: Array<[string, Omit<Row, 'name' | 'url' | 'signingRegion'>, RegExp]> = [
    ['a flag that is not true/false', { env: { AWS_USE_FIPS_ENDPOINT: 'yes' } }, /AWS_USE_FIPS_ENDPOINT is "yes", which is neither true nor false/],
    ['a profile flag that is not true/false', { profiles: { default: { use_dualstack_endpoint: '1' } } }, /use_dualstack_endpoint in profile "default" is "1"/],
    ['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=TRUE', { env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE' } }, /AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is "TRUE"/],
    ['an unknown AWS_STS_REGIONAL_ENDPOINTS', { env: { AWS_STS_REGIONAL_ENDPOINTS: 'global' } }, /AWS_STS_REGIONAL_ENDPOINTS is "global"; expected regional or legacy/],
    ['an unknown sts_regional_endpoints', { profiles: { default: { sts_regional_endpoints: 'x' } } }, /sts_regional_endpoints in profile "default" is "x"/],
    ['a services name with no [services] section', { profiles: { default: { services: 'nope' } } }, /services = nope, but there is no \[services nope\] section in \/home\/test\/.aws\/config/],
    ['FIPS with a custom endpoint (the SDK refuses it too)', { env: { AWS_USE_FIPS_ENDPOINT: 'true', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1' } }, /FIPS .* cannot be combined with the custom STS endpoint from AWS_ENDPOINT_URL_STS/],
    ['dual-stack with a custom endpoint (the SDK refuses it too)', { env: { AWS_USE_DUALSTACK_ENDPOINT: 'true' }, profiles: { default: { endpoint_url: 'http://127.0.0.1:1' } } }, /dual-stack .* cannot be combined with the custom STS endpoint from endpoint_url of profile "default"/],
    ['a region that is not a host label', { env: { AWS_REGION: 'us-east-1.evil.example' } }, /the region "us-east-1.evil.example" \(AWS_REGION\) is not a valid region name/],
    ['a bad AWS_ENDPOINT_URL_STS', { env: { AWS_ENDPOINT_URL_STS: '127.0.0.1:4566' } }, /AWS_ENDPOINT_URL_STS must be an http or https URL|AWS_ENDPOINT_URL_STS is not a valid URL/],
  ];
  it.each(cases)('%s', (_name, row, message) => {
    let error: unknown;
    try {
      labelledSync('web-identity', () => resolve(row));
    } catch (e) {
      error = e;
    }
    expectBroken(error);
    expect((error as Error).message).toMatch(/^web-identity: /);
    expect((error as Error).message).toMatch(message);
  });
});
