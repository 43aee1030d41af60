// The merged profile set the config and credentials files are parsed into (docs/behaviour.md,
// "Shared config files"): per profile, a key from the credentials file wins over the same key from
// the config file, simply because that file is parsed second — no second pass, no copy.

import type { FileLine, ProfileFileKind, ProfileOrigins, PropertyValue, Section } from './types.js';

export interface MergedProfiles {
  profiles: Record<string, Section>;
  ssoSessions: Record<string, Section>;
  services: Record<string, Section>;
}

/** A table by name without a prototype: a profile named `constructor` or `toString` is just data. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * A section (or sub-property list) without a prototype. Object.create(null) would do, but V8 keeps
 * such an object as a hash table (~180 bytes for three properties); an object literal given a null
 * prototype keeps V8's fast layout (~56 bytes), shared by every section with the same keys in the
 * same order — the usual shape of a generated config file.
 */
function newSection<T extends PropertyValue>(): Record<string, T> {
  return Object.setPrototypeOf({}, null) as Record<string, T>;
}

/** Filled by parseProfileFiles, one file after the other (the config file first). */
export class ProfileSetBuilder {
  #profiles = emptyRecord<Section>();
  readonly #ssoSessions = emptyRecord<Section>();
  readonly #services = emptyRecord<Section>();
  /** By profile name, when the caller asked for origins. */
  readonly origins: Record<string, ProfileOrigins> | undefined;

  #path = '';
  #kind: ProfileFileKind = 'config';
  #current: Section | undefined;
  #currentOrigins: ProfileOrigins | undefined;
  /** The first profile put in the table: `[default]` has to come before it (see endFile). */
  #firstProfile: string | undefined;
  // In the config file, `[default]` is kept apart until the file ends: `[profile default]` replaces
  // it then if it has properties (the SDK's rule), wherever the two are in the file.
  #bareDefault: Section | undefined;
  #bareDefaultOrigins: ProfileOrigins | undefined;

  constructor(keepOrigins: boolean) {
    this.origins = keepOrigins ? emptyRecord<ProfileOrigins>() : undefined;
  }

  beginFile(path: string, kind: ProfileFileKind): void {
    this.#path = path;
    this.#kind = kind;
    this.#current = undefined;
    this.#currentOrigins = undefined;
  }

  /** `[profile NAME]` in the config file, `[NAME]` in the credentials file. */
  profile(name: string, line: number): void {
    let section = this.#profiles[name];
    if (section === undefined) {
      this.#profiles[name] = section = newSection();
      this.#firstProfile ??= name;
    }
    this.#current = section;
    if (this.origins) this.#currentOrigins = this.#headerAt((this.origins[name] ??= { sections: [], keys: emptyRecord<FileLine>() }), line);
  }

  /** `[default]` in the config file. */
  bareDefault(line: number): void {
    this.#current = this.#bareDefault ??= newSection();
    if (this.origins) this.#currentOrigins = this.#headerAt((this.#bareDefaultOrigins ??= { sections: [], keys: emptyRecord<FileLine>() }), line);
  }

  ssoSession(name: string): void {
    this.#current = this.#ssoSessions[name] ??= newSection();
    this.#currentOrigins = undefined;
  }

  services(name: string): void {
    this.#current = this.#services[name] ??= newSection();
    this.#currentOrigins = undefined;
  }

  property(key: string, value: string, line: number): void {
    this.#current![key] = value;
    if (this.#currentOrigins) this.#currentOrigins.keys[key] = { file: this.#path, line };
  }

  /** `key =` with no value: the sub-property list below it is placed at this line. */
  subPropertiesAt(key: string, line: number): void {
    if (this.#currentOrigins) this.#currentOrigins.keys[key] = { file: this.#path, line };
  }

  /** An indented `key = value` under `parent =`. A list replaces a plain value of the same name (the SDK would keep both as `s3` and `s3.k`). */
  subProperty(parent: string, key: string, value: string): void {
    const section = this.#current!;
    let list = section[parent];
    if (typeof list !== 'object') section[parent] = list = newSection<string>();
    list[key] = value;
  }

  endFile(): void {
    if (this.#kind === 'config') this.#settleDefault();
    this.#current = undefined;
    this.#currentOrigins = undefined;
  }

  finish(): MergedProfiles {
    return { profiles: this.#profiles, ssoSessions: this.#ssoSessions, services: this.#services };
  }

  /** A section met again in the same file keeps its first header line. */
  #headerAt(origins: ProfileOrigins, line: number): ProfileOrigins {
    if (origins.sections.at(-1)?.file !== this.#path) origins.sections.push({ file: this.#path, line });
    return origins;
  }

  /** `[profile default]` with properties replaces `[default]`; otherwise `[default]` is the default profile, listed first. */
  #settleDefault(): void {
    const bare = this.#bareDefault;
    if (!bare) return;
    this.#bareDefault = undefined;
    const typed = this.#profiles.default;
    if (typed !== undefined && hasProperties(typed)) return;
    if (this.#firstProfile === undefined || this.#firstProfile === 'default') {
      this.#profiles.default = bare;
    } else {
      // Rare: typed profiles came before [default] in the file. A new table puts default first.
      const table = emptyRecord<Section>();
      table.default = bare;
      for (const name in this.#profiles) if (name !== 'default') table[name] = this.#profiles[name]!;
      this.#profiles = table;
    }
    this.#firstProfile = 'default';
    if (this.origins) this.origins.default = this.#bareDefaultOrigins!;
  }
}

function hasProperties(section: Section): boolean {
  for (const _ in section) return true;
  return false;
}
