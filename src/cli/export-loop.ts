// Loop detection for `credchain export` used as a credential_process: the profiles being resolved by
// the exports above this one travel down in one environment variable, so a profile that leads back to
// itself fails fast while every other nesting (A's credential_process exports B, …) works.
//
// The export that finds the loop is a child whose stderr its parent shows redacted (its arguments,
// profile names included, may be secrets elsewhere), so the loop path also travels up encoded; the
// outermost export prints the loop once, in full, instead of every level wrapping the one below.

import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';

/** A JSON array of profile names, outermost first; set for the credential_process children of an export. */
const EXPORT_STACK_VARIABLE = 'CREDCHAIN_EXPORT_PROFILES';
const PATH_MARKER = /\[credchain loop path ([A-Za-z0-9_-]+)\]/;

export class ExportLoopError extends CliError {
  constructor(readonly path: string[], nested: boolean) {
    const shown = path.map((name) => `"${name}"`).join(' → ');
    const marker = nested ? ` [credchain loop path ${Buffer.from(JSON.stringify(path)).toString('base64url')}]` : '';
    super(
      `credential_process loop: profile "${path[0]}" is already being resolved by a credchain export further up (${shown}), so this would never end. ` +
        `Make that credential_process export a profile that does not lead back to it${marker}`,
      EXIT.broken,
    );
  }
}

/**
 * Starts an export of `profile`: throws ExportLoopError when it is already being resolved further up,
 * else adds it to the stack its children see. Returns whether this export is itself nested.
 */
export function enterExport(env: Record<string, string | undefined>, profile: string): { nested: boolean } {
  const stack = readStack(env[EXPORT_STACK_VARIABLE]);
  if (stack.includes(profile)) throw new ExportLoopError([...stack.slice(stack.indexOf(profile)), profile], true);
  env[EXPORT_STACK_VARIABLE] = JSON.stringify([...stack, profile]);
  return { nested: stack.length > 0 };
}

/** A credential_process failure that is a loop found further down, as this level reports it; else undefined. */
export function loopFoundBelow(error: unknown, nested: boolean): ExportLoopError | undefined {
  const marker = PATH_MARKER.exec((error as Error)?.message ?? '');
  if (!marker) return undefined;
  try {
    const path = JSON.parse(Buffer.from(marker[1]!, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(path) && path.length > 1 && path.every((name) => typeof name === 'string')) return new ExportLoopError(path, nested);
  } catch {
    // Not our marker after all: the error stands as it is.
  }
  return undefined;
}

function readStack(text: string | undefined): string[] {
  if (!text) return [];
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : [];
  } catch {
    return [];
  }
}
