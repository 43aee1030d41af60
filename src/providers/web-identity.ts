// Web identity (docs/behaviour.md, "Web identity"): a token file (EKS IRSA, CI OIDC…) traded for role credentials with the
// unsigned STS AssumeRoleWithWebIdentity. The env form is a chain source; profiles with
// web_identity_token_file reach assumeRoleWithWebIdentity() through the profile executor.
//
//   AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token \
//   AWS_ROLE_ARN=arn:aws:iam::123456789012:role/app  node app.js

import { definedOnly } from '../context.js';
import { credentialFields, type CheckedFields } from '../credentials.js';
import { broken, notConfigured } from '../errors.js';
import { TOKEN_FILE_MAX_BYTES } from '../io/file-limits.js';
import { readRequiredFile } from '../named-file.js';
import type { AssumeRoleWithWebIdentityParams, CredentialSource, SourceInput } from '../source.js';
import { settingOrEnv, webIdentityUnsetReason, type SourceSettings } from '../source-settings.js';

/** AssumeRoleWithWebIdentity's limit on WebIdentityToken (STS API reference). */
export const MAX_WEB_IDENTITY_TOKEN_LENGTH = 20_000;

export interface WebIdentityParams {
  roleArn: string;
  tokenFile: string;
  roleSessionName?: string;
  /** The env form only, from the chain's options (as in the SDK's fromTokenFile). */
  providerId?: string;
  policy?: string;
  policyArns?: Array<{ arn?: string }>;
  durationSeconds?: number;
  /** The profile the settings came from (absent for the env form): named in messages. */
  profile?: string;
  /** Where the env form's token file was named, when not AWS_WEB_IDENTITY_TOKEN_FILE. */
  tokenFileFrom?: string;
}

/** What an AssumeRoleWithWebIdentity call takes besides the token. */
export type WebIdentityCall = Omit<WebIdentityParams, 'tokenFile' | 'tokenFileFrom' | 'profile'>;

/**
 * Reads the token file (on every call: platforms rotate it) and assumes the role. A named file that is
 * missing, unreadable or empty is broken, with an error naming the path.
 */
export async function assumeRoleWithWebIdentity(input: SourceInput, params: WebIdentityParams): Promise<CheckedFields> {
  const settingsFrom = params.profile ? `web_identity_token_file of profile "${params.profile}"` : (params.tokenFileFrom ?? 'AWS_WEB_IDENTITY_TOKEN_FILE');
  const webIdentityToken = await readToken(input, params.tokenFile, settingsFrom);
  const { tokenFile, tokenFileFrom: _, profile: __, ...call } = params;
  return exchangeWebIdentityToken(input, call, webIdentityToken, { tokenFrom: `the token in ${tokenFile}`, tokenFile, readsEnvSessionName: true });
}

/**
 * The token (from a file, or fromWebToken's option) traded for role credentials: through the
 * roleAssumerWithWebIdentity option when given, else STS at the web identity endpoint.
 * `tokenFrom` says where the token came from in notes; `tokenFile` is named in STS errors;
 * `readsEnvSessionName`: the file forms take AWS_ROLE_SESSION_NAME, fromWebToken does not (as in the SDK).
 */
export async function exchangeWebIdentityToken(
  input: SourceInput,
  params: WebIdentityCall,
  webIdentityToken: string,
  how: { tokenFrom: string; tokenFile?: string; readsEnvSessionName: boolean },
): Promise<CheckedFields> {
  // The STS client is loaded only when web identity is configured: a chain passing by pays nothing.
  const [{ stsAssumeRoleWithWebIdentity }, { stsCallFor }, { roleSessionName: chooseSessionName }, { callRoleAssumer }] = await Promise.all([
    import('../sts/client.js'),
    import('./sts-call.js'),
    import('../sts/session-name.js'),
    import('../sts/role-assumer.js'),
  ]);
  const { context } = input;
  const roleSessionName = chooseSessionName({
    configured: params.roleSessionName,
    kind: how.readsEnvSessionName ? 'web-identity' : 'assume-role',
    env: context.env,
    option: input.settings.sts.roleSessionName,
    now: context.now(),
  });
  const { providerId, policy, policyArns, durationSeconds } = params;
  const assumer = input.settings.sts.roleAssumerWithWebIdentity;
  if (assumer) {
    const sdkParams: AssumeRoleWithWebIdentityParams = { RoleArn: params.roleArn, RoleSessionName: roleSessionName, WebIdentityToken: webIdentityToken };
    if (providerId !== undefined) sdkParams.ProviderId = providerId;
    if (policyArns !== undefined) sdkParams.PolicyArns = policyArns;
    if (policy !== undefined) sdkParams.Policy = policy;
    if (durationSeconds !== undefined) sdkParams.DurationSeconds = durationSeconds;
    const credentials = await callRoleAssumer('roleAssumerWithWebIdentity', params.roleArn, [sdkParams.WebIdentityToken], () => assumer(sdkParams), input.note);
    input.note(`assumed ${params.roleArn} (session ${roleSessionName}) with ${how.tokenFrom}, through the roleAssumerWithWebIdentity option`);
    return credentials;
  }
  const call = await stsCallFor(input, 'web-identity');
  const reply = await stsAssumeRoleWithWebIdentity(call, {
    roleArn: params.roleArn,
    roleSessionName,
    webIdentityToken,
    ...definedOnly({ tokenFile: how.tokenFile, providerId, policy, policyArns, durationSeconds }),
  });
  input.note(`assumed ${params.roleArn} (session ${roleSessionName}) with ${how.tokenFrom}, via ${call.endpoint.url} (${call.endpoint.from})`);
  return credentialFields(reply);
}

