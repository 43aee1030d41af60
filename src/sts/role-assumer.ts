// The SDK's `roleAssumer` / `roleAssumerWithWebIdentity` options: a caller-supplied function stands in
// for the STS call, with the SDK's argument shapes; what it returns is checked like an STS reply.
// Label-free (the chain names the source).

import type { CheckedFields } from '../credentials.js';
import { broken, redact } from '../errors.js';
import { outsideText } from '../outside-text.js';
import { readAccountId, type NoteDropped } from '../outside-values.js';

/** Credentials as the AWS SDK's role assumers take and return them (AwsCredentialIdentity). */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  credentialScope?: string;
  accountId?: string;
}

/** The SDK's AssumeRole parameters, as its `roleAssumer` option receives them. */
export interface AssumeRoleParams {
  RoleArn: string;
  RoleSessionName: string;
  ExternalId?: string;
  DurationSeconds?: number;
  SerialNumber?: string;
  TokenCode?: string;
}

/** The SDK's AssumeRoleWithWebIdentity parameters, as its `roleAssumerWithWebIdentity` option receives them. */
export interface AssumeRoleWithWebIdentityParams {
  RoleArn: string;
  RoleSessionName: string;
  WebIdentityToken: string;
  ProviderId?: string;
  PolicyArns?: Array<{ arn?: string }>;
  Policy?: string;
  DurationSeconds?: number;
}

/**
 * Runs a caller's assumer; its failure or a reply without keys is broken, naming the option. `secrets`
 * are what it was handed (source keys, the web identity token): an assumer that echoes its input in
 * its error must not put them in ours. An accountId that is not 12 digits is dropped, told to `note`.
 */
export async function callRoleAssumer(
  option: 'roleAssumer' | 'roleAssumerWithWebIdentity',
  roleArn: string,
  secrets: ReadonlyArray<string | undefined>,
  run: () => Promise<unknown>,
  note: NoteDropped,
): Promise<CheckedFields> {
  let reply: unknown;
  try {
    reply = await run();
  } catch (error) {
    const message = outsideText(redact((error as Error)?.message ?? String(error), secrets));
    throw broken(`the ${option} option failed for ${roleArn}: ${message}`, { code: 'role-assumer-failed' });
  }
  const fields = (reply ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const accessKeyId = text(fields.accessKeyId);
  const secretAccessKey = text(fields.secretAccessKey);
  if (!accessKeyId || !secretAccessKey) {
    throw broken(`the ${option} option returned no accessKeyId and secretAccessKey for ${roleArn}`, {
      fix: `Make ${option} resolve to { accessKeyId, secretAccessKey, sessionToken, expiration }`,
    });
  }
  const credentials: CheckedFields = { accessKeyId, secretAccessKey };
  const sessionToken = text(fields.sessionToken);
  const credentialScope = text(fields.credentialScope);
  const accountId = readAccountId(fields.accountId, `the accountId the ${option} option returned`, note);
  if (sessionToken) credentials.sessionToken = sessionToken;
  if (fields.expiration instanceof Date) credentials.expiration = fields.expiration;
  if (credentialScope) credentials.credentialScope = credentialScope;
  if (accountId) credentials.accountId = accountId;
  return credentials;
}
