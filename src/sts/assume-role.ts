// One role hop of a profile plan (docs/behaviour.md, "Role hops"): AssumeRole, signed with the previous
// step's credentials, with the hop's role_session_name, external_id, duration_seconds and mfa_serial
// (+ the MFA code provider). Every hop of a chain uses the same STS endpoint, that of the selected
// profile, as in the SDK; the `roleAssumer` option replaces the STS call.

import type { RoleHop } from '../config/plan.js';
import { credentialFields, type CheckedFields } from '../credentials.js';
import { stsAssumeRole, type AssumeRoleParams, type StsCall } from './client.js';
import type { StsEndpoint } from './endpoint.js';
import { askForMfaCode, type MfaCodeProvider } from './mfa.js';
import { callRoleAssumer, type AssumeRoleParams as SdkAssumeRoleParams, type AwsCredentialIdentity } from './role-assumer.js';
import { roleSessionName } from './session-name.js';

export const DEFAULT_DURATION_SECONDS = 3600;

export interface RoleHopCall {
  sts: StsCall & { endpoint: StsEndpoint };
  /** The roleSessionName option, for hops without role_session_name. */
  sessionNameOption?: string | undefined;
  mfaCodeProvider?: MfaCodeProvider | undefined;
  /** The SDK's roleAssumer option: called instead of STS, with the SDK's parameter names. */
  roleAssumer?: ((sourceCredentials: AwsCredentialIdentity, params: SdkAssumeRoleParams) => Promise<AwsCredentialIdentity>) | undefined;
  note(text: string): void;
}

export async function assumeRoleHop(call: RoleHopCall, from: CheckedFields, hop: RoleHop): Promise<CheckedFields> {
  const { context, endpoint } = call.sts;
  const params: AssumeRoleParams = {
    roleArn: hop.roleArn,
    roleSessionName: roleSessionName({ configured: hop.roleSessionName, kind: 'assume-role', env: context.env, option: call.sessionNameOption, now: context.now() }),
    durationSeconds: hop.durationSeconds ?? DEFAULT_DURATION_SECONDS,
  };
  if (hop.externalId) params.externalId = hop.externalId;
  if (hop.mfaSerial) {
    params.serialNumber = hop.mfaSerial;
    params.tokenCode = await askForMfaCode(call.mfaCodeProvider, { ...hop, mfaSerial: hop.mfaSerial });
  }
  const { roleAssumer } = call;
  if (roleAssumer) {
    const credentials = await callRoleAssumer('roleAssumer', hop.roleArn, [from.secretAccessKey, from.sessionToken], () => roleAssumer(from, sdkParams(params)), call.note);
    call.note(`profile "${hop.profile}": assumed ${hop.roleArn} (session ${params.roleSessionName}) through the roleAssumer option`);
    return credentials;
  }
  const reply = await stsAssumeRole(call.sts, from, params);
  call.note(`profile "${hop.profile}": assumed ${hop.roleArn} (session ${params.roleSessionName}) via ${endpoint.url} (${endpoint.from})`);
  return credentialFields(reply);
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
