// The words for "the MongoDB driver loaded the AWS SDK's package": the library's note (driver-sdk-note.ts
// loads this module only when the package is in the module cache) and the fix `credchain explain` and
// `atlas-check` print (src/mongodb/driver-package.ts).

import type { Context } from './context.js';
import { outsideText } from './outside-text.js';

export const SDK_PACKAGE = '@aws-sdk/credential-providers';

/** What to do about it. */
export const INSTALL_UNDER_SDK_NAME =
  'Install credchain under that name ("@aws-sdk/credential-providers": "npm:credchain@^0.1.0", or the packed tarball, plus the same name in "overrides"); ' +
  'when you bundle, alias @aws-sdk/credential-providers to credchain and keep it out of the externals (CDK NodejsFunction and SAM mark @aws-sdk/* external by default)';

const SDK_CODE = /[\\/]node_modules[\\/](?:@aws-sdk|@smithy|@aws-crypto)[\\/]/;

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
