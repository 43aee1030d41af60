// Why STS says "the security token included in the request is invalid" for keys that work: a session
// token sent with a long-term key (AKIA…), most likely left over from earlier session credentials in
// the same shell or profile. `whoami` and `atlas-check` both tell it apart from a wrong key.

/** The fix for an InvalidClientTokenId / UnrecognizedClientException reply when a session token was sent; undefined otherwise. */
export function staleSessionTokenFix(code: string | undefined, credentials: { accessKeyId: string; sessionToken?: string | undefined; source: string }): string | undefined {
  if (!credentials.sessionToken || (code !== 'InvalidClientTokenId' && code !== 'UnrecognizedClientException')) return undefined;
  const where = credentials.source === 'env' ? 'AWS_SESSION_TOKEN' : 'aws_session_token in the profile';
  if (credentials.accessKeyId.startsWith('AKIA')) {
    return `The key is a long-term key (AKIA…), which takes no session token, yet ${where} is set: it is most likely left over from earlier session credentials. Remove it (e.g. unset AWS_SESSION_TOKEN) and try again`;
  }
  return `A session token was sent with the key (${where}): check that it belongs to this key and has not been replaced since`;
}
