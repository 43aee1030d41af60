// The core of `credchain atlas-check`: resolve credentials, reach the cluster (SRV/TXT, TCP/TLS), run
// hello and the MONGODB-AWS conversation over OP_MSG without the driver, and say what went wrong and
// what to change. Returns a report; printing and exit codes belong to src/cli/atlas-check.ts.

import type { CredentialProvider } from '../chain.js';
import type { Context } from '../context.js';
import type { Credentials } from '../credentials.js';
import { maskKeyId, redact } from '../errors.js';
import { outsideText } from '../outside-text.js';
import { selectProfile } from '../profile-selection.js';
import { databaseUserFor } from './atlas-user.js';
import { nodeDnsResolver, resolveSrvSeeds, type DnsResolver } from './srv.js';
import { booleanOption, maskMongoUri, parseMongoUri, type MongoUri } from './uri.js';
import { openConnection, type ConnectTarget, type MongoConnection } from './socket.js';
import type { Document } from './wire.js';
import type { CallerIdentity } from '../sts/reply.js';
import { readFailureFix, readFailureSuffix } from '../io/file-limits.js';
import { isThrottlingReply } from '../sts/reply.js';
import { staleSessionTokenFix } from '../sts/stale-session-token.js';

export type AtlasCheckStep = 'uri' | 'dns' | 'credentials' | 'connect' | 'hello' | 'auth' | 'done';

/**
 * What the check came to, one word a script can branch on (the CLI's verdict line and exit code):
 * a name that does not resolve, no answer in time and AWS throttling each have their own, apart from
 * the generic "unreachable".
 */
export type AtlasCheckVerdict =
  | 'ok'
  | 'invalid-uri'
  | 'no-credentials'
  | 'broken-source'
  | 'dns-failed'
  | 'timed-out'
  | 'throttled'
  | 'unreachable'
  | 'auth-refused';

export interface AtlasCheckReport {
  ok: boolean;
  /** The step that failed, or 'done'. */
  step: AtlasCheckStep;
  /** What kind of failure it was (or 'ok'). */
  verdict: AtlasCheckVerdict;
  /** The connection string with any password masked. */
  uri: string;
  tls?: boolean;
  /** Seed hosts (after SRV resolution). */
  hosts?: string[];
  /** The host atlas-check talked to. */
  connectedTo?: string;
  /** `clockSkewMs`: this machine's clock minus the server's (hello's localTime). */
  server?: { maxWireVersion?: number; setName?: string; clockSkewMs?: number };
  credentials?: { source: string; accessKeyId: string; sessionToken: boolean; expiration?: string; accountId?: string };
  /** GetCallerIdentity for the credentials, or why it failed (with the STS error code). */
  identity?: CallerIdentity | IdentityFailure;
  /** The database user (AWS IAM type) Atlas matches these credentials to. */
  databaseUser?: string;
  /** The STS host the server asked for (`h`) and the region that makes. */
  sts?: { host: string; region: string };
  /** What the server or the step said. */
  error?: { message: string; code?: number; codeName?: string; kind?: 'no-credentials' | 'broken-source' };
  /** Non-fatal remarks about the URI. */
  notes: string[];
  /** What to change, most likely first. */
  fixes: string[];
}

export interface IdentityFailure {
  error: string;
  code?: string;
}

/** Extra fields of a report's error: the server's code, or the kind of credential failure. */
type ErrorDetail = Omit<NonNullable<AtlasCheckReport['error']>, 'message'>;

export interface AtlasCheckOptions {
  uri: string;
  provider: CredentialProvider;
  context: Context;
  dns?: DnsResolver;
  timeoutMs?: number;
  /** The profile and region the chain uses (for the STS endpoint of GetCallerIdentity). */
  profile?: string;
  region?: string;
}

/** AWS refuses a signature more than 15 minutes off its clock; a third of that already deserves a word. */
const CLOCK_NOTE_MS = 5 * 60_000;
const CLOCK_REFUSED_MS = 15 * 60_000;

const ATLAS_USER_FIX = (user: string) =>
  `In Atlas, add a database user with authentication method "AWS IAM" and ARN ${user} (Database Access → Add New Database User), with the roles it needs; wait for the deployment to finish.`;

