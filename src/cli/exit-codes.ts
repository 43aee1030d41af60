// The CLI's exit codes, in one place: --help texts and the README print this table.

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

export const EXIT_CODES_HELP = `Exit codes:
  0   success (a source answered)
  1   no credentials: every source was tried, none is configured
  2   usage error
  3   a configured source is broken: the chain stopped there
  4   whoami: STS GetCallerIdentity failed
  5   demo: a scenario did not end as expected; emulate: could not start
  70  internal error (re-run with --debug and report it)`;
