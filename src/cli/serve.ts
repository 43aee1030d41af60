// `credchain serve`: the container credentials endpoint on 127.0.0.1 for every process on this host,
// in any language — one memoized chain, one upstream resolution, long-term keys never handed out.

import { maskKeyId } from '../errors.js';
import { COMMON_OPTIONS_HELP, portOption, type CommandModule } from './args.js';
import { CHAIN_OPTIONS_HELP, chainForCli, chainOptionSpec } from './chain-for-cli.js';
import { EXIT } from './exit-codes.js';
import { style, toJson } from './output.js';
import { shellQuote } from './shell-quote.js';
import { lines, term } from './terminal-text.js';
import { startServeSession } from './serve-session.js';
import { untilStopped } from './until-stopped.js';

export const command: CommandModule = {
  name: 'serve',
  summary: 'serve credentials to every process on this host (container credentials protocol)',
  help: `Usage: credchain serve [--profile NAME] [--region REGION] [--port N] [--json]

Resolves credentials once and serves them on 127.0.0.1 with the container credentials
protocol every AWS SDK and the AWS CLI speak: set the two printed variables in any process
and its SDK gets its credentials from here. Sessions are refreshed before they expire; long-
term keys are never served but exchanged for an STS GetSessionToken session (with the
profile's mfa_serial, the code is asked on the terminal). The authorization token is in a
new 0600 file (never printed); Ctrl-C, SIGTERM or SIGHUP (the terminal closed) stops the
server and removes the file.

Requests without the token, with another Host than 127.0.0.1:PORT, with an Origin header,
or other than GET on the one path are refused. Each request is logged on stderr.

Options:
${CHAIN_OPTIONS_HELP}
      --port N         listen on this port (default: a free one)
      --json           print {url, port, env, tokenFile, source, accessKeyId, expiration} as JSON
${COMMON_OPTIONS_HELP}
`,
  exits: { codes: ['ok', 'noCredentials', 'broken'], wording: { ok: 'stopped with Ctrl-C, SIGTERM or SIGHUP' } },
  options: { ...chainOptionSpec, port: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const port = portOption(args, 'port', 'serve');
    const cli = chainForCli(io, args, 'serve');
    const stamp = () => new Date(cli.context.now()).toISOString();
    const session = await startServeSession({
      chain: cli.provider,
      context: cli.context,
      options: cli.options,
      profileName: cli.profile.name,
      port,
      log: (line) => io.err(term`${stamp()}  ${line}\n`),
    });
    // Listen for Ctrl-C before telling anyone where we are: a caller may stop us as soon as it reads that.
    const stopped = untilStopped();
    const { first } = session;
    const facts = {
      url: session.url,
      port: session.port,
      env: session.env,
      tokenFile: session.tokenFile,
      profile: cli.profile.name,
      source: first.source,
      accessKeyId: maskKeyId(first.accessKeyId),
      ...(first.expiration ? { expiration: first.expiration.toISOString() } : {}),
    };
    if (args.values.json) {
      io.out(toJson(facts));
    } else {
      const s = style(io.color);
      io.out(
        lines([
          term`${s.bold('credchain serve')} on ${s.cyan(session.url)} — profile "${facts.profile}", ${facts.accessKeyId} from ${facts.source}${facts.expiration ? `, expires ${facts.expiration}` : ''}`,
          'Loopback only. The token is in a 0600 file and never printed. Ctrl-C stops the server and removes the file.',
          '',
          s.dim('# In any shell on this host (every AWS SDK and the AWS CLI read these):'),
          ...Object.entries(session.env).map(([name, value]) => `export ${name}=${shellQuote(value)}`),
          '',
        ]),
      );
    }
    await stopped;
    io.err(term`stopping: closing the server and removing the token file\n`);
    await session.close();
    return EXIT.ok;
  },
};