export async function atlasCheck(options: AtlasCheckOptions): Promise<AtlasCheckReport> {
  // Masked before anything else reads the string: no later step can show a password from it.
  const report: AtlasCheckReport = { ok: false, step: 'uri', verdict: 'invalid-uri', uri: maskMongoUri(options.uri), notes: [], fixes: [] };
  const { context } = options;
  // Whether the deadline, not the step's own limit, set the last step's wait (so a step that timed out
  // gave up at the deadline): decided when the wait is set, since its timer may fire a millisecond
  // before the clock reads the deadline as passed.
  let deadlineSetLastWait = false;
  // Each step waits at most timeoutMs, and never past the caller's deadline (the CLI's --timeout) when there is one.
  const stepTimeoutMs = (): number => {
    const perStep = options.timeoutMs ?? 10_000;
    if (!context.deadline) return perStep;
    const left = Math.max(1, Math.ceil(context.deadline.at - context.now()));
    deadlineSetLastWait = left <= perStep;
    return Math.min(perStep, left);
  };
  const pastDeadline = () => context.deadline !== undefined && context.now() >= context.deadline.at;
  let secrets: Array<string | undefined> = [];
  const finish = (step: AtlasCheckStep, message?: string, fix?: string[], server?: ErrorDetail, verdict?: AtlasCheckVerdict): AtlasCheckReport => {
    report.step = step;
    report.ok = step === 'done';
    report.verdict = verdict ?? (step === 'done' ? 'ok' : step === 'uri' ? 'invalid-uri' : step === 'auth' ? 'auth-refused' : 'unreachable');
    if (message !== undefined) {
      const gaveUp = report.verdict === 'timed-out' && context.deadline && (deadlineSetLastWait || pastDeadline()) && !message.includes(context.deadline.name) ? `; gave up at ${context.deadline.name}` : '';
      report.error = { ...server, message: redact(`${message}${gaveUp}`, secrets) };
    }
    if (fix) report.fixes.push(...fix);
    return report;
  };

  // 1. The connection string.
  let uri: MongoUri;
  let tlsEnabled: boolean;
  try {
    uri = parseMongoUri(options.uri);
    report.uri = uri.display;
    tlsEnabled = booleanOption(uri.options, 'tls') ?? booleanOption(uri.options, 'ssl') ?? uri.srv;
    const mechanism = uri.options.authmechanism;
    if (mechanism && mechanism !== 'MONGODB-AWS') {
      return finish('uri', `the connection string uses authMechanism=${outsideText(mechanism, 40)}, not MONGODB-AWS`, ['Use authMechanism=MONGODB-AWS&authSource=%24external for AWS IAM authentication.']);
    }
    if (!mechanism) report.notes.push('The connection string does not set authMechanism=MONGODB-AWS; the driver needs it (in the URI or in the client options) to use AWS credentials.');
    const authSource = uri.options.authsource;
    if (authSource !== undefined && authSource !== '$external') {
      return finish('uri', `authSource is "${outsideText(authSource, 100)}", but MONGODB-AWS users live in $external`, ['Set authSource=%24external (or leave it out).']);
    }
    if (uri.hasUserInfo) report.notes.push('The connection string carries a user name/password; atlas-check ignores it and uses the AWS credential chain, as AWS_CREDENTIAL_PROVIDER does. Do not keep AWS secrets in a connection string.');
  } catch (error) {
    return finish('uri', (error as Error).message, ['Copy the connection string from Atlas (Connect → Drivers) and add authMechanism=MONGODB-AWS&authSource=%24external.']);
  }
  report.tls = tlsEnabled;

  // 2. DNS seed list.
  let hosts = uri.hosts;
  if (uri.srv) {
    report.step = 'dns';
    try {
      const resolver = options.dns ?? (await nodeDnsResolver());
      const seeds = await withinTime(resolveSrvSeeds(uri.hosts[0]!.host, resolver, uri.options.srvservicename), stepTimeoutMs(), `no DNS answer for ${uri.hosts[0]!.host}`);
      hosts = seeds.hosts;
      const txtSource = seeds.txtOptions.authsource;
      if (txtSource && txtSource !== '$external' && uri.options.authsource === undefined) {
        report.notes.push(`The cluster's DNS TXT record sets authSource=${txtSource}; MONGODB-AWS always authenticates against $external.`);
      }
    } catch (error) {
      if (error instanceof TimedOut) return finish('dns', error.message, ['Check that the DNS server answers (--dns-server, /etc/resolv.conf), or give atlas-check more time (--timeout).'], undefined, 'timed-out');
      return finish('dns', (error as Error).message, ['Check the cluster host name (copy it from Atlas → Connect), and that this machine can resolve DNS SRV records.'], undefined, 'dns-failed');
    }
  }
  report.hosts = hosts.map(({ host, port }) => `${host}:${port}`);

  // 3. Credentials, from the same chain the driver will call.
  report.step = 'credentials';
  let credentials: Credentials;
  try {
    credentials = await options.provider();
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    const kind = code === 'no-credentials' ? 'no-credentials' : 'broken-source';
    const verdict = kind === 'no-credentials' ? kind : isThrottled(code) ? 'throttled' : code === 'timeout' || pastDeadline() ? 'timed-out' : kind;
    const fixes = verdict === 'throttled' ? ['AWS throttled the credential calls: try again in a minute (see the message for what was throttled).'] : ['Run `credchain explain` to see what each source of the chain found.'];
    return finish('credentials', (error as Error).message, fixes, { kind }, verdict);
  }
  secrets = [credentials.secretAccessKey, credentials.sessionToken];
  report.credentials = {
    source: credentials.source,
    accessKeyId: maskKeyId(credentials.accessKeyId),
    sessionToken: credentials.sessionToken !== undefined,
    ...(credentials.expiration ? { expiration: credentials.expiration.toISOString() } : {}),
    ...(credentials.accountId ? { accountId: credentials.accountId } : {}),
  };
  const identity = identifyCaller(options, credentials, secrets).then((found) => {
    report.identity = found;
    if ('arn' in found) report.databaseUser = databaseUserFor(found.arn);
    return found;
  });

  // 4. Connect to the first seed that answers.
  let connection: MongoConnection | undefined;
  const failures: string[] = [];
  const failureCodes: Array<string | undefined> = [];
  let ca: string | undefined;
  if (tlsEnabled && uri.options.tlscafile) {
    const file = uri.options.tlscafile;
    let failure: unknown;
    ca = await options.context.readFile(file).catch((error: unknown) => ((failure = error), undefined));
    if (failure !== undefined) return finish('connect', `cannot read tlsCAFile ${file}${readFailureSuffix(failure)}`, [`${readFailureFix(failure, 'Point tlsCAFile at a readable PEM file', 'point tlsCAFile at the PEM file')}.`]);
    if (ca === undefined) return finish('connect', `tlsCAFile ${file} does not exist`, ['Point tlsCAFile at the PEM file of the CA that signed the server certificate.']);
  }
  const insecure = booleanOption(uri.options, 'tlsInsecure') === true;
  for (const seed of hosts) {
    report.step = 'connect';
    const target: ConnectTarget = { host: seed.host, port: seed.port, timeoutMs: stepTimeoutMs() };
    if (options.dns?.lookup) target.lookup = (host) => options.dns!.lookup!(host);
    if (tlsEnabled) {
      target.tls = {
        ...(ca === undefined ? {} : { ca }),
        allowInvalidCertificates: insecure || booleanOption(uri.options, 'tlsAllowInvalidCertificates') === true,
        allowInvalidHostnames: insecure || booleanOption(uri.options, 'tlsAllowInvalidHostnames') === true,
      };
    }
    try {
      connection = await openConnection(target);
      report.connectedTo = `${seed.host}:${seed.port}`;
      break;
    } catch (error) {
      failures.push((error as Error).message);
      failureCodes.push((error as { code?: string }).code);
    }
    if (pastDeadline()) break;
  }
  if (!connection) {
    await identity;
    return finish('connect', failures.join('; '), connectFixes(tlsEnabled, failures, hosts), undefined, networkVerdict(failureCodes));
  }

  try {
    // 5. hello.
    report.step = 'hello';
    const hello = await connection.command('admin', { hello: 1, helloOk: true, client: { application: { name: 'credchain atlas-check' } } }, stepTimeoutMs());
    if (hello.ok !== 1) return finish('hello', serverMessage(hello), undefined, serverCode(hello));
    report.server = {};
    if (typeof hello.maxWireVersion === 'number') report.server.maxWireVersion = hello.maxWireVersion;
    if (typeof hello.setName === 'string') report.server.setName = hello.setName;
    // The server's clock stands in for STS's (both keep good time): a skewed local clock signs requests AWS refuses.
    if (hello.localTime instanceof Date && Number.isFinite(hello.localTime.getTime())) {
      const skewMs = options.context.now() - hello.localTime.getTime();
      report.server.clockSkewMs = skewMs;
      if (Math.abs(skewMs) > CLOCK_NOTE_MS) report.notes.push(clockNote(skewMs));
    }

    // 6. MONGODB-AWS.
    report.step = 'auth';
    const aws = await import('./mongodb-aws.js');
    const start = await aws.createSaslStart();
    const first = await connection.command('$external', start.command, stepTimeoutMs());
    if (first.ok !== 1) return await authFailure(report, first, identity, finish);
    let server;
    try {
      server = await aws.parseServerFirst(payloadBytes(first.payload), start.nonce);
    } catch (error) {
      return finish('auth', `the server broke the MONGODB-AWS protocol: ${(error as Error).message}`, ['Make sure the URI points at MongoDB Atlas or a server with MONGODB-AWS enabled.']);
    }
    report.sts = { host: server.host, region: aws.regionFromStsHost(server.host) };
    const final = await aws.createSaslContinue(first.conversationId, server, credentials, new Date(options.context.now()));
    const second = await connection.command('$external', final, stepTimeoutMs());
    if (second.ok !== 1) return await authFailure(report, second, identity, finish);
    await identity;
    return finish('done');
  } catch (error) {
    await identity;
    return finish(report.step, (error as Error).message, connectFixes(tlsEnabled, [(error as Error).message], hosts), undefined, networkVerdict([(error as { code?: string }).code]));
  } finally {
    connection.close();
  }
}

