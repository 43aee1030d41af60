// `credchain whoami`: resolves credentials, asks STS GetCallerIdentity (signed) who they are, and
// names the IAM ARN to register as the MongoDB Atlas database user for MONGODB-AWS.

import type { SharedConfig } from '../config/types.js';
import { CredentialsProviderError, maskKeyId } from '../errors.js';
import { COMMON_OPTIONS_HELP, millisecondsOption, stringOption, type CommandModule, type ParsedArgs } from './args.js';
import { CHAIN_OPTIONS_HELP, chainForCli, chainOptionSpec } from './chain-for-cli.js';
import { CliError, UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { style, table, toJson } from './output.js';
import { term } from './terminal-text.js';
import { atlasUser } from '../mongodb/atlas-user.js';
import { staleSessionTokenFix } from '../sts/stale-session-token.js';
import { regionName } from '../client-config.js';

export const command: CommandModule = {
  name: 'whoami',
  summary: 'ask STS who the credentials are, and what to register in Atlas',
  help: `Usage: credchain whoami [--profile NAME] [--region REGION] [--endpoint-url URL] [--timeout MS] [--json]

Resolves credentials like \`credchain explain\`, then calls STS GetCallerIdentity (a signed
request to the STS endpoint the chain would use) and prints the account, ARN and user id.
For a role session it also prints the IAM role ARN (arn:aws:iam::ACCOUNT:role/[PATH/]NAME, the
path included when credchain can see it: a profile's role_arn, AWS_ROLE_ARN) and the MongoDB Atlas
database user to register for MONGODB-AWS (arn:aws:iam::ACCOUNT:role/NAME: Atlas matches the role
without its path and session name).

Options:
${CHAIN_OPTIONS_HELP}
      --endpoint-url URL
                       send GetCallerIdentity to this STS endpoint instead of the resolved one
      --timeout MS     give up after MS milliseconds in all: resolving the credentials and
                       STS, retries and throttling waits included (default: 5000 per STS
                       attempt, up to 3 retries; throttled calls retried for up to 120 s)
      --json           print {UserId, Account, Arn} (as \`aws sts get-caller-identity\`) and more
${COMMON_OPTIONS_HELP}
`,
  exits: { codes: ['ok', 'noCredentials', 'broken', 'stsFailed'], wording: { stsFailed: 'STS GetCallerIdentity failed (refused, unreachable, or timed out)' } },
  options: { ...chainOptionSpec, json: { type: 'boolean' }, 'endpoint-url': { type: 'string' }, timeout: { type: 'string' } },
  async run(args, io) {
    const endpointUrl = endpointUrlOption(args);
    const timeoutMs = millisecondsOption(args, 'timeout', 'whoami');
    // One deadline over the whole command: resolving the credentials, then STS (retries and throttling waits included).
    const { provider, context, options, profile } = chainForCli(io, args, command.name, { timeoutMs });
    const credentials = await provider();
    const { loadSharedConfig } = await import('../config/load.js');
    const config = await loadSharedConfig(context).catch(() => undefined);
    const [{ resolveStsEndpoint }, { getCallerIdentity }] = await Promise.all([import('../sts/endpoint.js'), import('../sts/client.js')]);
    let identity;
    try {
      const resolved = resolveStsEndpoint({ env: io.env, config, profileName: profile.name, explicitRegion: regionName(options.clientConfig) });
      const endpoint = endpointUrl ? { ...resolved, url: endpointUrl, from: '--endpoint-url' } : resolved;
      identity = await getCallerIdentity({ context, endpoint }, credentials);
    } catch (error) {
      const what = error instanceof CredentialsProviderError ? `${error.problem}${error.fix ? `. ${staleSessionTokenFix(error.code, credentials) ?? error.fix}` : ''}` : `STS GetCallerIdentity failed: ${(error as Error).message}`;
      throw new CliError(`credentials from ${credentials.source} (key ${maskKeyId(credentials.accessKeyId)}) were found, but ${what}`, EXIT.stsFailed);
    }
    const atlas = atlasUser(identity.arn, knownRoleArns(io.env, config));
    if (args.values.json) {
      io.out(toJson({ UserId: identity.userId, Account: identity.account, Arn: identity.arn, source: credentials.source, accessKeyId: maskKeyId(credentials.accessKeyId), atlas }));
      return EXIT.ok;
    }
    const s = style(io.color);
    io.out(
      table([
        [s.bold('Account'), identity.account],
        [s.bold('ARN'), identity.arn],
        [s.bold('User id'), identity.userId],
        ...(atlas.roleArn ? [[s.bold('Role'), `${atlas.roleArn}${atlas.pathKnown ? '' : ' (IAM path not visible from here)'}`]] : []),
        [s.bold('Source'), `${credentials.source} (key ${maskKeyId(credentials.accessKeyId)})`],
      ]),
    );
    if (atlas.databaseUser) io.out(term`\nMongoDB Atlas database user (AWS IAM, ${atlas.kind === 'user' ? 'IAM User' : 'IAM Role'}):\n  ${s.bold(atlas.databaseUser)}\n`);
    if (atlas.note) io.out(term`  ${s.dim(atlas.note)}\n`);
    return EXIT.ok;
  },
};

function endpointUrlOption(args: ParsedArgs): string | undefined {
  const text = stringOption(args, 'endpoint-url');
  if (text === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    throw new UsageError('--endpoint-url must be an http(s) URL without user, password, query or fragment, e.g. https://sts.eu-west-1.amazonaws.com', 'whoami');
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** Every full role ARN the local configuration names: they carry the path GetCallerIdentity drops. */
function knownRoleArns(env: Record<string, string | undefined>, config: SharedConfig | undefined): string[] {
  const arns = env.AWS_ROLE_ARN ? [env.AWS_ROLE_ARN] : [];
  for (const section of Object.values(config?.profiles ?? {})) {
    const roleArn = section.role_arn;
    if (typeof roleArn === 'string') arns.push(roleArn);
  }
  return arns;
}
