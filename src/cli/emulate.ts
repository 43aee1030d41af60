// `credchain emulate`: runs the loopback AWS emulator in the foreground, prints the variables that
// point credchain (or the AWS SDK) at it, logs each request on stderr, and stops on Ctrl-C. With
// --mongodb also the Atlas stand-in (src/emulator/atlas/), and the Lambda-style environment of an
// execution-role session, so a function's code runs end to end on a laptop or in CI.

import type { AtlasEmulator, AuthAttempt } from '../emulator/atlas/index.js';
import type { Emulator, IssuedCredentials } from '../emulator/index.js';
import { SCENARIO_KEYS } from '../emulator/scenario.js';
import { maskKeyId } from '../errors.js';
import { COMMON_OPTIONS_HELP, portOption, stringOption, type CommandModule } from './args.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { style, table, toJson, wrapWords } from './output.js';
import { shellQuote } from './shell-quote.js';
import { lines, term, type Printable, type TerminalText } from './terminal-text.js';
import { loadScenarioFile } from './scenario-file.js';
import { untilStopped } from './until-stopped.js';

export const command: CommandModule = {
  name: 'emulate',
  summary: 'run the loopback AWS emulator (IMDS, container, STS, SSO), and with --mongodb an Atlas stand-in',
  help: `Usage: credchain emulate [--port N] [--scenario FILE] [--mongodb] [--mongodb-port N] [--json]

Starts one HTTP server on 127.0.0.1 that answers like EC2 instance metadata (IMDSv2), the
ECS/EKS container credentials endpoint, STS (AssumeRole, AssumeRoleWithWebIdentity,
GetCallerIdentity and GetSessionToken, with SigV4 signatures verified), the IAM Identity
Center portal and SSO-OIDC. It prints the environment variables that point credchain or the
AWS SDK at it, logs every request on stderr, and runs until Ctrl-C. Every key and token it
prints is made up for this run and is only good against this emulator.

With --mongodb it also runs a local Atlas stand-in: a MongoDB server on 127.0.0.1 that
authenticates MONGODB-AWS as Atlas does (the signed GetCallerIdentity checked against this
emulator's keys, the caller matched to a database user: a role session as the role ARN without
path and session name) and answers hello, ping and find over small fixtures. It prints the
connection string and a Lambda-style environment (an execution-role session) to run a
function's code against both.

Options:
      --port N         listen on this port (default: a free one)
      --mongodb        also run the Atlas stand-in (MongoDB wire protocol, MONGODB-AWS)
      --mongodb-port N the stand-in's port (default: a free one; implies --mongodb)
      --scenario FILE  a JSON scenario; every key is optional (a default or a random secret):
${scenarioKeysHelp()}
      --json           print {url, port, env, scenario, mongodb?, lambda?} as one JSON document
${COMMON_OPTIONS_HELP}
`,
  exits: { codes: ['ok', 'scenarioFailed'], wording: { ok: 'stopped with Ctrl-C', scenarioFailed: 'could not start (port in use, unusable scenario file)' } },
  options: { port: { type: 'string' }, scenario: { type: 'string' }, json: { type: 'boolean' }, mongodb: { type: 'boolean' }, 'mongodb-port': { type: 'string' } },
  async run(args, io) {
    const port = portOption(args, 'port', 'emulate');
    const mongoPort = portOption(args, 'mongodb-port', 'emulate');
    const withMongoDb = args.values.mongodb === true || stringOption(args, 'mongodb-port') !== undefined;
    const { startEmulator } = await import('../emulator/index.js');
    const scenarioPath = stringOption(args, 'scenario');
    const scenario = scenarioPath ? await loadScenarioFile(scenarioPath) : undefined;
    const emulator = await startEmulator({
      port,
      scenario,
      onRequest: (entry) => io.err(term`${new Date(entry.time).toISOString()}  ${entry.method} ${entry.path} → ${entry.status || 'dropped'}  (${entry.route}, ${entry.ms} ms)\n`),
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') throw new CliError(`port ${port} is already in use on 127.0.0.1: choose another with --port, or leave it out to get a free one`, EXIT.scenarioFailed);
      throw error;
    });
    let atlas: AtlasEmulator | undefined;
    let lambda: LambdaSession | undefined;
    if (withMongoDb) {
      const { startAtlasEmulator } = await import('../emulator/atlas/index.js');
      const { users, stsHost, databases } = emulator.scenario.mongodb;
      atlas = await startAtlasEmulator({ port: mongoPort, lookup: (keyId) => emulator.issued(keyId), users, stsHost, databases, onAuth: (attempt) => io.err(authLogLine(attempt)) }).catch(
        async (error: NodeJS.ErrnoException) => {
          await emulator.close();
          if (error.code === 'EADDRINUSE') throw new CliError(`port ${mongoPort} is already in use on 127.0.0.1: choose another with --mongodb-port, or leave it out to get a free one`, EXIT.scenarioFailed);
          throw error;
        },
      );
      lambda = lambdaSession(emulator);
    }

    // Listen for Ctrl-C before telling anyone where we are: a caller may stop us as soon as it reads that.
    const stopped = untilStopped();
    const env = emulator.env();
    if (args.values.json) {
      const mongodb = atlas && { uri: atlas.uri(), port: atlas.port, stsHost: atlas.stsHost, users: atlas.users };
      io.out(toJson({ url: emulator.url, port: emulator.port, env, scenario: emulator.scenario, ...(mongodb ? { mongodb } : {}), ...(lambda ? { lambda } : {}) }));
    } else {
      io.out(describe(emulator, env, io.color, atlas, lambda));
    }
    await stopped;
    io.err(term`stopping the emulator\n`);
    await Promise.all([emulator.close(), atlas?.close()]);
    return EXIT.ok;
  },
};

