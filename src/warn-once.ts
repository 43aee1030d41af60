// A warning that should be said once per logger (once per process with the default logger).

import type { Logger } from './context.js';

const said = new WeakMap<Logger, Set<string>>();

export function warnOnce(logger: Logger, key: string, message: string): void {
  let keys = said.get(logger);
  if (!keys) said.set(logger, (keys = new Set()));
  if (keys.has(key)) return;
  keys.add(key);
  logger.warn?.(message);
}
