// The `credchain` command: picks the subcommand and loads only its module (one file per subcommand),
// turns every failure into one clear paragraph and an exit code (see exit-codes.ts). A new subcommand
// is one file exporting `command` plus one line in `commands`. `main(argv, io)` runs one command line
// in process (tests call it so); bin.ts, the executable, runs it for the process.

import { didYouMean } from '../did-you-mean.js';
import { commandHelp, parseCommandArgs, type CommandModule } from './args.js';
import { UsageError, reportError } from './errors.js';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js';
import { speakingFlags } from './flag-names.js';
import { processIO, type CliIO } from './output.js';
import { term, trusted } from './terminal-text.js';

const commands: Record<string, () => Promise<{ command: CommandModule }>> = {
  explain: () => import('./explain.js'),
  export: () => import('./export.js'),
  whoami: () => import('./whoami.js'),
  profiles: () => import('./profiles.js'),
  config: () => import('./config.js'),
  'atlas-check': () => import('./atlas-check.js'),
  serve: () => import('./serve.js'),
  exec: () => import('./exec.js'),
  demo: () => import('./demo.js'),
  emulate: () => import('./emulate.js'),
};

async function topHelp(): Promise<string> {
  const modules = await Promise.all(Object.values(commands).map((load) => load()));
  const width = Math.max(...modules.map(({ command }) => command.name.length));
  const lines = modules.map(({ command }) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `Usage: credchain <command> [options]
       credchain --version | --help

Finds AWS credentials exactly like the AWS SDK for JavaScript v3 and explains itself.

Commands:
${lines.join('\n')}

Run \`credchain <command> --help\` (or \`credchain help <command>\`) for a command's options;
\`credchain --version\` (-v) prints credchain's version.
Every command takes --help, --debug and --no-color; commands with output take --json, which
prints one JSON document on success and on failure. Colour only on a terminal without NO_COLOR.

${EXIT_CODES_HELP}
`;
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[], processIo: CliIO): Promise<number> {
  // Everything printed names options by their flags (--region, not the library's clientConfig.region).
  const io = speakingFlags(processIo);
  const [name, ...rest] = argv;
  const options = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : argv.length);
  const debug = options.includes('--debug');
  const json = options.includes('--json');
  try {
    if (name === 'help' && rest.length > 0) {
      const { command } = await loadCommand(rest[0]!);
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out(trusted(await topHelp()));
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '--version' || name === '-v') {
      io.out(term`credchain ${await version()}\n`);
      return EXIT.ok;
    }
    const { command } = await loadCommand(name);
    const args = parseCommandArgs(command, rest);
    if (args.values.help) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    return await command.run(args, args.values['no-color'] ? { ...io, color: false } : io);
  } catch (error) {
    return reportError(io, error, debug, json);
  }
}

function loadCommand(name: string): Promise<{ command: CommandModule }> {
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    const known = Object.keys(commands);
    throw new UsageError(`unknown command "${name}"${didYouMean(name, known)} (commands: ${known.join(', ')})`);
  }
  return load();
}

/** Runs the command for this process: its arguments, its stdout and stderr, its exit code (src/cli/bin.ts). */
export function runAsProcess(): void {
  main(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(term`credchain: internal error: ${(error as Error)?.message ?? String(error)}\n`.toString());
      process.exitCode = EXIT.internal;
    },
  );
}