/**
 * The scenario file's keys, from the list the emulator checks files against (SCENARIO_KEYS), so the
 * help names every key a file may hold — no more, no less.
 */
function scenarioKeysHelp(): string {
  const { '': top, role, user, assignment, ...parts } = SCENARIO_KEYS;
  const nested: Record<string, string> = {
    roles: `{NAME: ARN or {${role.join(', ')}}}`,
    users: `{NAME: {${user.join(', ')}}}`,
    ...Object.fromEntries(Object.entries(parts).map(([part, keys]) => [part, `{${keys.join(', ')}}`])),
  };
  nested.sso = nested.sso!.replace('assignments', `assignments [{${assignment.join(', ')}}]`);
  nested.mongodb = nested.mongodb!.replace('users', 'users [ARN]').replace('databases', 'databases {DB: {COLLECTION: [document]}}');
  // The plain values on one line, then one line (wrapped when long) per object.
  const indent = ' '.repeat(23);
  const plain = wrapWords(top.filter((key) => !nested[key]).join(', '), 92, indent);
  const objects = top.filter((key) => nested[key]).map((key) => wrapWords(`${key} ${nested[key]}`, 92, indent).replace(/\n {23}/g, `\n${indent}  `));
  return [plain, ...objects].join('\n');
}

interface LambdaSession {
  role: string;
  env: Record<string, string>;
}

/** The variables the Lambda service sets for a function's execution role (app-role when the scenario has it). */
function lambdaSession(emulator: Emulator): LambdaSession | undefined {
  const role = emulator.scenario.roles['app-role'] ?? Object.values(emulator.scenario.roles)[0];
  if (!role) return undefined;
  const session: IssuedCredentials = emulator.roleSession(role.arn, 'credchain-lambda');
  return {
    role: role.arn,
    env: { AWS_ACCESS_KEY_ID: session.accessKeyId, AWS_SECRET_ACCESS_KEY: session.secretAccessKey, AWS_SESSION_TOKEN: session.sessionToken! },
  };
}

/** One stderr line per MONGODB-AWS login: the masked key, the database user, and why a refusal happened (the client only hears "Authentication failed."). */
function authLogLine(attempt: AuthAttempt): TerminalText {
  const who = `${maskKeyId(attempt.accessKeyId)}${attempt.user ? ` as ${attempt.user}` : ''}`;
  // The reason may quote what the client sent (a mechanism, a region): `term` escapes it, never raw.
  const outcome = attempt.ok ? 'authenticated' : `refused: ${attempt.reason ?? 'unknown reason'}`;
  return term`${new Date().toISOString()}  MONGODB-AWS ${who} → ${outcome}\n`;
}

function shellLine(name: string, value: string): string {
  return `export ${name}=${shellQuote(value)}`;
}

/**
 * The banner on stdout, in the order it is used: where each server listens, the variables to copy,
 * what the scenario holds, then what shows on stderr and how to stop. (Requests and logins are logged
 * on stderr, so stdout can be piped or saved as it is.)
 */
