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
import { outsideText } from './outside-text.js';

export const SDK_PACKAGE = '@aws-sdk/credential-providers';

/** What to do about it, shared with `credchain explain` and `atlas-check` (src/mongodb/driver-package.ts). */
export const INSTALL_UNDER_SDK_NAME =
  'Install credchain under that name ("@aws-sdk/credential-providers": "npm:credchain@^0.1.0", or the packed tarball, plus the same name in "overrides"); ' +
  'when you bundle, alias @aws-sdk/credential-providers to credchain and keep it out of the externals (CDK NodejsFunction and SAM mark @aws-sdk/* external by default)';

const SDK_FOLDER = /^(.*[\\/]node_modules[\\/]@aws-sdk[\\/]credential-providers)[\\/]/;
const SDK_CODE = /[\\/]node_modules[\\/](?:@aws-sdk|@smithy|@aws-crypto)[\\/]/;

/** The folder of a loaded @aws-sdk/credential-providers among module file names, or undefined. */
export function loadedSdkPackageRoot(moduleIds: Iterable<string>): string | undefined {
  for (const id of moduleIds) {
    const match = SDK_FOLDER.exec(id);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * The note, or undefined when the package under that name is credchain (or cannot be read). Counts the
 * SDK's modules in `moduleIds` (@aws-sdk, @smithy, @aws-crypto): what the process loaded for it.
 */
export async function describeLoadedSdk(context: Pick<Context, 'readFile'>, root: string, moduleIds: readonly string[]): Promise<string | undefined> {
  const text = await context.readFile(`${root}${root.includes('\\') ? '\\' : '/'}package.json`, { maxBytes: 64 * 1024 });
  if (text === undefined) return undefined;
  let manifest: { name?: unknown; version?: unknown };
  try {
    manifest = JSON.parse(text) as typeof manifest;
  } catch {
    return undefined;
  }
  if (manifest.name === 'credchain') return undefined;
  const version = typeof manifest.version === 'string' ? ` ${outsideText(manifest.version, 40)}` : '';
  const modules = moduleIds.filter((id) => SDK_CODE.test(id)).length;
  return (
    `the MongoDB driver loaded the AWS SDK's ${SDK_PACKAGE}${version} from ${outsideText(root)} (${modules} modules of @aws-sdk/@smithy code in all), not credchain: ` +
    `the driver require()s that package on its first MONGODB-AWS login whatever AWS_CREDENTIAL_PROVIDER it is given, and this process paid for loading it. ${INSTALL_UNDER_SDK_NAME}`
  );
}

/** Module file names in Node's CommonJS cache (where the driver's require() leaves the package). */
function commonJsModuleIds(): string[] {
  return Object.keys(process.getBuiltinModule('node:module').createRequire(process.execPath).cache);
}

/**
 * The check as the chain runs it: undefined at once when the SDK's package is not loaded; otherwise
 * the note, also given once to the logger as a warning (on Lambda: the function's log).
 */
export function checkDriverPackage(context: Context): Promise<string | undefined> | undefined {
  const moduleIds = commonJsModuleIds();
  const root = loadedSdkPackageRoot(moduleIds);
  if (root === undefined) return undefined;
  return describeLoadedSdk(context, root, moduleIds).then(
    (note) => {
      if (note) context.logger.warn?.(`credchain: ${note}`);
      return note;
    },
    () => undefined,
  );
}
