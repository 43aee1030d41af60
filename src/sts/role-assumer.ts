// The SDK's `roleAssumer` / `roleAssumerWithWebIdentity` options: a caller-supplied function stands in
// for the STS call, with the SDK's argument shapes; what it returns is checked like an STS reply.

import { makeCredentials, type Credentials } from '../credentials.js';
import { BrokenSourceError } from '../errors.js';

/** Runs a caller's assumer; its failure or a reply without keys is this source's broken error, naming the option. */
export async function callRoleAssumer(option: 'roleAssumer' | 'roleAssumerWithWebIdentity', roleArn: string, sourceName: string, run: () => Promise<unknown>): Promise<Credentials> {
  let reply: unknown;
  try {
    reply = await run();
  } catch (error) {
    throw new BrokenSourceError(sourceName, `the ${option} option failed for ${roleArn}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
  const fields = (reply ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const accessKeyId = text(fields.accessKeyId);
  const secretAccessKey = text(fields.secretAccessKey);
  if (!accessKeyId || !secretAccessKey) {
    throw new BrokenSourceError(sourceName, `the ${option} option returned no accessKeyId and secretAccessKey for ${roleArn}`, {
      fix: `Make ${option} resolve to { accessKeyId, secretAccessKey, sessionToken, expiration }`,
    });
  }
  return makeCredentials({
    accessKeyId,
    secretAccessKey,
    sessionToken: text(fields.sessionToken),
    expiration: fields.expiration instanceof Date ? fields.expiration : undefined,
    credentialScope: text(fields.credentialScope),
    accountId: text(fields.accountId),
    source: sourceName,
  });
}
