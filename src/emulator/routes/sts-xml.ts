// The STS wire format (awsQuery, Version 2011-06-15): result documents and the ErrorResponse shape.

import type { IssuedCredentials } from '../identities.js';
import { randomRequestId } from '../random.js';
import { isoSeconds, xml, type Reply } from '../reply.js';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function element(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;
}

export function stsResult(action: string, inner: string): Reply {
  return xml(
    200,
    `<${action}Response xmlns="${NS}"><${action}Result>${inner}</${action}Result>` +
      `<ResponseMetadata><RequestId>${randomRequestId()}</RequestId></ResponseMetadata></${action}Response>`,
  );
}

export function stsError(status: number, code: string, message: string): Reply {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return xml(
    status,
    `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type>${element('Code', code)}${element('Message', message)}</Error>` +
      `<RequestId>${randomRequestId()}</RequestId></ErrorResponse>`,
  );
}

/** The AssumedRoleUser + Credentials part shared by AssumeRole and AssumeRoleWithWebIdentity. */
export function roleSessionXml(issued: IssuedCredentials): string {
  return `<AssumedRoleUser>${element('Arn', issued.arn)}${element('AssumedRoleId', issued.userId)}</AssumedRoleUser>${sessionCredentialsXml(issued)}`;
}

/** The Credentials element of every session reply (GetSessionToken has nothing else). */
export function sessionCredentialsXml(issued: IssuedCredentials): string {
  return (
    `<Credentials>${element('AccessKeyId', issued.accessKeyId)}${element('SecretAccessKey', issued.secretAccessKey)}` +
    `${element('SessionToken', issued.sessionToken)}${element('Expiration', isoSeconds(issued.expiration!))}</Credentials>`
  );
}

export function callerIdentityXml(identity: IssuedCredentials): string {
  return `${element('Arn', identity.arn)}${element('UserId', identity.userId)}${element('Account', identity.accountId)}`;
}

export { element as xmlElement };
