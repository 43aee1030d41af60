// parseProfileFile(): the text of ~/.aws/config or ~/.aws/credentials → profiles, sso-session and
// services sections, following the AWS SDK for JavaScript's parser line for line (docs/behaviour.md, "Shared config files"), plus
// diagnostics for the lines it ignores. Why not the `ini` package: see test/config/parse.conformance.test.ts.

import type { Section } from './types.js';

export type ProfileFileKind = 'config' | 'credentials';

/** What a diagnostic is about; the kinds map to the errors other SDKs raise for the same lines. */
export type DiagnosticKind =
  | 'unclosed-section'
  | 'text-after-section'
  | 'property-outside-section'
  | 'property-without-name'
  | 'line-without-equals'
  | 'ignored-section'
  /** The last diagnostic of a file with more than MAX_DIAGNOSTICS: how many more lines were ignored. */
  | 'more-ignored';

/** Diagnostics listed per file; the rest are counted in one last 'more-ignored' diagnostic. */
export const MAX_DIAGNOSTICS = 10;

/** A line the parser ignored (as the SDK does). The message holds no line content: it could be a secret. */
export interface ParseDiagnostic {
  line: number;
  kind: DiagnosticKind;
  message: string;
}

export interface ParsedProfileFile {
  /** By profile name. In the config file, `[profile default]` (when it has properties) replaces `[default]`. */
  profiles: Record<string, Section>;
  ssoSessions: Record<string, Section>;
  services: Record<string, Section>;
  diagnostics: ParseDiagnostic[];
  /** By profile name: the line of its section header and of each property (for `credchain config`). */
  lines: Record<string, SectionLines>;
}

/** 1-based line numbers: the header that opened the section, and the line each property was set on. */
export interface SectionLines {
  section: number;
  keys: Record<string, number>;
}

