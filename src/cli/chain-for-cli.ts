// The credential chain as the CLI runs it: the real machine, the user's --profile/--region, warnings
// on stderr and the network progress line. Shared by explain, export, whoami, serve and exec.

import { credentialChain, type CredentialProvider } from '../chain.js';
import { defaultContext, type Context } from '../context.js';
import { selectProfile } from '../profile-selection.js';
import type { ChainOptions } from '../source.js';
import { stringOption, type ParsedArgs, type OptionSpec } from './args.js';
import type { CliIO } from './output.js';
import { withProgress } from './progress.js';

/** The flags every credential-resolving command accepts. */
export const chainOptionSpec: OptionSpec = {
  profile: { type: 'string', short: 'p' },
  region: { type: 'string' },
};

export const CHAIN_OPTIONS_HELP = `  -p, --profile NAME   use this profile (else AWS_PROFILE, else "default")
      --region REGION  region for STS calls (else AWS_REGION, else the profile's region)`;

export interface CliChain {
  provider: CredentialProvider;
  context: Context;
  options: ChainOptions;
  /** The profile the chain uses (--profile, else AWS_PROFILE, else "default") and what chose it. */
  profile: { name: string; from: '--profile' | 'AWS_PROFILE' | 'no AWS_PROFILE' };
}

/** The real machine (or io.machine's stand-ins) as the CLI sees it: the CLI's environment, warnings on stderr, the progress line. */
export function cliContext(io: CliIO): Context {
  const base: Context = { ...defaultContext(), ...io.machine };
  const context: Context = {
    ...base,
    env: io.env,
    logger: { warn: (message) => io.err(`warning: ${message}\n`) },
  };
  context.request = withProgress(io, base);
  return context;
}

/** `mfaCodeProvider`: serve and exec ask on the terminal; the one-shot commands have none. */
export function chainForCli(io: CliIO, args: ParsedArgs, extra: Pick<ChainOptions, 'mfaCodeProvider'> = {}): CliChain {
  const context = cliContext(io);
  const options: ChainOptions = { context, ...extra };
  const profile = stringOption(args, 'profile');
  const region = stringOption(args, 'region');
  if (profile) options.profile = profile;
  if (region) options.clientConfig = { region };
  const selection = selectProfile(profile, io.env);
  // `caller` is not reached: the CLI is no SDK client calling a provider.
  const from = ({ option: '--profile', caller: '--profile', AWS_PROFILE: 'AWS_PROFILE', default: 'no AWS_PROFILE' } as const)[selection.from];
  return { provider: credentialChain(options), context, options, profile: { name: selection.name, from } };
}
