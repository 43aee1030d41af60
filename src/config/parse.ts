// parseProfileFiles(): the text of ~/.aws/config and ~/.aws/credentials → one merged set of
// profiles, sso-session and services sections, following the AWS SDK for JavaScript's parser line for
// line (docs/behaviour.md, "Shared config files"), plus diagnostics for the lines it ignores. Why not
// the `ini` package: see test/config/parse.conformance.test.ts.
//
// One pass per file, straight into the merged set (src/config/merge.ts), reading the text by index:
// no array of lines, no string per line, and a string only for each name and value kept. What that
// saves against a line-splitting parser, measured: bench/README.md, "Config files".

import { ProfileSetBuilder, type MergedProfiles } from './merge.js';
import type { ProfileFileKind, ProfileOrigins } from './types.js';

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
  /** The file's path as given to the parser. */
  file: string;
  line: number;
  kind: DiagnosticKind;
  message: string;
}

/** One file to parse; `path` names it in diagnostics and origins. */
export interface ProfileFileText {
  kind: ProfileFileKind;
  text: string;
  path: string;
}

export interface ParsedProfileFiles extends MergedProfiles {
  /** The lines each file's parser ignored, file by file (at most MAX_DIAGNOSTICS + 1 per file). */
  diagnostics: ParseDiagnostic[];
  /** Only when asked for (`origins: true`): where each profile and property is written, for `credchain config`. */
  origins?: Record<string, ProfileOrigins>;
}

export interface ParseOptions {
  /**
   * Record the line of every profile header and property. Off by default: only `credchain config`
   * and `credchain profiles` show them, and keeping them costs an object per property.
   */
  origins?: boolean;
}

