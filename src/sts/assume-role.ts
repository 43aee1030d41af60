// One role hop of a profile plan (SPEC §5.1): AssumeRole, signed with the previous step's credentials,
// with the hop's role_session_name, external_id, duration_seconds and mfa_serial (+ mfaCodeProvider).
// Every hop of a chain uses the same STS endpoint, that of the selected profile, as in the SDK; the
// `roleAssumer` option replaces the STS call.

import type { RoleHop } from '../config/plan.js';
import { makeCredentials, type Credentials } from '../credentials.js';
import type { AssumeRoleParams as SdkAssumeRoleParams, SourceInput } from '../source.js';
import { stsAssumeRole, type AssumeRoleParams } from './client.js';
import { stsEndpointFor } from './endpoint.js';
import { askForMfaCode } from './mfa.js';
import { callRoleAssumer } from './role-assumer.js';
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
  const roleAssumer = input.options.roleAssumer;
  if (roleAssumer) {
    const credentials = await callRoleAssumer('roleAssumer', hop.roleArn, sourceName, () => roleAssumer(from, sdkParams(params)));
    input.note(`profile "${hop.profile}": assumed ${hop.roleArn} (session ${params.roleSessionName}) through the roleAssumer option`);
    return credentials;
  }
  const endpoint = await stsEndpointFor(input, 'role-hop', sourceName);
  const reply = await stsAssumeRole({ context: input.context, endpoint, sourceName }, from, params);
  input.note(`profile "${hop.profile}": assumed ${hop.roleArn} (session ${params.roleSessionName}) via ${endpoint.url} (${endpoint.from})`);
  // makeCredentials keeps the credential fields only (not assumedRoleArn).
  return makeCredentials({ ...reply, source: sourceName });
}

/** The SDK's AssumeRole parameter names, as its roleAssumer receives them. */
function sdkParams(params: AssumeRoleParams): SdkAssumeRoleParams {
  const out: SdkAssumeRoleParams = { RoleArn: params.roleArn, RoleSessionName: params.roleSessionName };
  if (params.externalId !== undefined) out.ExternalId = params.externalId;
  if (params.durationSeconds !== undefined) out.DurationSeconds = params.durationSeconds;
  if (params.serialNumber !== undefined) out.SerialNumber = params.serialNumber;
  if (params.tokenCode !== undefined) out.TokenCode = params.tokenCode;
  return out;
}
