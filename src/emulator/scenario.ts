// The emulator's world: one account, its roles, static users, and what the IMDS, container, web
// identity and SSO endpoints accept. Written as JSON (`credchain emulate --scenario FILE`) or in code;
// everything left out gets a default, and every secret is random per run unless the file fixes it.

import { didYouMean } from '../did-you-mean.js';
import { defaultDatabaseUsers } from './atlas/database-users.js';
import { defaultDatabases } from './atlas/fixtures.js';
import { randomAccessToken, randomJwt, randomKeyId, randomSecretKey, randomHex, randomUserId } from './random.js';

export interface ScenarioRole {
  /** The role name (the last part of the ARN). */
  name: string;
  /** `arn:aws:iam::ACCOUNT:role/[path/]NAME` — the path is kept, as IAM does. */
  arn: string;
  /** When set, AssumeRole must pass this ExternalId (else AccessDenied). */
  externalId?: string;
  /** When set, AssumeRole must pass SerialNumber = this and TokenCode = scenario.mfaCode. */
  mfaSerial?: string;
}

export interface ScenarioUser {
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `arn:aws:iam::ACCOUNT:user/NAME`. */
  arn: string;
  /** `AIDA…`, as GetCallerIdentity reports it. */
  userId: string;
  /** When set, GetSessionToken must pass SerialNumber = this and TokenCode = scenario.mfaCode. */
  mfaSerial?: string;
}

export interface SsoAssignment {
  accountId: string;
  roleName: string;
}

export interface Scenario {
  name: string;
  accountId: string;
  region: string;
  /** Lifetime of credentials issued by IMDS, the container endpoint and SSO, and the STS default. Negative = already expired. */
  credentialLifetimeSeconds: number;
  roles: Record<string, ScenarioRole>;
  users: Record<string, ScenarioUser>;
  /** The one MFA code AssumeRole accepts for roles with `mfaSerial`. */
  mfaCode: string;
  imds: {
    /** The instance profile's role name (a key of `roles`); null = an instance without a role. */
    role: string | null;
    /** Whether a GET without an IMDSv2 session token is answered. */
    v1Allowed: boolean;
    instanceId: string;
  };
  container: {
    /** Path served for container credentials, e.g. `/v2/credentials/<uuid>`. */
    path: string;
    /** The Authorization header value required; null = none required. */
    authorizationToken: string | null;
    role: string;
  };
  webIdentity: {
    /** Tokens AssumeRoleWithWebIdentity accepts. */
    tokens: string[];
    subject: string;
    audience: string;
    provider: string;
  };
  sso: {
    startUrl: string;
    region: string;
    /** Bearer tokens the portal accepts (tokens issued by the OIDC refresh are added). */
    accessTokens: string[];
    clientId: string;
    clientSecret: string;
    /** Refresh tokens the OIDC endpoint accepts (each refresh issues a new one, which is added). */
    refreshTokens: string[];
    assignments: SsoAssignment[];
    userName: string;
  };
  /** The `aws login` sign-in service (POST /v1/token, DPoP-bound refresh). */
  login: {
    /** The signed-in identity: the profile's login_session value and the ARN the issued keys stand for. */
    sessionArn: string;
    clientId: string;
    /** Refresh tokens the token endpoint accepts (each refresh issues a new one, which is added). */
    refreshTokens: string[];
    /** When set, every refresh is refused with AccessDeniedException and this `error` (TOKEN_EXPIRED…). */
    deny: string | null;
    /** The reply's expiresIn for issued keys; null leaves it out (clients assume 900 s). */
    expiresInSeconds: number | null;
  };
  /** The Atlas stand-in (`credchain emulate --mongodb`): who may log in, where Atlas verifies, what find reads. */
  mongodb: {
    /** Database users of type AWS IAM (ARNs, matched as Atlas matches them); default: every role (without path) and user. */
    users: string[];
    /** The STS host Atlas sends the client (`h`): the region the client signs for. */
    stsHost: string;
    /** database → collection → documents. */
    databases: Record<string, Record<string, Array<Record<string, unknown>>>>;
  };
}