async function readToken(input: SourceInput, tokenFile: string, settingsFrom: string): Promise<string> {
  const text = await readRequiredFile(input.context, {
    path: tokenFile,
    what: `the web identity token file ${tokenFile} (${settingsFrom})`,
    unreadableFix: 'Check the file permissions, or point the setting at the token your platform writes',
    otherwise: 'point the setting at the token your platform writes',
    maxBytes: TOKEN_FILE_MAX_BYTES,
    missingFix: 'Point the setting at the token file your platform writes (e.g. the projected service account token on EKS), or unset it',
  });
  // A trailing newline is an editor's, not the token's (beyond: the SDK sends it along).
  const token = text.replace(/[\r\n]+$/, '');
  if (token.trim() === '') {
    throw broken(`the web identity token file ${tokenFile} (${settingsFrom}) is empty`, {
      fix: 'Check that your platform has written the token yet',
    });
  }
  if (token.length > MAX_WEB_IDENTITY_TOKEN_LENGTH) {
    throw broken(`the web identity token file ${tokenFile} (${settingsFrom}) holds ${token.length} characters; STS accepts a token of at most ${MAX_WEB_IDENTITY_TOKEN_LENGTH}`, {
      fix: 'Check that the setting names the token file your platform writes',
      code: 'token-too-long',
    });
  }
  return token;
}

/** The env form's settings classified once: configured (what to call STS with), or why web identity is not configured. */
export type WebIdentityConfiguration = { configured: true; params: WebIdentityParams } | { configured: false; reason: string };

/**
 * The env form: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (+ AWS_ROLE_SESSION_NAME), each replaced by
 * the webIdentityTokenFile / roleArn / roleSessionName option when given (the SDK's fromTokenFile).
 */
export function classifyWebIdentity(settings: SourceSettings, env: Record<string, string | undefined>): WebIdentityConfiguration {
  const given = settings.webIdentity;
  const unset = webIdentityUnsetReason(given, env);
  if (unset !== undefined) return { configured: false, reason: unset };
  const tokenFile = settingOrEnv(given.tokenFile, env, 'AWS_WEB_IDENTITY_TOKEN_FILE');
  const roleArn = settingOrEnv(given.roleArn, env, 'AWS_ROLE_ARN');
  if (!tokenFile?.value || !roleArn?.value) {
    const [set, missing] = tokenFile?.value
      ? [tokenFile.from, given.roleArn?.from ?? 'AWS_ROLE_ARN']
      : [roleArn!.from, given.tokenFile?.from ?? 'AWS_WEB_IDENTITY_TOKEN_FILE'];
    return { configured: false, reason: `${set} is set but ${missing} is not, so web identity is not used (the AWS SDK moves on in this case too); set ${missing} to use it` };
  }
  // The session name: the option, else AWS_ROLE_SESSION_NAME (src/sts/session-name.ts).
  const params: WebIdentityParams = { roleArn: roleArn.value, tokenFile: tokenFile.value };
  if (given.tokenFile !== undefined) params.tokenFileFrom = tokenFile.from;
  if (settings.sts.roleSessionName) params.roleSessionName = settings.sts.roleSessionName;
  if (given.providerId !== undefined) params.providerId = given.providerId;
  if (given.policy !== undefined) params.policy = given.policy;
  if (given.policyArns !== undefined) params.policyArns = given.policyArns;
  if (given.durationSeconds !== undefined) params.durationSeconds = given.durationSeconds;
  return { configured: true, params };
}

export const source: CredentialSource = {
  name: 'web-identity',
  async resolve(input) {
    const web = classifyWebIdentity(input.settings, input.context.env);
    if (!web.configured) throw notConfigured(web.reason);
    return assumeRoleWithWebIdentity(input, web.params);
  },
};
