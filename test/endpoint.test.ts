import { describe, expect, it } from 'vitest';
import {
  SSO_OIDC_SERVICE,
  SSO_PORTAL_SERVICE,
  STS_SERVICE,
  configuredEndpointUrl,
  partitionOf,
  regionalEndpoint,
  resolveServiceEndpoint,
  splitFipsRegion,
  type EndpointSettings,
} from '../src/endpoint.js';
import { SIGNIN_SERVICE, resolveSigninEndpoint } from '../src/login/endpoint.js';
import { sharedConfig } from './sts/config-fixture.js';
import { labelledSync } from './support/source-input.js';
import { expectBroken } from './support/outcomes.js';

function settings(env: Record<string, string> = {}, profile: Record<string, string | Record<string, string>> = {}, services = {}): EndpointSettings {
  return { env, config: sharedConfig({ default: profile }, services), profileName: 'default' };
}

describe('partitionOf', () => {
  it.each([
    ['us-east-1', 'aws', 'amazonaws.com'],
    ['eu-central-2', 'aws', 'amazonaws.com'],
    ['aws-global', 'aws', 'amazonaws.com'],
    ['cn-north-1', 'aws-cn', 'amazonaws.com.cn'],
    ['cn-northwest-1', 'aws-cn', 'amazonaws.com.cn'],
    ['us-gov-west-1', 'aws-us-gov', 'amazonaws.com'],
    ['us-iso-east-1', 'aws-iso', 'c2s.ic.gov'],
    ['us-isob-east-1', 'aws-iso-b', 'sc2s.sgov.gov'],
    ['eu-isoe-west-1', 'aws-iso-e', 'cloud.adc-e.uk'],
    ['made-up', 'aws', 'amazonaws.com'],
  ])('%s is in %s', (region, name, dnsSuffix) => {
    expect(partitionOf(region)).toMatchObject({ name, dnsSuffix });
  });
});

describe('regionalEndpoint for every service prefix', () => {
  const plain = { useFips: false, useDualStack: false };
  it.each([
    [STS_SERVICE, 'eu-west-1', plain, 'https://sts.eu-west-1.amazonaws.com'],
    [SSO_PORTAL_SERVICE, 'eu-west-1', plain, 'https://portal.sso.eu-west-1.amazonaws.com'],
    [SSO_OIDC_SERVICE, 'eu-west-1', plain, 'https://oidc.eu-west-1.amazonaws.com'],
    [SSO_PORTAL_SERVICE, 'us-east-1', { useFips: true, useDualStack: false }, 'https://portal.sso-fips.us-east-1.amazonaws.com'],
    [SSO_OIDC_SERVICE, 'us-east-1', { useFips: true, useDualStack: true }, 'https://oidc-fips.us-east-1.api.aws'],
    [SSO_OIDC_SERVICE, 'us-gov-west-1', { useFips: true, useDualStack: false }, 'https://oidc.us-gov-west-1.amazonaws.com'],
    [SSO_PORTAL_SERVICE, 'cn-north-1', { useFips: false, useDualStack: true }, 'https://portal.sso.cn-north-1.api.amazonwebservices.com.cn'],
  ])('%o in %s with %o → %s', (service, region, flags, url) => {
    expect(regionalEndpoint(service, region, flags).url).toBe(url);
  });
});

