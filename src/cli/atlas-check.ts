// `credchain atlas-check <mongodb-uri>`: can this machine log in to this cluster with MONGODB-AWS?
// Reads the flags, runs src/mongodb/atlas-check.ts and prints its report (text or --json).

import type { AtlasCheckReport, AtlasCheckStep } from '../mongodb/atlas-check.js';
import type { DriverPackageReport } from '../mongodb/driver-package.js';
import { COMMON_OPTIONS_HELP, stringOption, type CommandModule, type ParsedArgs } from './args.js';
import { CHAIN_OPTIONS_HELP, chainForCli, chainOptionSpec } from './chain-for-cli.js';
import { UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { style, table, toJson, type CliIO } from './output.js';

/** atlas-check's own outcomes, next to the shared codes it also uses (1, 2, 3). */
const ATLAS_EXIT = {
  ok: EXIT.ok,
  noCredentials: EXIT.noCredentials,
  usage: EXIT.usage,
  broken: EXIT.broken,
  /** The server refused MONGODB-AWS authentication. */
  authFailed: 6,
  /** DNS, network, TLS or the server's hello failed: authentication never started. */
  unreachable: 7,
} as const;

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
SDK (with its require() time, measured here), or none.

Options:
${CHAIN_OPTIONS_HELP}
      --timeout MS     connect and command timeout in ms (default 10000)
      --dns-server HOST[:PORT]
                       resolve SRV/TXT and host names through this DNS server
      --json           print the report as JSON
${COMMON_OPTIONS_HELP}

Exit codes:
  0   authenticated
  1   no credentials: every source was tried, none is configured
  2   usage error or invalid connection string
  3   a configured source is broken: the chain stopped there
  6   the server refused authentication (see "Likely fix")
  7   cannot reach the cluster: DNS, network, TLS or hello failed
  70  internal error (re-run with --debug and report it)

No secret is printed: key ids are masked, passwords and tokens in the URI are hidden.
`,
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

    const { provider, context, options, profile } = chainForCli(io, args);
    const [{ atlasCheck }, { nodeDnsResolver }, { inspectDriverPackage }] = await Promise.all([
      import('../mongodb/atlas-check.js'),
      import('../mongodb/srv.js'),
      import('../mongodb/driver-package.js'),
    ]);
    const driverPackage = inspectDriverPackage(process.cwd(), io.env);
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
      return ATLAS_EXIT.ok;
    case 'auth':
      return ATLAS_EXIT.authFailed;
    case 'uri':
      return ATLAS_EXIT.usage;
    case 'credentials':
      return report.error?.kind === 'no-credentials' ? ATLAS_EXIT.noCredentials : ATLAS_EXIT.broken;
    default:
      return ATLAS_EXIT.unreachable;
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

function formatReport(report: AtlasCheckCliReport, color = false): string {
  const s = style(color);
  const rows: string[][] = [];
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
  let out = `${s.bold('credchain atlas-check')} ${report.uri}\n\n`;
  if (rows.length > 0) out += table(rows.map(([label, text]) => [s.bold(label!), text!]));
  for (const note of notes) out += `  ${s.dim(`note: ${note}`)}\n`;
  if (rows.length > 0 || notes.length > 0) out += '\n';
  if (report.ok) {
    return `${out}${s.green('OK')}: authenticated with MONGODB-AWS${report.databaseUser ? ` as ${report.databaseUser}` : ''}.\n`;
  }
  out += `${s.red('FAILED')} (${STEP_WORDS[report.step]}): ${report.error?.message ?? 'unknown error'}\n`;
  if (report.fixes.length > 0) out += `\nLikely fix:\n${report.fixes.map((fix) => `  - ${fix}`).join('\n')}\n`;
  return out;
}
