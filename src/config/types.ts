// The parsed shared config: profiles (config and credentials files merged), sso-session and
// services sections. Objects have no prototype, so no key can reach Object.prototype.

/** Which shared file a text is: the config file names profiles `[profile NAME]`, the credentials file `[NAME]`. */
export type ProfileFileKind = 'config' | 'credentials';

/** A property value: a string, or sub-properties (`s3 =` followed by indented `k = v` lines). */
export type PropertyValue = string | Record<string, string>;

export type Section = Record<string, PropertyValue>;

export interface SharedConfig {
  /** By profile name; per profile, credentials-file keys win over config-file keys. */
  profiles: Record<string, Section>;
  /** `[sso-session NAME]` sections of the config file. */
  ssoSessions: Record<string, Section>;
  /** `[services NAME]` sections: service id → { endpoint_url, … } sub-properties. */
  services: Record<string, Section>;
  /** The paths that were looked at, for messages. */
  configFile: string;
  credentialsFile: string;
  /** Where each profile and each of its properties is written (the file whose value won), for `credchain config`; only when loaded with `origins: true`. */
  origins?: Record<string, ProfileOrigins>;
  /** Lines the parser ignored, as the AWS SDK does (`<file> line N: why`), for the trace. No values. */
  diagnostics?: string[];
}

/** A place in a config or credentials file. */
export interface FileLine {
  file: string;
  line: number;
}

/** Where a profile is defined (one section per file that names it) and where each property's winning value is. */
export interface ProfileOrigins {
  sections: FileLine[];
  keys: Record<string, FileLine>;
}
