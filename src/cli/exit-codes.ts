// The CLI's exit codes, in one place: each command's --help lists the ones it can return
// (exitCodesHelp), the top-level help and the README list them all.

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
  /** A bug in credchain (run again with --debug for the stack trace, and report it). */
  internal: 70,
} as const;

export type ExitName = keyof typeof EXIT;

const MEANING: Record<ExitName, string> = {
  ok: 'success (a source answered)',
  noCredentials: 'no credentials: every source was tried, none is configured',
  usage: 'usage error',
  broken: 'a configured source is broken: the chain stopped there',
  stsFailed: 'whoami: STS GetCallerIdentity failed',
  scenarioFailed: 'demo: a scenario did not end as expected; emulate: could not start',
  internal: 'internal error (re-run with --debug and report it)',
};

/**
 * The "Exit codes:" block of a help text: the codes the command can return (usage and internal are
 * always possible), each with its meaning, or a command's own wording for it.
 */
export function exitCodesHelp(names: readonly ExitName[], wording: Partial<Record<ExitName, string>> = {}): string {
  const all = new Set<ExitName>([...names, 'usage', 'internal']);
  const lines = (Object.keys(EXIT) as ExitName[]).filter((name) => all.has(name)).map((name) => `  ${String(EXIT[name]).padEnd(3)} ${wording[name] ?? MEANING[name]}`);
  return `Exit codes:\n${lines.join('\n')}`;
}

/** Every code, for the top-level help. */
export const EXIT_CODES_HELP = exitCodesHelp(Object.keys(EXIT) as ExitName[]);
