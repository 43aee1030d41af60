// Merging the parsed config and credentials files into one profile set (docs/behaviour.md, "Shared config files"): per profile,
// a key from the credentials file wins over the same key from the config file.

import { emptyRecord, type ParsedProfileFile } from './parse.js';
import type { ProfileOrigins, PropertyValue, Section } from './types.js';

export interface MergedProfiles {
  profiles: Record<string, Section>;
  ssoSessions: Record<string, Section>;
  services: Record<string, Section>;
}

/**
 * New objects all the way down, so the cached parse results are never changed. sso-session and
 * services sections come from the config file only (as in the SDK).
 */
export function mergeProfileFiles(config: ParsedProfileFile, credentials: ParsedProfileFile): MergedProfiles {
  const profiles = emptyRecord<Section>();
  for (const file of [config, credentials]) {
    for (const [name, section] of Object.entries(file.profiles)) {
      profiles[name] = mergeSection(profiles[name], section);
    }
  }
  return { profiles, ssoSessions: copyTable(config.ssoSessions), services: copyTable(config.services) };
}

/** `over` wins key by key; sub-properties merge key by key too (the SDK stores them flat as `s3.k`). */
function mergeSection(under: Section | undefined, over: Section): Section {
  const merged = emptyRecord<PropertyValue>();
  for (const source of under ? [under, over] : [over]) {
    for (const [key, value] of Object.entries(source)) {
      const existing = merged[key];
      merged[key] =
        typeof value === 'object'
          ? Object.assign(emptyRecord<string>(), typeof existing === 'object' ? existing : undefined, value)
          : value;
    }
  }
  return merged;
}

function copyTable(table: Record<string, Section>): Record<string, Section> {
  const copy = emptyRecord<Section>();
  for (const [name, section] of Object.entries(table)) copy[name] = mergeSection(undefined, section);
  return copy;
}

/** Where each merged profile and property comes from: the same precedence as mergeProfileFiles (credentials wins). */
export function profileOrigins(files: ReadonlyArray<{ parsed: ParsedProfileFile; path: string }>): Record<string, ProfileOrigins> {
  const origins = emptyRecord<ProfileOrigins>();
  for (const { parsed, path } of files) {
    for (const [name, lines] of Object.entries(parsed.lines)) {
      const origin = (origins[name] ??= { sections: [], keys: emptyRecord() });
      origin.sections.push({ file: path, line: lines.section });
      for (const [key, line] of Object.entries(lines.keys)) origin.keys[key] = { file: path, line };
    }
  }
  return origins;
}
