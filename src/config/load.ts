// loadSharedConfig(): finds, reads, parses and merges the shared config and credentials files
// (docs/behaviour.md, "Shared config files"), each file once per cache unless the caller asks to ignore it.

import { usesRealFileSystem, type Context } from '../context.js';
import { broken, type CredentialsProviderError } from '../errors.js';
import { CONFIG_FILE_MAX_BYTES } from '../io/file-limits.js';
import { readNamedFile } from '../named-file.js';
import { locateConfigFiles, type ConfigFileOptions } from './locate.js';
import { mergeProfileFiles, profileOrigins } from './merge.js';
import { emptyRecord, parseProfileFile, ProfileFileError, type ParsedProfileFile, type ProfileFileKind } from './parse.js';
import type { SharedConfig } from './types.js';

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

  /** Forgets every file: the next resolution reads them again, as a new process would (the in-process CLI tests start each command so). */
  clear(): void {
    this.#files.clear();
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

export interface LoadOptions extends ConfigFileOptions {
  ignoreCache?: boolean;
  /** Default: configCacheFor(context). */
  cache?: ParsedConfigCache;
}

/**
 * The merged shared config. A file that cannot be used is a broken CredentialsProviderError (every source that
 * reads profiles stops on it); lines the parser ignored are in `diagnostics`.
 */
export async function loadSharedConfig(context: Context, options: LoadOptions = {}): Promise<SharedConfig> {
  const { configFile, credentialsFile } = locateConfigFiles(context, options);
  const cache = options.cache ?? configCacheFor(context);
  const ignoreCache = options.ignoreCache === true;
  const [config, credentials] = await Promise.all([
    cache.read(configFile, 'config', () => readAndParse(context, configFile, 'config'), ignoreCache),
    cache.read(credentialsFile, 'credentials', () => readAndParse(context, credentialsFile, 'credentials'), ignoreCache),
  ]);
  const merged = mergeProfileFiles(config, credentials);
  const diagnostics = [
    ...config.diagnostics.map((d) => `${configFile} ${d.message}`),
    ...credentials.diagnostics.map((d) => `${credentialsFile} ${d.message}`),
  ];
  const origins = profileOrigins([{ parsed: config, path: configFile }, { parsed: credentials, path: credentialsFile }]);
  const shared: SharedConfig = { ...merged, configFile, credentialsFile, origins };
  if (diagnostics.length > 0) shared.diagnostics = diagnostics;
  return shared;
}

async function readAndParse(context: Context, path: string, kind: ProfileFileKind): Promise<ParsedProfileFile> {
  const variable = kind === 'config' ? 'AWS_CONFIG_FILE' : 'AWS_SHARED_CREDENTIALS_FILE';
  const text = await readNamedFile(context, {
    path,
    what: `the ${kind} file ${path}`,
    unreadableFix: `Make it readable by this user, or set ${variable} to another file`,
    otherwise: `set ${variable} to another file`,
    maxBytes: CONFIG_FILE_MAX_BYTES,
    code: 'unreadable',
  });
  if (text === undefined) return { profiles: emptyRecord(), ssoSessions: emptyRecord(), services: emptyRecord(), diagnostics: [], lines: emptyRecord() };
  try {
    return parseProfileFile(text, kind);
  } catch (error) {
    if (!(error instanceof ProfileFileError)) throw error;
    throw broken(`cannot use the ${kind} file ${path}: ${error.message}`, {
      fix: 'Rename that section or property',
      code: error.kind,
    });
  }
}
