// Where a resolution's STS calls go (docs/behaviour.md, "STS endpoint"): the selected profile's STS
// endpoint, with the region in the SDK's order for the kind of call (src/sts/endpoint.ts resolveStsRegion):
// the clientConfig.region option, the calling client's region, the environment, the profile.

import type { StsCall } from '../sts/client.js';
import type { StsCallKind, StsEndpoint } from '../sts/endpoint.js';
import type { SourceInput } from '../source.js';

/** `target` overrides the profile and the explicit region (fromTemporaryCredentials' clientConfig). */
export async function stsCallFor(
  input: SourceInput,
  call: StsCallKind,
  target: { profileName?: string; explicitRegion?: string | undefined } = {},
): Promise<StsCall & { endpoint: StsEndpoint }> {
  const { profileName = input.profile.name, explicitRegion = input.settings.sts.region } = target;
  const [{ resolveStsEndpoint, usesDefaultRegion }, config, callerRegion] = await Promise.all([import('../sts/endpoint.js'), input.loadConfig(), input.caller.region()]);
  const endpoint = resolveStsEndpoint({
    env: input.context.env,
    config,
    profileName,
    explicitRegion,
    callerRegion,
    call,
  });
  if (usesDefaultRegion(endpoint)) {
    input.note("STS region us-east-1 used by default: set AWS_REGION or the profile's region to choose one (the AWS SDK warns about this too)");
  }
  return { context: input.context, endpoint, note: input.note };
}
