// The credential chain as the CLI runs it: the real machine, the user's --profile/--region, warnings
// on stderr, the network progress line and the one MFA prompt (mfa-prompt.ts). Shared by every
// command that resolves credentials: explain, export, whoami, config, atlas-check, serve and exec.

import { credentialChain, type CredentialProvider } from '../chain.js';
import { defaultContext, type Context } from '../context.js';
import { selectProfile } from '../profile-selection.js';
import type { ChainOptions } from '../source.js';
import { stringOption, type ParsedArgs, type OptionSpec } from './args.js';
import { timeoutDeadline, withDeadline } from './deadline.js';
import { UsageError } from './errors.js';
import { mfaPrompt, type MfaPrompt } from './mfa-prompt.js';
import { paragraph, term } from './terminal-text.js';
import type { CliIO } from './output.js';
import { withProgress } from './progress.js';

/** The flags every credential-resolving command accepts. */
export const chainOptionSpec: OptionSpec = {
  profile: { type: 'string', short: 'p' },
  region: { type: 'string' },
  'mfa-code': { type: 'string' },
};

export const CHAIN_OPTIONS_HELP = `  -p, --profile NAME   use this profile (else AWS_PROFILE, else "default")
      --region REGION  region for STS calls (else AWS_REGION, else the profile's region)
      --mfa-code CODE  the current code of the MFA device, for a profile with mfa_serial
                       (the AWS CLI's --token-code); without it the code is asked on the
                       terminal, and there is no asking under --json or without a terminal`;

export interface CliChain {
  provider: CredentialProvider;
  context: Context;
  options: ChainOptions;
  /** The profile the chain uses (--profile, else AWS_PROFILE, else "default") and what chose it. */
  profile: { name: string; from: '--profile' | 'AWS_PROFILE' | 'no AWS_PROFILE' };
  /** Where an MFA code comes from (serve's refreshes ask again; exec turns asking off while its command runs). */
  mfa: MfaPrompt;
}

/** The real machine (or io.machine's stand-ins) as the CLI sees it: the CLI's environment, warnings on stderr, the progress line. */
export function cliContext(io: CliIO): Context {
  const base: Context = { ...defaultContext(), ...io.machine };
  const context: Context = {
    ...base,
    env: io.env,
    // A warning may quote a chain's whole message (a failed background refresh): escaped line by line. Its own
    // "credchain: " (for a library user's log) gives way to the CLI's, so every line of credchain's starts the same.
    logger: { warn: (message) => io.err(term`credchain: warning: ${paragraph(message.replace(/^credchain: /, ''))}\n`) },
  };
  context.request = withProgress(io, base);
  return context;
}

/** `timeoutMs` (the command's --timeout): one deadline over the whole resolution and every later call on `context` (deadline.ts). */
export function chainForCli(io: CliIO, args: ParsedArgs, command: string, limits: { timeoutMs?: number | undefined } = {}): CliChain {
  const machine = cliContext(io);
  const context = limits.timeoutMs === undefined ? machine : withDeadline(machine, timeoutDeadline(machine, limits.timeoutMs));
  const mfa = mfaPrompt(io, { code: mfaCodeOption(args, command), json: args.values.json === true });
  const options: ChainOptions = { context, mfaCodeProvider: mfa.provider };
  const profile = stringOption(args, 'profile');
  const region = stringOption(args, 'region');
  if (profile) options.profile = profile;
  if (region) options.clientConfig = { region };
  const selection = selectProfile(profile, io.env);
  // `caller` is not reached: the CLI is no SDK client calling a provider.
  const from = ({ option: '--profile', caller: '--profile', AWS_PROFILE: 'AWS_PROFILE', default: 'no AWS_PROFILE' } as const)[selection.from];
  return { provider: credentialChain(options), context, options, profile: { name: selection.name, from }, mfa };
}

/** --mfa-code: six digits (never echoed back in the error: it is a one-time secret). */
function mfaCodeOption(args: ParsedArgs, command: string): string | undefined {
  const text = stringOption(args, 'mfa-code');
  if (text === undefined) return undefined;
  if (!/^\d{6}$/.test(text.trim())) throw new UsageError('--mfa-code must be the 6-digit code the MFA device shows', command);
  return text.trim();
}
