// Every credential the emulator knows — the scenario's static users and every session it issued —
// by access key id, with the identity GetCallerIdentity reports for it.

import { randomKeyId, randomSecretKey, randomSessionToken, randomUserId } from './random.js';
import type { Scenario, ScenarioRole } from './scenario.js';

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Set for sessions (ASIA… keys); a request signed with them must carry it. */
  sessionToken?: string;
  expiration?: Date;
  /** `arn:aws:iam::…:user/NAME` or `arn:aws:sts::…:assumed-role/NAME/SESSION`. */
  arn: string;
  accountId: string;
  /** `AIDA…` for users, `AROA…:SESSION` for role sessions. */
  userId: string;
  /** The IAM role behind a role session (path included): what Atlas wants as the database user. */
  roleArn?: string;
  /** Who issued it: 'static', 'sts:AssumeRole', 'imds', 'container', 'sso', … */
  issuedBy: string;
}

export class Identities {
  readonly #byKeyId = new Map<string, IssuedCredentials>();
  readonly #roleIds = new Map<string, string>();

  constructor(
    private readonly scenario: Scenario,
    private readonly now: () => number,
  ) {
    for (const user of Object.values(scenario.users)) {
      this.#byKeyId.set(user.accessKeyId, {
        accessKeyId: user.accessKeyId,
        secretAccessKey: user.secretAccessKey,
        arn: user.arn,
        accountId: accountOf(user.arn) ?? scenario.accountId,
        userId: user.userId,
        issuedBy: 'static',
      });
    }
  }

  get(accessKeyId: string): IssuedCredentials | undefined {
    const found = this.#byKeyId.get(accessKeyId);
    if (found) return found;
    // A user added to the live scenario after start is still known.
    const user = Object.values(this.scenario.users).find((u) => u.accessKeyId === accessKeyId);
    if (!user) return undefined;
    return { accessKeyId, secretAccessKey: user.secretAccessKey, arn: user.arn, accountId: this.scenario.accountId, userId: user.userId, issuedBy: 'static' };
  }

  /** A fresh role session (ASIA key, secret, token) for `role`, lasting `seconds` (default: the scenario lifetime). */
  issueRoleSession(role: ScenarioRole, sessionName: string, issuedBy: string, seconds?: number): IssuedCredentials {
    const accountId = accountOf(role.arn) ?? this.scenario.accountId;
    const lifetime = seconds ?? this.scenario.credentialLifetimeSeconds;
    let roleId = this.#roleIds.get(role.arn);
    if (!roleId) this.#roleIds.set(role.arn, (roleId = randomUserId('AROA')));
    const issued: IssuedCredentials = {
      accessKeyId: randomKeyId('ASIA'),
      secretAccessKey: randomSecretKey(),
      sessionToken: randomSessionToken(),
      expiration: new Date(Math.floor((this.now() + lifetime * 1000) / 1000) * 1000),
      arn: `arn:aws:sts::${accountId}:assumed-role/${role.name}/${sessionName}`,
      accountId,
      userId: `${roleId}:${sessionName}`,
      roleArn: role.arn,
      issuedBy,
    };
    this.#byKeyId.set(issued.accessKeyId, issued);
    return issued;
  }

  /** Session keys for a signed-in identity (`aws login`): they stand for `arn` itself. */
  issueSignedInSession(arn: string, seconds: number): IssuedCredentials {
    const issued: IssuedCredentials = {
      accessKeyId: randomKeyId('ASIA'),
      secretAccessKey: randomSecretKey(),
      sessionToken: randomSessionToken(),
      expiration: new Date(Math.floor((this.now() + seconds * 1000) / 1000) * 1000),
      arn,
      accountId: accountOf(arn) ?? this.scenario.accountId,
      userId: randomUserId('AIDA'),
      issuedBy: 'signin',
    };
    this.#byKeyId.set(issued.accessKeyId, issued);
    return issued;
  }

  all(): IssuedCredentials[] {
    return [...this.#byKeyId.values()];
  }
}

function accountOf(arn: string): string | undefined {
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1];
}
