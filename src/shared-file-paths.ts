// Where the shared config and credentials files live (docs/behaviour.md, "Shared config files"): AWS_CONFIG_FILE /
// AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials, with the SDK's home rules.
// In the core, not in config/: whether those files exist decides whether the config code loads at all
// (shared-config-on-demand.ts), and the SSO and login caches find their files from the same home.

import type { Context } from './context.js';

export interface ConfigLocations {
  configFile: string;
  credentialsFile: string;
}

type LocateContext = Pick<Context, 'env' | 'platform' | 'homedir'>;

/** HOME, then USERPROFILE, then HOMEDRIVE+HOMEPATH (drive defaults to `C:\` as in the SDK), then the OS. */
export function resolveHomeDir(context: LocateContext): string {
  const { HOME, USERPROFILE, HOMEDRIVE, HOMEPATH } = context.env;
  if (HOME) return HOME;
  if (USERPROFILE) return USERPROFILE;
  if (HOMEPATH) return `${HOMEDRIVE || 'C:\\'}${HOMEPATH}`;
  return context.homedir();
}

/** The `filepath` / `configFilepath` options of the SDK's providers: they beat the variables. */
export interface ConfigFileOptions {
  filepath?: string | undefined;
  configFilepath?: string | undefined;
}

/**
 * The two file paths, with `~` expanded: the options, then AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE,
 * then ~/.aws/. Empty variables count as unset (the SDK uses `||`).
 */
export function locateConfigFiles(context: LocateContext, options: ConfigFileOptions = {}): ConfigLocations {
  const home = resolveHomeDir(context);
  const path = platformPath(context.platform);
  return {
    configFile: expandHome(options.configFilepath || context.env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'), home, context.platform),
    credentialsFile: expandHome(options.filepath || context.env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'), home, context.platform),
  };
}

/**
 * Expands a leading `~/` (and `~\` on Windows, beyond the SDK, which only knows `~/`). `~user/` and
 * a `~` anywhere else are left alone, as in the SDK.
 */
export function expandHome(file: string, home: string, platform: string): string {
  const windows = platform === 'win32';
  if (file.startsWith('~/') || (windows && file.startsWith('~\\'))) return platformPath(platform).join(home, file.slice(2));
  return file;
}

/** The part of node:path's rules that callers use (typed here so public declarations need no @types/node). */
export interface PlatformPath {
  join(...parts: string[]): string;
}

/** node:path's rules for the given platform (Context.platform, not the machine's: tests fake Windows). */
export function platformPath(platform: string): PlatformPath {
  // Not a static import: in the core, each `import … from 'node:…'` costs ~0.5 ms at `import 'credchain'` (bench/README.md).
  const path = process.getBuiltinModule('node:path');
  return platform === 'win32' ? path.win32 : path.posix;
}

/** A path under HOME shown as `~/…` (for traces and messages); any other path as it is. */
export function tildePath(context: LocateContext, file: string): string {
  const home = resolveHomeDir(context);
  const separator = context.platform === 'win32' ? '\\' : '/';
  return home && file.startsWith(home + separator) ? `~${separator}${file.slice(home.length + 1)}` : file;
}
