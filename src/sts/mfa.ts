// The MFA code of an AssumeRole hop with mfa_serial: the caller's mfaCodeProvider is required (checked
// by the profile executor before anything runs, and again here for direct callers) and asked for a code.

import type { RoleHop } from '../config/plan.js';
import { BrokenSourceError } from '../errors.js';
import type { SourceInput } from '../source.js';

type MfaCodeProvider = NonNullable<SourceInput['options']['mfaCodeProvider']>;

/** The caller's mfaCodeProvider, or the error that says a hop with mfa_serial cannot run without one. */
export function requireMfaCodeProvider(input: SourceInput, hop: RoleHop, sourceName: string): MfaCodeProvider {
  const provider = input.options.mfaCodeProvider;
  if (provider) return provider;
  throw new BrokenSourceError(
    sourceName,
    `profile "${hop.profile}" has mfa_serial = ${hop.mfaSerial}, so assuming ${hop.roleArn} needs an MFA code, but no mfaCodeProvider was given`,
    {
      fix: 'Pass one: credentialChain({ mfaCodeProvider: async (serial) => codeFromYourUser }), or use a profile without mfa_serial',
      code: 'MfaCodeProviderMissing',
    },
  );
}

/** Asks the caller's mfaCodeProvider for the current code of `mfaSerial`; it must be 6 digits. */
export async function askForMfaCode(input: SourceInput, hop: RoleHop, mfaSerial: string, sourceName: string): Promise<string> {
  const provider = requireMfaCodeProvider(input, hop, sourceName);
  let code: string;
  try {
    code = await provider(mfaSerial);
  } catch (error) {
    throw new BrokenSourceError(sourceName, `the MFA code provider failed for ${mfaSerial} (profile "${hop.profile}"): ${(error as Error)?.message ?? String(error)}`, {
      cause: error,
    });
  }
  if (typeof code !== 'string' || !/^\d{6}$/.test(code.trim())) {
    throw new BrokenSourceError(sourceName, `the MFA code provider returned something other than a 6-digit code for ${mfaSerial} (profile "${hop.profile}")`, {
      fix: 'Return the current 6-digit code of the device as a string',
    });
  }
  return code.trim();
}
