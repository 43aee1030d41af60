// The shared config for one resolution, loading the config code (parser, merger: src/config/) only
// when there is a file to parse. On a machine with neither ~/.aws/config nor ~/.aws/credentials — a
// container, a Lambda function, an EC2 instance — one stat per file decides, and every source that
// reads profiles sees the empty config that loadSharedConfig() would have built.

import type { ProfileFileKind, SharedConfig } from './config/types.js';
import { usesRealFileSystem, type Context } from './context.js';
import { isAbsent } from './io/files.js';
import { configCacheFor, type ParsedConfigCache } from './shared-config-cache.js';
import { locateConfigFiles } from './shared-file-paths.js';
import type { FileSettings } from './source-settings.js';

/** loadSharedConfig(context, files) through `cache`, without loading the config code when neither file exists. */
export async function loadSharedConfigOnDemand(context: Context, files: FileSettings, cache: ParsedConfigCache = configCacheFor(context)): Promise<SharedConfig> {
  const { configFile, credentialsFile } = locateConfigFiles(context, files);
  if (await neitherFileExists(context, cache, [configFile, 'config'], [credentialsFile, 'credentials'], files.ignoreCache)) {
    return { profiles: Object.create(null), ssoSessions: Object.create(null), services: Object.create(null), configFile, credentialsFile };
  }
  const { loadSharedConfig } = await import('./config/load.js');
  return loadSharedConfig(context, { filepath: files.filepath, configFilepath: files.configFilepath, ignoreCache: files.ignoreCache, cache });
}

type File = [path: string, kind: ProfileFileKind];

/**
 * Known absent (as the cache holds it: the SDK, too, remembers a missing file for the life of the
 * process unless asked to ignore its cache), or found absent by a stat and remembered. Only the real
 * file system is asked this way; another context's readFile is the one door to its files.
 */
async function neitherFileExists(context: Context, cache: ParsedConfigCache, config: File, credentials: File, ignoreCache: boolean): Promise<boolean> {
  if (!usesRealFileSystem(context)) return false;
  const files = [config, credentials];
  if (!ignoreCache) {
    const kept = files.map(([path, kind]) => cache.get(kind, path));
    if (kept.some(({ found, text }) => found && text !== undefined)) return false;
    if (kept.every(({ found }) => found)) return true;
  }
  const absent = await Promise.all(files.map(([path]) => isAbsent(path)));
  if (!absent.every(Boolean)) return false;
  // As loadSharedConfig() keeps a file that is not there: no text.
  for (const [path, kind] of files) cache.keep(kind, path, undefined);
  return true;
}
