// `credchain atlas-check <mongodb-uri>`: can this machine log in to this cluster with MONGODB-AWS?
// Reads the flags, runs src/mongodb/atlas-check.ts and prints its report (text or --json).

import type { AtlasCheckReport, AtlasCheckStep, AtlasCheckVerdict } from '../mongodb/atlas-check.js';
import type { DriverPackageReport } from '../mongodb/driver-package.js';
import { isIP } from 'node:net';
import { COMMON_OPTIONS_HELP, millisecondsOption, type CommandModule, type ParsedArgs } from './args.js';
import { CHAIN_OPTIONS_HELP, chainForCli, chainOptionSpec } from './chain-for-cli.js';
import { UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { style, table, toJson, type Cell, type CliIO } from './output.js';
import { term, type TerminalText } from './terminal-text.js';
import { regionName } from '../client-config.js';

export const command: CommandModule = {
  name: 'atlas-check',
  summary: 'log in to a MongoDB (Atlas) cluster with MONGODB-AWS and say what is wrong',
  help: `Usage: credchain atlas-check <mongodb-uri> [--profile NAME] [--region REGION] [--json]

Checks, without the MongoDB driver, that this machine can log in to a MongoDB Atlas cluster
with MONGODB-AWS: finds AWS credentials exactly as AWS_CREDENTIAL_PROVIDER: credentialChain()
does, resolves mongodb+srv:// through DNS SRV/TXT, connects (TLS as the URI says: on by default
for mongodb+srv, tls=true, tlsCAFile, tlsAllowInvalidCertificates), runs hello and the
MONGODB-AWS conversation, and reports the identity used (masked key id, the ARN from STS
GetCallerIdentity) and, on failure, what to change - e.g. the database user ARN Atlas expects.
Run in your app's directory, it also says which @aws-sdk/credential-providers the app's
mongodb driver will load on its first MONGODB-AWS login: credchain under that name, the AWS
SDK (with what its require() costs in credchain's benchmark), or none. It only reads
package.json files: nothing in the folder is run.

Options:
${CHAIN_OPTIONS_HELP}
      --timeout MS     give up after MS milliseconds in all: DNS, credentials, connect, hello
                       and authentication (default: 10000 for each step)
      --dns-server IP[:PORT]
                       resolve SRV/TXT and host names through this DNS server (an IP
                       address, IPv6 in brackets with a port: [::1]:53)
      --json           print the report as JSON
${COMMON_OPTIONS_HELP}

No secret is printed: key ids are masked, passwords and tokens in the URI are hidden.
`,
  exits: {
    codes: ['ok', 'noCredentials', 'broken', 'authFailed', 'unreachable', 'timedOut', 'throttled'],
    wording: {
      ok: 'authenticated',
      usage: 'usage error or invalid connection string',
      authFailed: 'the server refused authentication (see "Likely fix")',
      unreachable: 'cannot reach the cluster: the name does not resolve (DNS), or network, TLS or hello failed',
      timedOut: 'no answer in time: a step took longer than --timeout (DNS, credentials, connect, hello, authentication)',
      throttled: 'AWS throttled the calls (STS, a metadata endpoint) past the retries: try again later',
    },
  },
  options: { ...chainOptionSpec, json: { type: 'boolean' }, timeout: { type: 'string' }, 'dns-server': { type: 'string' } },
  positionals: 1,
  async run(args: ParsedArgs, io: CliIO) {
    const uri = args.positionals[0];
    if (!uri) throw new UsageError('a MongoDB connection string is required, e.g. credchain atlas-check "mongodb+srv://cluster0.example.mongodb.net/?authMechanism=MONGODB-AWS"', 'atlas-check');
    const timeoutMs = millisecondsOption(args, 'timeout', 'atlas-check');
    const dnsServer = dnsServerOption(args);

    // One deadline over the whole check: DNS, credentials, GetCallerIdentity, connect, hello and authentication.
    const { provider, context, options, profile } = chainForCli(io, args, command.name, { timeoutMs });
    const [{ atlasCheck }, { nodeDnsResolver }, { inspectDriverPackage }] = await Promise.all([
      import('../mongodb/atlas-check.js'),
      import('../mongodb/srv.js'),
      import('../mongodb/driver-package.js'),
    ]);
    const dns = dnsServer ? await nodeDnsResolver(dnsServer) : undefined;
    const region = regionName(options.clientConfig);
    // Side by side, awaited together: a failure of either is reported, never left an unhandled rejection.
    const [checked, driverPackage] = await Promise.all([
      atlasCheck({ uri, provider, context, ...(dns ? { dns } : {}), ...(timeoutMs ? { timeoutMs } : {}), profile: profile.name, ...(region ? { region } : {}) }),
      inspectDriverPackage(io.cwd, { readFile: context.readFile, env: io.env }),
    ]);
    const report: AtlasCheckCliReport = { ...checked, driverPackage: driverPackage ?? null };
    io.out(args.values.json ? toJson(report) : formatReport(report, io.color));
    return exitCodeFor(report);
  },
};

/**
 * --dns-server: an IP address with an optional port (node:dns takes no host name there): `127.0.0.1`,
 * `127.0.0.1:5353`, `::1`, `[::1]:53`. Returned as node:dns's setServers() takes it.
 */
function dnsServerOption(args: ParsedArgs): string | undefined {
  const text = args.values['dns-server'];
  if (text === undefined) return undefined;
  const usage = (why: string) =>
    new UsageError(`--dns-server must be an IP address with an optional port, e.g. 127.0.0.1, 127.0.0.1:5353 or [::1]:53 (got "${String(text)}": ${why})`, 'atlas-check');
  if (typeof text !== 'string' || text === '') throw usage('empty');
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const v4 = /^([^:]+)(?::(\d+))?$/.exec(text);
  const [address, port] = bracketed ? [bracketed[1]!, bracketed[2]] : v4 ? [v4[1]!, v4[2]] : [text, undefined];
  const family = isIP(address);
  if (family === 0) throw usage(/^[a-z\d-]+(?:\.[a-z\d-]+)+$/i.test(address) ? 'a host name, not an IP address' : 'not an IP address');
  if (bracketed && family !== 6) throw usage('brackets are for IPv6 addresses');
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) throw usage('the port must be 1–65535');
  if (port === undefined) return address;
  return family === 6 ? `[${address}]:${Number(port)}` : `${address}:${Number(port)}`;
}

