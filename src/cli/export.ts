// `credchain export`: the one command that prints secrets, and only to stdout — as shell `export`
// lines, JSON, or the credential_process JSON (Version 1) so the AWS CLI or any SDK can use credchain.

import type { Credentials } from '../credentials.js';
import { COMMON_OPTIONS_HELP, oneOf, type CommandModule } from './args.js';
import { CHAIN_OPTIONS_HELP, chainForCli, chainOptionSpec } from './chain-for-cli.js';
import { CliError } from './errors.js';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js';
import { shellQuote, toJson } from './output.js';

const FORMATS = ['env', 'json', 'process'] as const;
/** Set while export runs, so a credential_process that calls credchain export again is caught instead of looping. */
const REENTRY_VARIABLE = 'CREDCHAIN_EXPORT_ACTIVE';

export const command: CommandModule = {
  name: 'export',
  summary: 'print the credentials (env, json, or credential_process format)',
  help: `Usage: credchain export [--format env|json|process] [--profile NAME] [--region REGION]

Resolves credentials and prints them to stdout. This is the only credchain command that
prints secrets; it never writes them anywhere else.

  --format env       (default) shell lines:  eval "$(credchain export)"
  --format json      {"accessKeyId", "secretAccessKey", "sessionToken", "expiration", "accountId", "source"}
  --format process   the credential_process JSON (Version 1), for ~/.aws/config:
                       [profile via-credchain]
                       credential_process = credchain export --format process --profile real-profile

Options:
${CHAIN_OPTIONS_HELP}
      --json           same as --format json
${COMMON_OPTIONS_HELP}

${EXIT_CODES_HELP}
`,
  options: { ...chainOptionSpec, format: { type: 'string', short: 'f' }, json: { type: 'boolean' } },
  async run(args, io) {
    const format = args.values.json ? 'json' : oneOf(args, 'format', FORMATS, 'env', 'export');
    if (io.env[REENTRY_VARIABLE] === '1') {
      throw new CliError(
        'credchain export was started by a credential_process while another credchain export was resolving: the profile\'s credential_process calls credchain on itself, which would never end. Point credential_process at a different profile (--profile).',
        EXIT.broken,
      );
    }
    io.env[REENTRY_VARIABLE] = '1';
    const { provider } = chainForCli(io, args);
    const credentials = await provider();
    io.out(format === 'env' ? envLines(credentials) : toJson(format === 'json' ? jsonShape(credentials) : processShape(credentials)));
    return EXIT.ok;
  },
};

function envLines(c: Credentials): string {
  const lines = [`export AWS_ACCESS_KEY_ID=${shellQuote(c.accessKeyId)}`, `export AWS_SECRET_ACCESS_KEY=${shellQuote(c.secretAccessKey)}`];
  // unset, not skip: a stale token left in the shell would be sent with new long-term keys and fail.
  lines.push(c.sessionToken ? `export AWS_SESSION_TOKEN=${shellQuote(c.sessionToken)}` : 'unset AWS_SESSION_TOKEN');
  lines.push(c.expiration ? `export AWS_CREDENTIAL_EXPIRATION=${shellQuote(c.expiration.toISOString())}` : 'unset AWS_CREDENTIAL_EXPIRATION');
  if (c.accountId) lines.push(`export AWS_ACCOUNT_ID=${shellQuote(c.accountId)}`);
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
