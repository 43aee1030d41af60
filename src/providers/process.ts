// credential_process (docs/behaviour.md, "credential_process"): runs the command through the shell, checks its JSON (Version 1,
// Expiration, AccountId) and turns every failure into a clear error with no secret and no command line.
//
//   credentialChain({ profile: 'tool', sources: ['process'] })   // only the profile's credential_process

import type { CommandResult } from '../context.js';
import { credentialProcessOf, selectedProfileMissing, type ProcessBase } from '../config/plan.js';
import { credentialFields, type CheckedFields } from '../credentials.js';
import { scrubCommandOutput } from '../command-secrets.js';
import { broken, notConfigured, Sensitive } from '../errors.js';
import { readJsonObject } from '../json-object.js';
import { outsideText } from '../outside-text.js';
import { parseIsoDate, readAccountId } from '../outside-values.js';
import { processProfileMissing, selectedBy } from '../profile-selection.js';
import type { CredentialSource, SourceInput } from '../source.js';

/** Beyond the SDK, which waits forever for a hung command. */
export const DEFAULT_PROCESS_TIMEOUT_MS = 30_000;
/** How much of the command's stderr an error message shows. */
const STDERR_SHOWN = 1000;

/** The chain's `process` step: the selected profile's credential_process, when the profile step did not use it. */
export const source: CredentialSource = {
  name: 'process',
  async resolve(input) {
    const config = await input.loadConfig();
    const name = input.profile.name;
    const how = selectedBy(input.profile);
    if (how && !config.profiles[name]) throw selectedProfileMissing(config, name, how);
    if (!config.profiles[name]) throw processProfileMissing(name);
    const base = credentialProcessOf(config, name);
    if (!base) throw notConfigured(`profile "${name}" has no credential_process`);
    return runCredentialProcess(input, base);
  },
};

/** Runs `base.command` and returns its credentials, or a broken error (for the chain's step and a profile's base alike). */
export async function runCredentialProcess(input: SourceInput, base: ProcessBase): Promise<CheckedFields> {
  const { context } = input;
  const command = new Sensitive(base.command);
  // The command line may hold a secret (a token as an argument): messages only ever name the profile.
  const what = `the credential_process of profile "${base.profile}"`;
  const timeoutMs = input.settings.process.timeoutMs ?? DEFAULT_PROCESS_TIMEOUT_MS;
  const processBroken = (problem: string, fix: string, code?: string) => broken(`${what} ${problem}`, { fix, code });

  const started = context.now();
  let result: CommandResult;
  try {
    result = await context.runCommand(command.reveal(), { timeoutMs, env: context.env });
  } catch (error) {
    throw broken(`${what} could not be started`, {
      fix: 'Check that the program exists and is executable',
      code: 'spawn',
      cause: error,
    });
  }
  input.note(`profile "${base.profile}": ran credential_process (exit ${result.exitCode ?? 'signal'}, ${Math.max(0, context.now() - started)} ms)`);

  // Whatever the command printed on stdout may be credentials, and its command line may hold a token:
  // never in a message, and scrubbed from stderr (src/command-secrets.ts).
  const stderr = describeStderr(scrubCommandOutput(result.stderr, command.reveal(), result.stdout));
  if (result.timedOut) {
    throw processBroken(`did not finish within ${timeoutMs} ms and was stopped${stderr}`, 'Fix the command, or raise the processTimeoutMs option', 'timeout');
  }
  if (result.stdoutTooLarge) {
    throw processBroken('printed more than 1 MiB on stdout and was stopped (the output is not shown: it may hold credentials)', 'It must print one JSON object with Version, AccessKeyId and SecretAccessKey', 'too-large');
  }
  if (result.exitCode !== 0) {
    const how = result.exitCode === null ? 'was killed by a signal' : `exited with code ${result.exitCode}`;
    throw processBroken(`${how}${stderr}`, 'Run the command yourself to see what it needs (a login, a network connection…)', 'exit');
  }

  const data = readJsonObject(result.stdout.trim());
  if (!data.ok) {
    const problem = data.why === 'not-json' ? 'did not print valid JSON on stdout (the output is not shown: it may hold credentials)' : 'printed JSON that is not an object';
    throw processBroken(problem, 'It must print one JSON object with Version, AccessKeyId and SecretAccessKey', 'bad-json');
  }
  const fields = data.object;
  if (fields.Version !== 1) {
    const got = typeof fields.Version === 'number' || typeof fields.Version === 'string' ? `Version ${JSON.stringify(fields.Version)}` : 'no Version';
    throw processBroken(`returned ${got}; only Version 1 is supported`, 'Make the command print "Version": 1', 'bad-version');
  }
  const accessKeyId = fields.AccessKeyId;
  const secretAccessKey = fields.SecretAccessKey;
  if (typeof accessKeyId !== 'string' || !accessKeyId || typeof secretAccessKey !== 'string' || !secretAccessKey) {
    throw processBroken('did not return both AccessKeyId and SecretAccessKey as strings', 'Fix the JSON the command prints', 'bad-credentials');
  }
  let expiration: Date | undefined;
  if (fields.Expiration !== undefined && fields.Expiration !== null && fields.Expiration !== '') {
    expiration = typeof fields.Expiration === 'string' ? parseIsoDate(fields.Expiration) : undefined;
    if (!expiration) throw processBroken('returned an Expiration that is not an ISO-8601 time', 'Print Expiration like 2030-01-01T00:00:00Z', 'bad-expiration');
    if (expiration.getTime() < context.now()) {
      throw processBroken(`returned credentials that expired at ${expiration.toISOString()}`, 'Make the command fetch fresh credentials', 'expired');
    }
  }
  return credentialFields({
    accessKeyId,
    secretAccessKey,
    sessionToken: stringField(fields.SessionToken),
    expiration,
    credentialScope: stringField(fields.CredentialScope),
    // As the SDK: the profile's aws_account_id when the JSON has no (usable) AccountId.
    accountId: readAccountId(fields.AccountId, `the AccountId ${what} printed`, input.note) ?? readAccountId(base.accountId, `aws_account_id of profile "${base.profile}"`, input.note),
  });
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function describeStderr(stderr: string): string {
  const trimmed = stderr.trim();
  if (!trimmed) return ' (no output on stderr)';
  // The end says what went wrong last; control characters escaped (a command may print colours).
  return `; stderr: ${outsideText(trimmed, STDERR_SHOWN, 'end')}`;
}
