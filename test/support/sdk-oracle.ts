// The behaviour oracle: the AWS SDK's fromNodeProviderChain() run in-process with exactly the given
// environment (it reads process.env), which is restored afterwards. Callers must point every
// endpoint at loopback and keep AWS_EC2_METADATA_DISABLED=true so the SDK never leaves the machine.

import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

export interface SdkOutcome {
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date; accountId?: string };
  error?: Error;
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export async function runSdkChain(env: Record<string, string>, init: { profile?: string } = {}): Promise<SdkOutcome> {
  if (env.AWS_EC2_METADATA_DISABLED !== 'true') throw new Error('runSdkChain: set AWS_EC2_METADATA_DISABLED=true so the SDK cannot reach IMDS');
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  Object.assign(process.env, env);
  try {
    const credentials = await fromNodeProviderChain({ ...init, ignoreCache: true, logger: quiet })();
    return { credentials };
  } catch (error) {
    return { error: error as Error };
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}
