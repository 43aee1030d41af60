// Issue 27, item 6: AWS_REGION=eu-wst-1 gave "host sts.eu-wst-1.amazonaws.com not found" and nothing
// more. A host that is not found is now explained with the region that was probably meant — after
// the request, never instead of it: a new, well-formed region keeps working. The list the suggestion
// comes from is checked against the AWS SDK's own partitions, so it cannot go stale unnoticed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { credentialChain } from '../src/chain.js';
import { NetworkError } from '../src/errors.js';
import { KNOWN_REGIONS, mistypedRegion } from '../src/known-regions.js';
import { getCallerIdentity } from '../src/sts/client.js';
import { resolveStsEndpoint } from '../src/sts/endpoint.js';
import { fakeMachine } from './support/fake-context.js';
import { callerIdentityReply } from './sts/support/replies.js';
import { resolveSsoBase } from '../src/providers/sso.js';
import { LEGACY_CACHE_FILE, NOW, cachedToken, legacyBase, machineWith, sourceInput } from './sso/harness.js';

const KEYS = { accessKeyId: 'AKIAREGIONEXAMPLE001', secretAccessKey: 'regionSecret/0123456789abcdefghijklmnop' };

/** No DNS here: a host that does not resolve, as the real HTTP client reports it. */
const notFound = (request: { url: string }): never => {
  throw new NetworkError('dns', `host ${new URL(request.url).hostname} not found`, request.url);
};

describe('known regions', () => {
  it('are the regions of the AWS SDK’s partitions (update src/known-regions.ts when the SDK adds one)', async () => {
    const core = dirname(createRequire(import.meta.url).resolve('@aws-sdk/core/package.json'));
    const file = join(core, 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js');
    expect(readFileSync(file, 'utf8')).toContain('partitionsInfo');
    const { partitionsInfo } = (await import(pathToFileURL(file).href)) as { partitionsInfo: { partitions: Array<{ regions: Record<string, unknown> }> } };
    const sdk = partitionsInfo.partitions.flatMap((partition) => Object.keys(partition.regions)).filter((region) => !region.endsWith('-global'));
    expect([...KNOWN_REGIONS].sort()).toEqual(sdk.sort());
  });

  it('suggest only for the regional host of a region AWS does not list, when one is close', () => {
    expect(mistypedRegion('sts.eu-wst-1.amazonaws.com', 'eu-wst-1', 'AWS_REGION')).toEqual({ problem: 'the region "eu-wst-1" (AWS_REGION) is not one AWS lists', fix: 'Did you mean eu-west-1? Correct AWS_REGION' });
    expect(mistypedRegion('portal.sso.us-esat-1.amazonaws.com', 'us-esat-1')).toEqual({ problem: 'the region "us-esat-1" is not one AWS lists', fix: 'Did you mean us-east-1? Correct the region' });
    expect(mistypedRegion('sts.eu-west-1.amazonaws.com', 'eu-west-1')).toBeUndefined();
    expect(mistypedRegion('sts.xy-nowhere-9.amazonaws.com', 'xy-nowhere-9')).toBeUndefined();
    expect(mistypedRegion('sts.internal.example', 'eu-wst-1'), 'an endpoint URL of its own: the region is not the cause').toBeUndefined();
  });
});

describe('a host not found for a mistyped region says which was meant', () => {
  it('STS: whoami’s call (GetCallerIdentity) with AWS_REGION=eu-wst-1', async () => {
    const m = fakeMachine({ request: notFound });
    const endpoint = resolveStsEndpoint({ env: { AWS_REGION: 'eu-wst-1' }, config: undefined, profileName: 'default' });
    const error = (await getCallerIdentity({ context: m.context, endpoint }, KEYS).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      'STS GetCallerIdentity at https://sts.eu-wst-1.amazonaws.com/ failed: host sts.eu-wst-1.amazonaws.com not found (https://sts.eu-wst-1.amazonaws.com/); the region "eu-wst-1" (AWS_REGION) is not one AWS lists. Did you mean eu-west-1? Correct AWS_REGION',
    );
    expect(m.requests).toHaveLength(1);
  });

  it('a role profile in the chain: the trace row names the region and the suggestion', async () => {
    const m = fakeMachine({
      env: { AWS_REGION: 'eu-wst-1', AWS_PROFILE: 'app' },
      files: { '/home/test/.aws/config': `[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n[profile base]\naws_access_key_id = ${KEYS.accessKeyId}\naws_secret_access_key = ${KEYS.secretAccessKey}\n` },
      request: notFound,
    });
    const explanation = await credentialChain({ context: m.context }).explain();
    expect(explanation.trace.find((entry) => entry.source === 'profile')).toMatchObject({ outcome: 'error', reason: expect.stringMatching(/host sts\.eu-wst-1\.amazonaws\.com not found .*; the region "eu-wst-1" \(AWS_REGION\) is not one AWS lists\. Did you mean eu-west-1\? Correct AWS_REGION$/) });
  });

  it('SSO: the portal host of a mistyped sso_region', async () => {
    const machine = machineWith({ [LEGACY_CACHE_FILE]: cachedToken(NOW + 3600_000) }, notFound);
    const error = (await resolveSsoBase(sourceInput(machine), legacyBase({ ssoRegion: 'eu-wst-1' })).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^SSO GetRoleCredentials for account 123456789012 role ReadOnly \(the region "eu-wst-1" \(sso_region\) is not one AWS lists\): host portal\.sso\.eu-wst-1\.amazonaws\.com not found .*\. Did you mean eu-west-1\? Correct sso_region$/);
  });

  it('a new, well-formed region is not refused: the request goes out and its answer is used', async () => {
    const m = fakeMachine({ request: () => ({ status: 200, headers: {}, body: callerIdentityReply('123456789012', 'arn:aws:iam::123456789012:user/new', 'AIDANEW') }) });
    const endpoint = resolveStsEndpoint({ env: { AWS_REGION: 'ap-southeast-9' }, config: undefined, profileName: 'default' });
    await expect(getCallerIdentity({ context: m.context, endpoint }, KEYS)).resolves.toMatchObject({ arn: 'arn:aws:iam::123456789012:user/new' });
    expect(m.requests.map((request) => request.url)).toEqual(['https://sts.ap-southeast-9.amazonaws.com/']);
  });
});
