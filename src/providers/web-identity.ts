// Web identity (SPEC §8): a token file (EKS IRSA, CI OIDC…) traded for role credentials with the
// unsigned STS AssumeRoleWithWebIdentity. The env form is a chain source; profiles with
// web_identity_token_file reach assumeRoleWithWebIdentity() through the profile executor.
//
//   AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token \
//   AWS_ROLE_ARN=arn:aws:iam::123456789012:role/app  node app.js

import { makeCredentials, type Credentials } from '../credentials.js';
import { BrokenSourceError, NotConfiguredError } from '../errors.js';
import { readFailureSuffix, readFailureFix, TOKEN_FILE_MAX_BYTES } from '../io/file-limits.js';
import type { CredentialSource, SourceInput } from '../source.js';

/** AssumeRoleWithWebIdentity's limit on WebIdentityToken (STS API reference). */
export const MAX_WEB_IDENTITY_TOKEN_LENGTH = 20_000;

export interface WebIdentityParams {
  roleArn: string;
  tokenFile: string;
  roleSessionName?: string;
  /** The profile the settings came from (absent for the env form): named in messages. */
  profile?: string;
}

/**
 * Reads the token file (on every call: platforms rotate it) and assumes the role. A named file that is
 * missing, unreadable or empty stops the chain with an error naming the path.
 */
export async function assumeRoleWithWebIdentity(input: SourceInput, params: WebIdentityParams, sourceName: string): Promise<Credentials> {
  const settingsFrom = params.profile ? `web_identity_token_file of profile "${params.profile}"` : 'AWS_WEB_IDENTITY_TOKEN_FILE';
  const webIdentityToken = await readToken(input, params.tokenFile, settingsFrom, sourceName);
  // The STS client is loaded only when web identity is configured: a chain passing by pays nothing.
  const [{ stsAssumeRoleWithWebIdentity }, { stsEndpointFor }, { defaultRoleSessionName }] = await Promise.all([
    import('../sts/client.js'),
    import('../sts/endpoint.js'),
    import('../sts/session-name.js'),
  ]);
  const endpoint = await stsEndpointFor(input, sourceName);
  // As in the SDK, AWS_ROLE_SESSION_NAME also names sessions of profiles without role_session_name.
  const roleSessionName = params.roleSessionName || input.context.env.AWS_ROLE_SESSION_NAME || defaultRoleSessionName(input);
  const reply = await stsAssumeRoleWithWebIdentity(
    { context: input.context, endpoint, sourceName },
    { roleArn: params.roleArn, roleSessionName, webIdentityToken, tokenFile: params.tokenFile },
  );
  input.note(`assumed ${params.roleArn} (session ${roleSessionName}) with the token in ${params.tokenFile}, via ${endpoint.url} (${endpoint.from})`);
  // makeCredentials keeps the credential fields only (not assumedRoleArn).
  return makeCredentials({ ...reply, source: sourceName });
}

async function readToken(input: SourceInput, tokenFile: string, settingsFrom: string, sourceName: string): Promise<string> {
  let text: string | undefined;
  try {
    text = await input.context.readFile(tokenFile, { maxBytes: TOKEN_FILE_MAX_BYTES });
  } catch (error) {
    throw new BrokenSourceError(sourceName, `the web identity token file ${tokenFile} (${settingsFrom}) cannot be read${readFailureSuffix(error)}`, {
      fix: readFailureFix(error, 'Check the file permissions, or point the setting at the token your platform writes', 'point the setting at the token your platform writes'),
      cause: error,
    });
  }
  if (text === undefined) {
    throw new BrokenSourceError(sourceName, `the web identity token file ${tokenFile} (${settingsFrom}) does not exist`, {
      fix: 'Point the setting at the token file your platform writes (e.g. the projected service account token on EKS), or unset it',
    });
  }
  // A trailing newline is an editor's, not the token's (beyond: the SDK sends it along).
  const token = text.replace(/[\r\n]+$/, '');
  if (token.trim() === '') {
    throw new BrokenSourceError(sourceName, `the web identity token file ${tokenFile} (${settingsFrom}) is empty`, {
      fix: 'Check that your platform has written the token yet',
    });
  }
  if (token.length > MAX_WEB_IDENTITY_TOKEN_LENGTH) {
    throw new BrokenSourceError(sourceName, `the web identity token file ${tokenFile} (${settingsFrom}) holds ${token.length} characters; STS accepts a token of at most ${MAX_WEB_IDENTITY_TOKEN_LENGTH}`, {
      fix: 'Check that the setting names the token file your platform writes',
      code: 'token-too-long',
    });
  }
  return token;
}

/** The env form: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (+ AWS_ROLE_SESSION_NAME). */
export const source: CredentialSource = {
  name: 'web-identity',
  async resolve(input) {
    const env = input.context.env;
    const tokenFile = env.AWS_WEB_IDENTITY_TOKEN_FILE;
    const roleArn = env.AWS_ROLE_ARN;
    if (!tokenFile || !roleArn) {
      if (tokenFile || roleArn) {
        const [set, unset] = tokenFile ? ['AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN'] : ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'];
        throw new NotConfiguredError(
          'web-identity',
          `${set} is set but ${unset} is not, so web identity is not used (the AWS SDK moves on in this case too); set ${unset} to use it`,
        );
      }
      throw new NotConfiguredError('web-identity', 'AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set');
    }
    // The session name: AWS_ROLE_SESSION_NAME, read by assumeRoleWithWebIdentity for both forms.
    return assumeRoleWithWebIdentity(input, { roleArn, tokenFile }, 'web-identity');
  },
};