/** What a scenario file (or a caller) may give: any part, with roles as name → ARN or a role object. */
export interface ScenarioInput {
  name?: string;
  accountId?: string;
  region?: string;
  credentialLifetimeSeconds?: number;
  roles?: Record<string, string | Partial<ScenarioRole>>;
  users?: Record<string, Partial<ScenarioUser>>;
  mfaCode?: string;
  imds?: Partial<Scenario['imds']>;
  container?: Partial<Scenario['container']>;
  webIdentity?: Partial<Scenario['webIdentity']>;
  sso?: Partial<Scenario['sso']>;
  login?: Partial<Scenario['login']>;
  mongodb?: Partial<Scenario['mongodb']>;
}

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/;
/** An Atlas database user of type AWS IAM: an IAM user or role ARN (a path is accepted: Atlas accepts it too, and never matches it). */
const DATABASE_USER_ARN = /^arn:aws[\w-]*:iam::\d{12}:(?:user|role)\/[\w+=,.@/-]{1,512}$/;
const STS_HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Every key a scenario may hold, by where it stands: a misspelt key is an error, never silently a
 * default. Typed as records over the interfaces' keys, so a new field cannot be forgotten here.
 */
const keysOf = <T>(record: Record<keyof T, true>): readonly string[] => Object.keys(record);
export const SCENARIO_KEYS = {
  '': keysOf<ScenarioInput>({ name: true, accountId: true, region: true, credentialLifetimeSeconds: true, roles: true, users: true, mfaCode: true, imds: true, container: true, webIdentity: true, sso: true, login: true, mongodb: true }),
  role: keysOf<ScenarioRole>({ name: true, arn: true, externalId: true, mfaSerial: true }),
  user: keysOf<ScenarioUser>({ name: true, accessKeyId: true, secretAccessKey: true, arn: true, userId: true, mfaSerial: true }),
  imds: keysOf<Scenario['imds']>({ role: true, v1Allowed: true, instanceId: true }),
  container: keysOf<Scenario['container']>({ path: true, authorizationToken: true, role: true }),
  webIdentity: keysOf<Scenario['webIdentity']>({ tokens: true, subject: true, audience: true, provider: true }),
  sso: keysOf<Scenario['sso']>({ startUrl: true, region: true, accessTokens: true, clientId: true, clientSecret: true, refreshTokens: true, assignments: true, userName: true }),
  login: keysOf<Scenario['login']>({ sessionArn: true, clientId: true, refreshTokens: true, deny: true, expiresInSeconds: true }),
  mongodb: keysOf<Scenario['mongodb']>({ users: true, stsHost: true, databases: true }),
  assignment: keysOf<SsoAssignment>({ accountId: true, roleName: true }),
};

function checkKeys(value: unknown, known: readonly string[], where: string): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const path = where ? `${where}.${key}` : key;
      fail(`unknown key "${path}"${didYouMean(key, known)} (${where ? `keys of ${where}` : 'top-level keys'}: ${known.join(', ')})`);
    }
  }
}

function checkScenarioKeys(input: ScenarioInput): void {
  checkKeys(input, SCENARIO_KEYS[''], '');
  for (const [name, role] of Object.entries(input.roles ?? {})) checkKeys(role, SCENARIO_KEYS.role, `roles.${name}`);
  for (const [name, user] of Object.entries(input.users ?? {})) checkKeys(user, SCENARIO_KEYS.user, `users.${name}`);
  for (const part of ['imds', 'container', 'webIdentity', 'sso', 'login', 'mongodb'] as const) checkKeys(input[part], SCENARIO_KEYS[part], part);
  for (const [index, assignment] of (input.sso?.assignments ?? []).entries()) checkKeys(assignment, SCENARIO_KEYS.assignment, `sso.assignments[${index}]`);
}