/** The file cannot be used at all (today: a `__proto__` name, refused so no object prototype can be reached). */
export class ProfileFileError extends Error {
  override readonly name = 'ProfileFileError';
  constructor(
    readonly kind: 'forbidden-name',
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Objects without a prototype: a profile or key named `constructor` or `toString` is just data. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

// The SDK's section header rule: `TYPE NAME` with one whitespace character between, NAME optionally
// quoted and made of word characters and -@+.%:/ . Anything else is taken as a bare name.
const PREFIXED_HEADER = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;
const SECTION_TYPES = new Set(['profile', 'sso-session', 'services']);
// A comment starts with # or ; at the start of a line or after whitespace; `a=b#c` keeps `b#c`.
const COMMENT = /(^|\s)[;#]/;
const FORBIDDEN = '__proto__';

type Target = { kind: 'profile' | 'bare-default' | 'sso-session' | 'services'; name: string };

export function parseProfileFile(text: string, kind: ProfileFileKind): ParsedProfileFile {
  const typedProfiles = emptyRecord<Section>();
  const ssoSessions = emptyRecord<Section>();
  const services = emptyRecord<Section>();
  let bareDefault: Section | undefined;
  const diagnostics: ParseDiagnostic[] = [];
  const sectionLines = new Map<Section, SectionLines>();

  let current: Section | undefined;
  let seenHeader = false;
  let subProperty: string | undefined;

  const sectionFor = (target: Target): Section => {
    if (target.kind === 'bare-default') return (bareDefault ??= emptyRecord<string>());
    const table = target.kind === 'profile' ? typedProfiles : target.kind === 'sso-session' ? ssoSessions : services;
    return (table[target.name] ??= emptyRecord<string>());
  };

  let omitted = 0;
  const lines = text.split(/\r?\n/);
  for (const [index, rawLine] of lines.entries()) {
    const lineNumber = index + 1;
    const diagnose = (kind: DiagnosticKind, message: string) => {
      if (diagnostics.length < MAX_DIAGNOSTICS) diagnostics.push({ line: lineNumber, kind, message: `line ${lineNumber}: ${message}` });
      else omitted += 1;
    };
    const comment = COMMENT.exec(rawLine);
    const line = (comment ? rawLine.slice(0, comment.index) : rawLine).trim();
    if (line === '') continue;

    if (line.startsWith('[') && line.endsWith(']')) {
      seenHeader = true;
      subProperty = undefined;
      const target = sectionTarget(line.slice(1, -1), kind, lineNumber, diagnose);
      current = target ? sectionFor(target) : undefined;
      if (current && !sectionLines.has(current)) sectionLines.set(current, { section: lineNumber, keys: emptyRecord<number>() });
      continue;
    }

    let diagnosed = false;
    if (line.startsWith('[')) {
      diagnosed = true;
      if (line.includes(']')) diagnose('text-after-section', "text after ']' on a section header line: the whole line is ignored (as the AWS SDK does); put comments on their own line");
      else diagnose('unclosed-section', "a section header must end with ']'; the line is ignored");
    }
    if (!current) {
      if (!seenHeader && !diagnosed) diagnose('property-outside-section', 'a line before any [section] header is ignored');
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) {
      if (!diagnosed) {
        if (equals === 0) diagnose('property-without-name', "a property with no name before '=' is ignored");
        else diagnose('line-without-equals', "a line without '=' is ignored (values cannot continue on the next line)");
      }
      continue;
    }
    const key = detached(line.slice(0, equals).trim());
    const value = detached(line.slice(equals + 1).trim());
    if (key === FORBIDDEN) throw new ProfileFileError('forbidden-name', lineNumber, `line ${lineNumber}: the property name __proto__ is not allowed`);
    if (value === '') {
      // `key =` opens sub-properties: the indented `k = v` lines below it.
      subProperty = key;
      sectionLines.get(current)!.keys[key] = lineNumber;
      continue;
    }
    if (subProperty !== undefined && rawLine.trimStart() === rawLine) subProperty = undefined;
    if (subProperty === undefined) {
      current[key] = value;
      sectionLines.get(current)!.keys[key] = lineNumber;
    } else {
      let record = current[subProperty];
      // A sub-property list replaces a plain value of the same name (the SDK would keep both as `s3` and `s3.k`).
      if (typeof record !== 'object') current[subProperty] = record = emptyRecord<string>();
      record[key] = value;
    }
  }

  if (omitted > 0) {
    diagnostics.push({ line: lines.length, kind: 'more-ignored', message: `and ${omitted} more ignored lines (only the first ${MAX_DIAGNOSTICS} are listed)` });
  }

  const profiles = emptyRecord<Section>();
  const lineTable = emptyRecord<SectionLines>();
  if (bareDefault && !(typedProfiles.default && Object.keys(typedProfiles.default).length > 0)) profiles.default = bareDefault;
  for (const [name, section] of Object.entries(typedProfiles)) {
    if (name === 'default' && profiles.default) continue;
    profiles[name] = section;
  }
  for (const [name, section] of Object.entries(profiles)) lineTable[name] = sectionLines.get(section)!;
  return { profiles, ssoSessions, services, diagnostics, lines: lineTable };
}

/**
 * A copy that does not point into the file's text. V8 makes a substring of 13 or more characters a
 * view of its parent, so one kept value would keep the whole file (up to its size cap) alive. Slicing
 * a concatenation flattens it into a new string first: the result points into that copy instead.
 */
function detached(value: string): string {
  return value.length < 13 ? value : ` ${value}`.slice(1);
}

/** Which section a header names, or undefined when the SDK ignores it (with a diagnostic saying why). */
function sectionTarget(
  header: string,
  kind: ProfileFileKind,
  line: number,
  diagnose: (kind: DiagnosticKind, message: string) => void,
): Target | undefined {
  const match = PREFIXED_HEADER.exec(header);
  const forbidden = (name: string) => {
    if (name === FORBIDDEN || header.trim() === FORBIDDEN) {
      throw new ProfileFileError('forbidden-name', line, `line ${line}: the section name __proto__ is not allowed`);
    }
  };
  // A header is shown in messages only when it looks like a name: a mistyped line could hold a value.
  const shown = /^[\w\-@+.%:/ "'\t]{1,80}$/.test(header) ? `[${header}]` : 'a section header';
  if (match) {
    const [, type, , name] = match as unknown as [string, string, string | undefined, string];
    forbidden(name);
    if (!SECTION_TYPES.has(type)) {
      diagnose('ignored-section', `${shown} is ignored: the known section types are profile, sso-session and services`);
      return undefined;
    }
    if (kind === 'credentials') {
      diagnose('ignored-section', `${shown} is ignored: the credentials file names profiles without a prefix, e.g. [${name}]`);
      return undefined;
    }
    return { kind: type as Target['kind'], name: detached(name) };
  }
  forbidden(header);
  if (kind === 'credentials') return { kind: 'profile', name: detached(header) };
  if (header === 'default') return { kind: 'bare-default', name: header };
  diagnose('ignored-section', `${shown} is ignored: in the config file a profile section is written [profile NAME] (one space, NAME of letters, digits and -_.@+%:/)`);
  return undefined;
}
