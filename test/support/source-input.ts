// A SourceInput as the chain builds it (src/chain.ts), for calling a source or a profile-executor
// function directly; `overrides` replace any part (a loadConfig that must not be called, shared state…).

import { NO_CALLER } from '../../src/caller-config.js';
import { loadSharedConfig } from '../../src/config/load.js';
import type { Context } from '../../src/context.js';
import type { ChainOptions, SourceInput } from '../../src/source.js';

/** The input, plus every note the source wrote (what `explain()` would show). */
export type TestSourceInput = SourceInput & { notes: string[] };

export function sourceInput(context: Context, options: ChainOptions = {}, overrides: Partial<SourceInput> = {}): TestSourceInput {
  const notes: string[] = [];
  const profile = options.profile || context.env.AWS_PROFILE || undefined;
  return {
    context,
    options,
    profileName: profile ?? 'default',
    profileSelected: profile !== undefined,
    caller: NO_CALLER,
    loadConfig: () => loadSharedConfig(context, { ignoreCache: true }),
    note: (text) => notes.push(text),
    state: new Map(),
    ...overrides,
    notes,
  };
}
