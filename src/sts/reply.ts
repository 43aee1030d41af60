// Reading STS answers: the credentials and caller-identity replies (a reply without a required field is
// refused), the ErrorResponse Code/Message, which codes are worth a retry, and what to tell the user.

import { parseTimestamp } from '../credentials.js';
import { outsideText } from '../outside-text.js';
import { isRetryableStatus } from '../retry.js';
import { parseXml, path, textAt, type XmlElement } from './xml.js';

export type StsAction = 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'GetCallerIdentity' | 'GetSessionToken';

export interface StsCredentialsReply {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  credentialScope?: string;
  /** AssumedRoleUser.Arn, e.g. arn:aws:sts::123456789012:assumed-role/Role/session. */
  assumedRoleArn?: string;
  /** The account in the assumed-role ARN. */
  accountId?: string;
}

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export interface StsErrorReply {
  code: string;
  message: string;
  requestId?: string;
}

/** Thrown when a 2xx body is not the reply we expect; the caller turns it into a broken-source error. */
export class MalformedReplyError extends Error {
  override readonly name = 'MalformedReplyError';
}

function parseRoot(body: string, expected: string): XmlElement {
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch (error) {
    throw new MalformedReplyError(`the reply is not well-formed XML (${(error as Error).message})`);
  }
  if (root.name !== expected) throw new MalformedReplyError(`the reply is <${root.name}>, expected <${expected}>`);
  return root;
}

export function parseCredentialsReply(action: 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'GetSessionToken', body: string): StsCredentialsReply {
  const root = parseRoot(body, `${action}Response`);
  const result = wrap(() => path(root, `${action}Result`));
  if (!result) throw new MalformedReplyError(`the reply has no <${action}Result>`);
  const get = (...names: string[]) => wrap(() => textAt(result, ...names));
  const accessKeyId = get('Credentials', 'AccessKeyId');
  const secretAccessKey = get('Credentials', 'SecretAccessKey');
  const sessionToken = get('Credentials', 'SessionToken');
  const expirationText = get('Credentials', 'Expiration');
  const missing = [
    !accessKeyId && 'AccessKeyId',
    !secretAccessKey && 'SecretAccessKey',
    !sessionToken && 'SessionToken',
    !expirationText && 'Expiration',
  ].filter(Boolean);
  if (missing.length > 0) throw new MalformedReplyError(`the reply lacks Credentials ${missing.join(', ')}`);
  const expiration = parseTimestamp(expirationText);
  if (!expiration) throw new MalformedReplyError('the reply has an Expiration that is not a date');
  const reply: StsCredentialsReply = { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey!, sessionToken: sessionToken!, expiration };
  const scope = get('Credentials', 'CredentialScope');
  if (scope) reply.credentialScope = scope;
  const arn = get('AssumedRoleUser', 'Arn');
  if (arn) {
    reply.assumedRoleArn = arn;
    const accountId = accountIdFromArn(arn);
    if (accountId) reply.accountId = accountId;
  }
  return reply;
}

export function parseCallerIdentityReply(body: string): CallerIdentity {
  const root = parseRoot(body, 'GetCallerIdentityResponse');
  const get = (name: string) => wrap(() => textAt(root, 'GetCallerIdentityResult', name));
  const [account, arn, userId] = [get('Account'), get('Arn'), get('UserId')];
  if (!account || !arn || !userId) {
    const missing = [!account && 'Account', !arn && 'Arn', !userId && 'UserId'].filter(Boolean).join(', ');
    throw new MalformedReplyError(`the reply lacks ${missing}`);
  }
  return { account, arn, userId };
}

/** The account id: the fifth field of an ARN (`arn:aws:sts::123456789012:assumed-role/…`), as the SDK reads it. */
function accountIdFromArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length > 4 && parts[4] !== '' ? parts[4] : undefined;
}

/** The Code/Message of an `<ErrorResponse>` (or a bare `<Error>`); undefined when the body is not one. */
export function parseErrorReply(body: string): StsErrorReply | undefined {
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch {
    return undefined;
  }
  const error = root.name === 'Error' ? root : root.name === 'ErrorResponse' ? wrapOrUndefined(() => path(root, 'Error')) : undefined;
  const code = wrapOrUndefined(() => textAt(error, 'Code'));
  if (!code) return undefined;
  // Outside text on its way into errors: escaped and cut (src/outside-text.ts).
  const message = wrapOrUndefined(() => textAt(error, 'Message'));
  const reply: StsErrorReply = { code: outsideText(code, 100), message: message ? outsideText(message) : '' };
  const requestId = wrapOrUndefined(() => textAt(root, 'RequestId'));
  if (requestId) reply.requestId = outsideText(requestId, 100);
  return reply;
}