async function authFailure(
  report: AtlasCheckReport,
  reply: Document,
  identity: Promise<CallerIdentity | IdentityFailure>,
  finish: (step: AtlasCheckStep, message?: string, fix?: string[], server?: ErrorDetail, verdict?: AtlasCheckVerdict) => AtlasCheckReport,
): Promise<AtlasCheckReport> {
  const who = await identity;
  if ('error' in who && isThrottled(who.code)) {
    // STS throttled this machine's own GetCallerIdentity too: the server's check (the same call, signed with the same keys) most likely was.
    const fixes = [`STS is throttling these credentials' account (${who.error}); the server's login check calls STS the same way: try again in a minute.`];
    return finish('auth', serverMessage(reply), fixes, serverCode(reply), 'throttled');
  }
  const fixes: string[] = [];
  const skewMs = report.server?.clockSkewMs ?? 0;
  if (Math.abs(skewMs) > CLOCK_REFUSED_MS) fixes.push("Fix this machine's clock first (see the note above): every signature made with it now is refused.");
  // The masked key id still shows AKIA/ASIA, and whether a token was sent is all the rule needs.
  const sent = report.credentials && { source: report.credentials.source, accessKeyId: report.credentials.accessKeyId, sessionToken: report.credentials.sessionToken ? 'sent' : undefined };
  const stale = 'error' in who && sent ? staleSessionTokenFix(who.code, sent) : undefined;
  if (stale) {
    fixes.push(`${stale}.`);
  } else if ('arn' in who) {
    fixes.push(ATLAS_USER_FIX(databaseUserFor(who.arn)));
    if (who.arn.includes(':assumed-role/')) {
      fixes.push('For a role, Atlas matches the role ARN without its path and session name, exactly as shown above.');
    }
  } else {
    fixes.push(`AWS itself rejects these credentials (${who.error}); fix the credential source first (\`credchain explain\`).`);
  }
  if (report.credentials?.accessKeyId.startsWith('ASIA') && !report.credentials.sessionToken) {
    fixes.push('The key is temporary (ASIA…) but no session token was found; temporary credentials need their session token.');
  }
  return finish('auth', serverMessage(reply), fixes, serverCode(reply));
}

