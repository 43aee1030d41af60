// The regions AWS lists (the partitions.json of the AWS SDK's endpoint rules, checked against it by
// test/known-regions.test.ts). Used for one thing only: when a regional host is not found, to say
// which region was probably meant ("eu-wst-1" → eu-west-1). Never to refuse a region before a
// request — a region newer than this list works like any other, and a stale list costs at most a
// missing suggestion.

import { closest } from './did-you-mean.js';

export const KNOWN_REGIONS: readonly string[] = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ca-central-1', 'ca-west-1', 'cn-north-1', 'cn-northwest-1', 'eu-central-1', 'eu-central-2', 'eu-isoe-west-1', 'eu-north-1',
  'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eusc-de-east-1', 'il-central-1', 'me-central-1', 'me-south-1',
  'me-west-1', 'mx-central-1', 'sa-east-1', 'sa-west-1', 'us-east-1', 'us-east-2', 'us-gov-east-1', 'us-gov-west-1', 'us-iso-east-1',
  'us-iso-west-1', 'us-isob-east-1', 'us-isob-west-1', 'us-isof-east-1', 'us-isof-south-1', 'us-west-1', 'us-west-2',
];

export interface MistypedRegion {
  /** `the region "eu-wst-1" (AWS_REGION) is not one AWS lists` */
  problem: string;
  /** `Did you mean eu-west-1? Correct AWS_REGION` */
  fix: string;
}

/**
 * For a host that was not found: when it is `region`'s regional host, `region` is not one AWS lists
 * and one it lists is close, what to say; else undefined. `from` names the setting (AWS_REGION, sso_region).
 */
export function mistypedRegion(host: string, region: string | undefined, from?: string): MistypedRegion | undefined {
  if (!region || KNOWN_REGIONS.includes(region) || !host.split('.').includes(region)) return undefined;
  const meant = closest(region, KNOWN_REGIONS);
  if (meant === undefined) return undefined;
  return { problem: `the region "${region}"${from ? ` (${from})` : ''} is not one AWS lists`, fix: `Did you mean ${meant}? Correct ${from ?? 'the region'}` };
}
