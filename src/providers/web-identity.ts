// Web identity (docs/behaviour.md, "Web identity"): a token file (EKS IRSA, CI OIDC…) traded for role credentials with the
// unsigned STS AssumeRoleWithWebIdentity. The env form is a chain source; profiles with
// web_identity_token_file reach assumeRoleWithWebIdentity() through the profile executor.
//
//   AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token \
//   AWS_ROLE_ARN=arn:aws:iam::123456789012:role/app  node app.js

import { credentialFields, type CredentialFields } from '../credentials.js';
import { SourceError } from '../errors.js';
import { readRequiredFile } from '../named-file.js';
import type { CredentialSource, SourceInput } from '../source.js';

export interface WebIdentityParams {
  roleArn: string;
  tokenFile: string;
  roleSessionName?: string;
  /** The profile the settings came from (absent for the env form): named in messages. */
  profile?: string;
}

/**
 * Reads the token file (on every call: platforms rotate it) and assumes the role. A named file that is
 * missing, unreadable or empty is broken, with an error naming the path.
 */
export async function assumeRoleWithWebIdentity(input: SourceInput, params: WebIdentityParams): Promise<CredentialFields> {
  const settingsFrom = params.profile ? `web_identity_token_file of profile "${params.profile}"` : 'AWS_WEB_IDENTITY_TOKEN_FILE';
  const webIdentityToken = await readToken(input, params.tokenFile, settingsFrom);
  // The STS client is loaded only when web identity is configured: a chain passing by pays nothing.
  const [{ stsAssumeRoleWithWebIdentity }, { stsCallFor }, { roleSessionName: chooseSessionName }] = await Promise.all([
    import('../sts/client.js'),
    import('./sts-call.js'),
    import('../sts/session-name.js'),
  ]);
  const call = await stsCallFor(input);
  const { context } = input;
  const roleSessionName = chooseSessionName({ configured: params.roleSessionName, kind: 'web-identity', env: context.env, option: input.options.roleSessionName, now: context.now() });
  const reply = await stsAssumeRoleWithWebIdentity(call, { roleArn: params.roleArn, roleSessionName, webIdentityToken, tokenFile: params.tokenFile });
  input.note(`assumed ${params.roleArn} (session ${roleSessionName}) with the token in ${params.tokenFile}, via ${call.endpoint.url} (${call.endpoint.from})`);
  return credentialFields(reply);
}

async function readToken(input: SourceInput, tokenFile: string, settingsFrom: string): Promise<string> {
  const text = await readRequiredFile(input.context, {
    path: tokenFile,
    what: `the web identity token file ${tokenFile} (${settingsFrom})`,
    unreadableFix: 'Check the file permissions, or point the setting at the token your platform writes',
    missingFix: 'Point the setting at the token file your platform writes (e.g. the projected service account token on EKS), or unset it',
  });
  // A trailing newline is an editor's, not the token's (beyond: the SDK sends it along).
  const token = text.replace(/[\r\n]+$/, '');
  if (token.trim() === '') {
    throw SourceError.broken(`the web identity token file ${tokenFile} (${settingsFrom}) is empty`, {
      fix: 'Check that your platform has written the token yet',
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
        throw SourceError.absent(`${set} is set but ${unset} is not, so web identity is not used (the AWS SDK moves on in this case too); set ${unset} to use it`);
      }
      throw SourceError.absent('AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set');
    }
    return assumeRoleWithWebIdentity(input, { roleArn, tokenFile });
  },
};
