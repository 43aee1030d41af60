// Loop detection for `credchain export` used as a credential_process: the profiles being resolved by
// the exports above this one travel down in one environment variable, so a profile that leads back to
// itself fails fast while every other nesting (A's credential_process exports B, …) works.

import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';

/** A JSON array of profile names, outermost first; set for the credential_process children of an export. */
export const EXPORT_STACK_VARIABLE = 'CREDCHAIN_EXPORT_PROFILES';

/** Throws when `profile` is already being resolved further up; else adds it for the children to see. */
export function enterExport(env: Record<string, string | undefined>, profile: string): void {
  const stack = readStack(env[EXPORT_STACK_VARIABLE]);
  if (stack.includes(profile)) {
    const path = [...stack.slice(stack.indexOf(profile)), profile].map((name) => `"${name}"`).join(' → ');
    throw new CliError(
      `credential_process loop: profile "${profile}" is already being resolved by a credchain export further up (${path}), so this would never end. ` +
        'Make that credential_process export a profile that does not lead back to it',
      EXIT.broken,
    );
  }
  env[EXPORT_STACK_VARIABLE] = JSON.stringify([...stack, profile]);
}

/**
 * A credential_process failure that is a loop found further down: its own message, instead of one
 * wrapped in every export on the way ("…exited with code 3; stderr: …exited with code 3; stderr: …").
 */
export function loopFoundBelow(error: unknown): CliError | undefined {
  const found = /credential_process loop: .*?does not lead back to it/s.exec((error as Error)?.message ?? '');
  return found ? new CliError(found[0], EXIT.broken) : undefined;
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
