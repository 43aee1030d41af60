// Where a resolution's STS calls go (docs/behaviour.md, "STS endpoint"): the selected profile's STS
// endpoint, with the region in the SDK's order for the kind of call (src/sts/endpoint.ts resolveStsRegion):
// the clientConfig.region option, the calling client's region, the environment, the profile — and how they
// go out: the provider's clientConfig (src/providers/service-client.ts).

import type { StsCall } from '../sts/client.js';
import type { StsCallKind, StsEndpoint } from '../sts/endpoint.js';
import type { SourceInput } from '../source.js';
import { clientConfigRegion, serviceClientFor } from './service-client.js';

/** `target` overrides the profile (fromTemporaryCredentials' clientConfig.profile). */
export async function stsCallFor(input: SourceInput, call: StsCallKind, target: { profileName?: string } = {}): Promise<StsCall & { endpoint: StsEndpoint }> {
  const { profileName = input.profile.name } = target;
  const [{ resolveStsEndpoint, usesDefaultRegion }, config, callerRegion, explicitRegion, client] = await Promise.all([
    import('../sts/endpoint.js'),
    input.loadConfig(),
    input.caller.region(),
    clientConfigRegion(input),
    serviceClientFor(input, 'STS'),
  ]);
  const endpoint = resolveStsEndpoint({ env: input.context.env, config, profileName, explicitRegion, callerRegion, call, client });
  if (usesDefaultRegion(endpoint)) {
    input.note("STS region us-east-1 used by default: set AWS_REGION or the profile's region to choose one (the AWS SDK warns about this too)");
  }
  client.logger.debug?.(`credchain: STS endpoint ${endpoint.url} (${endpoint.from}), region ${endpoint.region} (${endpoint.regionFrom})`);
  return { context: input.context, endpoint, note: input.note, client };
}