/** Each verdict's exit code (exit-codes.ts) and the word that starts its verdict line. */
const VERDICTS: Record<AtlasCheckVerdict, { exit: number; word: string }> = {
  ok: { exit: EXIT.ok, word: 'OK' },
  'invalid-uri': { exit: EXIT.usage, word: 'FAILED' },
  'no-credentials': { exit: EXIT.noCredentials, word: 'FAILED' },
  'broken-source': { exit: EXIT.broken, word: 'FAILED' },
  'auth-refused': { exit: EXIT.authFailed, word: 'FAILED' },
  unreachable: { exit: EXIT.unreachable, word: 'FAILED' },
  'dns-failed': { exit: EXIT.unreachable, word: 'FAILED' },
  'timed-out': { exit: EXIT.timedOut, word: 'TIMED OUT' },
  throttled: { exit: EXIT.throttled, word: 'THROTTLED' },
};

function exitCodeFor(report: AtlasCheckReport): number {
  return VERDICTS[report.verdict].exit;
}

const STEP_WORDS: Record<AtlasCheckStep, string> = {
  uri: 'connection string',
  dns: 'DNS',
  credentials: 'AWS credentials',
  connect: 'connect',
  hello: 'hello',
  auth: 'MONGODB-AWS authentication',
  done: 'done',
};

/** The report plus what the app's driver will load (null: not run in a MongoDB app's directory). */
type AtlasCheckCliReport = AtlasCheckReport & { driverPackage: DriverPackageReport | null };

/** The report as text: every value in it (hosts, ARNs, the server's messages) is outside text, escaped. */
function formatReport(report: AtlasCheckCliReport, color = false): TerminalText {
  const s = style(color);
  const rows: Cell[][] = [];
  if (report.hosts) rows.push(['Hosts', `${report.hosts.join(', ')} (${report.tls ? 'TLS' : 'no TLS'})`]);
  if (report.connectedTo) rows.push(['Connected', report.connectedTo]);
  if (report.credentials) {
    const c = report.credentials;
    const extra = [c.sessionToken ? 'session token' : 'no session token', c.expiration ? `expires ${c.expiration}` : undefined].filter(Boolean);
    rows.push(['Credentials', `${c.accessKeyId} from ${c.source} (${extra.join(', ')})`]);
  }
  if (report.identity) rows.push(['Identity', 'arn' in report.identity ? report.identity.arn : `unknown (GetCallerIdentity failed: ${report.identity.error})`]);
  if (report.databaseUser) rows.push(['Atlas user', report.databaseUser]);
  if (report.sts) rows.push(['STS host', `${report.sts.host} (signed for ${report.sts.region})`]);
  // Not for a connection string that could not be read: that one problem is the whole report.
  if (report.step !== 'uri') rows.push(['Driver', report.driverPackage?.summary ?? "not checked: no package.json listing mongodb in its dependencies here or above; run atlas-check in your app's directory to see which credential package its driver loads"]);
  const notes = report.driverPackage?.fix ? [...report.notes, `${report.driverPackage.fix}.`] : report.notes;
  let out = term`${s.bold('credchain atlas-check')} ${report.uri}\n\n`;
  if (rows.length > 0) out = term`${out}${table(rows.map(([label, text]) => [s.bold(label as string), text!]))}`;
  for (const note of notes) out = term`${out}  ${s.dim(`note: ${note}`)}\n`;
  if (rows.length > 0 || notes.length > 0) out = term`${out}\n`;
  if (report.ok) {
    return term`${out}${s.green('OK')}: authenticated with MONGODB-AWS${report.databaseUser ? term` as ${report.databaseUser}` : ''}.\n`;
  }
  // A name that did not resolve is a DNS failure whichever step looked it up (the SRV record, or a host to connect to).
  const where = report.verdict === 'dns-failed' ? STEP_WORDS.dns : STEP_WORDS[report.step];
  out = term`${out}${s.red(VERDICTS[report.verdict].word)} (${where}): ${report.error?.message ?? 'unknown error'}\n`;
  if (report.fixes.length > 0) out = term`${out}\nLikely fix:\n`;
  for (const fix of report.fixes) out = term`${out}  - ${fix}\n`;
  return out;
}
