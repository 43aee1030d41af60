// One role hop of a profile plan (SPEC §5.1): AssumeRole, signed with the previous step's credentials,
// with the hop's role_session_name, external_id, duration_seconds and mfa_serial (+ mfaCodeProvider).
// Every hop of a chain uses the same STS endpoint, that of the selected profile, as in the SDK.

import type { RoleHop } from '../config/plan.js';
import { makeCredentials, type Credentials } from '../credentials.js';
import { BrokenSourceError } from '../errors.js';
import type { SourceInput } from '../source.js';
import { stsAssumeRole, type AssumeRoleParams } from './client.js';
import { stsEndpointFor } from './endpoint.js';
import { defaultRoleSessionName } from './session-name.js';

export const DEFAULT_DURATION_SECONDS = 3600;

export async function assumeRoleHop(input: SourceInput, from: Credentials, hop: RoleHop, sourceName: string): Promise<Credentials> {
  const params: AssumeRoleParams = {
    roleArn: hop.roleArn,
    roleSessionName: hop.roleSessionName || defaultRoleSessionName(input),
    durationSeconds: hop.durationSeconds ?? DEFAULT_DURATION_SECONDS,
  };
  if (hop.externalId) params.externalId = hop.externalId;
  if (hop.mfaSerial) {
    params.serialNumber = hop.mfaSerial;
    params.tokenCode = await askForMfaCode(input, hop, hop.mfaSerial, sourceName);
  }
  const endpoint = await stsEndpointFor(input, sourceName);
  const reply = await stsAssumeRole({ context: input.context, endpoint, sourceName }, from, params);
  input.note(`profile "${hop.profile}": assumed ${hop.roleArn} (session ${params.roleSessionName}) via ${endpoint.url} (${endpoint.from})`);
  return makeCredentials({
    accessKeyId: reply.accessKeyId,
    secretAccessKey: reply.secretAccessKey,
    sessionToken: reply.sessionToken,
    expiration: reply.expiration,
    accountId: reply.accountId,
    credentialScope: reply.credentialScope,
    source: sourceName,
  });
}

async function askForMfaCode(input: SourceInput, hop: RoleHop, mfaSerial: string, sourceName: string): Promise<string> {
  const provider = input.options.mfaCodeProvider;
  if (!provider) {
    throw new BrokenSourceError(sourceName, `profile "${hop.profile}" requires multi-factor authentication (mfa_serial = ${mfaSerial}), but no MFA code provider was given`, {
      fix: 'Pass one: credentialChain({ mfaCodeProvider: async (serial) => codeFromYourUser }), or use a profile without mfa_serial',
      code: 'MfaCodeProviderMissing',
    });
  }
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