describe('configuredEndpointUrl (generic: the service id picks the variable and the [services] key)', () => {
  it('AWS_ENDPOINT_URL_SSO_OIDC is for SSO-OIDC only', () => {
    const s = settings({ AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9000' });
    expect(configuredEndpointUrl(s, SSO_OIDC_SERVICE)).toEqual({ url: 'http://127.0.0.1:9000', from: 'AWS_ENDPOINT_URL_SSO_OIDC' });
    expect(configuredEndpointUrl(s, SSO_PORTAL_SERVICE)).toBeUndefined();
  });

  it('the [services] block uses sso_oidc / sso keys', () => {
    const s = settings({}, { services: 'local' }, { local: { sso_oidc: { endpoint_url: 'http://127.0.0.1:1/' }, sso: { endpoint_url: 'http://127.0.0.1:2' } } });
    expect(configuredEndpointUrl(s, SSO_OIDC_SERVICE)?.url).toBe('http://127.0.0.1:1');
    expect(configuredEndpointUrl(s, SSO_PORTAL_SERVICE)?.url).toBe('http://127.0.0.1:2');
    expect(configuredEndpointUrl(s, STS_SERVICE)).toBeUndefined();
  });

  it('keeps a base path, drops a trailing slash, a query and a fragment', () => {
    expect(configuredEndpointUrl(settings({ AWS_ENDPOINT_URL: 'https://proxy.example.com/aws/sts/?x=1#y' }), STS_SERVICE)?.url).toBe('https://proxy.example.com/aws/sts');
  });

  it.each([
    ['not a url', /is not a valid URL/],
    ['ftp://example.com', /must be an http or https URL/],
    ['https://user:pw@example.com', /must not carry a user name or password/],
  ])('refuses %s', (value, message) => {
    expect(() => configuredEndpointUrl(settings({ AWS_ENDPOINT_URL_SSO: value }), SSO_PORTAL_SERVICE)).toThrow(message);
  });
});

describe('resolveServiceEndpoint', () => {
  it('signs for the region even with a custom endpoint', () => {
    expect(resolveServiceEndpoint(settings({ AWS_ENDPOINT_URL: 'http://127.0.0.1:5' }), SSO_PORTAL_SERVICE, 'eu-west-3', 'sso_region')).toEqual({
      url: 'http://127.0.0.1:5',
      signingRegion: 'eu-west-3',
      from: 'AWS_ENDPOINT_URL',
    });
  });

  it('refuses a region that is not one host label (no request to another host)', () => {
    const error = (() => {
      try {
        labelledSync('sso', () => resolveServiceEndpoint(settings(), SSO_PORTAL_SERVICE, 'evil.example.com/x', 'sso_region of profile "dev"'));
      } catch (e) {
        return e;
      }
    })();
    expectBroken(error);
    expect((error as Error).message).toMatch(/sso: the region "evil.example.com\/x" \(sso_region of profile "dev"\) is not a valid region name/);
  });

  it.each([
    ['fips-us-east-1', 'us-east-1', true],
    ['us-west-2-fips', 'us-west-2', true],
    ['fips-aws-global', 'us-east-1', true],
    ['us-west-2', 'us-west-2', false],
  ])('reads the FIPS marker in %s (as the SDK does)', (region, real, fips) => {
    expect(splitFipsRegion(region)).toEqual({ region: real, fips });
  });
});

describe('sign-in endpoint (aws login refresh) through the shared rules', () => {
  it('AWS_ENDPOINT_URL_SIGNIN, then AWS_ENDPOINT_URL, then [services] signin, then endpoint_url', () => {
    expect(configuredEndpointUrl(settings({ AWS_ENDPOINT_URL_SIGNIN: 'http://127.0.0.1:1', AWS_ENDPOINT_URL: 'http://127.0.0.1:2' }), SIGNIN_SERVICE)?.from).toBe('AWS_ENDPOINT_URL_SIGNIN');
    expect(configuredEndpointUrl(settings({ AWS_ENDPOINT_URL: 'http://127.0.0.1:2' }), SIGNIN_SERVICE)?.url).toBe('http://127.0.0.1:2');
    const s = settings({}, { services: 'local', endpoint_url: 'http://127.0.0.1:4' }, { local: { signin: { endpoint_url: 'http://127.0.0.1:3' } } });
    expect(configuredEndpointUrl(s, SIGNIN_SERVICE)?.url).toBe('http://127.0.0.1:3');
    expect(configuredEndpointUrl(settings({}, { endpoint_url: 'http://127.0.0.1:4' }), SIGNIN_SERVICE)?.url).toBe('http://127.0.0.1:4');
  });

  it('regional hosts use the sign-in rules, the FIPS marker in a region included', () => {
    expect(resolveSigninEndpoint(settings(), 'eu-west-1', 'signInRegion').url).toBe('https://eu-west-1.signin.aws.amazon.com');
    expect(resolveSigninEndpoint(settings(), 'fips-us-east-1', 'signInRegion').url).toBe('https://signin-fips.us-east-1.amazonaws.com');
    expect(resolveSigninEndpoint(settings({ AWS_USE_DUALSTACK_ENDPOINT: 'true' }), 'cn-north-1', 'signInRegion').url).toBe('https://signin.cn-north-1.api.amazonwebservices.com.cn');
  });

  it('refuses FIPS with a custom endpoint, as the SDK', () => {
    expect(() => resolveSigninEndpoint(settings({ AWS_ENDPOINT_URL_SIGNIN: 'http://127.0.0.1:1', AWS_USE_FIPS_ENDPOINT: 'true' }), 'us-east-1', 'signInRegion')).toThrow(
      /FIPS .* cannot be combined with the custom Signin endpoint/,
    );
  });
});
