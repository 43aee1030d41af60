// `credchain export`: the one command that prints secrets, and only to stdout — in the formats of
// `aws configure export-credentials` (env, env-no-export, powershell, windows-cmd, process) or JSON.

import type { Credentials } from '../credentials.js';
import { COMMON_OPTIONS_HELP, oneOf, type CommandModule } from './args.js';
import { CHAIN_OPTIONS_HELP, chainForCli, chainOptionSpec } from './chain-for-cli.js';
import { CliError, UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { enterExport, loopFoundBelow } from './export-loop.js';
import { shellQuote, toJson } from './output.js';
import { trusted } from './terminal-text.js';

const FORMATS = ['env', 'env-no-export', 'powershell', 'windows-cmd', 'process', 'json'] as const;
type Format = (typeof FORMATS)[number];

export const command: CommandModule = {
  name: 'export',
  summary: 'print the credentials (shell, PowerShell, cmd, JSON, or credential_process format)',
  help: `Usage: credchain export [--format FORMAT] [--profile NAME] [--region REGION]

Resolves credentials and prints them to stdout, like \`aws configure export-credentials\`.
This is the only credchain command that prints secrets; it never writes them anywhere else.

  --format env            (default) bash/zsh lines:  eval "$(credchain export)"
  --format env-no-export  NAME=value lines, for a .env file or \`env $(credchain export
                          --format env-no-export) CMD\`; values that are absent are left out
  --format powershell     $Env:NAME='value' lines:  credchain export --format powershell | iex
  --format windows-cmd    set NAME=value lines, for cmd.exe
  --format process        the credential_process JSON (Version 1), for ~/.aws/config:
                            [profile via-credchain]
                            credential_process = credchain export --format process --profile app
  --format json           {"accessKeyId", "secretAccessKey", "sessionToken", "expiration", "accountId", "source"}

env, powershell and windows-cmd also clear AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION and
AWS_ACCOUNT_ID when the credentials have none, so no stale value stays behind. A
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

/** Characters cmd.exe and a bare NAME=value line take literally; real AWS credentials never hold others. */
const PLAIN_VALUE = /^[A-Za-z0-9/+=:._-]*$/;

function render(format: Format, c: Credentials): string {
  if (format === 'json') return toJson(jsonShape(c)).toString();
  if (format === 'process') return toJson(processShape(c)).toString();
  const lines: string[] = [];
  for (const [name, value] of variables(c)) {
    if (format === 'env') lines.push(value === undefined ? `unset ${name}` : `export ${name}=${shellQuote(value)}`);
    else if (format === 'env-no-export') {
      if (value !== undefined) lines.push(`${name}=${PLAIN_VALUE.test(value) ? value : shellQuote(value)}`);
    } else if (format === 'powershell') lines.push(value === undefined ? `$Env:${name}=$null` : `$Env:${name}='${value.replace(/'/g, "''")}'`);
    else {
      if (value !== undefined && !PLAIN_VALUE.test(value)) {
        throw new CliError(`${name} holds characters cmd.exe would interpret (such as % " ^ & or a line break), so it cannot be printed as --format windows-cmd. Use --format powershell or --format json`, EXIT.broken);
      }
      lines.push(`set ${name}=${value ?? ''}`);
    }
  }
  return lines.join('\n') + '\n';
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