/** A scenario that cannot be used: tooling's own error (not a credential source's), so it never exits as a broken source. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly fix = 'Fix the scenario (see `credchain emulate --help`)';
  constructor(readonly problem: string) {
    super(`emulator: ${problem}. Fix the scenario (see \`credchain emulate --help\`)`);
  }
}

/** Fills every default; validates what was given. Throws ScenarioError on a bad scenario. */
export function resolveScenario(input: ScenarioInput = {}): Scenario {
  checkScenarioKeys(input);
  const accountId = input.accountId ?? '123456789012';
  if (!/^\d{12}$/.test(accountId)) fail(`accountId must be 12 digits, got "${accountId}"`);
  const region = input.region ?? 'us-east-1';
  const lifetime = input.credentialLifetimeSeconds ?? 3600;
  if (!Number.isFinite(lifetime)) fail('credentialLifetimeSeconds must be a number of seconds');

  const roleInput = input.roles ?? defaultRoles(accountId);
  const roles: Record<string, ScenarioRole> = {};
  for (const [name, value] of Object.entries(roleInput)) {
    const role: Partial<ScenarioRole> = typeof value === 'string' ? { arn: value } : { ...value };
    const arn = role.arn ?? `arn:aws:iam::${accountId}:role/${name}`;
    const match = ROLE_ARN.exec(arn);
    if (!match) fail(`role "${name}" has an invalid ARN "${arn}" (expected arn:aws:iam::ACCOUNT:role/[path/]NAME)`);
    roles[name] = { ...role, name: match[2]!, arn };
  }

  const userInput = input.users ?? { developer: {} };
  const users: Record<string, ScenarioUser> = {};
  for (const [name, value] of Object.entries(userInput)) {
    users[name] = {
      name,
      accessKeyId: value.accessKeyId ?? randomKeyId('AKIA'),
      secretAccessKey: value.secretAccessKey ?? randomSecretKey(),
      arn: value.arn ?? `arn:aws:iam::${accountId}:user/${name}`,
      userId: value.userId ?? randomUserId('AIDA'),
      ...(value.mfaSerial ? { mfaSerial: value.mfaSerial } : {}),
    };
  }

  const firstRole = (wanted: string) => (roles[wanted] ? wanted : Object.keys(roles)[0]);
  const imdsRole = input.imds?.role === null ? null : (input.imds?.role ?? firstRole('instance-role') ?? null);
  const containerRole = input.container?.role ?? firstRole('task-role');
  for (const [what, role] of [['imds.role', imdsRole], ['container.role', containerRole]] as const) {
    if (role && !roles[role]) fail(`${what} names role "${role}", which is not in roles`);
  }
  const containerPath = input.container?.path ?? `/v2/credentials/${randomHex(16)}`;
  if (!containerPath.startsWith('/v2/credentials/')) fail(`container.path must start with /v2/credentials/, got "${containerPath}"`);

  return {
    name: input.name ?? 'default',
    accountId,
    region,
    credentialLifetimeSeconds: lifetime,
    roles,
    users,
    mfaCode: input.mfaCode ?? '123456',
    imds: { role: imdsRole, v1Allowed: input.imds?.v1Allowed ?? false, instanceId: input.imds?.instanceId ?? `i-0${randomHex(8)}` },
    container: {
      path: containerPath,
      authorizationToken: input.container?.authorizationToken === undefined ? randomAccessToken() : input.container.authorizationToken,
      role: containerRole ?? '',
    },
    webIdentity: {
      tokens: input.webIdentity?.tokens ?? [randomJwt()],
      subject: input.webIdentity?.subject ?? 'system:serviceaccount:default:app',
      audience: input.webIdentity?.audience ?? 'sts.amazonaws.com',
      provider: input.webIdentity?.provider ?? `arn:aws:iam::${accountId}:oidc-provider/oidc.eks.${region}.amazonaws.com/id/EXAMPLE`,
    },
    sso: {
      startUrl: input.sso?.startUrl ?? 'https://credchain-demo.awsapps.com/start',
      region: input.sso?.region ?? region,
      accessTokens: input.sso?.accessTokens ?? [randomAccessToken()],
      clientId: input.sso?.clientId ?? randomAccessToken(),
      clientSecret: input.sso?.clientSecret ?? randomAccessToken(),
      refreshTokens: input.sso?.refreshTokens ?? [randomAccessToken()],
      assignments: input.sso?.assignments ?? [{ accountId, roleName: 'ReadOnly' }],
      userName: input.sso?.userName ?? 'dev@example.com',
    },
    login: {
      sessionArn: input.login?.sessionArn ?? `arn:aws:iam::${accountId}:user/developer`,
      clientId: input.login?.clientId ?? 'arn:aws:signin:::devtools/same-device',
      refreshTokens: input.login?.refreshTokens ?? [randomAccessToken()],
      deny: input.login?.deny ?? null,
      expiresInSeconds: input.login?.expiresInSeconds === undefined ? 900 : input.login.expiresInSeconds,
    },
    mongodb: resolveMongoDb(input.mongodb, roles, users),
  };
}

