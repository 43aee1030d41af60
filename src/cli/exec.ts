// `credchain exec -- COMMAND`: runs one command with credentials served to it on a private loopback
// port for its lifetime, its own AWS credential variables removed so its SDK reaches the server.

import { constants } from 'node:os';
import { COMMON_OPTIONS_HELP, type CommandModule } from './args.js';
import { CHAIN_OPTIONS_HELP, chainForCli, chainOptionSpec } from './chain-for-cli.js';
import { CliError, UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { wrapWords } from './output.js';
import { startServeSession } from './serve-session.js';
import { term } from './terminal-text.js';

/** Removed from the command's environment: each would win over the container source in its SDK's chain. */
const REMOVED_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
] as const;

/** Sent to credchain alone (kill, a service manager, a closed terminal's shell): passed on to the command. */
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'];
/**
 * Ctrl-C and Ctrl-\: the terminal sends them to the whole foreground process group, the command
 * included, so passing them on would deliver each twice (a second interrupt makes terraform abort
 * without cleaning up). Ignored while the command runs, as env-style wrappers do; credchain ends when
 * the command does. Ctrl-Z (SIGTSTP) keeps its default: credchain stops with the command and
 * continues with it on `fg`, so the shell gets its prompt back.
 */
const GROUP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGQUIT'];

/** The synopsis: the help's first line, and the usage error's hint. */
const USAGE = 'credchain exec [--profile NAME] [--region REGION] [--mfa-code CODE] -- COMMAND [ARGS...]';

export const command: CommandModule = {
  name: 'exec',
  summary: 'run a command with credentials served to it (any language, any AWS SDK)',
  help: `Usage: ${USAGE}

Resolves credentials once, serves them on a free 127.0.0.1 port for as long as COMMAND runs
(see \`credchain serve\`) and runs COMMAND with AWS_CONTAINER_CREDENTIALS_FULL_URI and
AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE set. Removed from its environment, so its AWS SDK reaches
the served credentials (and keeps refreshing them):
${wrapWords(REMOVED_VARIABLES.join(', '), 92, '  ')}
Long-term keys are exchanged for an STS GetSessionToken session first. SIGTERM, SIGHUP, SIGUSR1
and SIGUSR2 sent to credchain are passed on to COMMAND; Ctrl-C, Ctrl-\\ and Ctrl-Z reach COMMAND
from the terminal itself and are not passed on again. credchain exits with COMMAND's exit code
(128 + N when it was killed by signal N, 127 when it could not be run).

Note: a [default] profile with keys in ~/.aws still wins in the command's SDK (it comes before
the container source in every SDK's chain).

COMMAND's output is its own. What credchain prints goes to stderr, each line starting
"credchain: " (an error, "credchain: warning: ..."; with --debug, each request COMMAND's SDK
makes to the served endpoint: "credchain: GET /credentials → 200 (...)").

Options:
${CHAIN_OPTIONS_HELP}
${COMMON_OPTIONS_HELP}
`,
  exits: { codes: ['noCredentials', 'broken', 'commandNotRun'], heading: "Exit codes: COMMAND's own once it ran; before that, credchain's:", wording: { commandNotRun: 'COMMAND could not be run (not found, not executable)' } },
  options: { ...chainOptionSpec },
  positionals: Number.POSITIVE_INFINITY,
  async run(args, io) {
    const [program, ...programArgs] = args.positionals;
    if (program === undefined) throw new UsageError(`exec needs a command: ${USAGE}`, 'exec');
    const cli = chainForCli(io, args, 'exec');
    const session = await startServeSession({
      chain: cli.provider,
      context: cli.context,
      options: cli.options,
      profileName: cli.profile.name,
      ...(args.values.debug ? { log: (line: string) => io.err(term`credchain: ${line}\n`) } : {}),
    });
    cli.mfa.disable();
    const env: Record<string, string | undefined> = { ...io.env, ...session.env };
    for (const name of REMOVED_VARIABLES) delete env[name];
    try {
      return await runCommand(program, programArgs, env);
    } finally {
      await session.close();
    }
  },
};

async function runCommand(program: string, programArgs: string[], env: Record<string, string | undefined>): Promise<number> {
  const { spawn } = await import('node:child_process');
  const child = spawn(program, programArgs, { env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const ignore = () => undefined;
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  for (const signal of GROUP_SIGNALS) process.on(signal, ignore);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        const why = error.code === 'ENOENT' ? 'command not found' : error.code === 'EACCES' ? 'permission denied' : (error.code ?? 'could not start it');
        reject(new CliError(`cannot run ${JSON.stringify(program)}: ${why}`, EXIT.commandNotRun));
      });
      child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
    });
  } finally {
    for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    for (const signal of GROUP_SIGNALS) process.off(signal, ignore);
  }
}