function wrap<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new MalformedReplyError(`the reply is malformed: ${(error as Error).message}`);
  }
}

function wrapOrUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Codes that mean "slow down", as the SDK's retry strategy lists them. */
const THROTTLING_CODES = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'RequestThrottledException', 'TooManyRequestsException',
  'ProvisionedThroughputExceededException', 'TransactionInProgressException', 'RequestLimitExceeded', 'BandwidthLimitExceeded',
  'LimitExceededException', 'RequestThrottled', 'SlowDown', 'PriorRequestNotComplete', 'EC2ThrottledException',
]);

/** Retry throttling, 5xx and IDPCommunicationError (beyond: the SDK does not retry the last two for STS). */
export function isRetryableReply(status: number, code: string | undefined): boolean {
  if (isRetryableStatus(status)) return true;
  return code !== undefined && (THROTTLING_CODES.has(code) || code === 'IDPCommunicationError');
}

/** STS says "slow down": a throttling code (whatever the status, e.g. 400 Throttling, 503 SlowDown) or HTTP 429. */
export function isThrottlingReply(status: number, code: string | undefined): boolean {
  return status === 429 || (code !== undefined && THROTTLING_CODES.has(code));
}

export interface HintFacts {
  action: StsAction;
  roleArn?: string;
  /** The web identity token file, for web identity calls. */
  tokenFile?: string;
  region: string;
}

/** What to do about an STS error code, in one sentence; undefined when we have nothing better than the message. */
export function fixForStsError(code: string, facts: HintFacts): string | undefined {
  const role = facts.roleArn ?? 'the role';
  const webIdentity = facts.action === 'AssumeRoleWithWebIdentity';
  switch (code) {
    case 'AccessDenied':
      return webIdentity
        ? `Check the trust policy of ${role}: it must allow sts:AssumeRoleWithWebIdentity for your identity provider, with conditions (aud, sub) that match the token`
        : facts.action === 'AssumeRole'
          ? `Check the trust policy of ${role} (it must trust the source identity) and that the source identity may call sts:AssumeRole on it`
          : 'Check that the credentials may call STS';
    case 'InvalidIdentityToken':
      return `The token in ${facts.tokenFile ?? 'the web identity token file'} was rejected: check that its issuer is registered as an IAM OIDC identity provider and that the token is current`;
    case 'IDPRejectedClaim':
      return `The identity provider's claims were rejected: check the audience and subject conditions in the trust policy of ${role}`;
    case 'IDPCommunicationError':
      return 'STS could not reach your identity provider (retried already); try again later, and check that the provider is reachable from AWS';
    case 'ExpiredToken':
    case 'ExpiredTokenException':
      return webIdentity
        ? `The token in ${facts.tokenFile ?? 'the web identity token file'} has expired: the platform that writes it (EKS, a CI runner…) should rotate it`
        : 'The source credentials have expired: refresh them (e.g. run `aws sso login` or export new ones) and try again';
    case 'InvalidClientTokenId':
    case 'UnrecognizedClientException':
      return 'The source credentials are not valid: their access key id is unknown to AWS (deleted or deactivated key, or keys from another partition)';
    case 'SignatureDoesNotMatch':
      return 'The source credentials do not match: the secret access key does not belong to the access key id';
    case 'RegionDisabledException':
      return `STS is not activated in ${facts.region}: activate it under IAM account settings, or use another region (AWS_REGION)`;
    case 'ValidationError':
      return 'A request parameter was rejected: check the role ARN, role_session_name (2–64 characters of [\\w+=,.@-]) and duration_seconds (at most the role\'s maximum session duration)';
    case 'MalformedPolicyDocument':
    case 'PackedPolicyTooLarge':
      return 'The session policy was rejected: check the policy given for the session';
    default:
      return THROTTLING_CODES.has(code) ? throttlingFix(facts) : undefined;
  }
}

/** For a call STS kept throttling past the retries (src/retry.ts, THROTTLE_SCHEDULE). */
export function throttlingFix(facts: Pick<HintFacts, 'region'>): string {
  return `STS limits the calls of an account per region (${facts.region}) and kept throttling through credchain's retries: try again later, and to avoid it spread out processes that start together (a slower rollout), let the processes of a host share one resolution (credchain serve), or ask AWS (Service Quotas) for a higher STS rate`;
}
