// A SourceInput as the chain builds it (src/chain.ts), for calling a source or a profile-executor
// function directly, its settings translated from chain options as the chain translates them; `overrides` replace any part (a loadConfig that must not be called, state…).
// Inputs for the same test machine share one SourceState, as the resolutions of one chain do.

import { NO_CALLER } from '../../src/caller-config.js';
import { loadSharedConfig } from '../../src/config/load.js';
import type { Context } from '../../src/context.js';
import { makeCredentials, type CheckedFields, type Credentials } from '../../src/credentials.js';
import { asSourceError, notConfigured } from '../../src/errors.js';
import { selectProfile } from '../../src/profile-selection.js';
import type { ChainOptions, CredentialSource, SourceInput, SourceState } from '../../src/source.js';
import { sourceSettings } from '../../src/options.js';
import { newSsoTokenState, type SsoTokenCall } from '../../src/sso/token.js';
import { type CredentialsProviderError } from '../../src/errors.js';

/** The input, plus every note the source wrote (what `explain()` would show). */
export type TestSourceInput = SourceInput & { notes: string[] };

const statePerMachine = new WeakMap<Context['env'], SourceState>();

export function sourceInput(context: Context, options: ChainOptions = {}, overrides: Partial<SourceInput> = {}): TestSourceInput {
  const notes: string[] = [];
  let state = statePerMachine.get(context.env);
  if (!state) statePerMachine.set(context.env, (state = {}));
  return {
    context,
    settings: sourceSettings(options),
    profile: selectProfile(options.profile, context.env),
    caller: NO_CALLER,
    loadConfig: () => loadSharedConfig(context, { ignoreCache: true }),
    note: (text) => notes.push(text),
    state,
    ...overrides,
    notes,
  };
}

/** As the chain hands out what source `name` resolved: credentials stamped with the name, failures labelled with it. */
export async function asSource(name: string, promise: Promise<CheckedFields>): Promise<Credentials> {
  return makeCredentials({ ...(await labelled(name, promise)), source: name });
}

/** As the chain reports a failure of source `name`: the CredentialsProviderError labelled with it. */
export async function labelled<T>(name: string, promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw asSourceError(error, name);
  }
}

/** labelled() for code that throws synchronously. */
export function labelledSync<T>(name: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw asSourceError(error, name);
  }
}

/** An SsoCall (src/sso/endpoint.ts) on a test machine: no shared config unless given, the default profile, notes collected. */
export function ssoCall(context: Context, overrides: Partial<SsoTokenCall> = {}): SsoTokenCall & { notes: string[] } {
  const notes: string[] = [];
  return { context, config: undefined, profileName: 'default', note: (text) => notes.push(text), tokens: newSsoTokenState(context.now), ...overrides, notes };
}

/** A source as one step of a chain runs it: its skip rule, then resolve(), labelled and stamped with its name. */
export function asChainStep(source: CredentialSource): { name: string; resolve(input: SourceInput): Promise<Credentials> } {
  const step = async (input: SourceInput) => {
    const skipped = source.skip?.(input);
    if (skipped !== undefined) throw notConfigured(skipped, { skipped: true });
    return source.resolve(input);
  };
  return { name: source.name, resolve: (input) => asSource(source.name, step(input)) };
}
