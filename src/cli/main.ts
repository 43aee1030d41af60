#!/usr/bin/env node
// The `credchain` command: picks the subcommand and loads only its module (one file per subcommand),
// turns every failure into one clear paragraph and an exit code (see exit-codes.ts).

import { parseCommandArgs, type CommandModule } from './args.js';
import { UsageError, reportError } from './errors.js';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js';
import { processIO, type CliIO } from './output.js';

const commands: Record<string, () => Promise<{ command: CommandModule }>> = {
  explain: () => import('./explain.js'),
  export: () => import('./export.js'),
  whoami: () => import('./whoami.js'),
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

Finds AWS credentials exactly like the AWS SDK for JavaScript v3 and explains itself.

Commands:
${lines.join('\n')}

Run \`credchain <command> --help\` for a command's options. Every command takes --help and
--debug; commands with output take --json. Colour only on a terminal without NO_COLOR.

${EXIT_CODES_HELP}
`;
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `credchain ${pkg.version}\n`;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  const debug = argv.includes('--debug');
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out(await topHelp());
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '--version' || name === '-v') {
      io.out(await version());
      return EXIT.ok;
    }
    const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!load) {
      const known = Object.keys(commands).join(', ');
      throw new UsageError(`unknown command "${name}" (commands: ${known})`);
    }
    const { command } = await load();
    const args = parseCommandArgs(command, rest);
    if (args.values.help) {
      io.out(command.help);
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (error) {
    return reportError(io, error, debug);
  }
}

main(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`credchain: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = EXIT.internal;
  },
);
