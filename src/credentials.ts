// The credentials shape every source returns and the MongoDB driver's AWS_CREDENTIAL_PROVIDER expects.

import { maskKeyId } from './errors.js';
import type { AccountId } from './outside-values.js';

/**
 * What a provider resolves to. `accountId` is a plain string here, as in the AWS SDK's
 * AwsCredentialIdentity, so code of your own (a custom source, a test double) never has to make one
 * of a special type; the chain checks every source's anyway.
 */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  /**
   * From AWS_ACCOUNT_ID, aws_account_id, the assumed-role ARN or the endpoint's AccountId. From the
   * chain, always 12 digits: a value of another form is dropped where it is read, with a trace note.
   */
  accountId?: string;
  /** AWS_CREDENTIAL_SCOPE / aws_credential_scope, when given. */
  credentialScope?: string;
  /** Which source of the chain answered: 'env', 'profile', 'imds', … */
  source: string;
}

/** The credential values without the name of the source: what a custom source may return. */
export type CredentialFields = Omit<Credentials, 'source'>;

/**
 * Credentials whose accountId was checked where it entered (src/outside-values.ts): what the chain
 * returns. Internal: the public declarations show Credentials.
 */
export interface CheckedCredentials extends Credentials {
  accountId?: AccountId;
}

/** The credential values credchain's own sources return, accountId checked: what code below the chain returns. */
export type CheckedFields = Omit<CheckedCredentials, 'source'>;

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Builds a credentials object that prints safely: console.log / util.inspect show the masked key id
 * and hide the secret and token (JSON.stringify still sees every field: that is an explicit export).
 */
export function makeCredentials(fields: CheckedCredentials): CheckedCredentials {
  const credentials = credentialFields(fields) as CheckedCredentials;
  credentials.source = fields.source;
  Object.defineProperty(credentials, inspectSymbol, {
    enumerable: false,
    value: () => describeCredentials(credentials),
  });
  return credentials;
}

/** Only the credential fields of a wider record (an STS reply carries assumedRoleArn too). */
export function credentialFields(fields: CheckedFields): CheckedFields {
  const out: CheckedFields = { accessKeyId: fields.accessKeyId, secretAccessKey: fields.secretAccessKey };
  if (fields.sessionToken) out.sessionToken = fields.sessionToken;
  if (fields.expiration) out.expiration = fields.expiration;
  if (fields.accountId) out.accountId = fields.accountId;
  if (fields.credentialScope) out.credentialScope = fields.credentialScope;
  return out;
}

/** What credentials are, with no secret in it: `key AKIA…WXYZ, from env, with session token, …`. */
export function summarizeCredentials(credentials: Credentials): string {
  const parts = [`key ${maskKeyId(credentials.accessKeyId)}`, `from ${credentials.source}`];
  if (credentials.sessionToken) parts.push('with session token');
  if (credentials.accountId) parts.push(`account ${credentials.accountId}`);
  if (credentials.expiration) parts.push(`expires ${credentials.expiration.toISOString()}`);
  return parts.join(', ');
}

/** How a credentials object prints (console.log, util.inspect): the summary, never a secret. */
function describeCredentials(credentials: Credentials): string {
  return `Credentials { ${summarizeCredentials(credentials)} }`;
}

// Printable ASCII with no space: what every AWS key id, secret key and session token is made of.
// Anything else (a CR or LF from a hand-edited file, a terminal escape) would break the signed
// request's headers or the terminal that shows the masked id.
const CREDENTIAL_CHARACTERS = /^[\x21-\x7e]+$/;

/** The first credential field holding a character no AWS credential has, or undefined when all are clean. */
export function malformedCredentialField(credentials: Credentials): 'access key id' | 'secret access key' | 'session token' | undefined {
  if (!CREDENTIAL_CHARACTERS.test(credentials.accessKeyId)) return 'access key id';
  if (!CREDENTIAL_CHARACTERS.test(credentials.secretAccessKey)) return 'secret access key';
  if (credentials.sessionToken !== undefined && !CREDENTIAL_CHARACTERS.test(credentials.sessionToken)) return 'session token';
  return undefined;
}
