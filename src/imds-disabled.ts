// AWS_EC2_METADATA_DISABLED, read by the chain's IMDS skip rule (providers/order.ts) and by a profile's
// credential_source = Ec2InstanceMetadata (providers/profile.ts). Small and in the core: the chain
// consults it on every resolution that reaches IMDS, before any IMDS code loads.

import { outsideText } from './outside-text.js';

/** The value of AWS_EC2_METADATA_DISABLED (escaped, short) when it turns IMDS off, else undefined. */
export function imdsDisabledBy(env: Record<string, string | undefined>): string | undefined {
  const value = env.AWS_EC2_METADATA_DISABLED;
  return value && value !== 'false' ? outsideText(value, 20) : undefined;
}