/** A file cannot be used at all (today: a `__proto__` name, refused so no object prototype can be reached). */
export class ProfileFileError extends Error {
  override readonly name = 'ProfileFileError';
  constructor(
    readonly kind: 'forbidden-name',
    /** The file that holds the line. */
    readonly file: { kind: ProfileFileKind; path: string },
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The config file and the credentials file (in that order: a key from the credentials file wins),
 * parsed into one profile set. Throws ProfileFileError for a file that cannot be used.
 */
export function parseProfileFiles(files: readonly ProfileFileText[], options: ParseOptions = {}): ParsedProfileFiles {
  const builder = new ProfileSetBuilder(options.origins === true);
  const diagnostics: ParseDiagnostic[] = [];
  for (const file of files) {
    builder.beginFile(file.path, file.kind);
    parseInto(builder, file, diagnostics);
    builder.endFile();
  }
  const parsed: ParsedProfileFiles = { ...builder.finish(), diagnostics };
  if (builder.origins) parsed.origins = builder.origins;
  return parsed;
}

/** One file on its own (its path in diagnostics and origins is its kind). */
export function parseProfileFile(text: string, kind: ProfileFileKind, options: ParseOptions = {}): ParsedProfileFiles {
  return parseProfileFiles([{ kind, text, path: kind }], options);
}

// The SDK's section header rule: `TYPE NAME` with one whitespace character between, NAME optionally
// quoted and made of word characters and -@+.%:/ . Anything else is taken as a bare name.
const PREFIXED_HEADER = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;
const SECTION_TYPES = new Set(['profile', 'sso-session', 'services']);
const FORBIDDEN = '__proto__';
const PROFILE_PREFIX = 'profile ';

const enum Char {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  Hash = 35,
  Percent = 37,
  Plus = 43,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Digit0 = 48,
  Digit9 = 57,
  Colon = 58,
  Semicolon = 59,
  Equals = 61,
  At = 64,
  UpperA = 65,
  UpperZ = 90,
  OpenBracket = 91,
  CloseBracket = 93,
  Underscore = 95,
  LowerA = 97,
  LowerZ = 122,
}

/**
 * JavaScript's white space and line terminators: what String.prototype.trim removes and what `\s`
 * matches, which the SDK's parser relies on (a no-break space around `=` is trimmed).
 */
function isSpace(code: number): boolean {
  if (code < 128) return code === Char.Space || (code >= Char.Tab && code <= Char.CarriageReturn);
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** A character of a section name in the SDK's header rule: `[\w\-@+.%:/]`. */
function isNameChar(code: number): boolean {
  return (
    (code >= Char.LowerA && code <= Char.LowerZ) ||
    (code >= Char.UpperA && code <= Char.UpperZ) ||
    (code >= Char.Digit0 && code <= Char.Digit9) ||
    code === Char.Underscore ||
    code === Char.Minus ||
    code === Char.At ||
    code === Char.Plus ||
    code === Char.Dot ||
    code === Char.Percent ||
    code === Char.Colon ||
    code === Char.Slash
  );
}

function allNameChars(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isNameChar(text.charCodeAt(i))) return false;
  return from < to;
}

/**
 * text.slice(from, to) as a string of its own. V8 makes a slice of 13 or more characters a view of
 * its parent, so one kept value would keep the whole file (up to its size cap) alive. Slicing a
 * concatenation flattens it into a new string first: the result points into that copy instead.
 */
function copyOf(text: string, from: number, to: number): string {
  const slice = text.slice(from, to);
  return slice.length < 13 ? slice : ` ${slice}`.slice(1);
}

/**
 * The next index ≥ `from` of `char` in `text`, or text.length. Each search below starts where the
 * last one ended, so one file costs one scan per character searched for, however its lines look.
 */
function nextIndexOf(text: string, char: string, from: number): number {
  const index = text.indexOf(char, from);
  return index === -1 ? text.length : index;
}

function parseInto(builder: ProfileSetBuilder, file: ProfileFileText, diagnostics: ParseDiagnostic[]): void {
  const { text, kind, path } = file;
  const end = text.length;
  let listed = 0;
  let omitted = 0;
  const diagnose = (line: number, what: DiagnosticKind, message: string): void => {
    if (listed < MAX_DIAGNOSTICS) {
      diagnostics.push({ file: path, line, kind: what, message: `line ${line}: ${message}` });
      listed += 1;
    } else {
      omitted += 1;
    }
  };

  let inSection = false;
  let seenHeader = false;
  let subProperty: string | undefined;
  // Where the next '#', ';' and '=' are (text.length when there is none), and this line's end.
  let hash = -1;
  let semicolon = -1;
  let equalsAt = -1;
  let lineFeed = -1;
  let lineNumber = 0;

  for (let start = 0; start <= end; start = lineFeed + 1) {
    lineNumber += 1;
    // Lines end at \n or \r\n (a lone \r stays in the line, as with the SDK's split(/\r?\n/)).
    lineFeed = nextIndexOf(text, '\n', start);
    let stop = lineFeed < end && lineFeed > start && text.charCodeAt(lineFeed - 1) === Char.CarriageReturn ? lineFeed - 1 : lineFeed;
    const lineStart = start;

    // A comment starts with # or ; at the start of the line or after white space: `a=b#c` keeps `b#c`.
    if (hash < start) hash = nextIndexOf(text, '#', start);
    while (hash < stop && hash > start && !isSpace(text.charCodeAt(hash - 1))) hash = nextIndexOf(text, '#', hash + 1);
    if (semicolon < start) semicolon = nextIndexOf(text, ';', start);
    while (semicolon < stop && semicolon > start && !isSpace(text.charCodeAt(semicolon - 1))) semicolon = nextIndexOf(text, ';', semicolon + 1);
    if (hash < stop) stop = hash;
    if (semicolon < stop) stop = semicolon;

    let first = lineStart;
    while (first < stop && isSpace(text.charCodeAt(first))) first++;
    let last = stop;
    while (last > first && isSpace(text.charCodeAt(last - 1))) last--;
    if (first === last) continue;

    const opensWithBracket = text.charCodeAt(first) === Char.OpenBracket;
    if (opensWithBracket && text.charCodeAt(last - 1) === Char.CloseBracket) {
      seenHeader = true;
      subProperty = undefined;
      inSection = openSection(builder, file, first + 1, last - 1, lineNumber, diagnose);
      continue;
    }

    let diagnosed = false;
    if (opensWithBracket) {
      diagnosed = true;
      if (text.slice(first, last).includes(']')) diagnose(lineNumber, 'text-after-section', "text after ']' on a section header line: the whole line is ignored (as the AWS SDK does); put comments on their own line");
      else diagnose(lineNumber, 'unclosed-section', "a section header must end with ']'; the line is ignored");
    }
    if (!inSection) {
      if (!seenHeader && !diagnosed) diagnose(lineNumber, 'property-outside-section', 'a line before any [section] header is ignored');
      continue;
    }
    if (equalsAt < first) equalsAt = nextIndexOf(text, '=', first);
    if (equalsAt <= first || equalsAt >= last) {
      if (!diagnosed) {
        if (equalsAt === first) diagnose(lineNumber, 'property-without-name', "a property with no name before '=' is ignored");
        else diagnose(lineNumber, 'line-without-equals', "a line without '=' is ignored (values cannot continue on the next line)");
      }
      continue;
    }
    let keyEnd = equalsAt;
    while (isSpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
    let valueStart = equalsAt + 1;
    while (valueStart < last && isSpace(text.charCodeAt(valueStart))) valueStart++;
    const key = copyOf(text, first, keyEnd);
    if (key === FORBIDDEN) throw new ProfileFileError('forbidden-name', file, lineNumber, `line ${lineNumber}: the property name __proto__ is not allowed`);
    if (valueStart === last) {
      // `key =` opens sub-properties: the indented `k = v` lines below it.
      subProperty = key;
      builder.subPropertiesAt(key, lineNumber);
      continue;
    }
    const value = copyOf(text, valueStart, last);
    if (subProperty !== undefined && !isSpace(text.charCodeAt(lineStart))) subProperty = undefined;
    if (subProperty === undefined) builder.property(key, value, lineNumber);
    else builder.subProperty(subProperty, key, value);
  }

  if (omitted > 0) {
    diagnostics.push({ file: path, line: lineNumber, kind: 'more-ignored', message: `and ${omitted} more ignored lines (only the first ${MAX_DIAGNOSTICS} are listed)` });
  }
}

/** Opens the section a header names (text[from, to) is between the brackets); false when the SDK ignores it (with a diagnostic saying why). */
function openSection(
  builder: ProfileSetBuilder,
  file: ProfileFileText,
  from: number,
  to: number,
  line: number,
  diagnose: (line: number, kind: DiagnosticKind, message: string) => void,
): boolean {
  const { text, kind } = file;
  // The two headers nearly every file is made of, decided without a regular expression:
  // `[profile NAME]` in the config file and `[NAME]` in the credentials file.
  if (kind === 'config' && text.startsWith(PROFILE_PREFIX, from) && allNameChars(text, from + PROFILE_PREFIX.length, to)) {
    builder.profile(refuse(copyOf(text, from + PROFILE_PREFIX.length, to), file, line), line);
    return true;
  }
  if (kind === 'credentials' && allNameChars(text, from, to)) {
    builder.profile(refuse(copyOf(text, from, to), file, line), line);
    return true;
  }

  const header = text.slice(from, to);
  const match = PREFIXED_HEADER.exec(header);
  // A header is shown in messages only when it looks like a name: a mistyped line could hold a value.
  const shown = () => (/^[\w\-@+.%:/ "'\t]{1,80}$/.test(header) ? `[${header}]` : 'a section header');
  if (match) {
    const [, type, , name] = match as unknown as [string, string, string | undefined, string];
    refuse(name, file, line);
    if (!SECTION_TYPES.has(type)) {
      diagnose(line, 'ignored-section', `${shown()} is ignored: the known section types are profile, sso-session and services`);
      return false;
    }
    if (kind === 'credentials') {
      diagnose(line, 'ignored-section', `${shown()} is ignored: the credentials file names profiles without a prefix, e.g. [${name}]`);
      return false;
    }
    const copy = copyOf(name, 0, name.length);
    if (type === 'profile') builder.profile(copy, line);
    else if (type === 'sso-session') builder.ssoSession(copy);
    else builder.services(copy);
    return true;
  }
  refuse(header, file, line);
  refuse(header.trim(), file, line);
  if (kind === 'credentials') {
    builder.profile(copyOf(header, 0, header.length), line);
    return true;
  }
  if (header === 'default') {
    builder.bareDefault(line);
    return true;
  }
  diagnose(line, 'ignored-section', `${shown()} is ignored: in the config file a profile section is written [profile NAME] (one space, NAME of letters, digits and -_.@+%:/)`);
  return false;
}

/** `__proto__` as a name is refused: no parsed name may reach an object prototype. */
function refuse(name: string, file: ProfileFileText, line: number): string {
  if (name === FORBIDDEN) throw new ProfileFileError('forbidden-name', file, line, `line ${line}: the section name __proto__ is not allowed`);
  return name;
}
