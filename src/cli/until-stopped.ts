// Long-running commands (emulate, serve) run until SIGINT or SIGTERM, then clean up and exit 0.

/** Resolves on the first SIGINT or SIGTERM (listening from the moment it is called). */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
