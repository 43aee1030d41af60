// The shared config and credentials files as read, kept per process (the real file system) or per
// chain (any other). In the core: the chain asks it whether either file exists before it loads the
// config code (shared-config-on-demand.ts); loadSharedConfig() (config/load.ts) reads through it.

import { usesRealFileSystem, type Context } from './context.js';
import type { ProfileFileKind } from './config/types.js';

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

  /** Keeps a file's text; undefined: there is no such file (also when a stat found none, before any parse). */
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
