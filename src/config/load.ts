// loadSharedConfig(): finds, reads, parses and merges the shared config and credentials files
// (SPEC §4), each file once per process unless the caller asks to ignore the cache.

import type { Context } from '../context.js';
import { BrokenSourceError } from '../errors.js';
import { locateConfigFiles } from './locate.js';
import { mergeProfileFiles, profileOrigins } from './merge.js';
import { emptyRecord, parseProfileFile, ProfileFileError, type ParsedProfileFile, type ProfileFileKind } from './parse.js';
import type { SourceInput } from '../source.js';
import type { SharedConfig } from './types.js';

/** The name in error messages when a file cannot be used. */
const SHARED_CONFIG_SOURCE = 'shared config';

// Keyed by the readFile function first: a synthetic test machine never sees another machine's
// files, while every provider on the real machine shares one read per file.
const cache = new WeakMap<Context['readFile'], Map<string, Promise<ParsedProfileFile>>>();

export async function loadSharedConfig(context: Context, options: { ignoreCache?: boolean } = {}): Promise<SharedConfig> {
  const { configFile, credentialsFile } = locateConfigFiles(context);
  const [config, credentials] = await Promise.all([
    readParsed(context, configFile, 'config', options.ignoreCache === true),
    readParsed(context, credentialsFile, 'credentials', options.ignoreCache === true),
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

/**
 * input.loadConfig() for a source that reads profiles: a file that cannot be used becomes that
 * source's broken error, and the lines the parser ignored go into its trace entry.
 */
export async function loadConfigFor(input: SourceInput, sourceName: string): Promise<SharedConfig> {
  let config: SharedConfig;
  try {
    config = await input.loadConfig();
  } catch (error) {
    if (error instanceof BrokenSourceError && error.source === SHARED_CONFIG_SOURCE) {
      throw new BrokenSourceError(sourceName, error.problem, { fix: error.fix, code: error.code, cause: error });
    }
    throw error;
  }
  for (const diagnostic of config.diagnostics ?? []) input.note(`ignored: ${diagnostic}`);
  return config;
}

function readParsed(context: Context, path: string, kind: ProfileFileKind, ignoreCache: boolean): Promise<ParsedProfileFile> {
  let files = cache.get(context.readFile);
  if (!files) cache.set(context.readFile, (files = new Map()));
  const key = `${kind}\0${path}`;
  const cached = files.get(key);
  if (cached && !ignoreCache) return cached;
  const pending = readAndParse(context, path, kind);
  files.set(key, pending);
  // A failure is not remembered: once the file is fixed, the next resolution reads it again.
  pending.catch(() => {
    if (files.get(key) === pending) files.delete(key);
  });
  return pending;
}

async function readAndParse(context: Context, path: string, kind: ProfileFileKind): Promise<ParsedProfileFile> {
  const variable = kind === 'config' ? 'AWS_CONFIG_FILE' : 'AWS_SHARED_CREDENTIALS_FILE';
  let text: string | undefined;
  try {
    text = await context.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    throw new BrokenSourceError(SHARED_CONFIG_SOURCE, `cannot read the ${kind} file ${path}${code ? ` (${code})` : ''}`, {
      fix: `Make it readable by this user, or set ${variable} to another file`,
      code: 'unreadable',
      cause: error,
    });
  }
  if (text === undefined) return { profiles: emptyRecord(), ssoSessions: emptyRecord(), services: emptyRecord(), diagnostics: [], lines: emptyRecord() };
  try {
    return parseProfileFile(text, kind);
  } catch (error) {
    if (!(error instanceof ProfileFileError)) throw error;
    throw new BrokenSourceError(SHARED_CONFIG_SOURCE, `cannot use the ${kind} file ${path}: ${error.message}`, {
      fix: 'Rename that section or property',
      code: error.kind,
    });
  }
}
