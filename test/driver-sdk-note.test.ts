// The library's check (src/driver-sdk-note.ts): when the MongoDB driver loaded the AWS SDK's
// @aws-sdk/credential-providers instead of credchain, the chain says so once — in explain().notes and
// as one logger warning — and only for a resolution asked for the driver's way (no callerClientConfig).
// Whether the package is credchain under that name comes from its package.json.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { credentialChain } from '../src/chain.js';
import { describeLoadedSdk } from '../src/driver-sdk-message.js';
import { loadedSdkPackageRoot } from '../src/driver-sdk-note.js';

const KEYS = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

describe('loadedSdkPackageRoot', () => {
  it('finds the package folder among module file names (npm, pnpm, Windows, the Lambda runtime)', () => {
    expect(loadedSdkPackageRoot(['/app/node_modules/mongodb/lib/index.js', '/app/node_modules/@aws-sdk/credential-providers/dist-cjs/index.js'])).toBe('/app/node_modules/@aws-sdk/credential-providers');
    expect(loadedSdkPackageRoot(['/app/node_modules/.pnpm/@aws-sdk+credential-providers@3.1.0/node_modules/@aws-sdk/credential-providers/dist-cjs/index.js'])).toBe(
      '/app/node_modules/.pnpm/@aws-sdk+credential-providers@3.1.0/node_modules/@aws-sdk/credential-providers',
    );
    expect(loadedSdkPackageRoot(['C:\\app\\node_modules\\@aws-sdk\\credential-providers\\dist-cjs\\index.js'])).toBe('C:\\app\\node_modules\\@aws-sdk\\credential-providers');
    expect(loadedSdkPackageRoot(['/var/runtime/node_modules/@aws-sdk/credential-providers/dist-cjs/index.js'])).toBe('/var/runtime/node_modules/@aws-sdk/credential-providers');
  });

  it('nothing when the package is not loaded (other @aws-sdk packages do not count)', () => {
    expect(loadedSdkPackageRoot([])).toBeUndefined();
    expect(loadedSdkPackageRoot(['/app/node_modules/@aws-sdk/client-s3/dist-cjs/index.js', '/app/node_modules/credchain/dist/cjs/index.js'])).toBeUndefined();
  });
});

describe('describeLoadedSdk', () => {
  const root = '/app/node_modules/@aws-sdk/credential-providers';
  const ids = [`${root}/dist-cjs/index.js`, '/app/node_modules/@smithy/core/dist-cjs/index.js', '/app/node_modules/@aws-sdk/core/dist-cjs/index.js', '/app/node_modules/mongodb/lib/index.js'];
  const files = (manifest: string | undefined) => ({ readFile: async (path: string) => (path === `${root}/package.json` ? manifest : undefined) });

  it('the AWS SDK: its version and folder, how much it loaded, and the fix', async () => {
    const note = await describeLoadedSdk(files(JSON.stringify({ name: '@aws-sdk/credential-providers', version: '3.1169.0' })), root, ids);
    expect(note).toBe(
      `the MongoDB driver loaded the AWS SDK's @aws-sdk/credential-providers 3.1169.0 from ${root} (3 modules of @aws-sdk/@smithy code in all), not credchain: ` +
        'the driver require()s that package on its first MONGODB-AWS login whatever AWS_CREDENTIAL_PROVIDER it is given, and this process paid for loading it. ' +
        'Install credchain under that name ("@aws-sdk/credential-providers": "npm:credchain@^0.1.0", or the packed tarball, plus the same name in "overrides"); ' +
        'when you bundle, alias @aws-sdk/credential-providers to credchain and keep it out of the externals (CDK NodejsFunction and SAM mark @aws-sdk/* external by default)',
    );
  });

  it('credchain under the SDK\'s name, an unreadable or unparsable manifest: nothing to say', async () => {
    expect(await describeLoadedSdk(files(JSON.stringify({ name: 'credchain', version: '0.1.0' })), root, ids)).toBeUndefined();
    expect(await describeLoadedSdk(files(undefined), root, ids)).toBeUndefined();
    expect(await describeLoadedSdk(files('{not json'), root, ids)).toBeUndefined();
  });

  it('a version with control characters is shown escaped', async () => {
    const note = await describeLoadedSdk(files(JSON.stringify({ name: '@aws-sdk/credential-providers', version: '3\u001b[31m' })), root, ids);
    expect(note).toContain('3\\x1b[31m');
    expect(note).not.toContain('\u001b');
  });
});

describe('the chain notes it once, for the driver\'s kind of call', () => {
  // This test file loads the real SDK package with require(), as mongodb 7.x does before it first calls the provider.
  createRequire(import.meta.url)('@aws-sdk/credential-providers');

  it('a call without callerClientConfig: one warning, and explain() carries the note', async () => {
    const warnings: string[] = [];
    const provider = credentialChain({ context: { env: KEYS }, logger: { warn: (message) => warnings.push(message) } });
    await provider();
    await provider({ forceRefresh: true });
    const explanation = await provider.explain();
    expect(explanation.notes).toEqual([expect.stringMatching(/^the MongoDB driver loaded the AWS SDK's @aws-sdk\/credential-providers \d+\.\d+\.\d+ from \S+node_modules\/@aws-sdk\/credential-providers \(\d+ modules/)]);
    expect(warnings).toEqual([`credchain: ${explanation.notes![0]}`]);
  });

  it('an AWS SDK client calling with its config is no driver: no check, no note', async () => {
    const warnings: string[] = [];
    const provider = credentialChain({ context: { env: KEYS }, logger: { warn: (message) => warnings.push(message) } });
    await provider({ callerClientConfig: { region: 'eu-west-1' } });
    expect(warnings).toEqual([]);
  });
});
