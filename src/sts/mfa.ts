// The MFA requirement of an STS call with mfa_serial — an AssumeRole hop (docs/behaviour.md,
// "Role hops"), or `credchain serve`'s GetSessionToken for a profile's long-term keys: a code provider is
// required (checked by the profile executor before anything runs, and again here for direct
// callers) and asked for a 6-digit code.

import { broken } from '../errors.js';

export type MfaCodeProvider = (mfaSerial: string) => Promise<string>;

/** The step that needs the code: a role hop (`roleArn` set) or a GetSessionToken for the profile's own keys. */
export interface MfaStep {
  profile: string;
  roleArn?: string;
  mfaSerial?: string | undefined;
}

const whatNeedsIt = (step: MfaStep) => (step.roleArn ? `assuming ${step.roleArn}` : 'the STS GetSessionToken session for its keys');

/** The code provider, or the error that says a step with mfa_serial cannot run without one. */
export function requireMfaCodeProvider(provider: MfaCodeProvider | undefined, hop: MfaStep): MfaCodeProvider {
  if (provider) return provider;
  throw broken(`profile "${hop.profile}" has mfa_serial = ${hop.mfaSerial}, so ${whatNeedsIt(hop)} needs an MFA code, but no mfaCodeProvider was given`, {
    fix: 'Pass one: credentialChain({ mfaCodeProvider: async (serial) => codeFromYourUser }), or use a profile without mfa_serial',
    code: 'MfaCodeProviderMissing',
  });
}

/** Asks the code provider for the current code of the step's mfa_serial; it must be 6 digits. */
export async function askForMfaCode(provider: MfaCodeProvider | undefined, hop: MfaStep & { mfaSerial: string }): Promise<string> {
  const ask = requireMfaCodeProvider(provider, hop);
  const mfaSerial = hop.mfaSerial;
  let code: string;
  try {
    code = await ask(mfaSerial);
  } catch (error) {
    // Worded for whoever asked for the code (an app's provider, the CLI's prompt): the provider's message says why.
    throw broken(`no MFA code for ${mfaSerial} (profile "${hop.profile}"): ${(error as Error)?.message ?? String(error)}`, {
      cause: error,
    });
  }
  if (typeof code !== 'string' || !/^\d{6}$/.test(code.trim())) {
    throw broken(`the MFA code provider returned something other than a 6-digit code for ${mfaSerial} (profile "${hop.profile}")`, {
      fix: 'Return the current 6-digit code of the device as a string',
    });
  }
  return code.trim();
}
