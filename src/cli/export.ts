// `credchain export`: the one command that prints secrets, and only to stdout — in the formats of
// `aws configure export-credentials` (env, env-no-export, powershell, windows-cmd, process), fish's, or
// JSON. Each shell format quotes a value exactly or refuses it (src/cli/shell-quote.ts).

import type { Credentials } from '../credentials.js';
import { COMMON_OPTIONS_HELP, oneOf, type CommandModule } from './args.js';
import { CHAIN_OPTIONS_HELP, chainForCli, chainOptionSpec } from './chain-for-cli.js';
import { CliError, UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { enterExport, loopFoundBelow } from './export-loop.js';
import { toJson } from './output.js';
import { envNoExportLine, fishLine, posixLine, powershellLine, windowsCmdLine } from './shell-quote.js';
import { trusted } from './terminal-text.js';

export const FORMATS = ['env', 'env-no-export', 'fish', 'powershell', 'windows-cmd', 'process', 'json'] as const;
type Format = (typeof FORMATS)[number];

export const command: CommandModule = {
  name: 'export',
  summary: 'print the credentials (shell, PowerShell, cmd, JSON, or credential_process format)',
  help: `Usage: credchain export [--format FORMAT] [--profile NAME] [--region REGION]

Resolves credentials and prints them to stdout, like \`aws configure export-credentials\`.
This is the only credchain command that prints secrets; it never writes them anywhere else.

  --format env            (default) POSIX shell lines (sh, bash, zsh…):  eval "$(credchain export)"
  --format env-no-export  NAME=value lines, for a .env file or \`env $(credchain export
                          --format env-no-export) CMD\`; values that are absent are left out;
                          nothing is quoted, so only A-Z a-z 0-9 + / = . _ : @ - are printed
  --format fish           set -gx NAME 'value' lines:  credchain export --format fish | source
  --format powershell     $Env:NAME='value' lines:  credchain export --format powershell | iex
  --format windows-cmd    set NAME=value lines, for cmd.exe
  --format process        the credential_process JSON (Version 1), for ~/.aws/config:
                            [profile via-credchain]
                            credential_process = credchain export --format process --profile app
  --format json           {"accessKeyId", "secretAccessKey", "sessionToken", "expiration", "accountId", "source"}

env, fish, powershell and windows-cmd also clear AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION
and AWS_ACCOUNT_ID when the credentials have none, so no stale value stays behind. A value a
format cannot write exactly is refused (exit 3), naming the variable, never printing it. A
credential_process may call credchain export for another profile (any depth); one that leads
back to a profile already being resolved fails fast (exit 3) instead of looping.

Options:
${CHAIN_OPTIONS_HELP}
  -f, --format FORMAT  one of ${FORMATS.join(', ')}
      --json           same as --format json
${COMMON_OPTIONS_HELP}
`,
  exits: { codes: ['ok', 'noCredentials', 'broken'] },
  options: { ...chainOptionSpec, format: { type: 'string', short: 'f' }, json: { type: 'boolean' } },
  async run(args, io) {
    const format = oneOf(args, 'format', FORMATS, args.values.json ? 'json' : 'env', 'export');
    if (args.values.json && format !== 'json') throw new UsageError(`--json and --format ${format} ask for two different outputs: use one of them`, 'export');
    const { provider, profile } = chainForCli(io, args, command.name);
    const { nested } = enterExport(io.env, profile.name);
    const credentials = await provider().catch((error: unknown) => {
      throw loopFoundBelow(error, nested) ?? error;
    });
    // The one output that must reach a shell byte for byte: each format quotes every value for its
    // shell or refuses it, and credential values are printable ASCII (checked where they enter).
    io.out(trusted(render(format, credentials)));
    return EXIT.ok;
  },
};

/** The variables a shell format sets, in the AWS CLI's order; undefined = clear it. */
function variables(c: Credentials): Array<[string, string | undefined]> {
  return [
    ['AWS_ACCESS_KEY_ID', c.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', c.secretAccessKey],
    ['AWS_SESSION_TOKEN', c.sessionToken],
    ['AWS_CREDENTIAL_EXPIRATION', c.expiration?.toISOString()],
    ['AWS_ACCOUNT_ID', c.accountId],
  ];
}

/** The line that sets (or clears) one variable, per shell format (src/cli/shell-quote.ts). */
const LINE: Record<Exclude<Format, 'json' | 'process'>, (variable: string, value: string | undefined) => string | undefined> = {
  env: posixLine,
  'env-no-export': envNoExportLine,
  fish: fishLine,
  powershell: powershellLine,
  'windows-cmd': windowsCmdLine,
};

function render(format: Format, c: Credentials): string {
  if (format === 'json') return toJson(jsonShape(c)).toString();
  if (format === 'process') return toJson(processShape(c)).toString();
  const lines = variables(c).map(([name, value]) => LINE[format](name, value));
  return lines.filter((line) => line !== undefined).join('\n') + '\n';
}

function jsonShape(c: Credentials): Record<string, unknown> {
  return {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    sessionToken: c.sessionToken ?? null,
    expiration: c.expiration?.toISOString() ?? null,
    accountId: c.accountId ?? null,
    source: c.source,
  };
}

/** https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html */
function processShape(c: Credentials): Record<string, unknown> {
  const out: Record<string, unknown> = { Version: 1, AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey };
  if (c.sessionToken) out.SessionToken = c.sessionToken;
  if (c.expiration) out.Expiration = c.expiration.toISOString();
  if (c.accountId) out.AccountId = c.accountId;
  return out;
}
