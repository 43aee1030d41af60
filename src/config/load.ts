// loadSharedConfig(): finds, reads, parses and merges the shared config and credentials files
// (docs/behaviour.md, "Shared config files"), each file read once per cache unless the caller asks to ignore it.

import { usesRealFileSystem, type Context } from '../context.js';
import { broken } from '../errors.js';
import { CONFIG_FILE_MAX_BYTES } from '../io/file-limits.js';
import { readNamedFile } from '../named-file.js';
import { locateConfigFiles, type ConfigFileOptions } from './locate.js';
import { parseProfileFiles, ProfileFileError, type ParsedProfileFiles, type ProfileFileText } from './parse.js';
import type { ProfileFileKind, SharedConfig } from './types.js';

/**
 * The config and credentials files that parsed, by kind and path, kept as their text (undefined: no
 * such file). Each load parses the text again, into objects of its own: a resolution reads the files
 * once, later ones come hours apart, and a cached parse result would have to be copied for every
 * caller anyway (callers may change what they get). Only files that parsed are kept: a read that
 * failed, or has not finished yet, or a file that cannot be used is read again next time (once it is
 * fixed, the next resolution sees it; a read that never ends must not hang every chain after it).
 */
export class ParsedConfigCache {
  readonly #texts = new Map<string, string | undefined>();

  /** The kept text; `found` is false when nothing is kept (or the caller ignores the cache). */
  get(kind: ProfileFileKind, path: string): { found: boolean; text?: string | undefined } {
    const key = `${kind}\0${path}`;
    return this.#texts.has(key) ? { found: true, text: this.#texts.get(key) } : { found: false };
  }

  keep(kind: ProfileFileKind, path: string, text: string | undefined): void {
    this.#texts.set(`${kind}\0${path}`, text);
  }

  /** Forgets every file: the next resolution reads them again, as a new process would (the in-process CLI tests start each command so). */
  clear(): void {
    this.#texts.clear();
  }
}

/**
 * The one cache shared across chains in this process: the real file system's shared config files,
 * read once per process (ChainOptions.ignoreCache reads them again). Only a context that
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
  /** Where each profile and property is written (`SharedConfig.origins`), for the commands that show it. */
  origins?: boolean;
}

/**
 * The merged shared config. A file that cannot be used is a broken CredentialsProviderError (every source that
 * reads profiles stops on it); lines the parser ignored are in `diagnostics`.
 */
export async function loadSharedConfig(context: Context, options: LoadOptions = {}): Promise<SharedConfig> {
  const { configFile, credentialsFile } = locateConfigFiles(context, options);
  const cache = options.cache ?? configCacheFor(context);
  const textOf = async (kind: ProfileFileKind, path: string): Promise<string | undefined> => {
    const kept = options.ignoreCache === true ? { found: false } : cache.get(kind, path);
    return kept.found ? kept.text : readConfigText(context, path, kind);
  };
  const [configText, credentialsText] = await Promise.all([textOf('config', configFile), textOf('credentials', credentialsFile)]);
  const files: ProfileFileText[] = [
    { kind: 'config', path: configFile, text: configText ?? '' },
    { kind: 'credentials', path: credentialsFile, text: credentialsText ?? '' },
  ];
  let parsed: ParsedProfileFiles;
  try {
    parsed = parseProfileFiles(files, { origins: options.origins === true });
  } catch (error) {
    if (!(error instanceof ProfileFileError)) throw error;
    throw broken(`cannot use the ${error.file.kind} file ${error.file.path}: ${error.message}`, {
      fix: 'Rename that section or property',
      code: error.kind,
    });
  }
  cache.keep('config', configFile, configText);
  cache.keep('credentials', credentialsFile, credentialsText);
  const { profiles, ssoSessions, services, diagnostics, origins } = parsed;
  const shared: SharedConfig = { profiles, ssoSessions, services, configFile, credentialsFile };
  if (origins) shared.origins = origins;
  if (diagnostics.length > 0) shared.diagnostics = diagnostics.map((d) => `${d.file} ${d.message}`);
  return shared;
}

/** The file's text, or undefined when there is no such file. */
function readConfigText(context: Context, path: string, kind: ProfileFileKind): Promise<string | undefined> {
  const variable = kind === 'config' ? 'AWS_CONFIG_FILE' : 'AWS_SHARED_CREDENTIALS_FILE';
  return readNamedFile(context, {
    path,
    what: `the ${kind} file ${path}`,
    unreadableFix: `Make it readable by this user, or set ${variable} to another file`,
    otherwise: `set ${variable} to another file`,
    maxBytes: CONFIG_FILE_MAX_BYTES,
    code: 'unreadable',
  });
}
