// loadSharedConfig(): finds, reads, parses and merges the shared config and credentials files
// (docs/behaviour.md, "Shared config files"), each file once per cache unless the caller asks to ignore it.

import type { Context } from '../context.js';
import { broken, type CredentialsProviderError } from '../errors.js';
import { CONFIG_FILE_MAX_BYTES } from '../io/file-limits.js';
import { readNamedFile } from '../named-file.js';
import { ABSENT_PROFILE_FILE, configCacheFor, type ParsedConfigCache } from '../shared-config-cache.js';
import { locateConfigFiles, type ConfigFileOptions } from '../shared-file-paths.js';
import { mergeProfileFiles, profileOrigins } from './merge.js';
import { parseProfileFile, ProfileFileError, type ParsedProfileFile, type ProfileFileKind } from './parse.js';
import type { SharedConfig } from './types.js';

export interface LoadOptions extends ConfigFileOptions {
  ignoreCache?: boolean;
  /** Default: configCacheFor(context) (src/shared-config-cache.ts). */
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
  if (text === undefined) return ABSENT_PROFILE_FILE;
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
