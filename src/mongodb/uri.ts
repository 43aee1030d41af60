// Parses a MongoDB connection string as far as atlas-check needs — scheme, seed hosts, TLS settings
// and the auth options — with the MongoDB driver's rules for the user name and password
// (mongodb-connection-string-url), and masks the credentials before anything else sees the string:
// no message and no printable form ever holds a password, however malformed the string is.

import { maskKeyId } from '../errors.js';
import { outsideText } from '../outside-text.js';

export interface MongoUri {
  srv: boolean;
  /** Seed hosts; for mongodb+srv the one SRV name (port unused). */
  hosts: Array<{ host: string; port: number }>;
  /** Options by lower-case name, URL-decoded (later occurrences win). */
  options: Record<string, string>;
  /** The URI with any password replaced by `****`: safe to print. */
  display: string;
  hasUserInfo: boolean;
}

export class MongoUriError extends Error {
  override readonly name = 'MongoUriError';
}

const DEFAULT_PORT = 27017;
const MASK = '****';
const SCHEME = /^(mongodb(?:\+srv)?):\/\//;
// The driver's split (mongodb-connection-string-url HOSTS_REGEX): the user name runs to the first `:`
// or `@`, the password to the first `@`; the host list follows, up to `/`, `?` or another `@`.
const DRIVER_SPLIT = /^(?:(?<username>[^:@]*)(?::(?<password>[^@]*))?@)?(?<hosts>(?!:)[^/?@]*)(?<rest>.*)$/s;
// What the driver refuses unescaped in a user name or password.
const UNESCAPED = /[:/?#[\]@]/;
const PERCENT_ENCODE = 'percent-encode them (: as %3A, / as %2F, ? as %3F, # as %23, [ as %5B, ] as %5D, @ as %40, % as %25)';
const NO_USERINFO_NEEDED = 'or leave the user name and password out: with MONGODB-AWS the driver takes them from AWS_CREDENTIAL_PROVIDER';
// A query value as secret as a password (the driver's redactConnectionString hides the same ones).
const SECRET_OPTIONS = /([?&](?:tlsCertificateKeyFilePassword|proxyPassword)=)[^&]*/gi;
const SESSION_TOKEN = /(AWS_SESSION_TOKEN(?::|%3A))[^,&]*/gi;
const ACCESS_KEY_ID = /^(?:AKIA|ASIA)[A-Z0-9]{16}$/;

interface Split {
  scheme: string;
  username: string | undefined;
  password: string | undefined;
  hosts: string;
  rest: string;
}

/** The URI as the driver splits it, or undefined when it does not start with a MongoDB scheme. */
function split(uri: string): Split | undefined {
  const scheme = SCHEME.exec(uri);
  if (!scheme) return undefined;
  const groups = DRIVER_SPLIT.exec(uri.slice(scheme[0].length))!.groups!;
  return { scheme: scheme[1]!, username: groups.username, password: groups.password, hosts: groups.hosts!, rest: groups.rest! };
}

/**
 * Why the driver would refuse the credentials part (never quoting it), or undefined when it takes
 * it. Beyond the driver, an `@` anywhere after the credentials is refused too: the driver would read
 * the text before it as a host — a piece of a password with an unescaped `@` — and atlas-check's
 * later messages (DNS, connect) name the hosts.
 */
function userInfoProblem(parts: Split): string | undefined {
  const { username, password, rest } = parts;
  if (username !== undefined) {
    for (const [what, value] of [['user name', username], ['password', password ?? '']] as const) {
      if (!decodes(value)) return `the ${what} in the connection string is not valid percent-encoding (a % must be followed by two hex digits): write % as %25, ${NO_USERINFO_NEEDED}`;
    }
    if (UNESCAPED.test(username)) return `the user name in the connection string contains unescaped characters (not shown): ${PERCENT_ENCODE}, ${NO_USERINFO_NEEDED}`;
    if (username === '') return `the connection string has an empty user name before the ${password === undefined ? '@' : ':'}: remove the @ (and what precedes it), or write the user name`;
    if (password !== undefined && UNESCAPED.test(password)) return `the password in the connection string contains unescaped characters (not shown): ${PERCENT_ENCODE}, ${NO_USERINFO_NEEDED}`;
  }
  if (rest.includes('@')) return `the connection string has another @ after the host list: an @ in the user name, password or an option must be percent-encoded as %40, ${NO_USERINFO_NEEDED}`;
  return undefined;
}

/** Whether decodeURIComponent takes `text`. Its result is used: a bundler drops a call it deems pure when nothing reads the result, and the throw with it. */
function decodes(text: string): boolean {
  try {
    return typeof decodeURIComponent(text) === 'string';
  } catch {
    return false;
  }
}

/**
 * The URI safe to print, whatever it holds: for one the driver accepts, the password as `****` (and
 * a user name that is an access key id masked); for one it refuses, everything before the last `@`
 * — where a password with unescaped characters may reach — and the rest too unless it reads as
 * hosts. Session tokens and other secret options are masked too. Never throws.
 */
export function maskMongoUri(uri: string): string {
  // Secret options first: in a string the driver refuses, such a value may hold the last @.
  const text = uri.trim().replace(SESSION_TOKEN, `$1${MASK}`).replace(SECRET_OPTIONS, `$1${MASK}`);
  const parts = split(text);
  let shown: string;
  if (!parts) {
    const at = text.lastIndexOf('@');
    shown = at >= 0 ? `${MASK}${text.slice(at)}` : text.includes(':') ? MASK : text;
  } else if (userInfoProblem(parts) === undefined && parts.hosts !== '' && hostEntriesProblem(parts.hosts) === undefined) {
    const user = parts.username === undefined ? '' : `${ACCESS_KEY_ID.test(parts.username) ? maskKeyId(parts.username) : parts.username}${parts.password === undefined ? '' : `:${MASK}`}@`;
    shown = `${parts.scheme}://${user}${parts.hosts}${parts.rest}`;
  } else {
    // Refused: a password may run to the last @, and past it when the host is missing (`user:p@ss`);
    // what follows that @ is shown only when it reads as hosts.
    const afterScheme = text.slice(parts.scheme.length + 3);
    const tail = afterScheme.slice(afterScheme.lastIndexOf('@') + 1);
    const hostList = /^[^/?]*/.exec(tail)![0];
    shown = `${parts.scheme}://${MASK}${afterScheme.includes('@') && hostList && !hostEntriesProblem(hostList) ? `@${tail}` : ''}`;
  }
  return outsideText(shown, 500);
}

export function parseMongoUri(uri: string): MongoUri {
  const text = uri.trim();
  const display = maskMongoUri(text);
  const parts = split(text);
  if (!parts) throw new MongoUriError('the connection string must start with mongodb:// or mongodb+srv://');
  const problem = userInfoProblem(parts);
  if (problem) throw new MongoUriError(problem);
  const srv = parts.scheme === 'mongodb+srv';
  if (!parts.hosts) throw new MongoUriError('the connection string names no host');
  const entriesProblem = hostEntriesProblem(parts.hosts);
  if (entriesProblem) throw new MongoUriError(entriesProblem);
  const hosts = parts.hosts.split(',').map((entry) => parseHost(entry, srv));
  if (srv && (hosts.length !== 1 || /:\d+$/.test(parts.hosts))) {
    throw new MongoUriError('a mongodb+srv:// connection string takes exactly one host name and no port');
  }

  const query = /^[^?]*\?(.*)$/s.exec(parts.rest)?.[1] ?? '';
  const options: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    try {
      const key = decodeURIComponent(eq >= 0 ? pair.slice(0, eq) : pair).toLowerCase();
      options[key] = decodeURIComponent(eq >= 0 ? pair.slice(eq + 1) : '');
    } catch {
      // Not quoted: the value may be a token.
      throw new MongoUriError('an option in the connection string is not valid percent-encoding (a % must be followed by two hex digits): write % as %25');
    }
  }
  return { srv, hosts, options, display, hasUserInfo: parts.username !== undefined };
}

