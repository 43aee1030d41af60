// Which MongoDB Atlas database user (authentication method "AWS IAM") an AWS caller ARN logs in as.
// The server maps an assumed-role session to the role ARN without session name and without IAM
// path — the session ARN carries no path, so the server cannot match one.

export interface AtlasUser {
  /** The ARN to register as the Atlas database user, or null when these credentials cannot be one. */
  databaseUser: string | null;
  kind: 'role' | 'user' | 'other';
  /** For a role session: the role's full IAM ARN, with its path when the local configuration names it. */
  roleArn?: string;
  /** For a role session: whether `roleArn` carries the real path (true) or none was visible (false). */
  pathKnown?: boolean;
  note: string | null;
}

const ASSUMED_ROLE = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;

/** `arn:aws:sts::A:assumed-role/NAME/SESSION` → `arn:aws:iam::A:role/NAME`; anything else as it is. */
export function databaseUserFor(callerArn: string): string {
  const assumed = ASSUMED_ROLE.exec(callerArn);
  return assumed ? `arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]}` : callerArn;
}

/**
 * The Atlas view of a caller. `knownRoleArns` are full role ARNs from the local configuration
 * (a profile's role_arn, AWS_ROLE_ARN): they carry the IAM path that GetCallerIdentity drops.
 */
export function atlasUser(callerArn: string, knownRoleArns: readonly string[] = []): AtlasUser {
  const assumed = ASSUMED_ROLE.exec(callerArn);
  if (assumed) {
    const [, partition, account, name] = assumed;
    const databaseUser = databaseUserFor(callerArn);
    const withPath = knownRoleArns.find((arn) => arn.startsWith(`arn:${partition}:iam::${account}:role/`) && arn.endsWith(`/${name}`));
    const hasPath = withPath !== undefined && withPath !== databaseUser;
    const note = hasPath
      ? `Atlas matches the role without its IAM path: register ${databaseUser}, not ${withPath}.`
      : null;
    return { databaseUser, kind: 'role', roleArn: withPath ?? databaseUser, pathKnown: withPath !== undefined, note };
  }
  if (/^arn:aws[\w-]*:iam::\d{12}:user\/.+$/.test(callerArn)) return { databaseUser: callerArn, kind: 'user', note: null };
  return {
    databaseUser: null,
    kind: 'other',
    note: 'These credentials are neither an IAM user nor a role session (root or a federated user?): an Atlas database user must be an IAM user or role.',
  };
}
