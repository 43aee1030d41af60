// Which database user an AWS identity logs in as, the way Atlas decides it: an IAM user's ARN as
// GetCallerIdentity returns it (path included), and a role session
// (`arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`) as the role ARN without session name and without
// IAM path — the session ARN carries no path, so a user registered with one never matches.

import { databaseUserFor } from '../../mongodb/atlas-user.js';

export interface UserMatch {
  /** The database user the identity maps to. */
  user: string;
  /** Why no configured user matched (undefined: it did). */
  refused?: string;
}

/**
 * Matches a verified caller ARN against the configured database users (undefined = any verified
 * identity may log in). The reason names the likely mistake, as a log line for the person running
 * the stand-in; the client only ever hears "Authentication failed.".
 */
export function matchDatabaseUser(callerArn: string, users: readonly string[] | undefined): UserMatch {
  const user = databaseUserFor(callerArn);
  if (users === undefined || users.includes(user)) return { user };
  const role = /^arn:([\w-]+):iam::(\d{12}):role\/([^/]+)$/.exec(user);
  if (role) {
    const withPath = users.find((candidate) => candidate.startsWith(`arn:${role[1]}:iam::${role[2]}:role/`) && candidate.endsWith(`/${role[3]}`) && candidate !== user);
    if (withPath) return { user, refused: `no database user ${user}: the user ${withPath} has an IAM path, which Atlas never matches (register ${user})` };
  }
  return { user, refused: `no database user ${user}` };
}

/** The database users a scenario gets when it names none: every role (Atlas form) and every static user. */
export function defaultDatabaseUsers(roleArns: readonly string[], userArns: readonly string[]): string[] {
  const roles = roleArns.map((arn) => arn.replace(/^(arn:[\w-]+:iam::\d{12}:role\/)(?:.*\/)?([^/]+)$/, '$1$2'));
  return [...new Set([...roles, ...userArns])];
}
