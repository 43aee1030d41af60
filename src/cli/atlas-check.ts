// `credchain atlas-check <mongodb-uri>`: can this machine log in to this cluster with MONGODB-AWS?
// Reads the flags, runs src/mongodb/atlas-check.ts and prints its report (text or --json).

import type { AtlasCheckReport, AtlasCheckStep } from '../mongodb/atlas-check.js';
import type { DriverPackageReport } from '../mongodb/driver-package.js';
import { COMMON_OPTIONS_HELP, stringOption, type CommandModule, type ParsedArgs } from './args.js';
import { CHAIN_OPTIONS_HELP, chainForCli, chainOptionSpec } from './chain-for-cli.js';
import { UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { style, table, toJson, type Cell, type CliIO } from './output.js';
import { term, type TerminalText } from './terminal-text.js';

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
      --timeout MS     connect and command timeout in ms (default 10000)
      --dns-server HOST[:PORT]
                       resolve SRV/TXT and host names through this DNS server
      --json           print the report as JSON
${COMMON_OPTIONS_HELP}

No secret is printed: key ids are masked, passwords and tokens in the URI are hidden.
`,
  exits: {
    codes: ['ok', 'noCredentials', 'broken', 'authFailed', 'unreachable'],
    wording: {
      ok: 'authenticated',
      usage: 'usage error or invalid connection string',
      authFailed: 'the server refused authentication (see "Likely fix")',
      unreachable: 'cannot reach the cluster: DNS, network, TLS or hello failed',
    },
  },
  options: { ...chainOptionSpec, json: { type: 'boolean' }, timeout: { type: 'string' }, 'dns-server': { type: 'string' } },
  positionals: 1,
  async run(args: ParsedArgs, io: CliIO) {
    const uri = args.positionals[0];
    if (!uri) throw new UsageError('a MongoDB connection string is required, e.g. credchain atlas-check "mongodb+srv://cluster0.example.mongodb.net/?authMechanism=MONGODB-AWS"', 'atlas-check');
    const timeoutText = stringOption(args, 'timeout');
    const timeoutMs = timeoutText === undefined ? undefined : Number(timeoutText);
    if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs <= 0)) {
      throw new UsageError(`--timeout must be a positive number of milliseconds (got "${timeoutText}")`, 'atlas-check');
    }
    const dnsServer = stringOption(args, 'dns-server');

    const { provider, context, options, profile } = chainForCli(io, args, command.name);
    const [{ atlasCheck }, { nodeDnsResolver }, { inspectDriverPackage }] = await Promise.all([
      import('../mongodb/atlas-check.js'),
      import('../mongodb/srv.js'),
      import('../mongodb/driver-package.js'),
    ]);
    const driverPackage = inspectDriverPackage(io.cwd, { readFile: context.readFile, env: io.env });
    const checked = await atlasCheck({
      uri,
      provider,
      context,
      ...(dnsServer ? { dns: await nodeDnsResolver(dnsServer) } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      profile: profile.name,
      ...(options.clientConfig?.region ? { region: options.clientConfig.region } : {}),
    });
    const report: AtlasCheckCliReport = { ...checked, driverPackage: (await driverPackage) ?? null };
    io.out(args.values.json ? toJson(report) : formatReport(report, io.color));
    return exitCodeFor(report);
  },
};

function exitCodeFor(report: AtlasCheckReport): number {
  switch (report.step) {
    case 'done':
      return EXIT.ok;
    case 'auth':
      return EXIT.authFailed;
    case 'uri':
      return EXIT.usage;
    case 'credentials':
      return report.error?.kind === 'no-credentials' ? EXIT.noCredentials : EXIT.broken;
    default:
      return EXIT.unreachable;
  }
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
  out = term`${out}${s.red('FAILED')} (${STEP_WORDS[report.step]}): ${report.error?.message ?? 'unknown error'}\n`;
  if (report.fixes.length > 0) out = term`${out}\nLikely fix:\n`;
  for (const fix of report.fixes) out = term`${out}  - ${fix}\n`;
  return out;
}
