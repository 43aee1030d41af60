// Parses a MongoDB connection string as far as atlas-check needs: scheme, seed hosts, TLS settings
// and the auth options, and redacts any password so the URI can be printed.

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

export function parseMongoUri(uri: string): MongoUri {
  const match = /^(mongodb(?:\+srv)?):\/\/([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/s.exec(uri.trim());
  if (!match) throw new MongoUriError('the connection string must start with mongodb:// or mongodb+srv://');
  const [, scheme, authority = '', , query = ''] = match;
  const srv = scheme === 'mongodb+srv';
  const at = authority.lastIndexOf('@');
  const userInfo = at >= 0 ? authority.slice(0, at) : '';
  const hostList = at >= 0 ? authority.slice(at + 1) : authority;
  if (!hostList) throw new MongoUriError('the connection string names no host');

  const hosts = hostList.split(',').map((entry) => parseHost(entry, srv));
  if (srv && (hosts.length !== 1 || /:\d+$/.test(hostList))) {
    throw new MongoUriError('a mongodb+srv:// connection string takes exactly one host name and no port');
  }

  const options: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decodeURIComponent(eq >= 0 ? pair.slice(0, eq) : pair).toLowerCase();
    options[key] = decodeURIComponent(eq >= 0 ? pair.slice(eq + 1) : '');
  }

  let display = userInfo.includes(':') ? uri.trim().replace(`${userInfo}@`, `${userInfo.slice(0, userInfo.indexOf(':'))}:****@`) : uri.trim();
  // A session token may ride in authMechanismProperties; it is as secret as a password.
  display = display.replace(/(AWS_SESSION_TOKEN(?::|%3A))[^,&]*/gi, '$1****');
  return { srv, hosts, options, display, hasUserInfo: userInfo.length > 0 };
}

function parseHost(entry: string, srv: boolean): { host: string; port: number } {
  const ipv6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(entry);
  const found = ipv6 ?? plain;
  if (!found || !found[1]) throw new MongoUriError(`"${entry}" is not a valid host[:port]`);
  const port = found[2] === undefined ? DEFAULT_PORT : Number(found[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new MongoUriError(`"${entry}" has an invalid port`);
  return { host: decodeURIComponent(found[1]).toLowerCase(), port: srv ? DEFAULT_PORT : port };
}

/** true/false option values as the driver reads them; undefined when absent. */
export function booleanOption(options: Record<string, string>, name: string): boolean | undefined {
  const value = options[name.toLowerCase()];
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new MongoUriError(`option ${name} must be true or false, got "${value}"`);
}