function describe(emulator: Emulator, env: Record<string, string>, color: boolean, atlas?: AtlasEmulator, lambda?: LambdaSession): TerminalText {
  const s = style(color);
  const { scenario } = emulator;
  const shellLines = (names: string[]) => lines(names.filter((name) => env[name] !== undefined).map((name) => shellLine(name, env[name]!)));
  const user = Object.values(scenario.users)[0];
  const assignment = scenario.sso.assignments[0];
  const parts: Printable[] = [
    term`${s.bold('credchain emulator')} listening on ${s.cyan(emulator.url)} — scenario "${scenario.name}", account ${scenario.accountId}, region ${scenario.region}`,
    ...(atlas
      ? [term`${s.bold('Atlas stand-in')} (MongoDB, MONGODB-AWS) listening on ${s.cyan(`127.0.0.1:${atlas.port}`)} — signatures checked against this emulator's keys, for STS host ${atlas.stsHost}`]
      : []),
    'Loopback only: nothing leaves this machine. Every key and token below is made up for this run.',
    '',
    s.dim('# Point credchain or the AWS SDK at it (STS, SSO, SSO-OIDC, sign-in, IMDS):'),
    shellLines(['AWS_REGION', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_ENDPOINT_URL_SIGNIN', 'AWS_EC2_METADATA_SERVICE_ENDPOINT', 'AWS_EC2_METADATA_DISABLED']),
    s.dim('# Container credentials (they win over IMDS: leave these two out to reach IMDS):'),
    shellLines(['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN']),
    ...(atlas ? [s.dim("# The Atlas stand-in's connection string:"), shellLine('MONGODB_URI', atlas.uri())] : []),
    '',
    term`${s.bold('Roles')} (AssumeRole / AssumeRoleWithWebIdentity accept these ARNs):`,
    table(Object.values(scenario.roles).map((role) => [role.name, role.arn + (role.externalId ? `  (ExternalId ${role.externalId})` : '') + (role.mfaSerial ? `  (MFA ${role.mfaSerial}, code ${scenario.mfaCode})` : '')])),
  ];
  if (user) {
    parts.push(term`${s.bold('Static user')} "${user.name}" (${user.arn}), e.g. as a profile's keys or as env credentials:`, `  ${shellLine('AWS_ACCESS_KEY_ID', user.accessKeyId)}`, `  ${shellLine('AWS_SECRET_ACCESS_KEY', user.secretAccessKey)}`, '');
  }
  parts.push(
    term`${s.bold('IMDS')}: role ${scenario.imds.role ?? '(none)'}, IMDSv1 ${scenario.imds.v1Allowed ? 'allowed' : 'refused (IMDSv2 only)'}`,
    term`${s.bold('Web identity')}: put this token in the file named by AWS_WEB_IDENTITY_TOKEN_FILE:`,
    `  ${scenario.webIdentity.tokens[0] ?? '(none)'}`,
    term`${s.bold('SSO')}: start URL ${scenario.sso.startUrl}, region ${scenario.sso.region}${assignment ? `, account ${assignment.accountId} role ${assignment.roleName}` : ''}`,
    `  access token for ~/.aws/sso/cache: ${scenario.sso.accessTokens[0] ?? '(none)'}`,
    `  clientId ${scenario.sso.clientId}  clientSecret ${scenario.sso.clientSecret}  refreshToken ${scenario.sso.refreshTokens[0] ?? '(none)'}`,
    term`${s.bold('aws login')}: login_session = ${scenario.login.sessionArn}; the sign-in token endpoint (POST /v1/token) refreshes cache files made by the emulator's loginCache() (DPoP proofs verified)`,
    '',
  );
  if (atlas) {
    const collections = Object.entries(atlas.databases).flatMap(([db, colls]) => Object.entries(colls).map(([name, docs]) => `${db}.${name} (${docs.length} documents)`));
    parts.push(
      term`${s.bold('Database users')} of the Atlas stand-in (AWS IAM; a role session logs in as the role ARN without path and session name):`,
      ...(atlas.users ?? []).map((user) => `  ${user}`),
      term`${s.bold('Data')}: ${collections.join(', ') || '(none)'}`,
      '',
    );
    if (lambda) {
      parts.push(
        s.dim(`# Your function's code as on Lambda (execution role ${lambda.role}), with MONGODB_URI and AWS_REGION above:`),
        ...Object.entries(lambda.env).map(([name, value]) => shellLine(name, value)),
        '',
      );
    }
  }
  parts.push(s.dim(`Requests are logged on stderr as they arrive${atlas ? ', and MONGODB-AWS logins with the reason for each refusal' : ''}. Ctrl-C stops it.`), '');
  return lines(parts);
}
