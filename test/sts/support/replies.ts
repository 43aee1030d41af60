// STS reply bodies as real STS writes them, for nock, the fake Context and the loopback fake STS.
export interface IssuedSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
  arn: string;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function credentialsReply(action: 'AssumeRole' | 'AssumeRoleWithWebIdentity', session: IssuedSession): string {
  const extra =
    action === 'AssumeRoleWithWebIdentity'
      ? '<SubjectFromWebIdentityToken>system:serviceaccount:default:app</SubjectFromWebIdentityToken><Audience>sts.amazonaws.com</Audience><Provider>oidc.example.com</Provider>'
      : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<${action}Response xmlns="${NS}">
  <${action}Result>
    ${extra}
    <AssumedRoleUser>
      <AssumedRoleId>AROAEXAMPLE:${session.arn.split('/').pop()}</AssumedRoleId>
      <Arn>${session.arn}</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${session.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${session.secretAccessKey}</SecretAccessKey>
      <SessionToken>${session.sessionToken}</SessionToken>
      <Expiration>${session.expiration}</Expiration>
    </Credentials>
  </${action}Result>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</${action}Response>`;
}

export function callerIdentityReply(account: string, arn: string, userId: string): string {
  return `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>${userId}</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
}

export function errorReply(code: string, message: string, type = 'Sender'): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>9f1c7e2a-0000-4000-8000-000000000000</RequestId></ErrorResponse>`;
}
