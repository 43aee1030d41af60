// The STS side of fromTemporaryCredentials(): the region and endpoint (clientConfig.profile, the calling
// client's profile, AWS_PROFILE — in the SDK's order), the MFA code, then AssumeRole signed with the master credentials.

import type { AwsCredentialIdentity, SourceInput } from '../source.js';
import type { TemporaryCredentialsParams } from '../named-providers/from-temporary-credentials.js';
import { makeCredentials, type Credentials } from '../credentials.js';
import { BrokenSourceError } from '../errors.js';
import { stsAssumeRole, type AssumeRoleParams } from './client.js';
import { resolveStsEndpoint } from './endpoint.js';
import { defaultRoleSessionName } from './session-name.js';

const SOURCE = 'temporary-credentials';

export interface TemporaryCredentialsRequest {
  params: TemporaryCredentialsParams;
  master: () => Promise<AwsCredentialIdentity>;
  clientConfig: { region?: string; profile?: string };
  mfaCodeProvider?: ((mfaSerial: string) => Promise<string>) | undefined;
}

export async function assumeTemporaryRole(input: SourceInput, request: TemporaryCredentialsRequest): Promise<Credentials> {
  const { params, clientConfig } = request;
  const call: AssumeRoleParams = { roleArn: params.RoleArn, roleSessionName: params.RoleSessionName ?? defaultRoleSessionName(input) };
  if (params.DurationSeconds !== undefined) call.durationSeconds = params.DurationSeconds;
  if (params.ExternalId !== undefined) call.externalId = params.ExternalId;
  if (params.Policy !== undefined) call.policy = params.Policy;
  if (params.PolicyArns !== undefined) call.policyArns = params.PolicyArns;
  if (params.SerialNumber) {
    if (!request.mfaCodeProvider) {
      throw new BrokenSourceError(SOURCE, `params.SerialNumber (${params.SerialNumber}) requires multi-factor authentication, but no mfaCodeProvider was given`, {
        fix: 'Pass mfaCodeProvider: async (serial) => code',
      });
    }
    call.serialNumber = params.SerialNumber;
    call.tokenCode = await request.mfaCodeProvider(params.SerialNumber);
  }
  const profileName = clientConfig.profile || input.caller.profile || input.context.env.AWS_PROFILE || 'default';
  const [config, callerRegion] = await Promise.all([input.loadConfig(), input.caller.region()]);
  const endpoint = resolveStsEndpoint({
    env: input.context.env,
    config,
    profileName,
    explicitRegion: clientConfig.region,
    callerRegion,
    call: 'temporary-credentials',
    sourceName: SOURCE,
  });
  const master = await request.master();
  if (!master?.accessKeyId || !master.secretAccessKey) {
    throw new BrokenSourceError(SOURCE, 'the master credentials have no accessKeyId and secretAccessKey', { fix: 'Pass masterCredentials as { accessKeyId, secretAccessKey, sessionToken? } or a provider of them' });
  }
  const reply = await stsAssumeRole({ context: input.context, endpoint, sourceName: SOURCE }, master, call);
  input.note(`assumed ${params.RoleArn} (session ${call.roleSessionName}) via ${endpoint.url} (${endpoint.from})`);
  // As the SDK's fromTemporaryCredentials: no accountId on the result.
  const { accountId: _, ...fields } = reply;
  return makeCredentials({ ...fields, source: SOURCE });
}
