// The parsed shared config and credentials files, kept per process (the real file system) or per
// chain (any other), and what a file that is not there parses to. In the core: the chain asks it
// whether either file exists before it loads the config code (shared-config-on-demand.ts).

import { usesRealFileSystem, type Context } from './context.js';
import type { ParsedProfileFile, ParseDiagnostic, ProfileFileKind } from './config/parse.js';

const nothing = (): Record<string, never> => Object.freeze(Object.create(null));

/** What a missing file parses to: nothing. One frozen object, so the cache can tell "not there" from an empty file. */
export const ABSENT_PROFILE_FILE: ParsedProfileFile = Object.freeze({
  profiles: nothing(),
  ssoSessions: nothing(),
  services: nothing(),
  diagnostics: Object.freeze([]) as readonly ParseDiagnostic[] as ParseDiagnostic[],
  lines: nothing(),
});

/**
 * Parsed config and credentials files by kind and path. Only a parsed file is kept: a read that
 * failed, or has not finished yet, is never handed to a later resolution (a read that never ends
 * must not hang every chain after it).
 */
export class ParsedConfigCache {
  readonly #files = new Map<string, ParsedProfileFile>();

  read(path: string, kind: ProfileFileKind, load: () => Promise<ParsedProfileFile>, ignoreCache: boolean): Promise<ParsedProfileFile> {
    const key = `${kind}\0${path}`;
    const cached = this.#files.get(key);
    if (cached && !ignoreCache) return Promise.resolve(cached);
    // Once the file is fixed, the next resolution reads it again.
    return load().then((parsed) => {
      this.#files.set(key, parsed);
      return parsed;
    });
  }

  /** The file as this cache holds it (undefined: never read here). */
  peek(path: string, kind: ProfileFileKind): ParsedProfileFile | undefined {
    return this.#files.get(`${kind}\0${path}`);
  }

  /** A file found missing without the config code: cached as read() would cache it. */
  rememberAbsent(path: string, kind: ProfileFileKind): void {
    this.#files.set(`${kind}\0${path}`, ABSENT_PROFILE_FILE);
  }
}

/**
 * The one cache shared across chains in this process: the real file system's shared config files,
 * read and parsed once per process (ChainOptions.ignoreCache reads them again). Only a context that
 * reads the real file system uses it; a context with its own readFile (a test machine, an embedding
 * with a virtual file system) gets a cache of its own per chain (configCacheFor).
 */
export const processConfigCache = new ParsedConfigCache();

/** The process-wide cache for the real file system, a new one for any other. */
export function configCacheFor(context: Pick<Context, 'readFile'>): ParsedConfigCache {
  return usesRealFileSystem(context) ? processConfigCache : new ParsedConfigCache();
}
