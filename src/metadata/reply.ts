// The credentials document both metadata endpoints answer with (ECS/EKS container endpoint and IMDS):
// `{AccessKeyId, SecretAccessKey, Token, Expiration, AccountId?, Code?}`, checked field by field.

import { broken } from '../errors.js';
import { readJsonObject } from '../json-object.js';
import { outsideText } from '../outside-text.js';
import { parseExpiration, readAccountId, type AccountId, type NoteDropped } from '../outside-values.js';

export interface MetadataCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  accountId?: AccountId;
}

const REQUIRED = ['AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration'] as const;

/**
 * Parses a 200 reply. `what` names the endpoint (URL without query) for messages. The body holds
 * secrets, so no message ever quotes it — not even JSON.parse's error, which can echo a snippet.
 * An AccountId that is not 12 digits is dropped, with a note (the credentials still work).
 */
export function parseMetadataCredentials(body: string, what: string, fix: string, note: NoteDropped): MetadataCredentials {
  const document = readJsonObject(body);
  if (!document.ok) {
    throw broken(`${what} answered 200 with ${document.why === 'not-json' ? 'a body that is not JSON' : 'JSON that is not an object'}`, { fix, code: 'malformed-reply' });
  }
  const fields = document.object;
  // IMDS says `Code: Success`; anything else (e.g. AssumeRoleUnauthorizedAccess) is its error report.
  if (fields.Code !== undefined && fields.Code !== 'Success') {
    // Outside text on its way into an error: escaped and cut (src/outside-text.ts).
    const message = typeof fields.Message === 'string' && fields.Message ? `: ${outsideText(fields.Message)}` : '';
    const code = outsideText(String(fields.Code), 100);
    throw broken(`${what} answered Code ${code}${message}`, { fix, code });
  }
  const missing = REQUIRED.filter((name) => typeof fields[name] !== 'string' || fields[name] === '');
  if (missing.length > 0) {
    throw broken(`${what} answered 200 without ${missing.join(', ')} (a string is required)`, { fix, code: 'malformed-reply' });
  }
  const expiration = parseExpiration(fields.Expiration, 'iso');
  if (!expiration) {
    throw broken(`${what} answered an Expiration that is not a date: "${outsideText(String(fields.Expiration), 40)}"`, {
      fix,
      code: 'malformed-reply',
    });
  }
  const credentials: MetadataCredentials = {
    accessKeyId: fields.AccessKeyId as string,
    secretAccessKey: fields.SecretAccessKey as string,
    sessionToken: fields.Token as string,
    expiration,
  };
  const accountId = readAccountId(fields.AccountId, `the AccountId ${what} answered`, note);
  if (accountId) credentials.accountId = accountId;
  return credentials;
}
