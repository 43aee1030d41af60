// The MFA code of an STS call with mfa_serial — an AssumeRole hop, or `credchain serve`'s GetSessionToken
// for a profile's long-term keys: the caller's mfaCodeProvider is required (checked by the profile
// executor before anything runs, and again here for direct callers) and asked for a code.

import { BrokenSourceError } from '../errors.js';
import type { SourceInput } from '../source.js';

type MfaCodeProvider = NonNullable<SourceInput['options']['mfaCodeProvider']>;

/** The step that needs the code: a role hop (`roleArn` set) or a GetSessionToken for the profile's keys. */
export interface MfaStep {
  profile: string;
  roleArn?: string;
}

const whatNeedsIt = (step: MfaStep) => (step.roleArn ? `assuming ${step.roleArn}` : 'the STS GetSessionToken session for its keys');

/** The caller's mfaCodeProvider, or the error that says a step with mfa_serial cannot run without one. */
export function requireMfaCodeProvider(input: Pick<SourceInput, 'options'>, step: MfaStep & { mfaSerial?: string }, sourceName: string): MfaCodeProvider {
  const provider = input.options.mfaCodeProvider;
  if (provider) return provider;
  throw new BrokenSourceError(
    sourceName,
    `profile "${step.profile}" has mfa_serial = ${step.mfaSerial}, so ${whatNeedsIt(step)} needs an MFA code, but no mfaCodeProvider was given`,
    {
      fix: 'Pass one: credentialChain({ mfaCodeProvider: async (serial) => codeFromYourUser }), or use a profile without mfa_serial',
      code: 'MfaCodeProviderMissing',
    },
  );
}

/** Asks the caller's mfaCodeProvider for the current code of `mfaSerial`; it must be 6 digits. */
export async function askForMfaCode(input: Pick<SourceInput, 'options'>, step: MfaStep, mfaSerial: string, sourceName: string): Promise<string> {
  const provider = requireMfaCodeProvider(input, { ...step, mfaSerial }, sourceName);
  let code: string;
  try {
    code = await provider(mfaSerial);
  } catch (error) {
    throw new BrokenSourceError(sourceName, `the MFA code provider failed for ${mfaSerial} (profile "${step.profile}"): ${(error as Error)?.message ?? String(error)}`, {
      cause: error,
    });
  }
  if (typeof code !== 'string' || !/^\d{6}$/.test(code.trim())) {
    throw new BrokenSourceError(sourceName, `the MFA code provider returned something other than a 6-digit code for ${mfaSerial} (profile "${step.profile}")`, {
      fix: 'Return the current 6-digit code of the device as a string',
    });
  }
  return code.trim();
}
