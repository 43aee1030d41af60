// A SourceInput as the chain builds it, for calling assumeRoleHop / assumeRoleWithWebIdentity directly.
import { loadSharedConfig } from '../../../src/config/load.js';
import type { Context } from '../../../src/context.js';
import type { ChainOptions, SourceInput } from '../../../src/source.js';

export function sourceInput(context: Context, options: ChainOptions = {}): SourceInput & { notes: string[] } {
  const notes: string[] = [];
  const profile = options.profile || context.env.AWS_PROFILE || undefined;
  return {
    context,
    options,
    profileName: profile ?? 'default',
    profileSelected: profile !== undefined,
    loadConfig: () => loadSharedConfig(context, { ignoreCache: true }),
    note: (text) => notes.push(text),
    state: new Map(),
    notes,
  };
}