function clockNote(skewMs: number): string {
  const minutes = Math.round(Math.abs(skewMs) / 60_000);
  return `This machine's clock is ${minutes} minutes ${skewMs > 0 ? 'ahead of' : 'behind'} the server's: AWS refuses a signature more than 15 minutes off its own clock (SignatureDoesNotMatch: Signature expired). Sync the clock (NTP).`;
}

/** Signed GetCallerIdentity at the STS endpoint the chain's settings name (region, AWS_ENDPOINT_URL_STS, profile), or why it failed. */
async function identifyCaller(options: AtlasCheckOptions, credentials: Credentials, secrets: Array<string | undefined>): Promise<CallerIdentity | IdentityFailure> {
  const { context } = options;
  try {
    const [{ getCallerIdentity }, { resolveStsEndpoint }, { loadSharedConfig }] = await Promise.all([
      import('../sts/client.js'),
      import('../sts/endpoint.js'),
      import('../config/load.js'),
    ]);
    const config = await loadSharedConfig(context);
    const profileName = selectProfile(options.profile, context.env).name;
    const endpoint = resolveStsEndpoint({ env: context.env, config, profileName, explicitRegion: options.region });
    return await getCallerIdentity({ context, endpoint }, credentials);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { error: redact((error as Error).message, secrets), ...(typeof code === 'string' ? { code } : {}) };
  }
}

