// Differential: the regional host names of src/endpoint.ts against the SDK's own endpoint rules for STS,
// the SSO portal, SSO-OIDC and sign-in (the rule sets inside @aws-sdk/nested-clients), over every partition and flag.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SSO_OIDC_SERVICE, SSO_PORTAL_SERVICE, STS_SERVICE, regionalEndpoint, type ServiceSpec } from '../../src/endpoint.js';
import { signinRegionalEndpoint } from '../../src/login/endpoint.js';
import { resolveStsEndpoint } from '../../src/sts/endpoint.js';

const require = createRequire(import.meta.url);
type EndpointProvider = (params: Record<string, unknown>) => { url: URL; properties?: { authSchemes?: Array<{ signingRegion?: string }> } };

function sdkEndpointProvider(submodule: string, clientName: string): EndpointProvider {
  const Client = require(`@aws-sdk/nested-clients/${submodule}`)[clientName];
  return new Client({ region: 'us-east-1' }).config.endpointProvider as EndpointProvider;
}

const REGIONS = [
  'us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-2', 'ap-east-1', 'me-south-1', 'il-central-1', 'mx-central-1', 'ca-west-1', 'af-south-1',
  'cn-north-1', 'cn-northwest-1', 'us-gov-west-1', 'us-gov-east-1', 'us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'us-isof-south-1',
  'eusc-de-east-1', 'xx-unknown-1',
];
const FLAGS = [
  { useFips: false, useDualStack: false },
  { useFips: true, useDualStack: false },
  { useFips: false, useDualStack: true },
  { useFips: true, useDualStack: true },
];
const cases = REGIONS.flatMap((region) => FLAGS.map((flags) => ({ region, ...flags })));

describe.each([
  ['STS', STS_SERVICE, 'sts', 'STSClient'],
  ['SSO portal', SSO_PORTAL_SERVICE, 'sso', 'SSOClient'],
  ['SSO-OIDC', SSO_OIDC_SERVICE, 'sso-oidc', 'SSOOIDCClient'],
] as Array<[string, ServiceSpec, string, string]>)('%s hosts agree with the SDK rules', (_name, service, submodule, clientName) => {
  const sdk = sdkEndpointProvider(submodule, clientName);
  it.each(cases)('$region fips=$useFips dualstack=$useDualStack', ({ region, useFips, useDualStack }) => {
    const theirs = sdk({ Region: region, UseFIPS: useFips, UseDualStack: useDualStack, UseGlobalEndpoint: false }).url.href.replace(/\/$/, '');
    expect(regionalEndpoint(service, region, { useFips, useDualStack }).url).toBe(theirs);
  });
});

describe('sign-in hosts (aws login refresh) agree with the SDK rules for CreateOAuth2Token', () => {
  const sdk = sdkEndpointProvider('signin', 'SigninClient');
  // CreateOAuth2Token sets IsControlPlane = false (its static context params in the SDK's command).
  it.each([...cases, ...FLAGS.map((flags) => ({ region: 'aws-global', ...flags }))])('$region fips=$useFips dualstack=$useDualStack', ({ region, useFips, useDualStack }) => {
    const theirs = sdk({ Region: region, UseFIPS: useFips, UseDualStack: useDualStack, IsControlPlane: false }).url.href.replace(/\/$/, '');
    expect(signinRegionalEndpoint(region, { useFips, useDualStack }).url).toBe(theirs);
  });

  it('a custom endpoint with FIPS or dual-stack is refused by both', () => {
    for (const flags of [{ UseFIPS: true, UseDualStack: false }, { UseFIPS: false, UseDualStack: true }]) {
      expect(() => sdk({ Region: 'us-east-1', Endpoint: 'http://127.0.0.1:1', IsControlPlane: false, ...flags })).toThrow(/custom endpoint are not supported/);
    }
  });
});

describe('STS global endpoint agrees with the SDK rules (aws-global; legacy = UseGlobalEndpoint)', () => {
  const sdk = sdkEndpointProvider('sts', 'STSClient');
  it.each(['aws-global', 'us-east-1', 'eu-west-1', 'ap-east-1', 'cn-north-1', 'us-gov-west-1'])('%s', (region) => {
    for (const legacy of [false, true]) {
      const theirs = sdk({ Region: region, UseFIPS: false, UseDualStack: false, UseGlobalEndpoint: legacy });
      const ours = resolveStsEndpoint({
        env: { AWS_REGION: region, ...(legacy ? { AWS_STS_REGIONAL_ENDPOINTS: 'legacy' } : {}) },
        config: undefined,
        profileName: 'default',
      });
      expect(ours.url).toBe(theirs.url.href.replace(/\/$/, ''));
      expect(ours.signingRegion).toBe(theirs.properties?.authSchemes?.[0]?.signingRegion ?? region);
    }
  });
});
