// The behaviour oracle: the AWS SDK reads process.env directly, so every in-process SDK run goes through
// withProcessEnv (exactly the given AWS_* variables, restored afterwards); runSdkChain is the common case.
// Callers point every endpoint at loopback so the SDK never leaves the machine.

import { quiet } from './quiet-logger.js';

export interface SdkOutcome {
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date; accountId?: string };
  error?: Error;
}

/**
 * The SDK's own switch for exactly its Node-version notice (NodeVersionSupportWarning, from @aws-sdk/core
 * emitWarningIfUnsupportedVersion), set for the whole test run (setup.ts, and children: child-processes.ts).
 * No setting of any credential chain: withProcessEnv keeps it.
 */
export const SDK_VERSION_WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** Runs `run` with every AWS_* variable removed and `env` set in process.env; restores process.env afterwards. */
export async function withProcessEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_') && name !== SDK_VERSION_WARNING_SWITCH) delete process.env[name];
  Object.assign(process.env, env);
  try {
    return await run();
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

/** fromNodeProviderChain() with exactly `env`; refuses to run unless IMDS is off (use withProcessEnv to test IMDS). */
export async function runSdkChain(env: Record<string, string>, init: { profile?: string } = {}): Promise<SdkOutcome> {
  if (env.AWS_EC2_METADATA_DISABLED !== 'true') throw new Error('runSdkChain: set AWS_EC2_METADATA_DISABLED=true so the SDK cannot reach IMDS');
  // Loaded here, not at the top: files that only need withProcessEnv do not pay for the SDK.
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  return withProcessEnv(env, async () => {
    try {
      const credentials = await fromNodeProviderChain({ ...init, ignoreCache: true, logger: quiet })();
      return { credentials };
    } catch (error) {
      return { error: error as Error };
    }
  });
}
