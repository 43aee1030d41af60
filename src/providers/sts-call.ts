// Where a resolution's STS calls go: the selected profile's STS endpoint, for web identity and every
// role hop alike, as in the SDK (docs/behaviour.md, "STS endpoint").

import type { StsCall } from '../sts/client.js';
import type { StsEndpoint } from '../sts/endpoint.js';
import type { SourceInput } from '../source.js';

export async function stsCallFor(input: SourceInput): Promise<StsCall & { endpoint: StsEndpoint }> {
  const { resolveStsEndpoint, usesDefaultRegion } = await import('../sts/endpoint.js');
  const endpoint = resolveStsEndpoint({
    env: input.context.env,
    config: await input.loadConfig(),
    profileName: input.profile.name,
    explicitRegion: input.options.clientConfig?.region,
  });
  if (usesDefaultRegion(endpoint)) {
    input.note("STS region us-east-1 used by default: set AWS_REGION or the profile's region to choose one (the AWS SDK warns about this too)");
  }
  return { context: input.context, endpoint };
}