/** Loopback, private (RFC 1918, fc00::/7) and link-local hosts: no Atlas IP Access List stands before them. */
const LOCAL_HOST = /^(?:localhost|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(?:1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|::1|\[::1\]|\[?f[cd][0-9a-f]{2}:.*)$/i;

function connectFixes(tls: boolean, failures: string[], hosts: ReadonlyArray<{ host: string }>): string[] {
  const text = failures.join(' ');
  const fixes: string[] = [];
  if (/TLS|certificate/i.test(text)) fixes.push('Check the TLS settings: Atlas requires TLS with a publicly trusted certificate; for a private CA set tlsCAFile.');
  else if (!tls && /reset|closed/i.test(text)) fixes.push('The server may require TLS: add tls=true to the connection string.');
  if (hosts.every(({ host }) => LOCAL_HOST.test(host))) fixes.push('Check that the MongoDB server is running and listening on that host and port.');
  else fixes.push("Make sure this machine's public IP (or VPC peering / private endpoint) is on the Atlas project's IP Access List (Network Access).");
  return fixes;
}

/** A name that does not resolve, else no answer in time, else the generic "unreachable". */
function networkVerdict(codes: ReadonlyArray<string | undefined>): AtlasCheckVerdict {
  if (codes.length > 0 && codes.every((code) => code === 'ENOTFOUND' || code === 'EAI_AGAIN')) return 'dns-failed';
  if (codes.some((code) => code === 'ETIMEDOUT')) return 'timed-out';
  return 'unreachable';
}

/** An error code (STS's, or a metadata endpoint's HTTP 429) that says the calls were throttled. */
function isThrottled(code: unknown): boolean {
  return typeof code === 'string' && (isThrottlingReply(0, code) || code === 'HTTP429');
}

/** No answer in time from a step that has no deadline of its own (DNS through a resolver that retries). */
class TimedOut extends Error {
  override readonly name = 'TimedOut';
}

async function withinTime<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut(`${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

function payloadBytes(value: unknown): Uint8Array {
  const buffer = (value as { buffer?: unknown })?.buffer;
  if (buffer instanceof Uint8Array) return buffer;
  if (value instanceof Uint8Array) return value;
  return new Uint8Array(0);
}

function serverMessage(reply: Document): string {
  const codeName = typeof reply.codeName === 'string' ? ` (${reply.codeName})` : '';
  return `the server said: ${typeof reply.errmsg === 'string' ? reply.errmsg : 'command failed'}${codeName}`;
}

function serverCode(reply: Document): { code?: number; codeName?: string } {
  return {
    ...(typeof reply.code === 'number' ? { code: reply.code } : {}),
    ...(typeof reply.codeName === 'string' ? { codeName: reply.codeName } : {}),
  };
}

