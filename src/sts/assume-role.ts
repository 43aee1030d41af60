// One role hop of a profile plan (docs/behaviour.md, "Role hops"): AssumeRole, signed with the previous
// step's credentials, with the hop's role_session_name, external_id, duration_seconds and mfa_serial
// (+ the MFA code provider). Every hop of a chain uses the same STS endpoint, that of the selected
// profile, as in the SDK.

import type { RoleHop } from '../config/plan.js';
import { credentialFields, type CredentialFields } from '../credentials.js';
import { stsAssumeRole, type AssumeRoleParams, type StsCall } from './client.js';
import type { StsEndpoint } from './endpoint.js';
import { askForMfaCode, type MfaCodeProvider } from './mfa.js';
import { roleSessionName } from './session-name.js';

export const DEFAULT_DURATION_SECONDS = 3600;

export interface RoleHopCall {
  sts: StsCall & { endpoint: StsEndpoint };
  /** The roleSessionName option, for hops without role_session_name. */
  sessionNameOption?: string | undefined;
  mfaCodeProvider?: MfaCodeProvider | undefined;
  note(text: string): void;
}

export async function assumeRoleHop(call: RoleHopCall, from: CredentialFields, hop: RoleHop): Promise<CredentialFields> {
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
  const reply = await stsAssumeRole(call.sts, from, params);
  call.note(`profile "${hop.profile}": assumed ${hop.roleArn} (session ${params.roleSessionName}) via ${endpoint.url} (${endpoint.from})`);
  return credentialFields(reply);
}