// A host name or IPv4 address, or an IPv6 address in brackets, with an optional port.
const HOST_ENTRY = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9._%-]+))(?::(\d+))?$/;

/**
 * Why the host list is not `host[:port],…`, or undefined. An entry that is not one is not quoted: a
 * user name and password written without their `@`, or cut at an unescaped `/`, land here.
 */
function hostEntriesProblem(hostList: string): string | undefined {
  const entries = hostList.split(',');
  const bad = entries.findIndex((entry) => !HOST_ENTRY.test(entry));
  if (bad === -1) return undefined;
  const which = entries.length > 1 ? ` (entry ${bad + 1} of ${entries.length})` : '';
  return `the host list of the connection string${which} is not host[:port] (not shown: it may hold a user name or password); write mongodb://HOST[:PORT][,HOST…]/?OPTIONS, with a password percent-encoded`;
}

function parseHost(entry: string, srv: boolean): { host: string; port: number } {
  const [, ipv6, name, portText] = HOST_ENTRY.exec(entry)!;
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  let host: string;
  try {
    host = (ipv6 ?? decodeURIComponent(name!)).toLowerCase();
  } catch {
    throw new MongoUriError('a host name in the connection string is not valid percent-encoding (a % must be followed by two hex digits)');
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new MongoUriError(`"${outsideText(host, 100)}:${portText}" has an invalid port`);
  return { host, port: srv ? DEFAULT_PORT : port };
}

/** true/false option values as the driver reads them; undefined when absent. */
export function booleanOption(options: Record<string, string>, name: string): boolean | undefined {
  const value = options[name.toLowerCase()];
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new MongoUriError(`option ${name} must be true or false, got "${outsideText(value, 40)}"`);
}
