// loadSharedConfig(): finds, reads, parses and merges the shared config and credentials files
// (docs/behaviour.md, "Shared config files"), each file read once per cache unless the caller asks to ignore it.

import type { Context } from '../context.js';
import { broken } from '../errors.js';
import { CONFIG_FILE_MAX_BYTES } from '../io/file-limits.js';
import { readNamedFile } from '../named-file.js';
import { configCacheFor, type ParsedConfigCache } from '../shared-config-cache.js';
import { locateConfigFiles, type ConfigFileOptions } from '../shared-file-paths.js';
import { parseProfileFiles, ProfileFileError, type ParsedProfileFiles, type ProfileFileText } from './parse.js';
import type { ProfileFileKind, SharedConfig } from './types.js';

export interface LoadOptions extends ConfigFileOptions {
  ignoreCache?: boolean;
  /** Default: configCacheFor(context) (src/shared-config-cache.ts). */
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
