// The CLI's exit codes, in one table: each command declares the ones it can return (CommandModule
// `exits`), its --help lists exactly those (commandHelp), the top-level help lists them all, and a
// test checks every command's source uses no other — so the lists cannot drift apart.

export const EXIT = {
  /** The command did what was asked (explain/export/whoami: a source answered). */
  ok: 0,
  /** No source had credentials: every source was tried and none is configured. */
  noCredentials: 1,
  /** The command line is wrong (unknown command or flag, missing value). */
  usage: 2,
  /** A source is configured but broken: the chain stopped there (no fall-through to another identity). */
  broken: 3,
  /** whoami: credentials were found but STS GetCallerIdentity refused them or could not be reached. */
  stsFailed: 4,
  /** demo: a scenario did not end as expected; emulate: the emulator could not start. */
  scenarioFailed: 5,
  /** atlas-check: the server refused MONGODB-AWS authentication. */
  authFailed: 6,
  /** atlas-check: DNS, network, TLS or the server's hello failed: authentication never started. */
  unreachable: 7,
  /** atlas-check: a step got no answer in time (its own limit or the --timeout deadline). */
  timedOut: 8,
  /** atlas-check: AWS kept throttling the calls (STS, a metadata endpoint) past the retries or the deadline. */
  throttled: 9,
  /** A bug in credchain (run again with --debug for the stack trace, and report it). */
  internal: 70,
  /** exec: COMMAND could not be run (the shell's code for it). */
  commandNotRun: 127,
} as const;

export type ExitName = keyof typeof EXIT;

/** Every code's meaning as the top-level help and docs/cli.md ("Exit codes") say it. */
export const EXIT_MEANING: Record<ExitName, string> = {
  ok: 'success (a source answered)',
  noCredentials: 'no credentials: every source was tried, none is configured',
  usage: 'usage error',
  broken: 'a configured source is broken: the chain stopped there',
  stsFailed: 'whoami: STS GetCallerIdentity failed',
  scenarioFailed: 'demo: a scenario did not end as expected; emulate: could not start',
  authFailed: 'atlas-check: the server refused authentication',
  unreachable: 'atlas-check: cannot reach the cluster (DNS, network, TLS or hello failed)',
  timedOut: 'atlas-check: no answer in time (a step\'s limit or the --timeout deadline)',
  throttled: 'atlas-check: AWS throttled the calls past the retries: try again later',
  internal: 'internal error (re-run with --debug and report it)',
  commandNotRun: 'exec: COMMAND could not be run (not found, not executable)',
};

/** The codes one command returns, in its own words where the general meaning would not fit. */
export interface CommandExits {
  codes: readonly ExitName[];
  wording?: Partial<Record<ExitName, string>>;
  /** The block's first line, when "Exit codes:" alone would mislead (exec: COMMAND's own code once it ran). */
  heading?: string;
}

/** Usage and internal errors can happen in every command. */
const ALWAYS: readonly ExitName[] = ['usage', 'internal'];

/** The codes `exits` covers, in numeric order. */
export function exitNames(exits: CommandExits): ExitName[] {
  const all = new Set<ExitName>([...exits.codes, ...ALWAYS]);
  return (Object.keys(EXIT) as ExitName[]).filter((name) => all.has(name)).sort((a, b) => EXIT[a] - EXIT[b]);
}

/** The "Exit codes:" block of a help text: each code the command can return, with its meaning. */
export function exitCodesHelp(exits: CommandExits): string {
  const lines = exitNames(exits).map((name) => `  ${String(EXIT[name]).padEnd(3)} ${exits.wording?.[name] ?? EXIT_MEANING[name]}`);
  return `${exits.heading ?? 'Exit codes:'}\n${lines.join('\n')}`;
}

/** Every code, for the top-level help. */
export const EXIT_CODES_HELP = exitCodesHelp({ codes: Object.keys(EXIT) as ExitName[] });
