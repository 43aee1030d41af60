// The source behind fromTemporaryCredentials(): the MFA code, the master credentials, then AssumeRole at
// the STS endpoint of clientConfig.profile / the calling client's profile / AWS_PROFILE, with the region
// in the SDK's order for it (clientConfig.region, the caller's region, AWS_REGION, that profile's region)
// and the rest of its clientConfig (endpoint, requestHandler…) as every provider's (providers/service-client.ts).

import { credentialFields, type CheckedFields } from '../credentials.js';
import { broken } from '../errors.js';
import type { AssumeRoleParams } from '../sts/client.js';
import type { AwsCredentialIdentity, SourceInput } from '../source.js';

/** The AssumeRole parameters credchain sends (the SDK's names). */
export interface TemporaryCredentialsParams {
  RoleArn: string;
  RoleSessionName?: string;
  DurationSeconds?: number;
  ExternalId?: string;
  SerialNumber?: string;
  Policy?: string;
  PolicyArns?: Array<{ arn?: string }>;
}

export interface TemporaryCredentialsRequest {
  params: TemporaryCredentialsParams;
  master: () => Promise<AwsCredentialIdentity>;
  /** clientConfig.profile: the profile whose region and endpoint settings the call uses. */
  profile?: string | undefined;
  mfaCodeProvider?: ((mfaSerial: string) => Promise<string>) | undefined;
}

export async function assumeTemporaryRole(input: SourceInput, request: TemporaryCredentialsRequest): Promise<CheckedFields> {
  const [{ stsAssumeRole }, { roleSessionName }, { stsCallFor }] = await Promise.all([import('../sts/client.js'), import('../sts/session-name.js'), import('./sts-call.js')]);
  const { params, mfaCodeProvider } = request;
  const { context } = input;
  const call: AssumeRoleParams = {
    roleArn: params.RoleArn,
    roleSessionName: roleSessionName({ configured: params.RoleSessionName, kind: 'assume-role', env: context.env, now: context.now() }),
  };
  if (params.DurationSeconds !== undefined) call.durationSeconds = params.DurationSeconds;
  if (params.ExternalId !== undefined) call.externalId = params.ExternalId;
  if (params.Policy !== undefined) call.policy = params.Policy;
  if (params.PolicyArns !== undefined) call.policyArns = params.PolicyArns;
  if (params.SerialNumber) {
    if (!mfaCodeProvider) {
      throw broken(`params.SerialNumber (${params.SerialNumber}) requires multi-factor authentication, but no mfaCodeProvider was given`, {
        fix: 'Pass mfaCodeProvider: async (serial) => code',
      });
    }
    call.serialNumber = params.SerialNumber;
    call.tokenCode = await mfaCodeProvider(params.SerialNumber);
  }
  const profileName = request.profile || input.caller.profile || context.env.AWS_PROFILE || 'default';
  const sts = await stsCallFor(input, 'temporary-credentials', { profileName });
  const master = await request.master();
  if (!master?.accessKeyId || !master.secretAccessKey) {
    throw broken('the master credentials have no accessKeyId and secretAccessKey', { fix: 'Pass masterCredentials as { accessKeyId, secretAccessKey, sessionToken? } or a provider of them' });
  }
  const reply = await stsAssumeRole(sts, master, call);
  input.note(`assumed ${params.RoleArn} (session ${call.roleSessionName}) via ${sts.endpoint.url} (${sts.endpoint.from})`);
  // As the SDK's fromTemporaryCredentials: no accountId on the result.
  const { accountId: _, ...fields } = credentialFields(reply);
  return fields;
}
