// Reading STS answers: the credentials and caller-identity replies (a reply without a required field is
// refused), the ErrorResponse Code/Message, which codes are worth a retry, and what to tell the user.

import { outsideText } from '../outside-text.js';
import { accountIdOfArn, checkAccountId, checkArn, parseExpiration, readArn, type AccountId, type Arn, type NoteDropped } from '../outside-values.js';
import { isRetryableStatus } from '../retry.js';
import { parseXml, path, textAt, type XmlElement } from './xml.js';

export type StsAction = 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'GetCallerIdentity' | 'GetSessionToken';

export interface StsCredentialsReply {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  /** AssumedRoleUser.Arn, e.g. arn:aws:sts::123456789012:assumed-role/Role/session. */
  assumedRoleArn?: Arn;
  /** The account in the assumed-role ARN. */
  accountId?: AccountId;
}

export interface CallerIdentity {
  account: AccountId;
  arn: Arn;
  /** `AIDA…`, or `AROA…:session-name` for a role session: printable ASCII. */
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

/** A credentials reply; an AssumedRoleUser.Arn that is not an ARN is dropped (told to `note`) with the account id it would give. */
export function parseCredentialsReply(action: 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'GetSessionToken', body: string, note: NoteDropped): StsCredentialsReply {
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
  const expiration = parseExpiration(expirationText, 'iso');
  if (!expiration) throw new MalformedReplyError('the reply has an Expiration that is not a date');
  const reply: StsCredentialsReply = { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey!, sessionToken: sessionToken!, expiration };
  // No credentialScope, whatever the reply holds: STS's API has none, and the SDK's STS client does not
  // read one (its providers' code would pass it on, but gets undefined), so neither does credchain.
  const arn = readArn(get('AssumedRoleUser', 'Arn'), `the AssumedRoleUser Arn STS answered to ${action}`, note);
  if (arn) {
    reply.assumedRoleArn = arn;
    // The account id: the fifth field of the ARN, as the SDK reads it (here only when it is 12 digits).
    const accountId = accountIdOfArn(arn);
    if (accountId) reply.accountId = accountId;
  }
  return reply;
}

// IAM user ids (AIDA…), role session ids (AROA…:session-name) and federated ids (123456789012:name).
const USER_ID = /^[\x21-\x7e]{1,512}$/;

export function parseCallerIdentityReply(body: string): CallerIdentity {
  const root = parseRoot(body, 'GetCallerIdentityResponse');
  const get = (name: string) => wrap(() => textAt(root, 'GetCallerIdentityResult', name));
  const [account, arn, userId] = [get('Account'), get('Arn'), get('UserId')];
  if (!account || !arn || !userId) {
    const missing = [!account && 'Account', !arn && 'Arn', !userId && 'UserId'].filter(Boolean).join(', ');
    throw new MalformedReplyError(`the reply lacks ${missing}`);
  }
  // This reply is the whole answer (whoami, atlas-check): a field of the wrong form is refused, not
  // dropped, and never quoted — it is outside text that failed its check.
  const checkedAccount = checkAccountId(account);
  const checkedArn = checkArn(arn);
  const bad = [!checkedAccount && 'an Account that is not 12 digits', !checkedArn && 'an Arn that is not an ARN', !USER_ID.test(userId) && 'a UserId that is not printable ASCII'].filter(Boolean);
  if (bad.length > 0) throw new MalformedReplyError(`the reply has ${bad.join(', ')} (not shown)`);
  return { account: checkedAccount!, arn: checkedArn!, userId };
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
