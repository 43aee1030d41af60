// Where the portal and SSO-OIDC calls go: the shared endpoint rules applied to the sso_region (docs/behaviour.md, "SSO", "STS endpoint").
import { describe, expect, it } from 'vitest';
import type { SharedConfig } from '../../src/config/types.js';
import { resolveSsoBase } from '../../src/providers/sso.js';
import { resolveSsoEndpoint } from '../../src/sso/endpoint.js';
import { ssoCall } from '../support/source-input.js';
import { LEGACY_CACHE_FILE, NOW, cachedToken, legacyBase, machineWith, sourceInput } from './harness.js';

function endpointFor(service: 'SSO' | 'SSO_OIDC', region: string, env: Record<string, string> = {}, config?: Partial<SharedConfig>) {
  const machine = machineWith({}, undefined, env);
  const full: SharedConfig = { profiles: {}, ssoSessions: {}, services: {}, configFile: '/home/test/.aws/config', credentialsFile: '', ...config };
  return (async () => resolveSsoEndpoint(ssoCall(machine.context, { config: full, profileName: 'dev' }), service, region))();
}

describe('SSO endpoints', () => {
  it.each([
    ['SSO', 'eu-west-1', {}, 'https://portal.sso.eu-west-1.amazonaws.com'],
    ['SSO_OIDC', 'eu-west-1', {}, 'https://oidc.eu-west-1.amazonaws.com'],
    ['SSO', 'cn-north-1', {}, 'https://portal.sso.cn-north-1.amazonaws.com.cn'],
    ['SSO', 'us-east-1', { AWS_USE_FIPS_ENDPOINT: 'true' }, 'https://portal.sso-fips.us-east-1.amazonaws.com'],
    ['SSO_OIDC', 'us-east-1', { AWS_USE_DUALSTACK_ENDPOINT: 'true' }, 'https://oidc.us-east-1.api.aws'],
    ['SSO', 'us-gov-west-1', { AWS_USE_FIPS_ENDPOINT: 'true' }, 'https://portal.sso.us-gov-west-1.amazonaws.com'],
    ['SSO', 'eu-west-1', { AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9/sso/', AWS_ENDPOINT_URL: 'http://127.0.0.1:8' }, 'http://127.0.0.1:9/sso'],
    ['SSO_OIDC', 'eu-west-1', { AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:7', AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9' }, 'http://127.0.0.1:7'],
    ['SSO_OIDC', 'eu-west-1', { AWS_ENDPOINT_URL: 'http://127.0.0.1:8' }, 'http://127.0.0.1:8'],
    ['SSO', 'eu-west-1', { AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, 'https://portal.sso.eu-west-1.amazonaws.com'],
  ] as const)('%s in %s with %o → %s', async (service, region, env, url) => {
    expect((await endpointFor(service, region, env)).url).toBe(url);
  });

  it('reads [services] blocks with the SDK keys "sso" and "sso_oidc" for the selected profile', async () => {
    const config: Partial<SharedConfig> = {
      profiles: { dev: { services: 'local' } },
      services: { local: { sso: { endpoint_url: 'http://127.0.0.1:5001' }, sso_oidc: { endpoint_url: 'http://127.0.0.1:5002' } } },
    };
    expect((await endpointFor('SSO', 'eu-west-1', {}, config)).url).toBe('http://127.0.0.1:5001');
    expect((await endpointFor('SSO_OIDC', 'eu-west-1', {}, config)).url).toBe('http://127.0.0.1:5002');
  });

  it('refuses a region that is not a host label (it would point the bearer token at another host)', async () => {
    await expect(endpointFor('SSO', 'evil.com/x', {})).rejects.toThrow(/region "evil.com\/x" \(sso_region\) is not a valid region name/);
  });

  it('treats an unreadable config as "no endpoint settings"', async () => {
    const machine = machineWith({ [LEGACY_CACHE_FILE]: cachedToken(NOW + 3_600_000) });
    const input = { ...sourceInput(machine), loadConfig: async () => Promise.reject(new Error('bad config')) };
    await resolveSsoBase(input, legacyBase());
    expect(machine.requests.map((r) => new URL(r.url).origin)).toEqual(['https://portal.sso.eu-west-1.amazonaws.com']);
  });
});
