// Tells a MongoDB driver user when the driver loaded the AWS SDK's @aws-sdk/credential-providers
// instead of credchain (docs/behaviour.md, "The MongoDB driver's package"). mongodb 7.x require()s
// that package on its first MONGODB-AWS login whatever AWS_CREDENTIAL_PROVIDER it is given, so by the
// time the driver first calls the chain the package is in Node's CommonJS module cache: one look at
// the cache's keys tells whether this process paid for the SDK (a bundler's `@aws-sdk/*` external
// rule, the SDK installed next to credchain…).
//
// Where it runs, and why there: once per chain, after the first resolution asked for the driver's way
// (a call without callerClientConfig), in the background — the caller already has its credentials,
// the cached hot path never sees it, and a process without the SDK loaded does a key scan and nothing
// else. Only when the package is there is its package.json read (through the Context) to tell the SDK
// from credchain installed under that name.

import type { Context } from './context.js';

const SDK_FOLDER = /^(.*[\\/]node_modules[\\/]@aws-sdk[\\/]credential-providers)[\\/]/;

/** The folder of a loaded @aws-sdk/credential-providers among module file names, or undefined. */
export function loadedSdkPackageRoot(moduleIds: Iterable<string>): string | undefined {
  for (const id of moduleIds) {
    const match = SDK_FOLDER.exec(id);
    if (match) return match[1];
  }
  return undefined;
}

/** Module file names in Node's CommonJS cache (where the driver's require() leaves the package). */
function commonJsModuleIds(): string[] {
  return Object.keys(process.getBuiltinModule('node:module').createRequire(process.execPath).cache);
}

/**
 * The check as the chain runs it: undefined at once when the SDK's package is not loaded; otherwise
 * the note (its words load only then: driver-sdk-message.ts), also given once to the logger as a
 * warning (on Lambda: the function's log).
 */
export function checkDriverPackage(context: Context): Promise<string | undefined> | undefined {
  const moduleIds = commonJsModuleIds();
  const root = loadedSdkPackageRoot(moduleIds);
  if (root === undefined) return undefined;
  return import('./driver-sdk-message.js')
    .then(({ describeLoadedSdk }) => describeLoadedSdk(context, root, moduleIds))
    .then(
      (note) => {
        if (note) context.logger.warn?.(`credchain: ${note}`);
        return note;
      },
      () => undefined,
    );
}
