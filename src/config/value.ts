// Reading one setting of a profile (or sso-session / services section): the one reader for the
// planner, the endpoint rules and the IMDS settings.

import type { Section } from './types.js';

/**
 * The value of `key` when it is a plain, non-empty string. A sub-property list (`key =` followed by
 * indented lines) counts as absent, as the SDK has no plain key of that name then; so does an empty
 * string (the parser never produces one, but a hand-built config may).
 */
export function profileValue(section: Section | undefined, key: string): string | undefined {
  const value = section?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