function resolveMongoDb(input: Partial<Scenario['mongodb']> | undefined, roles: Record<string, ScenarioRole>, users: Record<string, ScenarioUser>): Scenario['mongodb'] {
  const databaseUsers = input?.users ?? defaultDatabaseUsers(Object.values(roles).map((role) => role.arn), Object.values(users).map((user) => user.arn));
  if (!Array.isArray(databaseUsers)) fail('mongodb.users must be a list of IAM user or role ARNs');
  for (const arn of databaseUsers) {
    if (typeof arn !== 'string' || !DATABASE_USER_ARN.test(arn)) fail(`mongodb.users holds "${String(arn)}", which is not an IAM user or role ARN (arn:aws:iam::ACCOUNT:role/NAME or …:user/NAME)`);
  }
  const stsHost = input?.stsHost ?? 'sts.amazonaws.com';
  if (typeof stsHost !== 'string' || stsHost.length > 253 || !STS_HOST.test(stsHost)) fail(`mongodb.stsHost must be a host name such as sts.eu-west-1.amazonaws.com, got "${String(stsHost)}"`);
  const databases = input?.databases ?? defaultDatabases();
  const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!isObject(databases)) fail('mongodb.databases must be an object: {"database": {"collection": [documents]}}');
  for (const [database, collections] of Object.entries(databases)) {
    if (!isObject(collections)) fail(`mongodb.databases.${database} must be an object of collections`);
    for (const [collection, documents] of Object.entries(collections)) {
      if (!Array.isArray(documents) || !documents.every(isObject)) fail(`mongodb.databases.${database}.${collection} must be a list of documents (JSON objects)`);
    }
  }
  return { users: databaseUsers, stsHost, databases: databases as Scenario['mongodb']['databases'] };
}

/** The roles a scenario has when it names none (one with a path, as IAM allows). */
export function defaultRoles(accountId: string): Record<string, string> {
  return {
    'app-role': `arn:aws:iam::${accountId}:role/service/app-role`,
    admin: `arn:aws:iam::${accountId}:role/admin`,
    'web-identity-role': `arn:aws:iam::${accountId}:role/eks/web-identity-role`,
    'instance-role': `arn:aws:iam::${accountId}:role/ec2/instance-role`,
    'task-role': `arn:aws:iam::${accountId}:role/ecs/task-role`,
  };
}

/** The JSON object of a scenario file, before defaults. */
export function readScenarioInput(text: string, path: string): ScenarioInput {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    fail(`scenario file ${path} is not valid JSON (${(error as Error).message})`);
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) fail(`scenario file ${path} must hold a JSON object`);
  return input as ScenarioInput;
}

/** Finds a role by name or by ARN. */
export function findRole(scenario: Scenario, nameOrArn: string): ScenarioRole | undefined {
  return scenario.roles[nameOrArn] ?? Object.values(scenario.roles).find((role) => role.arn === nameOrArn);
}

function fail(problem: string): never {
  throw new ScenarioError(problem);
}
