// Reading one setting of a profile section.

import type { Section } from './config/types.js';

/** A profile value when it is a plain, non-empty string (sub-property blocks are not settings here). */
export function profileString(section: Section | undefined, key: string): string | undefined {
  const value = section?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
