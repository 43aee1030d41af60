// What goes wrong with an `aws login` session, said without naming a chain source: the provider layer
// (src/providers/login.ts) attaches the source name, so the same code serves the profile source, a
// role chain's base and fromLoginCredentials().

export class LoginProblem extends Error {
  override readonly name = 'LoginProblem';
  readonly fix: string | undefined;
  readonly code: string | undefined;
  constructor(
    readonly problem: string,
    options: { fix?: string; code?: string; cause?: unknown } = {},
  ) {
    super(`${problem}${options.fix ? `. ${options.fix}` : ''}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.fix = options.fix;
    this.code = options.code;
  }
}
